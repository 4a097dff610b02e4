//! The tables' evidence text, apart from their figures: the words a valuation does not compute
//! with (a table's description, licence and changelog; each source's publisher, title, URL, URL
//! note and licence; each row's locator, derivation and note; a derivation's formula; the basis of
//! a row's units per event), so that a build can leave them out of the compiled tables and attach
//! them later from a blob ([`text_blob`], `Registry::attach_text`). The page's live module does
//! so: without the `table-text` feature the embedded tables carry empty strings in these fields
//! and the page fetches the blob once it answers edits (BENCHMARKS.md, issue 26, round 3).
//!
//! The blob is one JSON array of strings, so that reading it takes the page no code beyond a list
//! of strings: [`TEXT_MARK`], then for each table its reference (`id@version`), its content hash,
//! the number of its text fields and the fields, in the order of
//! [`ProxyTable::text_fields_mut`].
//!
//! Also compiled into `build.rs` (next to `format.rs`), which writes the blob of the shipped
//! tables: it depends on nothing but the table format.

use super::format::ProxyTable;

/// The blob's first string, naming its format; a blob of another format is refused.
pub const TEXT_MARK: &str = "socval table text 1";

/// One table's evidence text, as the blob holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableText {
    /// The table's reference, `id@version`.
    pub table: String,
    /// Its content hash: the text is attached only to the table of this hash.
    pub sha256: String,
    /// Its text fields, in the order of [`ProxyTable::text_fields_mut`].
    pub text: Vec<String>,
}

impl ProxyTable {
    /// The table's evidence text fields, in a fixed order: description, licence, the changelog;
    /// each source's publisher, title, URL, URL note (when it has one) and licence; each row's
    /// locator, derivation and note, its derivation's formula and its units' basis (when it has
    /// them). None of them changes a figure.
    pub fn text_fields_mut(&mut self) -> Vec<&mut String> {
        let mut out: Vec<&mut String> = vec![&mut self.description, &mut self.licence];
        out.extend(self.changelog.iter_mut());
        for s in &mut self.sources {
            out.extend([&mut s.publisher, &mut s.title, &mut s.url]);
            out.extend(s.url_note.as_mut());
            out.push(&mut s.licence);
        }
        for r in &mut self.rows {
            out.extend([&mut r.locator, &mut r.derivation, &mut r.note]);
            out.extend(r.derived.as_mut().map(|d| &mut d.formula));
            out.extend(r.units_per_event.as_mut().map(|u| &mut u.basis));
        }
        out
    }
}

/// The blob of these tables' evidence text (the JSON array above), which `Registry::attach_text`
/// reads.
pub fn text_blob<'a>(tables: impl IntoIterator<Item = &'a ProxyTable>) -> String {
    let mut out = vec![TEXT_MARK.to_string()];
    for t in tables {
        let mut t = t.clone();
        out.extend([format!("{}@{}", t.id, t.version), t.sha256.clone()]);
        let fields = t.text_fields_mut();
        out.push(fields.len().to_string());
        out.extend(fields.into_iter().map(std::mem::take));
    }
    serde_json::to_string(&out).unwrap_or_default()
}

/// The tables' text in a blob, in its order, or why it cannot be read.
pub fn read_text_blob(blob: &str) -> Result<Vec<TableText>, String> {
    let all: Vec<String> = serde_json::from_str(blob).map_err(|e| format!("not a table text blob: {e}"))?;
    let mut rest = all.into_iter();
    let mark = rest.next().unwrap_or_default();
    if mark != TEXT_MARK {
        return Err(format!(
            "its format is {mark:?}, not {TEXT_MARK:?}, the one this socval reads"
        ));
    }
    let mut out = Vec::new();
    while let Some(table) = rest.next() {
        let (Some(sha256), Some(n)) = (rest.next(), rest.next()) else {
            return Err(format!("{table}: the blob ends before its hash and number of fields"));
        };
        let n: usize = n
            .parse()
            .map_err(|_| format!("{table}: {n:?} is not a number of fields"))?;
        let text: Vec<String> = rest.by_ref().take(n).collect();
        if text.len() != n {
            return Err(format!("{table}: the blob ends before its {n} fields"));
        }
        out.push(TableText { table, sha256, text });
    }
    Ok(out)
}

/// (With the `table-text` feature; without it `tests/no_default.rs` checks what is left out.)
#[cfg(all(test, feature = "table-text"))]
mod tests {
    use super::*;
    use crate::Registry;

    fn blob() -> Vec<TableText> {
        read_text_blob(crate::tables::embedded_text()).unwrap()
    }

    /// The blob of a list of tables, as `text_blob` writes it.
    fn write(tables: &[TableText]) -> String {
        let mut all = vec![TEXT_MARK.to_string()];
        for t in tables {
            all.extend([t.table.clone(), t.sha256.clone(), t.text.len().to_string()]);
            all.extend(t.text.iter().cloned());
        }
        serde_json::to_string(&all).unwrap()
    }

    /// The shipped blob holds every embedded table's text, in `text_fields_mut`'s order, and gives
    /// a registry that has the text (this build's) nothing new: it may only repeat it.
    #[test]
    fn the_embedded_blob_is_the_embedded_tables_text() {
        let b = blob();
        let reg = Registry::embedded();
        assert_eq!(b.len(), reg.tables().count());
        assert_eq!(write(&b), crate::tables::embedded_text());
        for (entry, table) in b.iter().zip(reg.tables()) {
            assert_eq!(entry.table, table.reference());
            assert_eq!(entry.sha256, table.sha256);
            let mut t = table.clone();
            let fields: Vec<String> = t.text_fields_mut().into_iter().map(|f| f.clone()).collect();
            assert_eq!(entry.text, fields, "{}", entry.table);
        }
        let wellbeing = &b.iter().find(|t| t.table == "wellbeing-open@3.0.0").unwrap().text;
        assert!(wellbeing.iter().any(|t| t.starts_with("https://")), "a source's URL");
        let mut copy = reg.clone();
        assert_eq!(
            copy.attach_text("t.json", crate::tables::embedded_text()).unwrap(),
            b.len()
        );
        assert_eq!(copy.tables().collect::<Vec<_>>(), reg.tables().collect::<Vec<_>>());
        assert!(Registry::attach_embedded_text(crate::tables::embedded_text()).is_ok());
    }

    /// A blob is attached whole or not at all: another table's hash, a table not loaded or given
    /// twice, another number of fields, other words for a field that has some, another format, a
    /// cut blob: each refused, naming the table, and the registry unchanged.
    #[test]
    fn a_wrong_blob_changes_nothing() {
        let reg = Registry::embedded().clone();
        let refused = |text: &str| {
            let mut r = reg.clone();
            let e = r.attach_text("t.json", text).unwrap_err().to_string();
            assert_eq!(r.tables().collect::<Vec<_>>(), reg.tables().collect::<Vec<_>>(), "{e}");
            e
        };
        let with = |edit: &dyn Fn(&mut Vec<TableText>)| {
            let mut b = blob();
            edit(&mut b);
            refused(&write(&b))
        };
        let e = with(&|b| b[1].sha256 = "0".repeat(64));
        assert!(e.contains("another version of this table"), "{e}");
        let e = with(&|b| b[0].table = "no-such-table@1.0.0".into());
        assert!(
            e.contains("no-such-table@1.0.0") && e.contains("no loaded table"),
            "{e}"
        );
        let e = with(&|b| {
            b[2].text.pop();
        });
        assert!(e.contains("text fields where the table has"), "{e}");
        let e = with(&|b| b[3].text[0].push_str(" (changed)"));
        assert!(e.contains("already has other text"), "{e}");
        let e = with(&|b| b.push(b[0].clone()));
        assert!(e.contains("twice"), "{e}");
        let whole = crate::tables::embedded_text();
        let e = refused(&whole.replacen(TEXT_MARK, "socval table text 2", 1));
        assert!(
            e.contains("\"socval table text 2\", not \"socval table text 1\""),
            "{e}"
        );
        let cut = format!("{}]", &whole[..whole.rfind(",\"").unwrap()]);
        assert!(refused(&cut).contains("the blob ends before its"));
        assert!(refused("[1, 2]").contains("not a table text blob"));
    }
}
