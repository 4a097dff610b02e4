//! The table format: kinds, rows, sources, deflator years, parsing and validation, and the content
//! hash. This file is also compiled into the core's build script (`build.rs`), so a shipped table
//! that breaks a rule fails the build, by the same rules and the same hash as at run time.

// Its checks, in a file of their own beside this one (a path, so that `build.rs`, which compiles
// this file by its path, finds it too).
#[path = "validate.rs"]
mod validate;

use crate::error::{Error, Location, Place, Result};
use crate::exact::de::{whole, whole_option};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// What a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Recurrence {
    /// Falls once, in the year the event would have happened (a set of proceedings).
    OneOff,
    /// Recurs every year for the item's duration (a child-year in care).
    PerYear,
}

/// A published document a row cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Id the rows refer to.
    pub id: String,
    /// Who published it.
    pub publisher: String,
    /// Its title.
    pub title: String,
    /// Year of publication.
    #[serde(deserialize_with = "whole")]
    pub year: i32,
    /// Where to read it. May be empty only when `url_note` says why no address is given (an
    /// address that was not recorded when the figure was read is never reconstructed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// Why the source has no `url` (e.g. "address not recorded when the figure was read").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_note: Option<String>,
    /// Its licence, or the terms under which its figures are quoted.
    pub licence: String,
}

impl Source {
    /// Where to read it: its URL, or the note saying why none is given.
    pub fn address(&self) -> String {
        match (&self.url, &self.url_note) {
            (u, _) if !u.trim().is_empty() => u.clone(),
            (_, Some(n)) => format!("no URL: {n}"),
            _ => String::new(),
        }
    }
}

/// How a row's value was obtained: its evidence status.
///
/// A row of a table in format 2 states it (`status = "primary"`); a row of an older table that
/// does not is read as [`EvidenceStatus::Assumption`] where `assumption = true`, and otherwise as
/// [`EvidenceStatus::Secondary`] (the conservative reading: a published figure not confirmed to
/// have been read at first hand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceStatus {
    /// Read in the publication that produced the figure (a statistic, a written answer, a report).
    Primary,
    /// Read only where someone else quotes or compiles the figure (a press report, a compilation).
    Secondary,
    /// Computed from published figures by a stated formula (`[rows.derived]`), each input cited.
    Derived,
    /// Rests, wholly or in part, on an assumption rather than a published figure.
    Assumption,
}

impl EvidenceStatus {
    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceStatus::Primary => "primary",
            EvidenceStatus::Secondary => "secondary",
            EvidenceStatus::Derived => "derived",
            EvidenceStatus::Assumption => "assumption",
        }
    }
}

impl std::fmt::Display for EvidenceStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value computed from named decimal inputs, as data, so that the core can recompute it.
///
/// `formula` is a product and quotient of the inputs' names (and decimal literals), read left to
/// right: `"weekly * weeks"`, `"spend / children"`, `"effect * items / all_items * wellby"`. The
/// result, rounded half away from zero to as many decimal places as the row's `value` is written
/// with, must equal the value; `low` and `high`, where given, replace some inputs and must
/// recompute to the row's `low` and `high` the same way.
///
/// ```toml
/// [rows.derived]
/// inputs = { weekly = "646", weeks = "52.14" }
/// formula = "weekly * weeks"
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Derivation {
    /// The named inputs (decimal strings), each a published figure or a stated constant.
    #[serde(deserialize_with = "crate::exact::de::map")]
    pub inputs: std::collections::BTreeMap<String, Decimal>,
    /// Product and quotient of input names and decimal literals, left to right (`a * b / c`).
    pub formula: String,
    /// Inputs replaced to recompute the row's `low`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option_map"
    )]
    pub low: Option<std::collections::BTreeMap<String, Decimal>>,
    /// Inputs replaced to recompute the row's `high`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option_map"
    )]
    pub high: Option<std::collections::BTreeMap<String, Decimal>>,
    /// Further sources the inputs come from (ids in `[[sources]]`), beyond the row's `source`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl Derivation {
    /// Evaluates the formula with the inputs, each name replaced by `replace` where it holds one.
    /// Errors are plain text (the caller names the place).
    pub fn compute(
        &self,
        replace: Option<&std::collections::BTreeMap<String, Decimal>>,
    ) -> std::result::Result<Decimal, String> {
        let value_of = |token: &str| -> std::result::Result<Decimal, String> {
            if let Some(v) = replace.and_then(|r| r.get(token)) {
                return Ok(*v);
            }
            if let Some(v) = self.inputs.get(token) {
                return Ok(*v);
            }
            if token.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return crate::exact::parse_exact(token);
            }
            Err(format!(
                "{token:?} is not an input (inputs: {})",
                self.inputs.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        };
        let mut acc: Option<Decimal> = None;
        let mut op = '*';
        let mut expect_operand = true;
        for token in self.formula.split_whitespace() {
            if expect_operand {
                let v = value_of(token)?;
                acc = Some(match (acc, op) {
                    (None, _) => v,
                    (Some(a), '*') => a.checked_mul(v).ok_or("the product is too large")?,
                    (Some(a), _) => {
                        if v.is_zero() {
                            return Err(format!("division by {token}, which is zero"));
                        }
                        a.checked_div(v).ok_or("the quotient is too large")?
                    }
                });
            } else {
                op = match token {
                    "*" | "×" => '*',
                    "/" | "÷" => '/',
                    _ => {
                        return Err(format!(
                            "expected * or / between names, found {token:?} (write spaces around each operator: \"a * b / c\")"
                        ));
                    }
                };
            }
            expect_operand = !expect_operand;
        }
        match acc {
            Some(v) if !expect_operand => Ok(v),
            _ => Err("a formula is names and numbers joined by * and /, e.g. \"weekly * weeks\"".into()),
        }
    }
}

/// Units avoided per avoided event: an avoided set of care proceedings avoids one legal-aid
/// certificate per legally aided party (about 3, plausibly 3–5). The engine multiplies the
/// events avoided by it; a scenario's avoided item may override it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitsPerEvent {
    /// Units per event (central).
    #[serde(deserialize_with = "crate::exact::de::decimal")]
    pub value: Decimal,
    /// Low end of the plausible range.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub low: Option<Decimal>,
    /// High end of the plausible range.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub high: Option<Decimal>,
    /// What is counted, as the working says it: "legally aided parties per set of proceedings".
    pub label: String,
    /// Where the number comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
}

/// One proxy: a wellbeing value or a unit cost, with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Stable id; unique per (id, age band, region).
    pub id: String,
    /// Human label.
    pub label: String,
    /// Central value, £ per unit, in the row's price year.
    #[serde(deserialize_with = "crate::exact::de::decimal")]
    pub value: Decimal,
    /// Low value, where the source gives a range.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub low: Option<Decimal>,
    /// High value, where the source gives a range.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub high: Option<Decimal>,
    /// Unit of the value (`person-year`, `child-year`, `set of proceedings`, ...).
    pub unit: String,
    /// Price year, when not the table's.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
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
    /// Evidence status (required in format 2; see [`Row::evidence`] for older rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EvidenceStatus>,
    /// A derived value's inputs and formula, which the core recomputes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derivation>,
    /// Confidence grade, 1 (high) to 3 (low); it selects the scenario's optimism-bias haircut.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub confidence: Option<u8>,
    /// Outcomes of one group are never claimed together for one person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_group: Option<String>,
    /// A suggested deadweight, used when a scenario item gives none.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
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
    /// Unit costs: units avoided per avoided event (legal-aid certificates per set of proceedings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units_per_event: Option<UnitsPerEvent>,
    /// Wellbeing values derived from the WELLBY: moved between price years as HM Treasury uprates
    /// the WELLBY, by the GDP deflator × (real GDP per head growth)^1.3, with the scenario's
    /// `tables.gdp_per_head` series.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wellby_uprating: bool,
}

impl Row {
    /// The row's evidence status: as stated, else (older tables) `assumption` if
    /// `assumption = true`, else secondary.
    pub fn evidence(&self) -> EvidenceStatus {
        match self.status {
            Some(s) => s,
            None if self.assumption => EvidenceStatus::Assumption,
            None => EvidenceStatus::Secondary,
        }
    }

    /// Whether the row is the value of one point of life satisfaction (the WELLBY), for measured
    /// changes (`[[measured]]`), not an outcome to claim on its own.
    pub fn is_wellby(&self) -> bool {
        self.unit == "life-satisfaction-point-person-year"
    }

    /// Whether the value rests on an assumption (`assumption = true` or status `assumption`).
    pub fn is_assumption(&self) -> bool {
        self.assumption || self.status == Some(EvidenceStatus::Assumption)
    }
}

/// One year of a deflator series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeflatorYear {
    /// The year (financial years are named by their first calendar year).
    #[serde(deserialize_with = "whole")]
    pub year: i32,
    /// The index value.
    #[serde(deserialize_with = "crate::exact::de::decimal")]
    pub index: Decimal,
    /// Id of the [`Source`].
    pub source: String,
}

/// One immutable version of a proxy table or deflator series.
///
/// ```
/// use socval::tables::{ProxyTable, TableKind};
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The table format: 1 (absent) or 2. Format 2 requires every proxy row to state its
    /// `status`, `locator` and `confidence`, and a derived row to give `[rows.derived]`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub format: Option<u32>,
    /// Currency of the values: socval reports in £, so only `GBP` is accepted.
    #[serde(default = "gbp")]
    pub currency: String,
    /// The table this one overlays, as `id@version` (`"unit-costs-open@2.0.0"`): a table of one's
    /// own that holds only the rows it changes. Each of its rows replaces every variant of the base
    /// row with the same id, whole; a row with a new id adds a row; the base's other rows stay. The
    /// base must be loaded first and be of the same kind, and a row replacing a base row must value
    /// the same unit ([`crate::Registry::add`] checks both and places the merged table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlays: Option<String>,
    /// Price year of the rows (proxy tables). An overlay without one takes its base's.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub price_year: Option<i32>,
    /// Year whose index is 100 (deflator series; informational).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
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
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub sha256: String,
    /// Set once an overlay (`overlays`) is placed in a registry: its base and which rows are its
    /// own; `rows` and `sources` then hold the merged table.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub overlay: Option<Overlay>,
}

/// How an overlay stands over its base in a registry: [`ProxyTable::rows`] holds the overlay's own
/// rows, then the base's rows it does not replace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overlay {
    /// The base table, `id@version`.
    pub base: String,
    /// The base table's content hash.
    pub base_sha256: String,
    /// The row ids the overlay gives (each replaces the base's row of that id, or adds one), sorted.
    pub own: Vec<String>,
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
        let mut table: ProxyTable = crate::error::read_toml(file, text)?;
        table.sha256 = content_hash(text);
        table.validate(file, Some(text))?;
        Ok(table)
    }

    /// Parses and validates a table from JSON text (the same fields as TOML).
    pub fn from_json_str(file: &str, text: &str) -> Result<Self> {
        // A byte-order mark (as Windows editors write) is no part of the JSON: accepted, as in TOML.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        crate::exact::check_json(file, text, false)?;
        let mut table: ProxyTable = crate::error::read_json(file, text, false)?;
        table.validate(file, None)?;
        table.sha256 = content_hash(text);
        Ok(table)
    }

    /// `id@version`.
    pub fn reference(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// The table a row of this table comes from, as `id@version`: this table's, or, for a row an
    /// overlay takes from its base, the base's.
    pub fn row_table(&self, row: &Row) -> String {
        match &self.overlay {
            Some(o) if o.own.binary_search(&row.id).is_err() => o.base.clone(),
            _ => self.reference(),
        }
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
}
