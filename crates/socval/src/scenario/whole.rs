//! The scenario as a whole (`Scenario`, at the crate's root): its settings, items and costs,
//! read from TOML or JSON; its parts are the `scenario` module's.

use super::*;

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

impl Scenario {
    /// A scenario with only the fields a file must give (`name`, `families`, `price_year`,
    /// `tables`) and every other field at the format's default: no items, no costs, no
    /// adjustments, the SROI convention, region `all`, no method version (as if read from those four
    /// fields). Built without reading any text; set further fields on the result.
    ///
    /// ```
    /// use socval::scenario::TableRefs;
    /// use socval::Scenario;
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
        Self::from_json_picking(file, text, by_path, &mut |_| false).map(|(s, _)| s)
    }

    /// [`Scenario::from_json_str`] (or, with `by_path`, [`Scenario::from_json_data`]) that also
    /// returns the first JSON number of the text for which `pick` says yes, found in the same scan
    /// as the core's own check of the numbers (the JS API refuses numbers in decimal fields this
    /// way). The scenario's errors come first: the number is returned only with a good scenario.
    pub fn from_json_picking(
        file: &str,
        text: &str,
        by_path: bool,
        pick: &mut dyn FnMut(&crate::exact::JsonNumberAt<'_>) -> bool,
    ) -> Result<(Self, Option<crate::exact::JsonNumber>)> {
        // A byte-order mark (as Windows editors write) is no part of the JSON: accepted, as in TOML.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let picked = crate::exact::check_json_picking(file, text, by_path, pick)?;
        let s: Scenario = crate::error::read_json(file, text, by_path)?;
        s.check(file)?;
        Ok((s, picked))
    }

    /// The scenario as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The discount rate as a single figure (default 3.5 %): the flat rate under the SROI
    /// convention, and the first band's rate under the Green Book convention when the scenario
    /// sets none. [`crate::discount::Discounting`] gives each year's factor.
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
