//! Numbers used exactly as written. A bare decimal number in TOML or JSON (`0.25`, `1e3`) and a
//! JSON integer too large for 64 bits are read by the parsers through a binary float, which can
//! change them (`12345678901234567.89` becomes `…862.80`). socval refuses them before parsing,
//! naming the line and the key and saying how to write them: as a quoted decimal string
//! (`deadweight = "0.25"`), which is read exactly. Whole numbers that fit 64 bits are exact and
//! stay allowed (`families = 40`).
//!
//! This file is also compiled into the core's build script, with `error.rs`.

use crate::error::{Error, Location, Place, Result};

/// A bare number refused at `location`, saying how to write it in the input's own syntax
/// (`deadweight = "0.25"` in TOML, `"deadweight": "0.25"` in JSON).
fn refuse(file: &str, location: Location, key: &str, raw: &str, json: bool) -> Error {
    let key_shown = if key.is_empty() { "value" } else { key };
    let written = if json {
        format!("\"{key_shown}\": \"{raw}\"")
    } else {
        format!("{key_shown} = \"{raw}\"")
    };
    Error::Invalid {
        place: Box::new(Place::new(file, location, key)),
        message: format!(
            "{raw} is a bare number, which would be read through a binary float and could change; write it as a quoted string so it is used exactly: {written}"
        ),
    }
}

/// Reads a decimal number written as text (`"0.25"`, `-3`, `1e3`) exactly as written, or says
/// why it cannot be and how to write it: a digit separator (`10_000`) is refused, and so is a
/// number `Decimal` cannot hold exactly (more than 28 decimal places, or more significant digits
/// than its 96 bits hold), which would otherwise be rounded without a word.
///
/// ```
/// use socval::exact::parse_exact;
/// assert_eq!(parse_exact("0.250").unwrap().to_string(), "0.250");
/// assert!(parse_exact("10_000").unwrap_err().contains("10000"));
/// assert!(parse_exact("1000.0000000000000000000000000001").unwrap_err().contains("exactly"));
/// assert!(parse_exact("0.00000000000000000000000000001").is_err());
/// ```
pub fn parse_exact(text: &str) -> std::result::Result<rust_decimal::Decimal, String> {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let shown: String = text.chars().take(60).collect();
    if text.contains('_') {
        return Err(format!(
            "{shown:?} has a digit separator: write the number without it, e.g. {}",
            shown.replace('_', "")
        ));
    }
    let d = Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .map_err(|_| format!("{shown:?} is not a number: write a decimal number, e.g. 0.25"))?;
    if canonical(text) != canonical(&d.to_string()) {
        return Err(format!(
            "{shown} has more digits than a number socval reads exactly can hold (at most 28 decimal places, 28 to 29 significant digits): it would be read as {}, not as written; write it with fewer digits (e.g. \"{}\") so it is used exactly",
            d.normalize(),
            d.normalize()
        ));
    }
    Ok(d)
}

/// A decimal text as (negative, significant digits, power of ten of the last digit), without
/// leading or trailing zeros: equal for equal values however written (`1.50`, `15e-1`).
fn canonical(text: &str) -> (bool, String, i64) {
    let (neg, t) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().unwrap_or(0)),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = int.chars().chain(frac.chars()).collect();
    let mut power = exp.saturating_sub(frac.len() as i64);
    let trimmed = digits.trim_end_matches('0');
    power = power.saturating_add((digits.len() - trimmed.len()) as i64);
    let trimmed = trimmed.trim_start_matches('0');
    if trimmed.is_empty() {
        return (false, String::new(), 0);
    }
    (neg, trimmed.to_string(), power)
}

/// Whether a TOML integer is written in hexadecimal, octal or binary (`0x64`).
fn other_base(raw: &str) -> bool {
    let digits = raw.trim_start_matches(['+', '-']);
    ["0x", "0o", "0b"].iter().any(|p| digits.starts_with(p))
}

/// Refuses bare floats in a TOML text (the first one found, in file order), and integers written
/// with digit separators (`1_000`).
pub(crate) fn check_toml(file: &str, text: &str) -> Result<()> {
    use toml::de::{DeTable, DeValue};
    // A text that does not parse is left to the real parser, which names the syntax error.
    let Ok(doc) = DeTable::parse(text) else {
        return Ok(());
    };
    let mut found: Vec<(usize, String, String)> = Vec::new();
    fn walk(text: &str, key: &str, v: &toml::Spanned<DeValue<'_>>, found: &mut Vec<(usize, String, String)>) {
        match v.get_ref() {
            DeValue::Float(f) => found.push((v.span().start, key.to_string(), f.as_str().to_string())),
            DeValue::Integer(_) => {
                let raw = text.get(v.span()).unwrap_or("");
                if raw.contains('_') || other_base(raw) {
                    found.push((v.span().start, key.to_string(), raw.to_string()));
                }
            }
            DeValue::Array(a) => a.iter().for_each(|x| walk(text, key, x, found)),
            DeValue::Table(t) => t.iter().for_each(|(k, x)| walk(text, k.get_ref(), x, found)),
            _ => {}
        }
    }
    for (k, v) in doc.get_ref().iter() {
        walk(text, k.get_ref(), v, &mut found);
    }
    match found.into_iter().min_by_key(|f| f.0) {
        Some((offset, key, raw)) if raw.contains('_') && !raw.contains(['.', 'e', 'E']) => {
            let key_shown = if key.is_empty() { "value" } else { key.as_str() };
            Err(Error::Invalid {
                place: Box::new(Place::new(
                    file,
                    Location::line(crate::error::line_of(text, offset)),
                    &key,
                )),
                message: format!(
                    "{raw} has a digit separator: write the number without it, {key_shown} = {}",
                    raw.replace('_', "")
                ),
            })
        }
        Some((offset, key, raw)) if other_base(&raw) => Err(Error::Invalid {
            place: Box::new(Place::new(
                file,
                Location::line(crate::error::line_of(text, offset)),
                &key,
            )),
            message: format!("{raw} is written in another base: write the number in decimal digits"),
        }),
        Some((offset, key, raw)) => Err(refuse(
            file,
            Location::line(crate::error::line_of(text, offset)),
            &key,
            &raw,
            false,
        )),
        None => Ok(()),
    }
}

/// One step of the path to a value in a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonStep {
    /// A key of an object.
    Key(String),
    /// An element of an array (0-based; which one does not matter to a schema).
    Index(usize),
}

/// A number as written in a JSON text: where it is and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonNumber {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The path to it (keys and array elements).
    pub path: Vec<JsonStep>,
    /// The number as written.
    pub raw: String,
}

impl JsonNumber {
    /// The innermost key on its path (`amount`), or "".
    pub fn key(&self) -> &str {
        self.path
            .iter()
            .rev()
            .find_map(|s| match s {
                JsonStep::Key(k) => Some(k.as_str()),
                JsonStep::Index(_) => None,
            })
            .unwrap_or("")
    }

    /// The path as text: `outcomes[2].deadweight`.
    pub fn path_text(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                JsonStep::Key(k) => out = crate::error::join_key(&out, k),
                JsonStep::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// Whether the parsers would read it through a binary float: a fraction, an exponent, or an
    /// integer beyond 64 bits.
    pub fn is_inexact(&self) -> bool {
        is_inexact(&self.raw)
    }
}

/// [`JsonNumber::is_inexact`] of a number as written.
fn is_inexact(raw: &str) -> bool {
    let float = raw.contains(['.', 'e', 'E']);
    float || (raw.parse::<i64>().is_err() && raw.trim_start_matches('-').parse::<u64>().is_err())
}

/// A number found by the scan of [`first_json_number`], borrowed from the text and the scan: its
/// place is worked out (and its path copied) only when asked, so a scan that keeps few numbers
/// allocates little (issue 26: the JS API's call scans its scenario twice).
pub struct JsonNumberAt<'a> {
    text: &'a str,
    line: usize,
    line_start: usize,
    start: usize,
    /// The path to it (keys and array elements).
    pub path: &'a [JsonStep],
    /// The number as written.
    pub raw: &'a str,
}

impl JsonNumberAt<'_> {
    /// The number with its line, column and path, owned.
    pub fn to_number(&self) -> JsonNumber {
        JsonNumber {
            line: self.line,
            column: self
                .text
                .get(self.line_start..self.start)
                .map_or(1, |s| s.chars().count() + 1),
            path: self.path.to_vec(),
            raw: self.raw.to_string(),
        }
    }
}

/// A key as written between quotes (`raw`, quotes included), unescaped; "" where it is not a
/// valid JSON string (the parser reports those). A key with no escape and no control character
/// is its text between the quotes, without asking serde_json.
fn json_key(raw: &str) -> std::borrow::Cow<'_, str> {
    let plain = raw.len() >= 2 && raw.ends_with('"') && !raw.bytes().any(|b| b == b'\\' || b < 0x20);
    match raw.get(1..raw.len().saturating_sub(1)) {
        Some(inner) if plain => std::borrow::Cow::Borrowed(inner),
        _ => std::borrow::Cow::Owned(serde_json::from_str::<String>(raw).unwrap_or_default()),
    }
}

/// Every number in a JSON text, in order, with its place and path. The text is scanned without
/// checking its syntax (the parser does that) and without recursion (nesting costs nothing).
pub fn json_numbers(text: &str) -> Vec<JsonNumber> {
    let mut out = Vec::new();
    scan_json_numbers(text, |n| {
        out.push(n.to_number());
        false
    });
    out
}

/// The first number in a JSON text for which `pick` says yes, with its place and path
/// ([`json_numbers`] without keeping the others).
pub fn first_json_number(text: &str, mut pick: impl FnMut(&JsonNumberAt<'_>) -> bool) -> Option<JsonNumber> {
    let mut found = None;
    scan_json_numbers(text, |n| {
        let stop = pick(n);
        if stop {
            found = Some(n.to_number());
        }
        stop
    });
    found
}

/// Where the first `"` or `\` of `bytes` is: memchr natively (SIMD); in WebAssembly (no SIMD
/// there, memchr steps by its 4-byte `usize`) eight bytes at a time ([`find_either`]).
#[inline]
fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    #[cfg(not(target_arch = "wasm32"))]
    return memchr::memchr2(b'"', b'\\', bytes);
    #[cfg(target_arch = "wasm32")]
    return find_either(bytes, b'"', b'\\');
}

/// The index of the first byte of `bytes` that is `a` or `b`: eight bytes at a time in a `u64` (a
/// word's bytes equal to either found together, the lowest one exact), then one at a time. The
/// JSON scan's strings in WebAssembly use it ([`quote_or_backslash`]), and the records' members
/// cells everywhere (`records/cells.rs`: a call per short cell, where `memchr::memchr2` took
/// 0.189–0.194 CPU s at 1M families against 0.171–0.182). BENCHMARKS.md, issue 26, rounds 4, 5.
#[inline(always)]
pub(crate) fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Each 0 byte of `x` has its high bit set in `zero(x)` (bytes after one may too, none before).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let (wa, wb) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut at = 0;
    while let Some(w) = bytes
        .get(at..at + 8)
        .and_then(|w| w.try_into().ok())
        .map(u64::from_le_bytes)
    {
        let found = zero(w ^ wa) | zero(w ^ wb);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(|&c| c == a || c == b).map(|i| at + i)
}

/// Calls `visit` with every number in a JSON text, in order, until it returns `true`. The path is
/// kept as one stack of steps (with whether each object expects a key next), updated in place.
fn scan_json_numbers(text: &str, mut visit: impl FnMut(&JsonNumberAt<'_>) -> bool) {
    let bytes = text.as_bytes();
    let (mut i, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let mut path: Vec<JsonStep> = Vec::new();
    // For each step of `path`: whether it is an object expecting a key next.
    let mut expect_key: Vec<bool> = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                // To the closing quote, past each backslash and the byte after it (memchr: most
                // of a scenario's text is inside strings).
                loop {
                    match quote_or_backslash(bytes.get(i..).unwrap_or_default()) {
                        Some(at) if bytes[i + at] == b'"' => {
                            i += at;
                            break;
                        }
                        Some(at) => i += at + 2,
                        None => {
                            i = i.max(bytes.len());
                            break;
                        }
                    }
                }
                i += 1;
                if let (Some(JsonStep::Key(key)), Some(expect @ true)) = (path.last_mut(), expect_key.last_mut()) {
                    let raw = text.get(start..i.min(bytes.len())).unwrap_or("\"\"");
                    key.clear();
                    key.push_str(&json_key(raw));
                    *expect = false;
                }
            }
            b'{' => {
                path.push(JsonStep::Key(String::new()));
                expect_key.push(true);
                i += 1;
            }
            b'[' => {
                path.push(JsonStep::Index(0));
                expect_key.push(false);
                i += 1;
            }
            b'}' | b']' => {
                path.pop();
                expect_key.pop();
                i += 1;
            }
            b',' => {
                match (path.last_mut(), expect_key.last_mut()) {
                    (Some(JsonStep::Key(key)), Some(expect)) => {
                        key.clear();
                        *expect = true;
                    }
                    (Some(JsonStep::Index(index)), _) => *index += 1,
                    _ => {}
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                let n = JsonNumberAt {
                    text,
                    line,
                    line_start,
                    start,
                    path: &path,
                    raw: text.get(start..i).unwrap_or(""),
                };
                if visit(&n) {
                    return;
                }
            }
            _ => i += 1,
        }
    }
}

/// Refuses, in a JSON text, numbers with a fraction or exponent, and integers beyond 64 bits,
/// at their line and column, or with `by_path` (JSON serialized from data) at their path.
pub(crate) fn check_json(file: &str, text: &str, by_path: bool) -> Result<()> {
    check_json_picking(file, text, by_path, &mut |_| false).map(|_| ())
}

/// [`check_json`], and in the same scan the first number for which `pick` says yes (the JS API's
/// refusal of numbers in decimal fields): one pass over the text for both.
pub(crate) fn check_json_picking(
    file: &str,
    text: &str,
    by_path: bool,
    pick: &mut dyn FnMut(&JsonNumberAt<'_>) -> bool,
) -> Result<Option<JsonNumber>> {
    let mut picked = None;
    let inexact = first_json_number(text, |n| {
        if is_inexact(n.raw) {
            return true;
        }
        if picked.is_none() && pick(n) {
            picked = Some(n.to_number());
        }
        false
    });
    match inexact {
        None => Ok(picked),
        Some(n) => {
            let location = if by_path {
                Location::Path { path: n.path_text() }
            } else {
                Location::Line {
                    line: n.line,
                    column: Some(n.column),
                }
            };
            Err(refuse(file, location, n.key(), &n.raw, true))
        }
    }
}

// By a path from this file: `build.rs` takes this file in by its path, and rustfmt follows
// `mod tests` from there as well.
#[cfg(test)]
#[path = "exact/tests.rs"]
mod tests;

/// Reading a `Decimal` from the formats' values without `rust_decimal`'s own visitor, whose
/// `visit_f64` formats the float as text (the float formatting was the largest piece of it in
/// the page). The visitor is otherwise the same: a string as `Decimal::from_str` (else scientific
/// notation), a 64-bit integer exactly, with the same errors. A float never reaches it from
/// accepted input ([`check_toml`] and [`check_json`] refuse bare fractions and exponents first);
/// if one does, it is refused without being formatted.
pub(crate) mod de {
    use rust_decimal::Decimal;
    use serde::de::{Deserialize, Deserializer, Error, Unexpected, Visitor};
    use std::collections::BTreeMap;
    use std::fmt;
    use std::str::FromStr;

    /// A `Decimal` read by [`ExactVisitor`].
    pub(crate) struct Exact(pub(crate) Decimal);

    struct ExactVisitor;

    impl Visitor<'_> for ExactVisitor {
        type Value = Decimal;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("a decimal number written as a quoted string, e.g. \"0.25\" or \"1500.00\"")
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(value))
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(value))
        }

        fn visit_f64<E: Error>(self, _: f64) -> Result<Decimal, E> {
            Err(E::invalid_type(Unexpected::Other("a bare decimal number"), &self))
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<Decimal, E> {
            match Decimal::from_str(value).or_else(|_| Decimal::from_scientific(value)) {
                Err(_) => Err(E::invalid_value(Unexpected::Str(value), &self)),
                // Read, but not as written (a digit separator, or more digits than it holds).
                Ok(_) => super::parse_exact(value).map_err(E::custom),
            }
        }
    }

    impl<'de> Deserialize<'de> for Exact {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(ExactVisitor).map(Exact)
        }
    }

    /// A whole number of the formats (a count, a year, a seed), read with words for its errors:
    /// a wrong value says what a person would write (`a whole number, 0 or more`), not the Rust
    /// type's name (`u32`) as serde's own impls do.
    pub(crate) trait Whole: Sized + TryFrom<i64> + TryFrom<u64> {
        /// What an error says was expected.
        const WORDS: &'static str;
        /// Asks the deserializer for this type, as serde's own impl does (the same hint, so a
        /// format that is not self-describing reads it the same way).
        fn ask<'de, D: Deserializer<'de>, V: Visitor<'de>>(d: D, v: V) -> Result<V::Value, D::Error>;
    }

    macro_rules! whole {
        ($t:ty, $ask:ident, $words:expr) => {
            impl Whole for $t {
                const WORDS: &'static str = $words;
                fn ask<'de, D: Deserializer<'de>, V: Visitor<'de>>(d: D, v: V) -> Result<V::Value, D::Error> {
                    d.$ask(v)
                }
            }
        };
    }
    // The one u8 of the formats is a row's confidence, 1 to 3.
    whole!(u8, deserialize_u8, "a whole number from 1 to 3");
    whole!(u32, deserialize_u32, "a whole number, 0 or more");
    whole!(u64, deserialize_u64, "a whole number, 0 or more");
    whole!(i32, deserialize_i32, "a whole number (a year, e.g. 2022)");

    struct WholeVisitor<T>(std::marker::PhantomData<T>);

    impl<T: Whole> Visitor<'_> for WholeVisitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str(T::WORDS)
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<T, E> {
            T::try_from(value).map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<T, E> {
            T::try_from(value).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
        }
    }

    /// A whole number read by [`WholeVisitor`].
    struct WholeOf<T>(T);

    impl<'de, T: Whole> Deserialize<'de> for WholeOf<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            T::ask(d, WholeVisitor(std::marker::PhantomData)).map(WholeOf)
        }
    }

    /// For `#[serde(deserialize_with = "crate::exact::de::whole")]` on a whole number.
    pub(crate) fn whole<'de, D: Deserializer<'de>, T: Whole>(d: D) -> Result<T, D::Error> {
        WholeOf::<T>::deserialize(d).map(|w| w.0)
    }

    /// [`whole`] for an optional whole number.
    pub(crate) fn whole_option<'de, D: Deserializer<'de>, T: Whole>(d: D) -> Result<Option<T>, D::Error> {
        Option::<WholeOf<T>>::deserialize(d).map(|o| o.map(|w| w.0))
    }

    /// For `#[serde(deserialize_with = "crate::exact::de::decimal")]` on a `Decimal`.
    pub(crate) fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        Exact::deserialize(d).map(|x| x.0)
    }

    /// For an `Option<Decimal>` (with `#[serde(default)]`).
    pub(crate) fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        Option::<Exact>::deserialize(d).map(|o| o.map(|x| x.0))
    }

    /// For a `[Decimal; 2]`.
    pub(crate) fn pair<'de, D: Deserializer<'de>>(d: D) -> Result<[Decimal; 2], D::Error> {
        <[Exact; 2]>::deserialize(d).map(|[a, b]| [a.0, b.0])
    }

    /// For an `Option<Vec<Decimal>>` (with `#[serde(default)]`).
    pub(crate) fn option_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Decimal>>, D::Error> {
        Option::<Vec<Exact>>::deserialize(d).map(|o| o.map(|v| v.into_iter().map(|x| x.0).collect()))
    }

    /// For a `BTreeMap<String, Decimal>`.
    pub(crate) fn map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Decimal>, D::Error> {
        BTreeMap::<String, Exact>::deserialize(d).map(unwrap_map)
    }

    /// For an `Option<BTreeMap<String, Decimal>>` (with `#[serde(default)]`).
    pub(crate) fn option_map<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BTreeMap<String, Decimal>>, D::Error> {
        Option::<BTreeMap<String, Exact>>::deserialize(d).map(|o| o.map(unwrap_map))
    }

    /// The same map with plain decimals (inserted one by one: collecting into a `BTreeMap` would
    /// compile a sort of its own).
    fn unwrap_map(m: BTreeMap<String, Exact>) -> BTreeMap<String, Decimal> {
        let mut out = BTreeMap::new();
        for (k, x) in m {
            out.insert(k, x.0);
        }
        out
    }
}
