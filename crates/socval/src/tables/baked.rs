//! The shipped tables as data compiled into the core (issue 11: "embedded tables as data compiled
//! at build time rather than parsed at start"), the way chrono-tz compiles its zones.
//!
//! `build.rs` reads each `proxies/<id>/<version>.toml` with the core's own table format, checks
//! it by the run-time rules and hashes its source, then writes it out as a `static` of the
//! literal types below: strings as `&'static str` and every number as the exact `Decimal` the
//! TOML gave (its 96-bit mantissa and scale, so `"0.250"` stays `0.250`). [`TableLit::table`]
//! turns one into a [`ProxyTable`] when the registry is first asked for, with no parser and no
//! JSON in between. A test (`tables::tests`) checks that every compiled table equals the table
//! parsed from its TOML file, hash included.
//!
//! The literal types mirror the table format's structs field for field; a field added to the
//! format breaks both the conversion here (a struct literal names every field) and the build
//! script (which destructures every struct it writes), so the two cannot drift apart silently.

use super::format::{
    AgeBand, DeflatorYear, Derivation, EvidenceStatus, ProxyTable, Recurrence, Region, Row, Source, TableKind,
    UnitsPerEvent,
};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One compiled table file.
pub(crate) struct TableLit {
    /// Its path under `proxies/` (`wellbeing-open/2.0.0.toml`); the test reads the file there.
    #[cfg_attr(not(test), allow(dead_code))]
    pub path: &'static str,
    /// sha256 of its LF-normalised TOML source.
    pub sha256: &'static str,
    pub id: &'static str,
    pub version: &'static str,
    pub kind: TableKind,
    pub title: &'static str,
    pub description: &'static str,
    pub format: Option<u32>,
    pub currency: &'static str,
    pub price_year: Option<i32>,
    pub base_year: Option<i32>,
    pub licence: &'static str,
    pub changelog: &'static [&'static str],
    pub sources: &'static [SourceLit],
    pub rows: &'static [RowLit],
    pub years: &'static [YearLit],
}

/// A [`Source`].
pub(crate) struct SourceLit {
    pub id: &'static str,
    pub publisher: &'static str,
    pub title: &'static str,
    pub year: i32,
    pub url: &'static str,
    pub url_note: Option<&'static str>,
    pub licence: &'static str,
}

/// A [`Row`].
pub(crate) struct RowLit {
    pub id: &'static str,
    pub label: &'static str,
    pub value: Decimal,
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
    pub unit: &'static str,
    pub price_year: Option<i32>,
    pub source: &'static str,
    pub locator: &'static str,
    pub derivation: &'static str,
    pub assumption: bool,
    pub status: Option<EvidenceStatus>,
    pub derived: Option<DerivationLit>,
    pub confidence: Option<u8>,
    pub exclusive_group: Option<&'static str>,
    pub default_deadweight: Option<Decimal>,
    pub net_of_counterfactual: bool,
    pub age_band: AgeBand,
    pub region: Region,
    pub note: &'static str,
    pub agency: Option<&'static str>,
    pub cashable: Option<bool>,
    pub recurrence: Option<Recurrence>,
    pub units_per_event: Option<UnitsLit>,
    pub wellby_uprating: bool,
}

/// A [`Derivation`]; its maps as (name, value) pairs in the TOML's key order.
pub(crate) struct DerivationLit {
    pub inputs: &'static [(&'static str, Decimal)],
    pub formula: &'static str,
    pub low: Option<&'static [(&'static str, Decimal)]>,
    pub high: Option<&'static [(&'static str, Decimal)]>,
    pub sources: &'static [&'static str],
}

/// A [`UnitsPerEvent`].
pub(crate) struct UnitsLit {
    pub value: Decimal,
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
    pub label: &'static str,
    pub basis: &'static str,
}

/// A [`DeflatorYear`].
pub(crate) struct YearLit {
    pub year: i32,
    pub index: Decimal,
    pub source: &'static str,
}

fn s(v: &str) -> String {
    v.to_string()
}

fn map(pairs: &[(&str, Decimal)]) -> BTreeMap<String, Decimal> {
    // Inserted one by one, not collected: `collect` sorts the pairs first, which compiles one
    // more copy of the standard library's stable sort into the page (same map either way).
    let mut m = BTreeMap::new();
    for (k, v) in pairs {
        m.insert(s(k), *v);
    }
    m
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| s(x)).collect()
}

impl TableLit {
    /// The table, as `ProxyTable::from_toml_str` reads it from its file.
    pub(crate) fn table(&self) -> ProxyTable {
        ProxyTable {
            id: s(self.id),
            version: s(self.version),
            kind: self.kind,
            title: s(self.title),
            description: s(self.description),
            format: self.format,
            currency: s(self.currency),
            price_year: self.price_year,
            base_year: self.base_year,
            licence: s(self.licence),
            changelog: strings(self.changelog),
            sources: self.sources.iter().map(SourceLit::source).collect(),
            rows: self.rows.iter().map(RowLit::row).collect(),
            years: self
                .years
                .iter()
                .map(|y| DeflatorYear {
                    year: y.year,
                    index: y.index,
                    source: s(y.source),
                })
                .collect(),
            sha256: s(self.sha256),
            overlays: None,
            overlay: None,
        }
    }
}

impl SourceLit {
    fn source(&self) -> Source {
        Source {
            id: s(self.id),
            publisher: s(self.publisher),
            title: s(self.title),
            year: self.year,
            url: s(self.url),
            url_note: self.url_note.map(s),
            licence: s(self.licence),
        }
    }
}

impl RowLit {
    fn row(&self) -> Row {
        Row {
            id: s(self.id),
            label: s(self.label),
            value: self.value,
            low: self.low,
            high: self.high,
            unit: s(self.unit),
            price_year: self.price_year,
            source: s(self.source),
            locator: s(self.locator),
            derivation: s(self.derivation),
            assumption: self.assumption,
            status: self.status,
            derived: self.derived.as_ref().map(|d| Derivation {
                inputs: map(d.inputs),
                formula: s(d.formula),
                low: d.low.map(map),
                high: d.high.map(map),
                sources: strings(d.sources),
            }),
            confidence: self.confidence,
            exclusive_group: self.exclusive_group.map(s),
            default_deadweight: self.default_deadweight,
            net_of_counterfactual: self.net_of_counterfactual,
            age_band: self.age_band,
            region: self.region,
            note: s(self.note),
            agency: self.agency.map(s),
            cashable: self.cashable,
            recurrence: self.recurrence,
            units_per_event: self.units_per_event.as_ref().map(|u| UnitsPerEvent {
                value: u.value,
                low: u.low,
                high: u.high,
                label: s(u.label),
                basis: s(u.basis),
            }),
            wellby_uprating: self.wellby_uprating,
        }
    }
}
