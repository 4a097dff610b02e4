//! Pretty JSON exactly as `serde_json::to_string_pretty` writes it (two spaces a level), in fewer
//! writes: a line break and its indent go out as one slice of a constant, where serde_json's
//! `PrettyFormatter` writes the break and then the indent one level at a time. A valuation has
//! about 600 lines nested three levels deep on average; in wasm each write of a few bytes is a
//! `memory.copy`, which V8 runs as a call, so the JS API's `evaluate` gains the most
//! (BENCHMARKS.md, issue 26, round 4). The tests compare the text with serde_json's own.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

/// The deepest level whose indent is one slice of [`BREAK`]; deeper lines (none in socval's
/// output) write the rest two spaces at a time, as serde_json does.
const LEVELS: usize = 31;

/// `,` and a line break, then the indent of [`LEVELS`] levels.
const BREAK: [u8; 2 + 2 * LEVELS] = {
    let mut b = [b' '; 2 + 2 * LEVELS];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// serde_json's `PrettyFormatter` with a two-space indent, writing a break and its indent at once.
#[derive(Default)]
struct Pretty {
    /// How deep the value being written is.
    depth: usize,
    /// Whether the array or object being written has had a value.
    has_value: bool,
}

impl Pretty {
    /// A line break (after `,` when `comma`) and the indent of the current depth.
    #[inline]
    fn line<W: ?Sized + io::Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        let from = usize::from(!comma);
        let levels = self.depth.min(LEVELS);
        w.write_all(&BREAK[from..2 + 2 * levels])?;
        for _ in levels..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Pretty {
    #[inline]
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    #[inline]
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    #[inline]
    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    #[inline]
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    #[inline]
    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `serde_json::to_string_pretty(value)`, the same text, or an empty string where serialization
/// fails (as socval's callers of it did with `unwrap_or_default`).
pub(crate) fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::to_string_pretty;
    use serde_json::json;

    /// The same text as serde_json's, for empty and nested arrays and objects, deeper than
    /// [`super::LEVELS`], and for both shipped templates' valuations and scenarios.
    #[test]
    fn same_text_as_serde_json() {
        let mut deep = json!({"leaf": [1, "two", null, {}, []]});
        for i in 0..40 {
            deep = json!({ "level": i, "inner": [deep, {"k": "v"}], "empty": {}, "none": [] });
        }
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!([[], {}, [[]], {"a": {}}]),
            json!({"a": 1, "b": [true, false], "c": "£ − è \"\\\n", "d": {"e": [1.5, -2]}}),
            deep,
        ];
        for v in &values {
            let ours = to_string_pretty(v);
            assert_eq!(ours, serde_json::to_string_pretty(v).unwrap());
        }
        for id in ["step-together", "securing-change"] {
            let scenario = crate::template(id).unwrap().scenario().unwrap();
            let v = crate::evaluate(&scenario, None, crate::Registry::embedded()).unwrap();
            let text = to_string_pretty(&v);
            assert!(text.len() > 10_000, "{id}: {} bytes", text.len());
            assert_eq!(text, serde_json::to_string_pretty(&v).unwrap());
            assert_eq!(
                to_string_pretty(&scenario),
                serde_json::to_string_pretty(&scenario).unwrap()
            );
        }
    }
}
