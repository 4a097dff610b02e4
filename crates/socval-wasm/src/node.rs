//! `evaluate` for Node's guarded package (`socval.js`, over `js/node.js`): the same call and the
//! same string, with cheaper crossings of the scenario in and the valuation out.
//!
//! Out: a valuation holds "−" (U+2212) among mostly ASCII text, so JavaScript's string of it is
//! two bytes a character, and V8 makes it from UTF-8 (`TextDecoder`, wasm-bindgen's way) a
//! character at a time after the first that is not ASCII: about 15 µs for a shipped template's
//! 21 KB, a tenth of the call. Here it leaves as UTF-16, which `Buffer#toString('utf16le')`
//! copies. In: a scenario whose characters are all Latin-1 (a JSON text with "£" or "è") is
//! written by `Buffer#write(…, 'latin1')`, a copy, and made UTF-8 here, where wasm-bindgen's
//! glue runs a JavaScript loop to the first character that is not ASCII and `encodeInto` after it
//! (about 6 µs for the 8.8 KB template). BENCHMARKS.md, issue 26, round 4. Browsers have no
//! `Buffer` and keep wasm-bindgen's `evaluate`; these two functions are not part of the JS API
//! (`js/guard.js` does not expose them).

use wasm_bindgen::prelude::*;

use crate::args::{core_error, records_arg, tables_arg};

/// [`crate::evaluate`], its result as UTF-16 (little-endian bytes).
#[wasm_bindgen(js_name = evaluateUtf16, skip_typescript)]
pub fn evaluate_utf16(
    scenario_json: JsValue,
    records_csv: Option<JsValue>,
    tables_json: Option<JsValue>,
) -> Result<Vec<u8>, JsValue> {
    crate::evaluate(scenario_json, records_csv, tables_json).map(|s| utf16_le(&s))
}

/// [`crate::evaluate`] of a scenario text given as Latin-1 bytes (each byte one character,
/// U+0000 to U+00FF), its result as UTF-16 (little-endian bytes). The glue passes a text of at
/// most 2^20 characters, so its UTF-8 is within the API's limit and no error differs from
/// `evaluate`'s on the same string.
#[wasm_bindgen(js_name = evaluateLatin1, skip_typescript)]
pub fn evaluate_latin1(
    scenario_latin1: &[u8],
    records_csv: Option<JsValue>,
    tables_json: Option<JsValue>,
) -> Result<Vec<u8>, JsValue> {
    let scenario = latin1_to_string(scenario_latin1);
    let records = records_arg("evaluate", records_csv)?;
    let tables = tables_arg("evaluate", tables_json)?;
    crate::evaluate_with(&scenario, records.as_deref(), tables.as_deref())
        .map(|s| utf16_le(&s))
        .map_err(core_error)
}

/// Latin-1 `bytes` as a string: each byte the character of that code point.
pub fn latin1_to_string(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    while !rest.is_empty() {
        let n = ascii_len(rest);
        out.extend_from_slice(&rest[..n]);
        if let Some(&b) = rest.get(n) {
            out.extend_from_slice(char::from(b).encode_utf8(&mut [0; 2]).as_bytes());
            rest = &rest[n + 1..];
        } else {
            rest = &[];
        }
    }
    // ASCII and two-byte characters only: valid.
    String::from_utf8(out).unwrap_or_default()
}

/// Each ASCII byte spread to 16 bits, four bytes of a `u32` into a `u64`.
#[inline(always)]
fn spread(x: u32) -> u64 {
    let x = u64::from(x);
    let x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
    (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
}

/// How many bytes `bytes` starts with that are ASCII, eight at a time.
#[inline]
fn ascii_len(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    for w in &mut words {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        if w & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii()).count()
}

/// `text` as UTF-16, little-endian bytes: what `text.encode_utf16()` gives, as bytes. Each run
/// of ASCII is widened eight bytes at a time into space made for it at once (no SIMD: the module
/// has none).
pub fn utf16_le(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 * text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let n = ascii_len(rest.as_bytes());
        let (run, after) = rest.split_at(n);
        let at = out.len();
        out.resize(at + 2 * n, 0);
        let mut from = run.as_bytes().chunks_exact(8);
        let mut to = out[at..].chunks_exact_mut(16);
        for (w, o) in (&mut from).zip(&mut to) {
            let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            o[..8].copy_from_slice(&spread(w as u32).to_le_bytes());
            o[8..].copy_from_slice(&spread((w >> 32) as u32).to_le_bytes());
        }
        for (&b, o) in from.remainder().iter().zip(to.into_remainder().chunks_exact_mut(2)) {
            o[0] = b;
        }
        let mut chars = after.chars();
        if let Some(c) = chars.next() {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.extend_from_slice(&u.to_le_bytes());
            }
        }
        rest = chars.as_str();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{latin1_to_string, utf16_le};

    fn expected(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    /// The same bytes as `encode_utf16` for ASCII runs of every length around the eight-byte
    /// step, two-, three- and four-byte characters among them, and a shipped valuation.
    #[test]
    fn same_as_encode_utf16() {
        let mut texts: Vec<String> = vec![String::new(), "a".into(), "£".into(), "𝄞".into()];
        for n in 0..20 {
            let run = "x".repeat(n);
            for c in ["", "£", "−", "è", "𝄞", "\u{7f}", "\0"] {
                texts.push(format!("{run}{c}{run}{c}"));
                texts.push(format!("{c}{run}"));
            }
        }
        let scenario = socval::template("step-together").unwrap().scenario().unwrap();
        let v = socval::evaluate(&scenario, None, socval::Registry::embedded())
            .unwrap()
            .to_json();
        assert!(v.contains('−') && v.contains('£'));
        texts.push(v);
        for t in &texts {
            assert_eq!(utf16_le(t), expected(t), "{t:?}");
        }
        assert_eq!(utf16_le("a−"), [b'a', 0, 0x12, 0x22]);
    }

    /// Every byte as its character, in runs of ASCII of every length around the eight-byte step.
    #[test]
    fn latin1_is_each_byte_a_character() {
        let all: Vec<u8> = (0..=255).collect();
        let expected: String = all.iter().map(|&b| char::from(b)).collect();
        assert_eq!(latin1_to_string(&all), expected);
        assert_eq!(latin1_to_string(b"\xa3 x"), "£ x");
        for n in 0..20 {
            for b in [0u8, b'a', 0x7f, 0x80, 0xa3, 0xe8, 0xff] {
                let mut bytes = vec![b'x'; n];
                bytes.push(b);
                bytes.extend(vec![b'y'; n]);
                let expected: String = bytes.iter().map(|&b| char::from(b)).collect();
                assert_eq!(latin1_to_string(&bytes), expected);
            }
        }
    }
}
