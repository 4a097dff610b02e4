//! serde_json's pretty printing (two spaces a level), each line break and its indent written at
//! once: serde_json's own `PrettyFormatter` writes the indent a level at a time, a write (and in
//! WebAssembly a `memory.copy`) for each. The same text, byte for byte.

use std::io;

use serde_json::ser::Formatter;

/// A line break and 64 levels of indent; deeper levels are written a level at a time.
const BREAK: &[u8; 129] = b"\n                                                                                                                                ";

/// serde_json's `PrettyFormatter::new()` (two spaces), each break and indent one write.
#[derive(Debug, Default)]
pub(crate) struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn newline<W: ?Sized + io::Write>(&self, w: &mut W) -> io::Result<()> {
        match BREAK.get(..1 + 2 * self.depth) {
            Some(b) => w.write_all(b),
            None => {
                w.write_all(b"\n")?;
                (0..self.depth).try_for_each(|_| w.write_all(b"  "))
            }
        }
    }
}

impl Pretty {
    /// An array or object opens: one level deeper, nothing in it yet.
    #[inline]
    fn open<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// An array or object closes: on its own line unless it was empty.
    #[inline]
    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }

    /// Before an element or a key: a comma after the first, then its line.
    #[inline]
    fn next<W: ?Sized + io::Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
}

impl Formatter for Pretty {
    #[inline]
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    #[inline]
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }

    #[inline]
    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
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

/// `value` as pretty JSON, the text `serde_json::to_string_pretty` gives ("" if it cannot be
/// serialized, as `Valuation::to_json` had it).
pub(crate) fn to_string_pretty<T: ?Sized + serde::Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    if write_pretty(&mut out, value).is_err() {
        return String::new();
    }
    // serde_json writes UTF-8 (its own `to_string_pretty` relies on that too).
    String::from_utf8(out).unwrap_or_default()
}

/// `value` as pretty JSON (UTF-8) written to `writer`.
pub(crate) fn write_pretty<W: io::Write, T: ?Sized + serde::Serialize>(writer: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, Pretty::default());
    value.serialize(&mut ser).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The same text as serde_json's pretty printer: empty and nested arrays and objects, deep
    /// nesting past the 64 levels written at once, strings that need escapes, numbers, and the
    /// valuations of the shipped templates.
    #[test]
    fn same_text_as_serde_json() {
        let mut deep = json!("leaf");
        for i in 0..70 {
            deep = if i % 2 == 0 {
                json!([deep, 1])
            } else {
                json!({ "k": deep, "e": {} })
            };
        }
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!([[], {}, [[]], { "a": [] }]),
            json!({ "a": 1, "b": [1, 2.5, -3], "c": { "d": "x\"y\\z\n\u{1}£−" }, "e": [{ "f": null }] }),
            deep,
        ];
        for v in &values {
            assert_eq!(super::to_string_pretty(v), serde_json::to_string_pretty(v).unwrap());
        }
        for t in crate::templates() {
            let v = crate::evaluate(&t.scenario().unwrap(), None, crate::Registry::embedded()).unwrap();
            assert_eq!(
                super::to_string_pretty(&v),
                serde_json::to_string_pretty(&v).unwrap(),
                "{}",
                t.id
            );
        }
    }
}
