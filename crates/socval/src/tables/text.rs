//! The tables' evidence text, apart from their figures: the words a valuation does not compute
//! with (a table's description, licence and changelog; each source's publisher, title, URL, URL
//! note and licence; each row's locator, derivation and note; a derivation's formula; the basis of
//! a row's units per event), so that a build can leave them out of the compiled tables and attach
//! them later from a blob ([`text_blob`], `Registry::attach_text`). The page's live module does
//! so: without the `table-text` feature the embedded tables carry empty strings in these fields
//! and the page fetches the blob once it answers edits (BENCHMARKS.md, issue 26, round 3).
//!
//! Also compiled into `build.rs` (next to `format.rs`), which writes the blob of the shipped
//! tables: it depends on nothing but the table format.

use super::format::ProxyTable;
use serde::{Deserialize, Serialize};

/// The blob's format number; a blob of another format is refused.
pub const TEXT_FORMAT: u32 = 1;

/// The evidence text of some tables, in the order of [`ProxyTable::text_fields_mut`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextBlob {
    /// [`TEXT_FORMAT`].
    pub format: u32,
    /// One entry a table.
    pub tables: Vec<TableText>,
}

/// One table's evidence text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The blob of these tables' evidence text (JSON), which `Registry::attach_text` reads.
pub fn text_blob<'a>(tables: impl IntoIterator<Item = &'a ProxyTable>) -> String {
    let tables = tables
        .into_iter()
        .map(|t| {
            let mut t = t.clone();
            TableText {
                table: format!("{}@{}", t.id, t.version),
                sha256: t.sha256.clone(),
                text: t.text_fields_mut().into_iter().map(|f| std::mem::take(f)).collect(),
            }
        })
        .collect();
    serde_json::to_string(&TextBlob {
        format: TEXT_FORMAT,
        tables,
    })
    .unwrap_or_default()
}

/// (With the `table-text` feature; without it `tests/no_default.rs` checks what is left out.)
#[cfg(all(test, feature = "table-text"))]
mod tests {
    use super::*;
    use crate::Registry;

    fn blob() -> TextBlob {
        serde_json::from_str(crate::tables::embedded_text()).unwrap()
    }

    /// The shipped blob holds every embedded table's text, in `text_fields_mut`'s order, and gives
    /// a registry that has the text (this build's) nothing new: it may only repeat it.
    #[test]
    fn the_embedded_blob_is_the_embedded_tables_text() {
        let b = blob();
        assert_eq!(b.format, TEXT_FORMAT);
        let reg = Registry::embedded();
        assert_eq!(b.tables.len(), reg.tables().count());
        for (entry, table) in b.tables.iter().zip(reg.tables()) {
            assert_eq!(entry.table, table.reference());
            assert_eq!(entry.sha256, table.sha256);
            let mut t = table.clone();
            let fields: Vec<String> = t.text_fields_mut().into_iter().map(|f| f.clone()).collect();
            assert_eq!(entry.text, fields, "{}", entry.table);
        }
        let wellbeing = &b.tables.iter().find(|t| t.table == "wellbeing-open@3.0.0").unwrap().text;
        assert!(wellbeing.iter().any(|t| t.starts_with("https://")), "a source's URL");
        let mut copy = reg.clone();
        assert_eq!(copy.attach_text("t.json", crate::tables::embedded_text()).unwrap(), b.tables.len());
        assert_eq!(copy.tables().collect::<Vec<_>>(), reg.tables().collect::<Vec<_>>());
        assert!(Registry::attach_embedded_text(crate::tables::embedded_text()).is_ok());
    }

    /// A blob is attached whole or not at all: another table's hash, a table not loaded, another
    /// number of fields, other words for a field that has some, another format: each refused,
    /// naming the table, and the registry unchanged.
    #[test]
    fn a_wrong_blob_changes_nothing() {
        let reg = Registry::embedded().clone();
        let try_with = |edit: &dyn Fn(&mut TextBlob)| {
            let mut b = blob();
            edit(&mut b);
            let mut r = reg.clone();
            let e = r.attach_text("t.json", &serde_json::to_string(&b).unwrap()).unwrap_err().to_string();
            assert_eq!(r.tables().collect::<Vec<_>>(), reg.tables().collect::<Vec<_>>(), "{e}");
            e
        };
        let e = try_with(&|b| b.tables[1].sha256 = "0".repeat(64));
        assert!(e.contains("another version of this table"), "{e}");
        let e = try_with(&|b| b.tables[0].table = "no-such-table@1.0.0".into());
        assert!(e.contains("no-such-table@1.0.0") && e.contains("no loaded table"), "{e}");
        let e = try_with(&|b| {
            b.tables[2].text.pop();
        });
        assert!(e.contains("text fields where the table has"), "{e}");
        let e = try_with(&|b| b.tables[3].text[0].push_str(" (changed)"));
        assert!(e.contains("already has other text"), "{e}");
        let e = try_with(&|b| b.format = 2);
        assert!(e.contains("format 2 is not 1"), "{e}");
        let mut r = reg.clone();
        assert!(r.attach_text("t.json", "[1, 2]").unwrap_err().to_string().contains("not a table text blob"));
    }
}
