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
pub(crate) mod whole;

pub use ranges::{Distribution, RangeSpec, Settings};
pub(crate) use whole::Scenario;

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

use crate::adjust::Adjustments;

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
    /// use socval::scenario::OutcomeItem;
    /// use socval::Decimal;
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
    /// use socval::scenario::AvoidedItem;
    /// use socval::Decimal;
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
    /// use socval::scenario::CostItem;
    /// use socval::Decimal;
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
    /// let t = socval::scenario::TableRefs::new("wellbeing-open@2.0.0", "unit-costs-open@2.0.0", "gdp-deflator@1.0.0");
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
