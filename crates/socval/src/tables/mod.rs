//! Proxy tables: their format, validation, the embedded defaults and a registry of loaded tables.
//!
//! A table is one immutable version of a set of proxies (`kind = "wellbeing"` or `"unit-cost"`)
//! or of a series by year (`kind = "deflator"` or `"gdp-per-head"`), written in TOML as described
//! in `proxies/README.md` and published as a JSON Schema ([`crate::schema::table`]).

mod baked;
mod format;
pub(crate) mod registry;
mod text;

pub use format::*;
pub(crate) use format::{MAX_YEAR, MIN_YEAR, valid_id};
pub(crate) use registry::Registry;
pub use text::{TEXT_MARK, TableText, read_text_blob, text_blob};

use crate::error::{Error, Place, Result};
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub(crate) mod embedded {
    /// An evidence text field of a compiled table (`text.rs`): the literal with the `table-text`
    /// feature, empty without it (then `Registry::attach_text` fills it in from the blob).
    #[cfg(feature = "table-text")]
    macro_rules! t {
        ($s:literal) => {
            $s
        };
    }
    #[cfg(not(feature = "table-text"))]
    macro_rules! t {
        ($s:literal) => {
            ""
        };
    }
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The embedded tables' evidence text as one blob (`text.rs`'s JSON, written by `build.rs`):
/// what a build without the `table-text` feature lacks and attaches with
/// [`crate::Registry::attach_embedded_text`]. `cargo xtask build` writes it beside the page as
/// `tables-text.json`.
///
/// ```
/// let tables = socval::tables::read_text_blob(socval::tables::embedded_text()).unwrap();
/// assert_eq!(tables.len(), socval::Registry::embedded().list().len());
/// ```
#[cfg(feature = "table-text")]
pub fn embedded_text() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/tables-text.json"))
}

/// The order of two versions: dot-separated parts compared as numbers where both are numbers
/// (`1.10.0` after `1.9.0`), else as text.
///
/// ```
/// use std::cmp::Ordering;
/// assert_eq!(socval::tables::version_order("1.10.0", "1.9.0"), Ordering::Greater);
/// ```
pub fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let mut x = a.split('.');
    let mut y = b.split('.');
    loop {
        match (x.next(), y.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => p.cmp(q),
                };
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

impl ProxyTable {
    /// A row as a picker shows it, so that choosing a proxy is done in the open: its label, value
    /// and unit, evidence status and grade, and source (`High confidence — £1,560.00 per
    /// person-year · assumption, grade 3 · Princeton University Press 2018`). (Here rather than in
    /// `format.rs`, which the build script compiles, so that it can use the core's money format.)
    pub fn row_summary(&self, row: &Row) -> String {
        let source = self
            .source(&row.source)
            .filter(|s| !s.publisher.is_empty())
            .map(|s| format!(" · {} {}", s.publisher, s.year))
            .unwrap_or_default();
        let status = if row.is_assumption() {
            EvidenceStatus::Assumption
        } else {
            row.evidence()
        };
        format!(
            "{} — {} per {} ({} prices) · {status}{}{source}",
            row.label,
            crate::money::format_gbp(row.value),
            row.unit,
            self.row_price_year(row),
            row.confidence.map(|c| format!(", grade {c}")).unwrap_or_default()
        )
    }
}

impl ProxyTable {
    /// For a table that overlays another ([`Registry::add`]), which rows are its own and which its
    /// base's, in words: `council-costs@1.0.0 overlays unit-costs-open@2.0.0: its rows
    /// care-proceedings-court and care-proceedings-la replace or add to the base's; every other row
    /// is unit-costs-open@2.0.0's`. None for a table that overlays none.
    pub fn overlay_note(&self) -> Option<String> {
        let o = self.overlay.as_ref()?;
        let own = match o.own.as_slice() {
            [one] => format!("its row {one} replaces or adds to the base's"),
            [rest @ .., last] => format!("its rows {} and {last} replace or add to the base's", rest.join(", ")),
            [] => "it gives no row of its own".to_string(),
        };
        Some(format!(
            "{} overlays {}: {own}; every other row is {}'s",
            self.reference(),
            o.base,
            o.base
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded tables are read without validating them (build.rs did); they must also pass
    /// the run-time validation the user's tables get.
    #[test]
    fn every_embedded_table_passes_the_run_time_validation() {
        let reg = Registry::embedded();
        assert_eq!(reg.tables().count(), embedded::EMBEDDED.len());
        // Each compiled table is its TOML file read and validated at run time: every field, the
        // hash, and each decimal exactly as written (compared as JSON, where `0.250` and `0.25`
        // differ).
        for lit in embedded::EMBEDDED {
            let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("proxies")
                .join(lit.path);
            let text = std::fs::read_to_string(&file).unwrap();
            #[allow(unused_mut)]
            let mut parsed = ProxyTable::from_toml_str(lit.path, &text).unwrap();
            // Without the `table-text` feature the compiled tables leave their evidence text out
            // (`text.rs`), and only that.
            #[cfg(not(feature = "table-text"))]
            for field in parsed.text_fields_mut() {
                field.clear();
            }
            let baked = lit.table();
            assert_eq!(baked, parsed, "{}", lit.path);
            assert_eq!(baked.sha256, parsed.sha256);
            assert_eq!(
                serde_json::to_string(&baked).unwrap(),
                serde_json::to_string(&parsed).unwrap(),
                "{}",
                lit.path
            );
            #[cfg(feature = "table-text")]
            baked.validate(lit.path, None).unwrap();
            assert_eq!(reg.get(&baked.reference()).map(|t| t.sha256.as_str()), Some(lit.sha256));
        }
    }
}
