//! The table format: kinds, rows, sources, deflator years, parsing and validation, and the content
//! hash. This file is also compiled into the core's build script (`build.rs`), so a shipped table
//! that breaks a rule fails the build, by the same rules and the same hash as at run time.

use crate::error::{Error, Location, Place, Result};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// What a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// Wellbeing values: £ per person per year for achieving an outcome.
    Wellbeing,
    /// Fiscal unit costs: £ per unit of a public service, with the agency that bears it.
    UnitCost,
    /// A price index by year (GDP deflator) used to rebase prices.
    Deflator,
    /// Real GDP per head by year, used to uprate WELLBY-based values as HM Treasury does
    /// (deflator × (GDP per head growth)^1.3) for rows with `wellby_uprating = true`.
    GdpPerHead,
}

impl std::fmt::Display for TableKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TableKind::Wellbeing => "wellbeing",
            TableKind::UnitCost => "unit-cost",
            TableKind::Deflator => "deflator",
            TableKind::GdpPerHead => "gdp-per-head",
        })
    }
}

/// Age band of a person, for values that vary by age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema)]
pub enum AgeBand {
    /// Any age (a value that does not vary by age, or a person whose age is not recorded).
    #[default]
    #[serde(rename = "all")]
    All,
    /// Under 25.
    #[serde(rename = "under-25")]
    Under25,
    /// 25 to 49.
    #[serde(rename = "25-49")]
    From25To49,
    /// 50 and over.
    #[serde(rename = "50-plus")]
    From50,
}

impl AgeBand {
    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::All => "all",
            AgeBand::Under25 => "under-25",
            AgeBand::From25To49 => "25-49",
            AgeBand::From50 => "50-plus",
        }
    }

    /// Parses the name used in files.
    pub fn parse(s: &str) -> Option<Self> {
        [AgeBand::All, AgeBand::Under25, AgeBand::From25To49, AgeBand::From50]
            .into_iter()
            .find(|a| a.as_str() == s.trim())
    }
}

/// Region, for values that differ in London.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// Anywhere.
    #[default]
    All,
    /// London.
    London,
    /// Outside London.
    OutsideLondon,
}

impl Region {
    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::All => "all",
            Region::London => "london",
            Region::OutsideLondon => "outside-london",
        }
    }

    /// Parses the name used in files.
    pub fn parse(s: &str) -> Option<Self> {
        [Region::All, Region::London, Region::OutsideLondon]
            .into_iter()
            .find(|r| r.as_str() == s.trim())
    }
}

/// Whether an avoided unit cost falls once or recurs every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Recurrence {
    /// Falls once, in the year the event would have happened (a set of proceedings).
    OneOff,
    /// Recurs every year for the item's duration (a child-year in care).
    PerYear,
}

/// A published document a row cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Id the rows refer to.
    pub id: String,
    /// Who published it.
    pub publisher: String,
    /// Its title.
    pub title: String,
    /// Year of publication.
    pub year: i32,
    /// Where to read it.
    pub url: String,
    /// Its licence, or the terms under which its figures are quoted.
    pub licence: String,
}

/// One proxy: a wellbeing value or a unit cost, with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Stable id; unique per (id, age band, region).
    pub id: String,
    /// Human label.
    pub label: String,
    /// Central value, £ per unit, in the row's price year.
    pub value: Decimal,
    /// Low value, where the source gives a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Decimal>,
    /// High value, where the source gives a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Decimal>,
    /// Unit of the value (`person-year`, `child-year`, `set of proceedings`, ...).
    pub unit: String,
    /// Price year, when not the table's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<i32>,
    /// Id of the [`Source`] the value comes from.
    pub source: String,
    /// Table or page in the source.
    #[serde(default)]
    pub locator: String,
    /// How the value was obtained from the source.
    #[serde(default)]
    pub derivation: String,
    /// True where the value rests on an assumption rather than a published figure.
    #[serde(default)]
    pub assumption: bool,
    /// Confidence grade, 1 (high) to 3 (low).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    /// Outcomes of one group are never claimed together for one person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_group: Option<String>,
    /// A suggested deadweight, used when a scenario item gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_deadweight: Option<Decimal>,
    /// True where the value already comes from a comparison with a counterfactual.
    #[serde(default)]
    pub net_of_counterfactual: bool,
    /// Age band this variant applies to.
    #[serde(default)]
    pub age_band: AgeBand,
    /// Region this variant applies to.
    #[serde(default)]
    pub region: Region,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Unit costs: the agency that bears the cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Unit costs: whether avoiding a unit releases cash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashable: Option<bool>,
    /// Unit costs: one-off or recurring every year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
    /// Wellbeing values derived from the WELLBY: moved between price years as HM Treasury uprates
    /// the WELLBY, by the GDP deflator × (real GDP per head growth)^1.3, with the scenario's
    /// `tables.gdp_per_head` series.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wellby_uprating: bool,
}

/// One year of a deflator series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeflatorYear {
    /// The year (financial years are named by their first calendar year).
    pub year: i32,
    /// The index value.
    pub index: Decimal,
    /// Id of the [`Source`].
    pub source: String,
}

/// One immutable version of a proxy table or deflator series.
///
/// ```
/// use socval::{ProxyTable, TableKind};
/// let text = r#"
/// id = "my-values"
/// version = "1.0.0"
/// kind = "wellbeing"
/// title = "My licensed values"
/// price_year = 2021
/// licence = "licensed to my organisation; not for redistribution"
/// [[sources]]
/// id = "mine"
/// publisher = "Me"
/// title = "My list"
/// year = 2021
/// url = "https://example.org"
/// licence = "private"
/// [[rows]]
/// id = "high-confidence"
/// label = "High confidence"
/// value = "13000.00"
/// unit = "person-year"
/// source = "mine"
/// age_band = "25-49"
/// "#;
/// let table = ProxyTable::from_toml_str("my-values.toml", text).unwrap();
/// assert_eq!(table.kind, TableKind::Wellbeing);
/// assert_eq!(table.reference(), "my-values@1.0.0");
/// assert_eq!(table.sha256.len(), 64);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProxyTable {
    /// Table id.
    pub id: String,
    /// Version; a version never changes once published.
    pub version: String,
    /// What the table holds.
    pub kind: TableKind,
    /// Title.
    pub title: String,
    /// What it is and how it was made.
    #[serde(default)]
    pub description: String,
    /// Currency of the values.
    #[serde(default = "gbp")]
    pub currency: String,
    /// Price year of the rows (proxy tables).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<i32>,
    /// Year whose index is 100 (deflator series; informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_year: Option<i32>,
    /// Terms on which the table is distributed.
    pub licence: String,
    /// One line per version.
    #[serde(default)]
    pub changelog: Vec<String>,
    /// Documents the rows cite.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Proxies (wellbeing and unit-cost tables).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Row>,
    /// Index by year (deflator series).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<DeflatorYear>,
    /// sha256 of the table's text (LF line ends), set when loaded.
    #[serde(skip)]
    #[schemars(skip)]
    pub sha256: String,
}

fn gbp() -> String {
    "GBP".to_string()
}

/// Summary of a table, for listings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableInfo {
    /// Table id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Kind.
    pub kind: TableKind,
    /// Title.
    pub title: String,
    /// Content hash.
    pub sha256: String,
    /// Number of rows (or years, for a deflator).
    pub rows: usize,
    /// True for the tables compiled into socval.
    pub embedded: bool,
    /// Changelog.
    pub changelog: Vec<String>,
}

/// The sha256 of a table text as socval records it (CRLF normalised to LF).
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.')
}

pub(crate) const MIN_YEAR: i32 = 1900;
pub(crate) const MAX_YEAR: i32 = 2200;

impl ProxyTable {
    /// Parses and validates a table from TOML text. `file` names the input in errors.
    pub fn from_toml_str(file: &str, text: &str) -> Result<Self> {
        crate::exact::check_toml(file, text)?;
        let mut table: ProxyTable = toml::from_str(text).map_err(|e| Error::from_toml(file, text, &e))?;
        table.sha256 = content_hash(text);
        table.validate(file, Some(text))?;
        Ok(table)
    }

    /// Parses and validates a table from JSON text (the same fields as TOML).
    pub fn from_json_str(file: &str, text: &str) -> Result<Self> {
        crate::exact::check_json(file, text)?;
        let mut table = Self::from_json_unhashed(file, text)?;
        table.sha256 = content_hash(text);
        Ok(table)
    }

    /// As [`ProxyTable::from_json_str`], leaving the hash to the caller (the embedded tables carry
    /// the hash of their TOML source, computed at build time).
    pub(crate) fn from_json_unhashed(file: &str, text: &str) -> Result<Self> {
        let table: ProxyTable = serde_json::from_str(text).map_err(|e| Error::from_json(file, text, &e))?;
        table.validate(file, None)?;
        Ok(table)
    }

    /// `id@version`.
    pub fn reference(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// The price year of a row.
    pub fn row_price_year(&self, row: &Row) -> i32 {
        row.price_year.or(self.price_year).unwrap_or(0)
    }

    /// The source a row cites.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The best variant of row `id` for a person of `age` in `region`: an exact match first,
    /// then one for all regions, then one for all ages, then the row for everyone.
    pub fn lookup(&self, id: &str, age: AgeBand, region: Region) -> Option<&Row> {
        let candidates = [
            (age, region),
            (age, Region::All),
            (AgeBand::All, region),
            (AgeBand::All, Region::All),
        ];
        candidates.iter().find_map(|&(a, r)| {
            self.rows
                .iter()
                .find(|row| row.id == id && row.age_band == a && row.region == r)
        })
    }

    /// True if any variant of row `id` exists.
    pub fn has_row(&self, id: &str) -> bool {
        self.rows.iter().any(|r| r.id == id)
    }

    /// The deflator index of `year`.
    pub fn index(&self, year: i32) -> Option<Decimal> {
        self.years.iter().find(|y| y.year == year).map(|y| y.index)
    }

    /// Summary for listings.
    pub fn info(&self, embedded: bool) -> TableInfo {
        TableInfo {
            id: self.id.clone(),
            version: self.version.clone(),
            kind: self.kind,
            title: self.title.clone(),
            sha256: self.sha256.clone(),
            rows: if matches!(self.kind, TableKind::Deflator | TableKind::GdpPerHead) {
                self.years.len()
            } else {
                self.rows.len()
            },
            embedded,
            changelog: self.changelog.clone(),
        }
    }

    fn validate(&self, file: &str, text: Option<&str>) -> Result<()> {
        let at = |loc: &Location, field: &str| Place::new(file, loc.clone(), field);
        let top = |field: &str| Place::top(file, field);
        if !valid_id(&self.id) {
            return Err(Error::invalid(
                top("id"),
                format!(
                    "table id {:?} must be lowercase letters, digits, '-', '_' or '.'",
                    self.id
                ),
            ));
        }
        if !valid_id(&self.version) {
            return Err(Error::invalid(
                top("version"),
                format!("version {:?} must be letters, digits, '-' or '.'", self.version),
            ));
        }
        if self.licence.trim().is_empty() {
            return Err(Error::invalid(
                top("licence"),
                "missing: add the terms the table is distributed on, e.g. licence = \"Open Government Licence v3.0\"",
            ));
        }
        let mut source_ids = BTreeSet::new();
        for (i, s) in self.sources.iter().enumerate() {
            let loc = Location::Source {
                index: i,
                id: s.id.clone(),
            };
            if !valid_id(&s.id) {
                return Err(Error::invalid(
                    at(&loc, "id"),
                    "source id must be lowercase letters, digits or '-'",
                ));
            }
            if !source_ids.insert(s.id.as_str()) {
                return Err(Error::invalid(at(&loc, "id"), "duplicate source id"));
            }
            for (field, value) in [
                ("publisher", &s.publisher),
                ("title", &s.title),
                ("url", &s.url),
                ("licence", &s.licence),
            ] {
                if value.trim().is_empty() {
                    return Err(Error::invalid(at(&loc, field), "must not be empty"));
                }
            }
        }
        // Line of the n-th `[[rows]]` / `[[years]]` header, for error messages.
        let line_of_entry = |header: &str, n: usize| -> Option<usize> {
            text.and_then(|t| {
                let mut count = 0;
                for (i, line) in t.lines().enumerate() {
                    if line.trim() == header {
                        if count == n {
                            return Some(i + 1);
                        }
                        count += 1;
                    }
                }
                None
            })
        };
        match self.kind {
            TableKind::Deflator | TableKind::GdpPerHead => {
                if !self.rows.is_empty() {
                    return Err(Error::invalid(
                        top("rows"),
                        format!("a {} table has [[years]], not [[rows]]", self.kind),
                    ));
                }
                if self.years.is_empty() {
                    return Err(Error::invalid(
                        top("years"),
                        format!("a {} table needs at least one [[years]] entry", self.kind),
                    ));
                }
                let mut seen = BTreeSet::new();
                for (i, y) in self.years.iter().enumerate() {
                    let loc = Location::Year {
                        index: i,
                        year: y.year,
                        line: line_of_entry("[[years]]", i),
                    };
                    if !(MIN_YEAR..=MAX_YEAR).contains(&y.year) {
                        return Err(Error::invalid(
                            at(&loc, "year"),
                            format!("year must be between {MIN_YEAR} and {MAX_YEAR}"),
                        ));
                    }
                    if !seen.insert(y.year) {
                        return Err(Error::invalid(at(&loc, "year"), "duplicate year"));
                    }
                    if y.index <= Decimal::ZERO {
                        return Err(Error::invalid(at(&loc, "index"), "index must be positive"));
                    }
                    if !source_ids.contains(y.source.as_str()) {
                        return Err(Error::unknown(
                            at(&loc, "source"),
                            format!("source {:?} is not in [[sources]]", y.source),
                        ));
                    }
                }
            }
            TableKind::Wellbeing | TableKind::UnitCost => {
                if !self.years.is_empty() {
                    return Err(Error::invalid(
                        top("years"),
                        "only a deflator or gdp-per-head table has [[years]]",
                    ));
                }
                match self.price_year {
                    None => {
                        return Err(Error::invalid(
                            top("price_year"),
                            "missing: add the year whose prices the values are in, e.g. price_year = 2019",
                        ));
                    }
                    Some(y) if !(MIN_YEAR..=MAX_YEAR).contains(&y) => {
                        return Err(Error::invalid(
                            top("price_year"),
                            format!("price year {y} must be between {MIN_YEAR} and {MAX_YEAR}"),
                        ));
                    }
                    _ => {}
                }
                if self.rows.is_empty() {
                    return Err(Error::invalid(
                        top("rows"),
                        "missing: a wellbeing or unit-cost table needs at least one [[rows]] entry",
                    ));
                }
                let mut seen = BTreeSet::new();
                for (i, r) in self.rows.iter().enumerate() {
                    let loc = Location::Row {
                        index: i,
                        id: r.id.clone(),
                        line: line_of_entry("[[rows]]", i),
                    };
                    let place = |field: &str| at(&loc, field);
                    if !valid_id(&r.id) {
                        return Err(Error::invalid(
                            place("id"),
                            "row id must be lowercase letters, digits or '-'",
                        ));
                    }
                    if !seen.insert((r.id.as_str(), r.age_band, r.region)) {
                        return Err(Error::invalid(
                            place("id"),
                            format!(
                                "duplicate row for age band {} and region {}",
                                r.age_band.as_str(),
                                r.region.as_str()
                            ),
                        ));
                    }
                    if r.label.trim().is_empty() {
                        return Err(Error::invalid(place("label"), "must not be empty"));
                    }
                    if r.value < Decimal::ZERO {
                        return Err(Error::invalid(place("value"), "a proxy value must not be negative"));
                    }
                    if let Some(low) = r.low
                        && (low < Decimal::ZERO || low > r.value)
                    {
                        return Err(Error::invalid(
                            place("low"),
                            format!("low {low} must be between 0 and the value {}", r.value),
                        ));
                    }
                    if let Some(high) = r.high
                        && high < r.value
                    {
                        return Err(Error::invalid(
                            place("high"),
                            format!("high {high} must not be below the value {}", r.value),
                        ));
                    }
                    if let Some(y) = r.price_year
                        && !(MIN_YEAR..=MAX_YEAR).contains(&y)
                    {
                        return Err(Error::invalid(
                            place("price_year"),
                            format!("price year {y} must be between {MIN_YEAR} and {MAX_YEAR}"),
                        ));
                    }
                    if !source_ids.contains(r.source.as_str()) {
                        return Err(Error::unknown(
                            place("source"),
                            format!("source {:?} is not in [[sources]]", r.source),
                        ));
                    }
                    if let Some(c) = r.confidence
                        && !(1..=3).contains(&c)
                    {
                        return Err(Error::invalid(
                            place("confidence"),
                            "confidence grade must be 1, 2 or 3",
                        ));
                    }
                    if let Some(d) = r.default_deadweight
                        && !(Decimal::ZERO..=Decimal::ONE).contains(&d)
                    {
                        return Err(Error::invalid(place("default_deadweight"), "must be between 0 and 1"));
                    }
                    if r.wellby_uprating && self.kind != TableKind::Wellbeing {
                        return Err(Error::invalid(
                            place("wellby_uprating"),
                            "only a wellbeing value can be uprated as the WELLBY is",
                        ));
                    }
                    if self.kind == TableKind::UnitCost {
                        if r.agency.as_deref().is_none_or(|a| a.trim().is_empty()) {
                            return Err(Error::invalid(
                                place("agency"),
                                "a unit cost names the agency that bears it",
                            ));
                        }
                        if r.cashable.is_none() {
                            return Err(Error::invalid(
                                place("cashable"),
                                "a unit cost says whether it is cashable",
                            ));
                        }
                        if r.recurrence.is_none() {
                            return Err(Error::invalid(
                                place("recurrence"),
                                "a unit cost is one-off or per-year",
                            ));
                        }
                    } else if r.agency.is_some() || r.cashable.is_some() || r.recurrence.is_some() {
                        return Err(Error::invalid(
                            place("agency"),
                            "agency, cashable and recurrence belong to unit-cost tables",
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}
