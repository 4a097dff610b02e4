//! `evaluate` for Node's guarded package (`socval.js`, over `js/node.js`): the same call and the
//! same string, with cheaper crossings of the scenario in and the valuation out.
//!
//! Out: a valuation holds "−" (U+2212) among mostly ASCII text, so JavaScript's string of it is
//! two bytes a character, and V8 makes it from UTF-8 (`TextDecoder`, wasm-bindgen's way) a
//! character at a time after the first that is not ASCII: about 15 µs for a shipped template's
//! 21 KB, a tenth of the call. Here it is written as UTF-16 (ASCII widened sixteen bytes at a time
//! with SIMD) into a buffer the module keeps, which the glue copies into a string straight from
//! the module's memory (`Buffer#toString('utf16le')` over it). The call's allocations come from
//! the module's arena (`arena.rs`). In: a scenario whose characters are all Latin-1 (a JSON text
//! with "£" or "è") is written by `Buffer#write(…, 'latin1')`, a copy, and made UTF-8 here, where
//! wasm-bindgen's glue runs a JavaScript loop to the first character that is not ASCII and
//! `encodeInto` after it (about 6 µs for the 8.8 KB template). BENCHMARKS.md, issue 26, rounds 4
//! and 5. Browsers have no `Buffer` and keep wasm-bindgen's `evaluate`; these functions are not
//! part of the JS API (`js/guard.js` does not expose them).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::args::{core_error, records_arg, scenario_arg, tables_arg};

thread_local! {
    /// The latest valuation of Node's `evaluate` as UTF-16, kept (and its space reused) until the
    /// next call: the glue copies it into a string straight from the module's memory
    /// ([`node_result`]), with no copy of it into a JavaScript `Uint8Array` first.
    static RESULT: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
    /// The valuation's JSON (UTF-8) before it is widened into [`RESULT`], its space reused.
    static JSON: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Buffers larger than this (in units) are not kept for the next call.
const KEEP: usize = 1 << 20;

/// The module's memory (`WebAssembly.Memory`), where the glue reads the result.
#[wasm_bindgen(js_name = nodeMemory, skip_typescript)]
pub fn node_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Where the latest result of [`evaluate_utf16`] or [`evaluate_latin1`] starts in the module's
/// memory (its length is what that call returned, in UTF-16 units). Valid until the next call
/// into the module.
#[wasm_bindgen(js_name = nodeResult, skip_typescript)]
pub fn node_result() -> u32 {
    // wasm32 addresses are 32 bits; natively (tests) the address is not used.
    RESULT.with_borrow(|r| r.as_ptr() as usize as u32)
}

/// [`crate::evaluate`], its result written as UTF-16 into the module's memory: returns its length
/// in UTF-16 units ([`node_result`] says where it is).
#[wasm_bindgen(js_name = evaluateUtf16, skip_typescript)]
pub fn evaluate_utf16(
    scenario_json: JsValue,
    records_csv: Option<JsValue>,
    tables_json: Option<JsValue>,
) -> Result<u32, JsValue> {
    keep_result(|| {
        let scenario = scenario_arg("evaluate", &scenario_json)?;
        let records = records_arg("evaluate", records_csv)?;
        let tables = tables_arg("evaluate", tables_json)?;
        crate::valuation_with(scenario.json(), records.as_deref(), tables.as_deref()).map_err(core_error)
    })
}

/// [`crate::evaluate`] of a scenario text given as Latin-1 bytes (each byte one character,
/// U+0000 to U+00FF), its result written as UTF-16 into the module's memory: returns its length
/// in UTF-16 units ([`node_result`] says where it is). The glue passes a text of at most 2^20
/// characters, so its UTF-8 is within the API's limit and no error differs from `evaluate`'s on
/// the same string.
#[wasm_bindgen(js_name = evaluateLatin1, skip_typescript)]
pub fn evaluate_latin1(
    scenario_latin1: &[u8],
    records_csv: Option<JsValue>,
    tables_json: Option<JsValue>,
) -> Result<u32, JsValue> {
    keep_result(|| {
        let scenario = latin1_to_string(scenario_latin1);
        let records = records_arg("evaluate", records_csv)?;
        let tables = tables_arg("evaluate", tables_json)?;
        crate::valuation_with(&scenario, records.as_deref(), tables.as_deref()).map_err(core_error)
    })
}

/// Space the result buffers keep between calls (bytes and units): a shipped template's is 21 KB.
const RESERVE: usize = 1 << 16;

/// The valuation `value` makes, its JSON written as UTF-16 into [`RESULT`]; returns its length
/// in UTF-16 units. `value` and the writing run in the allocator's arena (`arena.rs`); the result
/// buffers are made (and grown) outside it, by dlmalloc, so they stay valid for the glue.
fn keep_result(value: impl FnOnce() -> Result<socval::Valuation, JsValue>) -> Result<u32, JsValue> {
    JSON.with_borrow_mut(|json| {
        RESULT.with_borrow_mut(|out| {
            for_next_call(json);
            for_next_call(out);
            json.reserve(RESERVE);
            out.reserve(RESERVE);
            in_arena(|| {
                let v = value()?;
                write_utf16(&v, json, out);
                // A module's memory is at most 4 GiB: the length fits.
                Ok(u32::try_from(out.len()).unwrap_or(u32::MAX))
            })
        })
    })
}

/// `f()`, its allocations from the arena (WebAssembly only).
fn in_arena<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "wasm32")]
    return crate::arena::scope(&crate::arena::ALLOC, f);
    #[cfg(not(target_arch = "wasm32"))]
    f()
}

/// `buf` emptied, and its space given back when it is larger than [`KEEP`].
fn for_next_call<T>(buf: &mut Vec<T>) {
    if buf.capacity() > KEEP {
        *buf = Vec::new();
    }
    buf.clear();
}

/// `v.to_json()` (written into `json`) as UTF-16, appended to `out`.
pub fn write_utf16(v: &socval::Valuation, json: &mut Vec<u8>, out: &mut Vec<u16>) {
    if v.write_json(&mut *json).is_err() {
        // Not reached (what `to_json` writes into a `Vec`): the same text all the same.
        json.clear();
        json.extend_from_slice(v.to_json().as_bytes());
    }
    utf16(json, out);
}

/// UTF-8 `text` as UTF-16 units appended to `out`: what `out.extend(text.encode_utf16())` does
/// on its string, with each run of ASCII widened sixteen bytes at a time (with SIMD in
/// WebAssembly: [`widen16`]) and each other character checked as it is met, so the text is not
/// checked as a whole first. Bytes that are not UTF-8 (not reached: serde_json writes UTF-8)
/// become U+FFFD.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub fn utf16(text: &[u8], out: &mut Vec<u16>) {
    const HIGH: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
    out.reserve(text.len());
    let mut at = 0;
    while let Some(rest) = text.get(at..).filter(|r| !r.is_empty()) {
        let mut chunks = rest.chunks_exact(16);
        let mut stopped = false;
        for c in &mut chunks {
            let Ok(c) = <&[u8; 16]>::try_from(c) else { break };
            let high = u128::from_le_bytes(*c) & HIGH;
            let w = widen16(c);
            if high == 0 {
                out.extend_from_slice(&w);
                at += 16;
            } else {
                // The bytes before the first that is not ASCII (little-endian: the lowest).
                let n = (high.trailing_zeros() / 8) as usize;
                out.extend_from_slice(&w[..n]);
                at += n;
                stopped = true;
                break;
            }
        }
        if !stopped {
            let tail = chunks.remainder();
            let n = tail.iter().take_while(|b| b.is_ascii()).count();
            out.extend(tail[..n].iter().map(|&b| u16::from(b)));
            at += n;
        }
        // At a byte that is not ASCII (or the end): one character.
        let rest = text.get(at..).unwrap_or_default();
        let Some(&lead) = rest.first() else { break };
        let len = match lead {
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => 1,
        };
        match rest
            .get(..len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| t.chars().next())
        {
            Some(c) => {
                let mut units = [0u16; 2];
                out.extend_from_slice(c.encode_utf16(&mut units));
                at += len;
            }
            None => {
                out.push(0xfffd);
                at += 1;
            }
        }
    }
}

/// Sixteen bytes, each as a UTF-16 unit (ASCII: the same number), with SIMD in WebAssembly:
/// two 64-bit lanes in, each widened to eight 16-bit lanes.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
fn widen16(c: &[u8; 16]) -> [u16; 16] {
    use core::arch::wasm32::{u16x8_extend_high_u8x16, u16x8_extend_low_u8x16, u64x2, u64x2_extract_lane};
    let [lo, hi] = [0, 8].map(|i| u64::from_le_bytes(std::array::from_fn(|j| c[i + j])));
    let v = u64x2(lo, hi);
    let (a, b) = (u16x8_extend_low_u8x16(v), u16x8_extend_high_u8x16(v));
    let words = [
        u64x2_extract_lane::<0>(a),
        u64x2_extract_lane::<1>(a),
        u64x2_extract_lane::<0>(b),
        u64x2_extract_lane::<1>(b),
    ];
    std::array::from_fn(|i| (words[i / 4] >> (16 * (i % 4))) as u16)
}

/// Sixteen bytes, each as a UTF-16 unit.
#[cfg(not(target_arch = "wasm32"))]
fn widen16(c: &[u8; 16]) -> [u16; 16] {
    c.map(u16::from)
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

#[cfg(test)]
mod tests {
    use super::{latin1_to_string, utf16, write_utf16};

    /// The valuation of each shipped template, its JSON as UTF-16: `to_json`'s text, unit for
    /// unit (it holds "−", "£" and ASCII), and a second call into the same buffers the same.
    #[test]
    fn same_text_as_to_json() {
        let (mut json, mut out) = (Vec::new(), Vec::new());
        for t in socval::templates() {
            let scenario = t.scenario().unwrap();
            let v = socval::evaluate(&scenario, None, socval::Registry::embedded()).unwrap();
            let text = v.to_json();
            assert!(text.contains('−') && text.contains('£'), "{}", t.id);
            let expected: Vec<u16> = text.encode_utf16().collect();
            for _ in 0..2 {
                json.clear();
                out.clear();
                write_utf16(&v, &mut json, &mut out);
                assert_eq!(out, expected, "{}", t.id);
            }
        }
    }

    /// The same units as `encode_utf16` for ASCII runs of every length around the sixteen-byte
    /// step, with one-, two-, three- and four-byte characters among them, appended.
    #[test]
    fn same_as_encode_utf16() {
        let mut texts: Vec<String> = vec![String::new(), "a".into(), "£".into(), "𝄞".into()];
        for n in 0..40 {
            let run: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            for c in ["", "£", "−", "è", "𝄞", "\u{7f}", "\0", "££", "−𝄞"] {
                texts.push(format!("{run}{c}{run}{c}"));
                texts.push(format!("{c}{run}"));
                texts.push(format!("{run}{c}"));
            }
        }
        let mut out = Vec::new();
        utf16(b"a\xffb\xe2\x88", &mut out);
        assert_eq!(
            out,
            [u16::from(b'a'), 0xfffd, u16::from(b'b'), 0xfffd, 0xfffd],
            "not UTF-8"
        );
        for t in &texts {
            let mut out = vec![7, 8];
            utf16(t.as_bytes(), &mut out);
            let expected: Vec<u16> = [7, 8].into_iter().chain(t.encode_utf16()).collect();
            assert_eq!(out, expected, "{t:?}");
        }
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
