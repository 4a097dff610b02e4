//! Scenarios (one programme's claim). Per-family records are read in `crate::records`.

use crate::adjust::Adjustment;
use crate::error::Result;
use crate::exact::de::{whole, whole_option};
use crate::levels::Level;
use crate::tables::{AgeBand, Region};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod check;
mod ranges;

pub use ranges::{Distribution, RangeSpec, Settings};

/// Largest cohort the engine accepts.
pub const MAX_FAMILIES: u32 = 10_000_000;
pub use crate::adjust::kind::MAX_DURATION;
/// Most items (outcomes and avoided costs together) a scenario may have.
pub const MAX_ITEMS: usize = 500;
/// Most programme costs a scenario may have.
pub const MAX_COSTS: usize = 500;
/// Most ranges a scenario may carry.
pub const MAX_RANGES: usize = 500;
/// Most item-years (each item's duration, summed) a scenario may ask for: with `MAX_ITEMS` and
/// `MAX_DURATION` this bounds the working's lines (and so the memory a valuation takes).
pub const MAX_ITEM_YEARS: u32 = 20_000;

/// Which year is discounted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DiscountConvention {
    /// SROI guide: year 1 is discounted once, `PV = Σ year_t ÷ (1 + r)^t` (the default).
    #[default]
    Sroi,
    /// Green Book "year 0": the first year is not discounted, `PV = Σ year_t ÷ (1 + r)^(t − 1)`.
    GreenBook,
}

impl DiscountConvention {
    /// `k` in `(1 + r)^(t − k)`.
    pub fn k(self) -> u32 {
        match self {
            DiscountConvention::Sroi => 0,
            DiscountConvention::GreenBook => 1,
        }
    }
}

/// The tables a scenario uses, each as `id@version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TableRefs {
    /// Wellbeing value table, e.g. `wellbeing-open@1.0.0`.
    pub wellbeing: String,
    /// Unit cost table, e.g. `unit-costs-open@1.0.0`.
    pub unit_costs: String,
    /// Deflator series, e.g. `gdp-deflator@1.0.0`.
    pub deflators: String,
    /// Real GDP per head series, e.g. `real-gdp-per-head@1.0.0`: needed only where a wellbeing row
    /// is uprated as HM Treasury uprates the WELLBY (`wellby_uprating = true` on the row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gdp_per_head: Option<String>,
    /// Optional pins: `id@version` → expected sha256; a table whose hash differs is refused.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sha256: BTreeMap<String, String>,
}

// `Adjustments` lives with the adjustments (`adjust.rs`); kept here at its old path.
pub use crate::adjust::Adjustments;

/// A wellbeing outcome claimed for some of the cohort's people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OutcomeItem {
    /// Item id, unique in the scenario (a records CSV names it as a column).
    pub id: String,
    /// Row id in the wellbeing table.
    pub proxy: String,
    /// Label shown in reports (defaults to the row's label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Number of people who achieved it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub people: Option<Decimal>,
    /// Share (0–1) of the cohort's people who achieved it (people = rate × families × people per family).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub rate: Option<Decimal>,
    /// Age band of those people.
    #[serde(default)]
    pub age_band: AgeBand,
    /// Region of those people (defaults to the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// First year the value falls in (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub start_year: Option<u32>,
    /// Adjustments for this item (override the scenario defaults).
    #[serde(flatten)]
    pub adjustments: Adjustments,
    /// True where the effect already comes from a comparison with a counterfactual (no deadweight then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_of_counterfactual: Option<bool>,
    /// Reason for deducting deadweight although the effect is net of the counterfactual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadweight_reason: Option<String>,
    /// Free text: evidence for the claim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

/// A change in life satisfaction the programme measured itself (HM Treasury's primary wellbeing
/// method): `(after − before − counterfactual change) × rescale × WELLBY × people`, spread over its
/// duration like any outcome. The change is already net of the counterfactual, so no deadweight is
/// deducted; attribution, displacement, drop-off and duration apply. A measured change covers every
/// wellbeing proxy for those people: proxy outcomes may only be claimed for other people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MeasuredItem {
    /// Item id, unique in the scenario.
    pub id: String,
    /// The wellbeing row giving £ per one point of life satisfaction (0–10) per person-year: the
    /// WELLBY (e.g. `wellby`).
    pub proxy: String,
    /// Label shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Number of people measured before and after (needed, or `rate`, unless the scores come from
    /// per-family records, which count the people measured).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub people: Option<Decimal>,
    /// Share (0–1) of the cohort's people measured.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub rate: Option<Decimal>,
    /// Lowest and highest score of the measure's scale (0 and 10 for the ONS question).
    #[serde(deserialize_with = "crate::exact::de::pair")]
    pub scale: [Decimal; 2],
    /// Mean score before (needed unless the scores come from per-family records).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub before: Option<Decimal>,
    /// Mean score after (needed unless the scores come from per-family records).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub after: Option<Decimal>,
    /// The change in mean score without the programme: a comparison group's change, or a stated
    /// counterfactual (0 if none is expected, but it must be stated).
    #[serde(deserialize_with = "crate::exact::de::decimal")]
    pub counterfactual_change: Decimal,
    /// For a measure that is not life satisfaction (e.g. SWEMWBS): life-satisfaction points per
    /// point of the measure, the user's assumption (marked as such in the working). Without it the
    /// measure is a life-satisfaction scale, rescaled to 0–10 by its number of levels (HM
    /// Treasury: × 11 ÷ levels).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub exchange_rate: Option<Decimal>,
    /// Region of those people (defaults to the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// First year the value falls in (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub start_year: Option<u32>,
    /// Adjustments (deadweight is refused: the counterfactual change is already deducted).
    #[serde(flatten)]
    pub adjustments: Adjustments,
    /// Free text: how and when it was measured.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

impl MeasuredItem {
    /// The change in life satisfaction on the 0–10 scale: `(after − before − counterfactual change)`
    /// × 11 ÷ levels (a life-satisfaction scale), or × the exchange rate (another measure). `None`
    /// on overflow, or when the mean scores are not given (the scores come from records).
    pub fn life_satisfaction_change(&self) -> Option<Decimal> {
        self.change_between(self.before?, self.after?)
    }

    /// The change in life satisfaction on the 0–10 scale for one person's scores before and after
    /// (per-family records), net of the stated counterfactual change. `None` on overflow.
    pub fn change_between(&self, before: Decimal, after: Decimal) -> Option<Decimal> {
        let change = after.checked_sub(before)?.checked_sub(self.counterfactual_change)?;
        match self.exchange_rate {
            Some(x) => change.checked_mul(x),
            None => {
                let levels = self.scale[1].checked_sub(self.scale[0])?.checked_add(Decimal::ONE)?;
                change.checked_mul(Decimal::from(11))?.checked_div(levels)
            }
        }
    }
}

/// Public-service events avoided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AvoidedItem {
    /// Item id, unique in the scenario (a records CSV names it as a column).
    pub id: String,
    /// Row id in the unit cost table.
    pub proxy: String,
    /// Label shown in reports (defaults to the row's label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Events avoided, entered directly (for a per-year cost: units avoided each year, e.g. children not in care).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub count: Option<Decimal>,
    /// Events per family expected without the programme (0–1); with `observed_rate`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub counterfactual_rate: Option<Decimal>,
    /// Events per family observed with the programme (0–1); with `counterfactual_rate`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub observed_rate: Option<Decimal>,
    /// Year a one-off cost would have fallen in, or the first year of a recurring one (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub year: Option<u32>,
    /// Units of the cost avoided per avoided event (e.g. legally aided parties per set of
    /// proceedings), overriding the row's `units_per_event`; default the row's, else 1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub units_per_event: Option<Decimal>,
    /// Adjustments for this item (override the scenario defaults); duration only for per-year costs.
    #[serde(flatten)]
    pub adjustments: Adjustments,
    /// True where the count already comes from a comparison with a counterfactual (implied by rates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_of_counterfactual: Option<bool>,
    /// Reason for deducting deadweight although the count is net of the counterfactual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadweight_reason: Option<String>,
    /// Free text: evidence for the claim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

/// The programme's cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CostItem {
    /// What it pays for.
    pub label: String,
    /// Amount, £ in `price_year` prices.
    #[serde(deserialize_with = "crate::exact::de::decimal")]
    pub amount: Decimal,
    /// Year it is paid in: 0 (the default) is up front and never discounted; a year t > 0 is
    /// discounted like a benefit in year t.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub year: Option<u32>,
    /// Price year of the amount (default: the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub price_year: Option<i32>,
    /// Where the figure comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl OutcomeItem {
    /// A new outcome: row `proxy` of the wellbeing table, claimed for share `rate` of the
    /// cohort's people, with every other field at the scenario format's default (as if read
    /// from `{id, proxy, rate}`).
    ///
    /// ```
    /// use socval::{Decimal, OutcomeItem};
    /// let o = OutcomeItem::with_rate("confidence", "high-confidence", Decimal::new(5, 1));
    /// assert_eq!(o.rate, Some(Decimal::new(5, 1)));
    /// assert_eq!(o.people, None);
    /// ```
    pub fn with_rate(id: &str, proxy: &str, rate: Decimal) -> Self {
        OutcomeItem {
            id: id.to_string(),
            proxy: proxy.to_string(),
            label: None,
            people: None,
            rate: Some(rate),
            age_band: AgeBand::default(),
            region: None,
            start_year: None,
            adjustments: Adjustments::default(),
            net_of_counterfactual: None,
            deadweight_reason: None,
            evidence: String::new(),
        }
    }
}

impl AvoidedItem {
    /// A new avoided item: `count` events priced at row `proxy` of the unit-cost table, every
    /// other field at the scenario format's default (as if read from `{id, proxy, count}`).
    ///
    /// ```
    /// use socval::{AvoidedItem, Decimal};
    /// let a = AvoidedItem::with_count("proceedings", "care-proceedings-la", Decimal::ONE);
    /// assert_eq!(a.count, Some(Decimal::ONE));
    /// ```
    pub fn with_count(id: &str, proxy: &str, count: Decimal) -> Self {
        AvoidedItem {
            id: id.to_string(),
            proxy: proxy.to_string(),
            label: None,
            count: Some(count),
            counterfactual_rate: None,
            observed_rate: None,
            year: None,
            units_per_event: None,
            adjustments: Adjustments::default(),
            net_of_counterfactual: None,
            deadweight_reason: None,
            evidence: String::new(),
        }
    }
}

impl CostItem {
    /// A cost of `amount`, paid up front in the scenario's price year, with no source yet (as if
    /// read from `{label, amount}`).
    ///
    /// ```
    /// use socval::{CostItem, Decimal};
    /// let c = CostItem::new("Further cost", Decimal::ZERO);
    /// assert_eq!((c.year, c.price_year), (None, None));
    /// ```
    pub fn new(label: &str, amount: Decimal) -> Self {
        CostItem {
            label: label.to_string(),
            amount,
            year: None,
            price_year: None,
            source: String::new(),
        }
    }
}

/// One programme's claim: cohort, outcomes, avoided events, adjustments, cost and settings.
///
/// ```
/// let text = r#"
/// name = "Example"
/// families = 10
/// price_year = 2019
/// [tables]
/// wellbeing = "wellbeing-open@1.0.0"
/// unit_costs = "unit-costs-open@1.0.0"
/// deflators = "gdp-deflator@1.0.0"
/// [[outcomes]]
/// id = "confidence"
/// proxy = "high-confidence"
/// rate = "0.5"
/// deadweight = "0.2"
/// "#;
/// let s = socval::Scenario::from_toml_str("example.toml", text).unwrap();
/// assert_eq!(s.families, 10);
/// assert_eq!(s.outcomes[0].proxy, "high-confidence");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// What the programme does and where the figures come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Number of families in the cohort.
    #[serde(deserialize_with = "whole")]
    pub families: u32,
    /// People per family for whom outcomes are claimed, for rates (default 1: the parent).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub people_per_family: Option<Decimal>,
    /// Price year of the results.
    #[serde(deserialize_with = "whole")]
    pub price_year: i32,
    /// A flat discount rate per year for everything but wellbeing values (and for wellbeing values
    /// too under the SROI convention, unless `wellbeing_discount_rate` is set). Unset: 3.5 % under
    /// the SROI convention, HM Treasury's standard schedule (3.5 % for years 0–30, 3.0 % for
    /// 31–75, …) under the Green Book convention.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub discount_rate: Option<Decimal>,
    /// A flat discount rate per year for wellbeing values. Unset: `discount_rate` under the SROI
    /// convention, HM Treasury's health schedule (1.5 % for years 0–30, 1.29 % for 31–75, …) under
    /// the Green Book convention.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub wellbeing_discount_rate: Option<Decimal>,
    /// The version of socval's method the scenario was last saved under (see
    /// [`crate::METHOD_VERSION`]); absent in files made before versions were recorded, which count
    /// as version 1. A scenario made under an older method is valued under the current one, with a
    /// warning for each change that moves its figures.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub method: Option<u32>,
    /// Discounting convention (default `sroi`).
    #[serde(default)]
    pub discount_convention: DiscountConvention,
    /// Region of the cohort (default `all`).
    #[serde(default)]
    pub region: Region,
    /// Show a labelled combined total of social value and fiscal savings.
    #[serde(default)]
    pub combined_total: bool,
    /// Optimism-bias haircut (0–1) by confidence grade ("1", "2", "3"), shown as its own line.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::exact::de::map"
    )]
    pub optimism_bias: BTreeMap<String, Decimal>,
    /// Tables used.
    pub tables: TableRefs,
    /// Default adjustments for items that set none.
    #[serde(default)]
    pub defaults: Adjustments,
    /// Programme costs.
    #[serde(default)]
    pub costs: Vec<CostItem>,
    /// Wellbeing outcomes.
    #[serde(default)]
    pub outcomes: Vec<OutcomeItem>,
    /// Avoided public costs.
    #[serde(default)]
    pub avoided: Vec<AvoidedItem>,
    /// Changes in life satisfaction the programme measured itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measured: Vec<MeasuredItem>,
    /// How the result compares with a published figure, and why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Ranges on assumptions, for the uncertainty analysis (see [`crate::uncertainty`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<RangeSpec>,
    /// Settings of the uncertainty analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Settings>,
    /// How a records CSV from a case-management export is read: its delimiter and which of its
    /// headers name socval's columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<RecordsFormat>,
    /// The weakest evidence status valued (`primary`, `secondary`, `derived` or `assumption`,
    /// strongest first): items resting on weaker rows are left out, and the valuation says which
    /// (see [`mod@crate::evidence`]). Unset: every row is valued.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::evidence::option_status"
    )]
    pub min_evidence: Option<crate::tables::EvidenceStatus>,
}

/// How to read a records CSV exported by another system (`[records]` in a scenario, or the CLI's
/// `--delimiter` and `--column`).
///
/// ```toml
/// [records]
/// delimiter = ";"
/// columns = { "Case ref" = "family_id", "Confident?" = "confidence" }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordsFormat {
    /// The delimiter: `,`, `;`, a tab (`"\t"`) or `|`. When not given, it is found from the header
    /// line (a `;` or tab-separated header with no comma is read as such).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The file's header → socval's column name (`family_id`, `members`, `region` or an item id).
    /// Headers `Family ID`, `family-id` and the like are recognised without it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
}

impl RecordsFormat {
    /// The delimiter as a byte, or an error message naming what is allowed.
    pub fn delimiter_byte(&self) -> std::result::Result<Option<u8>, String> {
        match self.delimiter.as_deref() {
            None => Ok(None),
            Some(",") => Ok(Some(b',')),
            Some(";") => Ok(Some(b';')),
            Some("\t") | Some("\\t") | Some("tab") => Ok(Some(b'\t')),
            Some("|") => Ok(Some(b'|')),
            Some(d) => Err(format!(
                "delimiter {:?} is not one socval reads: use \",\", \";\", \"|\" or a tab (\"\\t\")",
                d.chars().take(10).collect::<String>()
            )),
        }
    }
}

impl TableRefs {
    /// The three tables every scenario names, each `id@version`; no GDP series and no pinned
    /// hashes (as if read from `{wellbeing, unit_costs, deflators}`).
    ///
    /// ```
    /// let t = socval::TableRefs::new("wellbeing-open@2.0.0", "unit-costs-open@2.0.0", "gdp-deflator@1.0.0");
    /// assert_eq!((t.gdp_per_head, t.sha256.len()), (None, 0));
    /// ```
    pub fn new(wellbeing: &str, unit_costs: &str, deflators: &str) -> Self {
        TableRefs {
            wellbeing: wellbeing.to_string(),
            unit_costs: unit_costs.to_string(),
            deflators: deflators.to_string(),
            gdp_per_head: None,
            sha256: BTreeMap::new(),
        }
    }
}

impl Scenario {
    /// A scenario with only the fields a file must give (`name`, `families`, `price_year`,
    /// `tables`) and every other field at the format's default: no items, no costs, no
    /// adjustments, the SROI convention, region `all`, no method version (as if read from those four
    /// fields). Built without reading any text; set further fields on the result.
    ///
    /// ```
    /// use socval::{Scenario, TableRefs};
    /// let tables = TableRefs::new("wellbeing-open@2.0.0", "unit-costs-open@2.0.0", "gdp-deflator@1.0.0");
    /// let s = Scenario::new("New programme", 10, 2024, tables);
    /// let read = Scenario::from_json_str(
    ///     "new.json",
    ///     r#"{"name": "New programme", "families": 10, "price_year": 2024,
    ///         "tables": {"wellbeing": "wellbeing-open@2.0.0", "unit_costs": "unit-costs-open@2.0.0",
    ///                    "deflators": "gdp-deflator@1.0.0"}}"#,
    /// )
    /// .unwrap();
    /// assert_eq!(s, read);
    /// ```
    pub fn new(name: &str, families: u32, price_year: i32, tables: TableRefs) -> Self {
        Scenario {
            name: name.to_string(),
            description: String::new(),
            families,
            people_per_family: None,
            price_year,
            discount_rate: None,
            wellbeing_discount_rate: None,
            method: None,
            discount_convention: DiscountConvention::default(),
            region: Region::default(),
            combined_total: false,
            optimism_bias: BTreeMap::new(),
            tables,
            defaults: Adjustments::default(),
            costs: Vec::new(),
            outcomes: Vec::new(),
            avoided: Vec::new(),
            measured: Vec::new(),
            notes: String::new(),
            ranges: Vec::new(),
            uncertainty: None,
            records: None,
            min_evidence: None,
        }
    }

    /// Parses and checks a scenario from TOML. `file` names the input in errors.
    pub fn from_toml_str(file: &str, text: &str) -> Result<Self> {
        crate::exact::check_toml(file, text)?;
        let s: Scenario = crate::error::read_toml(file, text)?;
        s.check(file)?;
        Ok(s)
    }

    /// Parses and checks a scenario from JSON.
    pub fn from_json_str(file: &str, text: &str) -> Result<Self> {
        Self::from_json(file, text, false)
    }

    /// [`Scenario::from_json_str`] for JSON serialized from data (a JS object given to the JS API):
    /// an error names the path to the value (`Location::Path`, `outcomes[2].deadweight`).
    pub fn from_json_data(file: &str, text: &str) -> Result<Self> {
        Self::from_json(file, text, true)
    }

    fn from_json(file: &str, text: &str, by_path: bool) -> Result<Self> {
        // A byte-order mark (as Windows editors write) is no part of the JSON: accepted, as in TOML.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        crate::exact::check_json(file, text, by_path)?;
        let s: Scenario = crate::error::read_json(file, text, by_path)?;
        s.check(file)?;
        Ok(s)
    }

    /// The scenario as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The discount rate as a single figure (default 3.5 %): the flat rate under the SROI
    /// convention, and the first band's rate under the Green Book convention when the scenario
    /// sets none. [`crate::Discounting`] gives each year's factor.
    pub fn discount_rate(&self) -> Decimal {
        self.discount_rate.unwrap_or(Decimal::new(35, 3))
    }

    /// People per family (default 1).
    pub fn people_per_family(&self) -> Decimal {
        self.people_per_family.unwrap_or(Decimal::ONE)
    }

    /// The levels a scenario chooses (its defaults', then its items'), each once, in that order.
    pub fn chosen_levels(&self) -> Vec<&'static Level> {
        let mut out: Vec<&'static Level> = Vec::new();
        let all = std::iter::once(&self.defaults)
            .chain(self.outcomes.iter().map(|o| &o.adjustments))
            .chain(self.avoided.iter().map(|a| &a.adjustments));
        for a in all {
            for adj in Adjustment::ALL {
                if let Some(l) = adj.level(a).filter(|l| !out.contains(l)) {
                    out.push(l);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constructors give what the scenario format reads from the same few fields, every
    /// other field at its default.
    #[test]
    fn new_items_are_the_items_read_from_their_fields() {
        let o: OutcomeItem = serde_json::from_str(r#"{"id":"a","proxy":"p","rate":"0.5"}"#).unwrap();
        assert_eq!(OutcomeItem::with_rate("a", "p", Decimal::new(5, 1)), o);
        let a: AvoidedItem = serde_json::from_str(r#"{"id":"b","proxy":"q","count":"1"}"#).unwrap();
        assert_eq!(AvoidedItem::with_count("b", "q", Decimal::ONE), a);
        let c: CostItem = serde_json::from_str(r#"{"label":"Further cost","amount":"0"}"#).unwrap();
        assert_eq!(CostItem::new("Further cost", Decimal::ZERO), c);
    }

    /// A distribution's key is its name in the scenario format, both ways.
    #[test]
    fn distribution_keys_are_the_format_names() {
        for d in Distribution::ALL {
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{}\"", d.key()));
            assert_eq!(
                serde_json::from_str::<Distribution>(&format!("\"{}\"", d.key())).unwrap(),
                d
            );
            assert_eq!(Distribution::parse(d.key()), Some(d));
        }
    }
}
