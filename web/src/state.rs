//! The page's one reducer: the scenario being edited, the last valid valuation, the text of
//! fields being typed and their errors. Every calculation is the core's (`socval::evaluate`);
//! this module only applies edits to the scenario and keeps what was last valid.

use std::collections::BTreeMap;
use std::rc::Rc;

use socval::uncertainty::{self, Distribution, RangeSpec, RangeTarget, Settings, TargetInfo, Unit};
use socval::{
    AvoidedItem, Comparison, CostItem, Decimal, DiscountConvention, OutcomeItem, Records, Registry, Scenario,
    TableKind, Valuation,
};
use yew::Reducible;

use crate::format;

/// The name a scenario typed on the page has in error messages.
pub const PAGE_FILE: &str = "scenario";

/// An adjustment of an item or of the scenario's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Adj {
    Deadweight,
    Attribution,
    Displacement,
    DropOff,
    Duration,
}

impl Adj {
    pub const ALL: [Adj; 5] = [
        Adj::Deadweight,
        Adj::Attribution,
        Adj::Displacement,
        Adj::DropOff,
        Adj::Duration,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Adj::Deadweight => "Deadweight",
            Adj::Attribution => "Attribution",
            Adj::Displacement => "Displacement",
            Adj::DropOff => "Drop-off per year",
            Adj::Duration => "Duration (years)",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Adj::Deadweight => "deadweight",
            Adj::Attribution => "attribution",
            Adj::Displacement => "displacement",
            Adj::DropOff => "drop-off",
            Adj::Duration => "duration",
        }
    }
}

/// A field of the scenario that the page edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Families,
    PeoplePerFamily,
    PriceYear,
    DiscountRate,
    /// The flat discount rate of wellbeing values (empty: the discount rate, or under the Green
    /// Book convention the health schedule).
    WellbeingDiscountRate,
    Convention,
    Region,
    CombinedTotal,
    Table(TableKind),
    Default(Adj),
    OutcomeRate(usize),
    OutcomePeople(usize),
    OutcomeAdj(usize, Adj),
    AvoidedCount(usize),
    AvoidedCf(usize),
    AvoidedObs(usize),
    AvoidedAdj(usize, Adj),
    CostLabel(usize),
    CostAmount(usize),
    /// The year a cost is paid (0 = up front).
    CostYear(usize),
    /// The price year of a cost's amount.
    CostPriceYear(usize),
    /// The low end of the scenario's n-th range (0-based), in the target's units.
    RangeLow(usize),
    RangeHigh(usize),
    RangeDistribution(usize),
    /// The "Add a range" control (its errors only).
    NewRange,
    /// Monte Carlo settings of the scenario (`[uncertainty]`).
    Seed,
    Draws,
    TableRanges,
}

/// How a field's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A share 0–1, typed as a percentage 0–100.
    Percent,
    /// A decimal number (people, events, money).
    Number,
    /// A whole number.
    Whole,
    /// Free text.
    Text,
}

impl Field {
    /// A stable id for the field's input (also its test id).
    pub fn key(self) -> String {
        match self {
            Field::Name => "name".into(),
            Field::Families => "families".into(),
            Field::PeoplePerFamily => "people-per-family".into(),
            Field::PriceYear => "price-year".into(),
            Field::DiscountRate => "discount-rate".into(),
            Field::WellbeingDiscountRate => "wellbeing-discount-rate".into(),
            Field::Convention => "discount-convention".into(),
            Field::Region => "region".into(),
            Field::CombinedTotal => "combined-total".into(),
            Field::Table(k) => format!("table-{k}"),
            Field::Default(a) => format!("default-{}", a.key()),
            Field::OutcomeRate(i) => format!("outcome-{i}-rate"),
            Field::OutcomePeople(i) => format!("outcome-{i}-people"),
            Field::OutcomeAdj(i, a) => format!("outcome-{i}-{}", a.key()),
            Field::AvoidedCount(i) => format!("avoided-{i}-count"),
            Field::AvoidedCf(i) => format!("avoided-{i}-counterfactual-rate"),
            Field::AvoidedObs(i) => format!("avoided-{i}-observed-rate"),
            Field::AvoidedAdj(i, a) => format!("avoided-{i}-{}", a.key()),
            Field::CostLabel(i) => format!("cost-{i}-label"),
            Field::CostAmount(i) => format!("cost-{i}-amount"),
            Field::CostYear(i) => format!("cost-{i}-year"),
            Field::CostPriceYear(i) => format!("cost-{i}-price-year"),
            Field::RangeLow(i) => format!("range-{i}-low"),
            Field::RangeHigh(i) => format!("range-{i}-high"),
            Field::RangeDistribution(i) => format!("range-{i}-distribution"),
            Field::NewRange => "add-range".into(),
            Field::Seed => "mc-seed".into(),
            Field::Draws => "mc-draws".into(),
            Field::TableRanges => "table-ranges".into(),
        }
    }

    /// Whether the field belongs to the uncertainty analysis (ranges and settings): it never
    /// changes the deterministic figures.
    pub fn is_uncertainty(self) -> bool {
        matches!(
            self,
            Field::RangeLow(_)
                | Field::RangeHigh(_)
                | Field::RangeDistribution(_)
                | Field::NewRange
                | Field::Seed
                | Field::Draws
                | Field::TableRanges
        )
    }

    pub fn kind(self) -> Kind {
        match self {
            Field::Name
            | Field::Convention
            | Field::Region
            | Field::CombinedTotal
            | Field::Table(_)
            | Field::CostLabel(_)
            | Field::RangeDistribution(_)
            | Field::NewRange
            | Field::TableRanges => Kind::Text,
            Field::Families
            | Field::PriceYear
            | Field::Seed
            | Field::Draws
            | Field::CostYear(_)
            | Field::CostPriceYear(_) => Kind::Whole,
            // In the target's units: see `range_unit`.
            Field::RangeLow(_) | Field::RangeHigh(_) => Kind::Number,
            Field::Default(Adj::Duration)
            | Field::OutcomeAdj(_, Adj::Duration)
            | Field::AvoidedAdj(_, Adj::Duration) => Kind::Whole,
            Field::DiscountRate
            | Field::WellbeingDiscountRate
            | Field::Default(_)
            | Field::OutcomeRate(_)
            | Field::OutcomeAdj(..)
            | Field::AvoidedCf(_)
            | Field::AvoidedObs(_)
            | Field::AvoidedAdj(..) => Kind::Percent,
            Field::PeoplePerFamily | Field::OutcomePeople(_) | Field::AvoidedCount(_) | Field::CostAmount(_) => {
                Kind::Number
            }
        }
    }
}

fn adj_slot(a: &mut socval::scenario::Adjustments, adj: Adj) -> AdjSlot<'_> {
    match adj {
        Adj::Deadweight => AdjSlot::Share(&mut a.deadweight),
        Adj::Attribution => AdjSlot::Share(&mut a.attribution),
        Adj::Displacement => AdjSlot::Share(&mut a.displacement),
        Adj::DropOff => AdjSlot::Share(&mut a.drop_off),
        Adj::Duration => AdjSlot::Years(&mut a.duration),
    }
}

enum AdjSlot<'a> {
    Share(&'a mut Option<Decimal>),
    Years(&'a mut Option<u32>),
}

fn adj_get(a: &socval::scenario::Adjustments, adj: Adj) -> String {
    match adj {
        Adj::Deadweight => a.deadweight.map(format::percent),
        Adj::Attribution => a.attribution.map(format::percent),
        Adj::Displacement => a.displacement.map(format::percent),
        Adj::DropOff => a.drop_off.map(format::percent),
        Adj::Duration => a.duration.map(|d| d.to_string()),
    }
    .unwrap_or_default()
}

fn parse_decimal(raw: &str) -> Result<Decimal, String> {
    let t = raw.trim().replace([',', '£'], "");
    t.parse::<Decimal>().map_err(|_| format!("{raw:?} is not a number"))
}

fn parse_percent(raw: &str) -> Result<Decimal, String> {
    let t = raw.trim().trim_end_matches('%');
    let d = parse_decimal(t)?;
    if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
        return Err(format!("{} % is outside 0–100 %", raw.trim()));
    }
    Ok(d / Decimal::ONE_HUNDRED)
}

fn parse_whole(raw: &str) -> Result<u32, String> {
    raw.trim()
        .parse::<u32>()
        .map_err(|_| format!("{raw:?} is not a whole number"))
}

fn opt<T>(raw: &str, f: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        f(raw).map(Some)
    }
}

fn missing(what: &str) -> String {
    format!("the scenario has no {what}")
}

/// The field's value as the page shows it (percentages for shares).
pub fn field_text(s: &Scenario, f: Field) -> String {
    let pct = |d: Option<Decimal>| d.map(format::percent).unwrap_or_default();
    let num = |d: Option<Decimal>| d.map(format::plain).unwrap_or_default();
    match f {
        Field::Name => s.name.clone(),
        Field::Families => s.families.to_string(),
        Field::PeoplePerFamily => num(s.people_per_family),
        Field::PriceYear => s.price_year.to_string(),
        // Under the Green Book convention an unset rate means HM Treasury's schedule: show nothing.
        Field::DiscountRate => match (s.discount_rate, s.discount_convention) {
            (None, DiscountConvention::GreenBook) => String::new(),
            _ => format::percent(s.discount_rate()),
        },
        Field::WellbeingDiscountRate => pct(s.wellbeing_discount_rate),
        Field::Convention => match s.discount_convention {
            DiscountConvention::Sroi => "sroi".into(),
            DiscountConvention::GreenBook => "green-book".into(),
        },
        Field::Region => s.region.as_str().to_string(),
        Field::CombinedTotal => s.combined_total.to_string(),
        Field::Table(TableKind::Wellbeing) => s.tables.wellbeing.clone(),
        Field::Table(TableKind::UnitCost) => s.tables.unit_costs.clone(),
        Field::Table(TableKind::Deflator) => s.tables.deflators.clone(),
        Field::Table(TableKind::GdpPerHead) => s.tables.gdp_per_head.clone().unwrap_or_default(),
        Field::Default(a) => adj_get(&s.defaults, a),
        Field::OutcomeRate(i) => pct(s.outcomes.get(i).and_then(|o| o.rate)),
        Field::OutcomePeople(i) => num(s.outcomes.get(i).and_then(|o| o.people)),
        Field::OutcomeAdj(i, a) => s
            .outcomes
            .get(i)
            .map(|o| adj_get(&o.adjustments, a))
            .unwrap_or_default(),
        Field::AvoidedCount(i) => num(s.avoided.get(i).and_then(|o| o.count)),
        Field::AvoidedCf(i) => pct(s.avoided.get(i).and_then(|o| o.counterfactual_rate)),
        Field::AvoidedObs(i) => pct(s.avoided.get(i).and_then(|o| o.observed_rate)),
        Field::AvoidedAdj(i, a) => s.avoided.get(i).map(|o| adj_get(&o.adjustments, a)).unwrap_or_default(),
        Field::CostLabel(i) => s.costs.get(i).map(|c| c.label.clone()).unwrap_or_default(),
        Field::CostAmount(i) => s.costs.get(i).map(|c| format::plain(c.amount)).unwrap_or_default(),
        Field::CostYear(i) => s
            .costs
            .get(i)
            .and_then(|c| c.year)
            .map(|y| y.to_string())
            .unwrap_or_default(),
        Field::CostPriceYear(i) => s
            .costs
            .get(i)
            .and_then(|c| c.price_year)
            .map(|y| y.to_string())
            .unwrap_or_default(),
        Field::RangeLow(i) | Field::RangeHigh(i) => s
            .ranges
            .get(i)
            .and_then(|r| {
                let v = if matches!(f, Field::RangeLow(_)) { r.low } else { r.high };
                v.map(|v| range_shown(range_unit(&r.target), v))
            })
            .unwrap_or_default(),
        Field::RangeDistribution(i) => s
            .ranges
            .get(i)
            .map(|r| distribution_key(r.distribution).to_string())
            .unwrap_or_default(),
        Field::NewRange => String::new(),
        Field::Seed => s
            .uncertainty
            .as_ref()
            .and_then(|u| u.seed)
            .map(|x| x.to_string())
            .unwrap_or_default(),
        Field::Draws => s
            .uncertainty
            .as_ref()
            .and_then(|u| u.draws)
            .map(|x| x.to_string())
            .unwrap_or_default(),
        Field::TableRanges => s
            .uncertainty
            .as_ref()
            .and_then(|u| u.table_ranges)
            .unwrap_or(true)
            .to_string(),
    }
}

/// Applies the text typed into a field to a scenario. Errors say what is wrong with the text;
/// the core then checks the scenario as a whole.
pub fn apply(s: &mut Scenario, f: Field, raw: &str) -> Result<(), String> {
    let set_adj = |a: &mut socval::scenario::Adjustments, adj: Adj| -> Result<(), String> {
        match adj_slot(a, adj) {
            AdjSlot::Share(slot) => *slot = opt(raw, parse_percent)?,
            AdjSlot::Years(slot) => *slot = opt(raw, parse_whole)?,
        }
        Ok(())
    };
    match f {
        Field::Name => s.name = raw.to_string(),
        Field::Families => s.families = parse_whole(raw)?,
        Field::PeoplePerFamily => s.people_per_family = opt(raw, parse_decimal)?,
        Field::PriceYear => s.price_year = raw.trim().parse().map_err(|_| format!("{raw:?} is not a year"))?,
        Field::DiscountRate => s.discount_rate = opt(raw, parse_percent)?,
        Field::WellbeingDiscountRate => s.wellbeing_discount_rate = opt(raw, parse_percent)?,
        Field::Convention => {
            s.discount_convention = match raw {
                "green-book" => DiscountConvention::GreenBook,
                _ => DiscountConvention::Sroi,
            }
        }
        Field::Region => s.region = socval::Region::parse(raw).ok_or_else(|| format!("{raw:?} is not a region"))?,
        Field::CombinedTotal => s.combined_total = raw == "true",
        Field::Table(TableKind::Wellbeing) => s.tables.wellbeing = raw.to_string(),
        Field::Table(TableKind::UnitCost) => s.tables.unit_costs = raw.to_string(),
        Field::Table(TableKind::Deflator) => s.tables.deflators = raw.to_string(),
        Field::Table(TableKind::GdpPerHead) => {
            s.tables.gdp_per_head = (!raw.trim().is_empty()).then(|| raw.trim().to_string())
        }
        Field::Default(a) => set_adj(&mut s.defaults, a)?,
        Field::OutcomeRate(i) => {
            let o = s.outcomes.get_mut(i).ok_or_else(|| missing("such outcome"))?;
            o.rate = opt(raw, parse_percent)?;
            if o.rate.is_some() {
                o.people = None;
            }
        }
        Field::OutcomePeople(i) => {
            let o = s.outcomes.get_mut(i).ok_or_else(|| missing("such outcome"))?;
            o.people = opt(raw, parse_decimal)?;
            if o.people.is_some() {
                o.rate = None;
            }
        }
        Field::OutcomeAdj(i, a) => set_adj(
            &mut s
                .outcomes
                .get_mut(i)
                .ok_or_else(|| missing("such outcome"))?
                .adjustments,
            a,
        )?,
        Field::AvoidedCount(i) => {
            let o = s.avoided.get_mut(i).ok_or_else(|| missing("such avoided cost"))?;
            o.count = opt(raw, parse_decimal)?;
            if o.count.is_some() {
                o.counterfactual_rate = None;
                o.observed_rate = None;
            }
        }
        Field::AvoidedCf(i) => {
            let o = s.avoided.get_mut(i).ok_or_else(|| missing("such avoided cost"))?;
            o.counterfactual_rate = opt(raw, parse_percent)?;
            o.count = None;
        }
        Field::AvoidedObs(i) => {
            let o = s.avoided.get_mut(i).ok_or_else(|| missing("such avoided cost"))?;
            o.observed_rate = opt(raw, parse_percent)?;
            o.count = None;
        }
        Field::AvoidedAdj(i, a) => set_adj(
            &mut s
                .avoided
                .get_mut(i)
                .ok_or_else(|| missing("such avoided cost"))?
                .adjustments,
            a,
        )?,
        Field::CostLabel(i) => s.costs.get_mut(i).ok_or_else(|| missing("such cost"))?.label = raw.to_string(),
        Field::CostAmount(i) => s.costs.get_mut(i).ok_or_else(|| missing("such cost"))?.amount = parse_decimal(raw)?,
        Field::CostYear(i) => s.costs.get_mut(i).ok_or_else(|| missing("such cost"))?.year = opt(raw, parse_whole)?,
        Field::CostPriceYear(i) => {
            s.costs.get_mut(i).ok_or_else(|| missing("such cost"))?.price_year = opt(raw, |t| {
                t.trim().parse::<i32>().map_err(|_| format!("{t:?} is not a year"))
            })?
        }
        Field::RangeLow(i) | Field::RangeHigh(i) => {
            let r = s.ranges.get_mut(i).ok_or_else(|| missing("such range"))?;
            let v = opt(raw, |t| parse_range_value(&r.target, t))?;
            if matches!(f, Field::RangeLow(_)) {
                r.low = v;
            } else {
                r.high = v;
            }
        }
        Field::RangeDistribution(i) => {
            s.ranges.get_mut(i).ok_or_else(|| missing("such range"))?.distribution = parse_distribution(raw)?
        }
        Field::NewRange => {}
        Field::Seed | Field::Draws | Field::TableRanges => {
            let mut u = s.uncertainty.take().unwrap_or_default();
            match f {
                Field::Seed => {
                    u.seed = opt(raw, |t| {
                        t.trim()
                            .parse::<u64>()
                            .map_err(|_| format!("{t:?} is not a whole number"))
                    })?
                }
                Field::Draws => u.draws = opt(raw, parse_whole)?,
                _ => u.table_ranges = (raw != "true").then_some(false),
            }
            s.uncertainty = (u != Settings::default()).then_some(u);
        }
    }
    Ok(())
}

// --- Ranges: what the page offers and shows. The core resolves every target, its label and
// its current value (`socval::uncertainty::assumptions`); the page only proposes a range.

/// The distributions a range can have, with their names in the scenario format.
pub const DISTRIBUTIONS: [(Distribution, &str, &str); 4] = [
    (Distribution::Fixed, "fixed", "Fixed (tornado only)"),
    (Distribution::Uniform, "uniform", "Uniform"),
    (Distribution::Triangular, "triangular", "Triangular"),
    (Distribution::Pert, "pert", "PERT"),
];

pub fn distribution_key(d: Distribution) -> &'static str {
    DISTRIBUTIONS
        .iter()
        .find(|(x, ..)| *x == d)
        .map(|(_, k, _)| *k)
        .unwrap_or("triangular")
}

fn parse_distribution(raw: &str) -> Result<Distribution, String> {
    DISTRIBUTIONS
        .iter()
        .find(|(_, k, _)| *k == raw)
        .map(|(d, ..)| *d)
        .ok_or_else(|| format!("{raw:?} is not a distribution (fixed, uniform, triangular, pert)"))
}

/// The unit a range's ends are typed in, from the core's target language (shares and rates
/// as percentages).
pub fn range_unit(target: &str) -> Unit {
    RangeTarget::parse(target).map(|t| t.unit()).unwrap_or(Unit::Count)
}

/// A range end as the page shows it (shares as percentages).
pub fn range_shown(unit: Unit, v: Decimal) -> String {
    if unit.is_percent() {
        format::percent(v)
    } else {
        format::plain(v)
    }
}

/// Reads a range end typed in the target's units. The core checks the value itself (a share
/// in 0–1, a duration in years, low ≤ central ≤ high) and names the field when it is wrong.
fn parse_range_value(target: &str, raw: &str) -> Result<Decimal, String> {
    if range_unit(target).is_percent() {
        Ok(parse_decimal(raw.trim().trim_end_matches('%'))? / Decimal::ONE_HUNDRED)
    } else {
        parse_decimal(raw)
    }
}

/// The core's label, unit, current value and items of a target.
pub fn describe(s: &Scenario, records: Option<&Records>, target: &str) -> Option<TargetInfo> {
    uncertainty::describe(s, records, registry(), target).ok()
}

/// Every target of the scenario the core accepts a range on and that carries no range yet.
pub fn range_targets(s: &Scenario, records: Option<&Records>) -> Vec<TargetInfo> {
    uncertainty::targets(s, records, registry())
        .into_iter()
        .filter(|t| t.ranged.is_none())
        .collect()
}

/// A range to start from for a target: the core's proposal (the table's low and high for a
/// proxy that has them, otherwise ±50 % around the current value, within the target's domain).
pub fn proposed_range(s: &Scenario, records: Option<&Records>, target: &str) -> Result<RangeSpec, String> {
    let t = uncertainty::describe(s, records, registry(), target).map_err(|e| e.to_string())?;
    Ok(RangeSpec {
        target: target.to_string(),
        low: Some(t.proposed.0),
        high: Some(t.proposed.1),
        distribution: Distribution::default(),
        note: String::new(),
    })
}

/// What is wrong with the scenario's ranges, as the core says it, all at once: by row, and for
/// the `[uncertainty]` settings (and the tables' ranges).
pub fn range_problems(s: &Scenario, records: Option<&Records>) -> (Vec<Option<String>>, Option<String>) {
    let mut rows: Vec<Option<String>> = vec![None; s.ranges.len()];
    let mut general: Option<String> = None;
    for e in uncertainty::check_ranges(s, records, registry()) {
        match e.index.and_then(|i| rows.get_mut(i)) {
            Some(slot) => {
                slot.get_or_insert_with(|| e.to_string());
            }
            None => {
                general.get_or_insert_with(|| e.to_string());
            }
        }
    }
    (rows, general)
}

/// A message for the person using the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            error: false,
        }
    }
    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            error: true,
        }
    }
}

/// What the page holds.
#[derive(Clone, Debug)]
pub struct State {
    /// The scenario (always the last one that was valid as a whole).
    pub scenario: Scenario,
    /// Which template it started from (`blank`, `imported`, or a template id).
    pub origin: String,
    /// The last valid valuation, kept on screen while a field is invalid.
    pub valuation: Option<Rc<Valuation>>,
    /// The error of the scenario as a whole when no field is to blame (e.g. a bad template).
    pub error: Option<String>,
    /// Text typed into fields, kept as typed.
    pub drafts: BTreeMap<Field, String>,
    /// Errors beside fields.
    pub field_errors: BTreeMap<Field, String>,
    /// A message above the page (import errors, restored autosave, ...).
    pub notice: Option<Notice>,
    /// Per-family records loaded from a CSV file, with the file's name.
    pub records: Option<(String, Rc<Records>)>,
    /// A second table version to compare with (`id@version`), and the comparison.
    pub compare_with: Option<String>,
    pub comparison: Option<Result<Rc<Comparison>, String>>,
    /// A valuation pinned to compare the scenario against as it changes (a second scenario).
    pub pinned: Option<Rc<Valuation>>,
    /// What the core says is wrong with the scenario's ranges, by row (they never stop the
    /// deterministic figures), and with its `[uncertainty]` settings.
    pub range_errors: Vec<Option<String>>,
    pub uncertainty_error: Option<String>,
    /// Counts changes; the page compares states by it.
    pub revision: u64,
    /// Counts changes of the scenario itself (autosave and share link follow it).
    pub scenario_revision: u64,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

/// Everything that can happen on the page.
pub enum Action {
    /// Start from a shipped scenario.
    Template(String),
    /// Start from a blank scenario.
    Blank,
    /// Text typed into a field.
    Edit(Field, String),
    /// A scenario file's text (JSON) to import; a bad file leaves the scenario unchanged.
    Import {
        name: String,
        text: String,
    },
    /// A scenario restored from the autosave or the link, with what to tell the person.
    Restore {
        scenario: Box<Scenario>,
        origin: String,
        notice: Option<Notice>,
    },
    /// Show or clear a message.
    Notice(Option<Notice>),
    /// A records CSV's text.
    Records {
        name: String,
        text: String,
    },
    ClearRecords,
    /// Compare with another table version (or stop comparing).
    CompareWith(Option<String>),
    /// Pin the current valuation to compare later changes (or another scenario) against it.
    Pin,
    Unpin,
    AddOutcome(String),
    RemoveOutcome(usize),
    AddAvoided(String),
    RemoveAvoided(usize),
    AddCost,
    RemoveCost(usize),
    /// Put a range on a target (`outcomes.<id>.rate`, `discount_rate`, `wellbeing.<row>`, ...).
    AddRange(String),
    RemoveRange(usize),
}

fn registry() -> &'static Registry {
    Registry::embedded()
}

/// The newest embedded version of each kind of table.
fn latest(kind: TableKind) -> String {
    registry()
        .list()
        .into_iter()
        .filter(|t| t.kind == kind)
        .max_by(|a, b| version_key(&a.version).cmp(&version_key(&b.version)))
        .map(|t| format!("{}@{}", t.id, t.version))
        .unwrap_or_default()
}

fn version_key(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// A blank scenario on the newest embedded tables. Built through serde, so fields the core
/// adds with defaults need no change here.
pub fn blank() -> Scenario {
    let value = serde_json::json!({
        "name": "New programme",
        "method": socval::METHOD_VERSION,
        "families": 10,
        "price_year": 2024,
        "tables": {
            "wellbeing": latest(TableKind::Wellbeing),
            "unit_costs": latest(TableKind::UnitCost),
            "deflators": latest(TableKind::Deflator),
        },
        "costs": [{ "label": "Programme delivery", "amount": "50000" }],
    });
    Scenario::from_json_str("blank scenario", &value.to_string()).unwrap_or_else(|_| {
        // Unreachable while the embedded tables name a price year 2024 series; keep the page alive.
        serde_json::from_value(value).expect("a blank scenario deserialises")
    })
}

fn item<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// The scenario of a shipped template.
pub fn template(id: &str) -> Result<Scenario, String> {
    socval::templates()
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| format!("no template {id:?}"))?
        .scenario()
        .map_err(|e| e.to_string())
}

/// Values a scenario on the embedded tables: the core's `evaluate`, nothing else.
pub fn value(s: &Scenario, records: Option<&Records>) -> Result<Valuation, socval::Error> {
    socval::evaluate_named(PAGE_FILE, s, records, registry())
}

fn unique_id(existing: impl Iterator<Item = String>, base: &str) -> String {
    let taken: Vec<String> = existing.collect();
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| base.to_string())
}

impl State {
    /// The page's first state: the first template, or a blank scenario.
    pub fn initial() -> Self {
        let first = socval::templates().first().map(|t| t.id.to_string());
        let (scenario, origin) = match first.as_deref().map(template) {
            Some(Ok(s)) => (s, first.unwrap_or_default()),
            _ => (blank(), "blank".to_string()),
        };
        let mut st = State {
            scenario,
            origin,
            valuation: None,
            error: None,
            drafts: BTreeMap::new(),
            field_errors: BTreeMap::new(),
            notice: None,
            records: None,
            compare_with: None,
            comparison: None,
            pinned: None,
            range_errors: Vec::new(),
            uncertainty_error: None,
            revision: 0,
            scenario_revision: 0,
        };
        st.revalue();
        st
    }

    /// The per-family records the figures come from, if loaded.
    pub fn records(&self) -> Option<&Records> {
        self.records.as_ref().map(|(_, r)| r.as_ref())
    }

    /// Values the current scenario; keeps the last valid valuation when it fails.
    fn revalue(&mut self) {
        match value(&self.scenario, self.records()) {
            Ok(v) => {
                self.valuation = Some(Rc::new(v));
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        self.recheck_ranges();
        self.recompare();
    }

    fn recheck_ranges(&mut self) {
        (self.range_errors, self.uncertainty_error) = range_problems(&self.scenario, self.records());
    }

    /// Applies a change of the ranges or of the analysis' settings. The deterministic figures
    /// do not depend on them and are left as they are; the change is kept unless the core finds
    /// the changed row (or the settings, for `row` none) wrong, and then the message goes
    /// beside `field`.
    fn try_range_change(
        &mut self,
        field: Field,
        row: Option<usize>,
        change: impl FnOnce(&mut Scenario) -> Result<(), String>,
    ) {
        let mut next = self.scenario.clone();
        if let Err(e) = change(&mut next) {
            self.field_errors.insert(field, e);
            return;
        }
        let (rows, general) = range_problems(&next, self.records());
        let blame = match row {
            Some(i) => rows.get(i).cloned().flatten(),
            None => general.clone(),
        };
        if let Some(e) = blame {
            self.field_errors.insert(field, e);
            return;
        }
        self.scenario = next;
        self.range_errors = rows;
        self.uncertainty_error = general;
        self.field_errors.remove(&field);
        if let Some(i) = row {
            for f in [Field::RangeLow(i), Field::RangeHigh(i), Field::RangeDistribution(i)] {
                if f != field && !self.drafts.contains_key(&f) {
                    self.field_errors.remove(&f);
                }
            }
        }
        self.scenario_revision += 1;
    }

    /// Drafts and errors of range rows no longer line up once a row is removed.
    fn forget_ranges(&mut self) {
        let row = |f: &Field| {
            matches!(
                f,
                Field::RangeLow(_) | Field::RangeHigh(_) | Field::RangeDistribution(_)
            )
        };
        self.drafts.retain(|f, _| !row(f));
        self.field_errors.retain(|f, _| !row(f));
    }

    fn recompare(&mut self) {
        self.comparison = self.compare_with.as_ref().map(|r| {
            let other =
                socval::with_table(&self.scenario, r).ok_or_else(|| format!("the scenario uses no table {r}"))?;
            let a = self.valuation.clone().ok_or("the scenario has no valid valuation")?;
            let b = value(&other, self.records()).map_err(|e| e.to_string())?;
            Ok(Rc::new(socval::compare(&a, &b)))
        });
    }

    /// Replaces the whole scenario (template, import, restore), clearing drafts and errors.
    fn replace(&mut self, scenario: Scenario, origin: String) {
        self.scenario = scenario;
        self.origin = origin;
        self.drafts.clear();
        self.field_errors.clear();
        self.valuation = None;
        self.compare_with = None;
        self.scenario_revision += 1;
        self.revalue();
    }

    /// Applies a change to a copy of the scenario; keeps it only if the core values it.
    fn try_change(&mut self, field: Option<Field>, change: impl FnOnce(&mut Scenario) -> Result<(), String>) {
        let mut next = self.scenario.clone();
        // An edited scenario is valued, seen and saved under the current method.
        next.method = Some(socval::METHOD_VERSION);
        let result = change(&mut next).and_then(|()| value(&next, self.records()).map_err(|e| e.to_string()));
        match (result, field) {
            (Ok(v), _) => {
                self.scenario = next;
                self.valuation = Some(Rc::new(v));
                self.error = None;
                if let Some(f) = field {
                    self.field_errors.remove(&f);
                }
                self.scenario_revision += 1;
                self.recheck_ranges();
                self.recompare();
            }
            (Err(e), Some(f)) => {
                self.field_errors.insert(f, e);
            }
            (Err(e), None) => self.notice = Some(Notice::error(e)),
        }
    }

    /// Drafts and errors of items at or after `index` of one list no longer line up.
    fn forget_items(&mut self) {
        self.drafts.retain(|f, _| !is_item_field(*f));
        self.field_errors.retain(|f, _| !is_item_field(*f));
    }
}

fn is_item_field(f: Field) -> bool {
    matches!(
        f,
        Field::OutcomeRate(_)
            | Field::OutcomePeople(_)
            | Field::OutcomeAdj(..)
            | Field::AvoidedCount(_)
            | Field::AvoidedCf(_)
            | Field::AvoidedObs(_)
            | Field::AvoidedAdj(..)
            | Field::CostLabel(_)
            | Field::CostAmount(_)
            | Field::CostYear(_)
            | Field::CostPriceYear(_)
    )
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut st = (*self).clone();
        st.revision += 1;
        match action {
            Action::Template(id) => match template(&id) {
                Ok(s) => {
                    st.notice = None;
                    st.replace(s, id);
                }
                Err(e) => st.notice = Some(Notice::error(e)),
            },
            Action::Blank => {
                st.notice = None;
                st.replace(blank(), "blank".into());
            }
            Action::Edit(field, raw) if field.is_uncertainty() => {
                st.drafts.insert(field, raw.clone());
                let row = match field {
                    Field::RangeLow(i) | Field::RangeHigh(i) | Field::RangeDistribution(i) => Some(i),
                    _ => None,
                };
                st.try_range_change(field, row, |s| apply(s, field, &raw));
            }
            Action::Edit(field, raw) => {
                st.drafts.insert(field, raw.clone());
                st.try_change(Some(field), |s| apply(s, field, &raw));
            }
            Action::Import { name, text } => match socval::Scenario::from_json_str(&name, &text)
                .and_then(|s| socval::evaluate_named(&name, &s, st.records(), registry()).map(|_| s))
            {
                Ok(s) => {
                    st.notice = Some(Notice::info(format!("Imported {name}.")));
                    st.replace(s, "imported".into());
                }
                Err(e) => {
                    st.notice = Some(Notice::error(format!(
                        "Could not import {name}; the scenario is unchanged. {e}"
                    )))
                }
            },
            Action::Restore {
                scenario,
                origin,
                notice,
            } => {
                st.replace(*scenario, origin);
                st.notice = notice;
            }
            Action::Notice(n) => st.notice = n,
            Action::Records { name, text } => {
                let parsed = Records::from_csv_str(&name, &text)
                    .map_err(|e| e.to_string())
                    .and_then(|r| value(&st.scenario, Some(&r)).map(|v| (r, v)).map_err(|e| e.to_string()));
                match parsed {
                    Ok((r, v)) => {
                        st.notice = Some(Notice::info(format!(
                            "Loaded {} families from {name}; the figures now come from these records.",
                            r.families.len()
                        )));
                        st.records = Some((name, Rc::new(r)));
                        st.valuation = Some(Rc::new(v));
                        st.error = None;
                        st.recompare();
                    }
                    Err(e) => {
                        st.notice = Some(Notice::error(format!(
                            "Could not use {name}; the figures are unchanged. {e}"
                        )))
                    }
                }
            }
            Action::ClearRecords => {
                st.records = None;
                st.notice = None;
                st.revalue();
            }
            Action::CompareWith(r) => {
                st.compare_with = r.filter(|r| !r.is_empty());
                st.recompare();
            }
            Action::Pin => st.pinned = st.valuation.clone(),
            Action::Unpin => st.pinned = None,
            Action::AddOutcome(proxy) => {
                let id = unique_id(st.scenario.outcomes.iter().map(|o| o.id.clone()), &proxy);
                st.forget_items();
                st.try_change(None, |s| {
                    s.outcomes.push(item::<OutcomeItem>(
                        serde_json::json!({ "id": id, "proxy": proxy, "rate": "0.5" }),
                    )?);
                    Ok(())
                });
            }
            Action::RemoveOutcome(i) => {
                st.forget_items();
                st.try_change(None, |s| {
                    (i < s.outcomes.len())
                        .then(|| s.outcomes.remove(i))
                        .map(|_| ())
                        .ok_or_else(|| missing("such outcome"))
                });
            }
            Action::AddAvoided(proxy) => {
                let id = unique_id(st.scenario.avoided.iter().map(|o| o.id.clone()), &proxy);
                st.forget_items();
                st.try_change(None, |s| {
                    s.avoided.push(item::<AvoidedItem>(
                        serde_json::json!({ "id": id, "proxy": proxy, "count": "1" }),
                    )?);
                    Ok(())
                });
            }
            Action::RemoveAvoided(i) => {
                st.forget_items();
                st.try_change(None, |s| {
                    (i < s.avoided.len())
                        .then(|| s.avoided.remove(i))
                        .map(|_| ())
                        .ok_or_else(|| missing("such avoided cost"))
                });
            }
            Action::AddCost => {
                st.forget_items();
                st.try_change(None, |s| {
                    s.costs.push(item::<CostItem>(
                        serde_json::json!({ "label": "Further cost", "amount": "0" }),
                    )?);
                    Ok(())
                });
            }
            Action::RemoveCost(i) => {
                st.forget_items();
                st.try_change(None, |s| {
                    (i < s.costs.len())
                        .then(|| s.costs.remove(i))
                        .map(|_| ())
                        .ok_or_else(|| missing("such cost"))
                });
            }
            Action::AddRange(target) => {
                let row = st.scenario.ranges.len();
                match proposed_range(&st.scenario, st.records(), &target) {
                    Ok(r) => st.try_range_change(Field::NewRange, Some(row), |s| {
                        s.ranges.push(r);
                        Ok(())
                    }),
                    Err(e) => {
                        st.field_errors.insert(Field::NewRange, e);
                    }
                }
            }
            Action::RemoveRange(i) => {
                if i < st.scenario.ranges.len() {
                    st.forget_ranges();
                    st.field_errors.remove(&Field::NewRange);
                    st.scenario.ranges.remove(i);
                    st.scenario_revision += 1;
                    st.recheck_ranges();
                }
            }
        }
        Rc::new(st)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<State> {
        Rc::new(State::initial())
    }

    #[test]
    fn starts_on_a_template_with_figures() {
        let st = state();
        assert!(st.valuation.is_some(), "{:?}", st.error);
        assert_ne!(st.origin, "");
    }

    #[test]
    fn percent_fields_take_0_to_100() {
        assert_eq!(parse_percent("12.5").unwrap(), Decimal::new(125, 3));
        assert_eq!(parse_percent("100 %").unwrap(), Decimal::ONE);
        assert!(parse_percent("101").is_err());
        assert!(parse_percent("-1").is_err());
        assert!(parse_percent("abc").is_err());
    }

    #[test]
    fn an_edit_revalues_with_the_core() {
        let st = state().reduce(Action::Blank);
        let st = st.reduce(Action::AddOutcome("high-confidence".into()));
        let st = st.reduce(Action::Edit(Field::OutcomeRate(0), "40".into()));
        assert_eq!(st.scenario.outcomes[0].rate, Some(Decimal::new(4, 1)));
        let direct = socval::evaluate_named(PAGE_FILE, &st.scenario, None, Registry::embedded()).unwrap();
        assert_eq!(st.valuation.as_deref(), Some(&direct));
        assert!(st.field_errors.is_empty());
    }

    #[test]
    fn an_invalid_field_keeps_the_last_valid_scenario_and_figures() {
        let st = state();
        let before = st.valuation.clone();
        let scenario = st.scenario.clone();
        let st = st.reduce(Action::Edit(Field::Families, "0".into()));
        assert!(st.field_errors.get(&Field::Families).unwrap().contains("families"));
        assert_eq!(st.scenario, scenario);
        assert_eq!(st.valuation, before);
        assert_eq!(st.drafts.get(&Field::Families).map(String::as_str), Some("0"));
        let st = st.reduce(Action::Edit(Field::Families, "not a number".into()));
        assert!(st.field_errors.contains_key(&Field::Families));
        let st = st.reduce(Action::Edit(Field::Families, "12".into()));
        assert!(st.field_errors.is_empty());
        assert_eq!(st.scenario.families, 12);
    }

    #[test]
    fn a_bad_import_leaves_the_scenario_unchanged() {
        let st = state();
        let scenario = st.scenario.clone();
        let st = st.reduce(Action::Import {
            name: "bad.json".into(),
            text: "{\n \"name\": 3\n}".into(),
        });
        assert_eq!(st.scenario, scenario);
        let n = st.notice.clone().unwrap();
        assert!(
            n.error && n.text.contains("bad.json") && n.text.contains("line 2"),
            "{}",
            n.text
        );
    }

    #[test]
    fn an_export_imports_back_to_the_same_figures() {
        let st = state();
        let json = st.scenario.to_json();
        let back = state().reduce(Action::Blank).reduce(Action::Import {
            name: "x.json".into(),
            text: json,
        });
        assert_eq!(back.scenario, st.scenario);
        assert_eq!(back.valuation, st.valuation);
    }

    #[test]
    fn every_field_shows_what_it_applies() {
        let mut s = template(socval::templates()[0].id).unwrap();
        for (f, text) in [
            (Field::Families, "33"),
            (Field::DiscountRate, "3"),
            (Field::Default(Adj::Deadweight), "12.5"),
            (Field::Default(Adj::Duration), "3"),
            (Field::Region, "london"),
        ] {
            apply(&mut s, f, text).unwrap();
            assert_eq!(field_text(&s, f), text, "{f:?}");
        }
        apply(&mut s, Field::Default(Adj::Deadweight), "").unwrap();
        assert_eq!(s.defaults.deadweight, None);
    }

    fn on_template(id: &str) -> Rc<State> {
        state().reduce(Action::Template(id.into()))
    }

    fn row_of(st: &State, target: &str) -> usize {
        st.scenario.ranges.iter().position(|r| r.target == target).unwrap()
    }

    #[test]
    fn the_offered_targets_are_the_scenarios_and_not_yet_ranged() {
        let st = on_template("step-together");
        let offered: Vec<String> = range_targets(&st.scenario, None)
            .into_iter()
            .map(|t| t.target)
            .collect();
        for t in ["discount_rate", "defaults.attribution"] {
            assert!(offered.iter().any(|o| o == t), "{t} is offered: {offered:?}");
        }
        assert_eq!(
            offered.iter().any(|o| o == "costs.1.amount"),
            !st.scenario.costs.is_empty()
        );
        let blank = state().reduce(Action::Blank);
        assert!(
            range_targets(&blank.scenario, None)
                .iter()
                .any(|t| t.target == "costs.1.amount")
        );
        assert!(offered.iter().any(|o| o.starts_with("wellbeing.")));
        assert!(offered.iter().any(|o| o.starts_with("unit_costs.")));
        // `outcomes.*.rate` and `avoided.proceedings-*.count` already cover these.
        let o = &st.scenario.outcomes[0].id;
        assert!(!offered.contains(&format!("outcomes.{o}.rate")), "{offered:?}");
        assert!(!offered.contains(&"avoided.proceedings-la.count".to_string()));
        // Each has the core's label and current value.
        let dr = range_targets(&st.scenario, None)
            .into_iter()
            .find(|t| t.target == "discount_rate")
            .unwrap();
        assert_eq!(dr.central, st.scenario.discount_rate());
        assert_eq!(dr.label, "Discount rate");
    }

    #[test]
    fn adding_a_range_proposes_one_around_the_value_and_leaves_the_figures() {
        let st = on_template("step-together");
        let (before, n, rev) = (st.valuation.clone(), st.scenario.ranges.len(), st.scenario_revision);
        let st = st.reduce(Action::AddRange("discount_rate".into()));
        assert_eq!(st.scenario.ranges.len(), n + 1);
        let r = &st.scenario.ranges[n];
        assert_eq!(
            (r.low, r.high),
            (Some(Decimal::new(175, 4)), Some(Decimal::new(525, 4)))
        );
        assert_eq!(r.distribution, Distribution::Triangular);
        assert!(st.scenario_revision > rev, "the autosave follows");
        assert_eq!(st.valuation, before, "ranges never change the deterministic figures");
        assert!(
            st.range_errors.iter().all(Option::is_none) && st.field_errors.is_empty(),
            "{:?}",
            st.range_errors
        );
        uncertainty::assumptions(&st.scenario, registry()).unwrap();
        // Shares are shown as percentages.
        assert_eq!(field_text(&st.scenario, Field::RangeLow(n)), "1.75");
        // A duration stays whole years in 1–100; a zero share gets a small range above it.
        let st = st.reduce(Action::AddRange("defaults.duration".into()));
        let r = st.scenario.ranges.last().unwrap();
        assert_eq!((r.low, r.high), (Some(Decimal::ONE), Some(Decimal::TWO)));
        let st = st.reduce(Action::AddRange("defaults.displacement".into()));
        let r = st.scenario.ranges.last().unwrap();
        assert_eq!((r.low, r.high), (Some(Decimal::ZERO), Some(Decimal::new(1, 1))));
        assert!(st.range_errors.iter().all(Option::is_none), "{:?}", st.range_errors);
    }

    #[test]
    fn a_proxy_range_starts_from_the_tables_low_and_high() {
        let st = on_template("step-together");
        let table = registry().get(&st.scenario.tables.wellbeing).unwrap();
        let Some(row) = st
            .scenario
            .outcomes
            .iter()
            .filter_map(|o| table.rows.iter().find(|r| r.id == o.proxy))
            .find(|r| r.low.is_some() && r.high.is_some())
        else {
            return;
        };
        let st = st.reduce(Action::AddRange(format!("wellbeing.{}", row.id)));
        let r = st.scenario.ranges.last().unwrap();
        assert_eq!((r.low, r.high), (row.low, row.high));
        assert!(st.range_errors.iter().all(Option::is_none), "{:?}", st.range_errors);
    }

    #[test]
    fn an_invalid_range_shows_the_cores_message_and_keeps_the_last_valid_one() {
        let st = on_template("step-together").reduce(Action::AddRange("discount_rate".into()));
        let i = row_of(&st, "discount_rate");
        let (scenario, valuation, rev) = (st.scenario.clone(), st.valuation.clone(), st.scenario_revision);
        // The current value (3.5 %) outside the range.
        let st = st.reduce(Action::Edit(Field::RangeLow(i), "5".into()));
        let e = st.field_errors.get(&Field::RangeLow(i)).unwrap();
        assert!(
            e.contains(&format!("ranges[{i}]")) && e.contains("outside the range"),
            "{e}"
        );
        assert_eq!(st.scenario, scenario);
        assert_eq!(st.scenario_revision, rev);
        assert_eq!(st.drafts.get(&Field::RangeLow(i)).map(String::as_str), Some("5"));
        // Low above high.
        let st = st.reduce(Action::Edit(Field::RangeLow(i), "6".into()));
        assert!(st.field_errors[&Field::RangeLow(i)].contains("exceeds high"));
        // A share above 1 (typed as a percentage).
        let st = st.reduce(Action::Edit(Field::RangeHigh(i), "150".into()));
        let e = &st.field_errors[&Field::RangeHigh(i)];
        assert!(e.contains("a share in 0–1"), "{e}");
        assert!(
            st.clone()
                .reduce(Action::Edit(Field::RangeHigh(i), "x".into()))
                .field_errors[&Field::RangeHigh(i)]
                .contains("not a number")
        );
        assert_eq!(st.scenario, scenario);
        assert_eq!(st.valuation, valuation);
        // Valid again.
        let st = st.reduce(Action::Edit(Field::RangeLow(i), "2".into()));
        let st = st.reduce(Action::Edit(Field::RangeHigh(i), "6".into()));
        assert!(
            !st.field_errors.contains_key(&Field::RangeLow(i)),
            "{:?}",
            st.field_errors
        );
        assert!(!st.field_errors.contains_key(&Field::RangeHigh(i)));
        assert_eq!(st.scenario.ranges[i].low, Some(Decimal::new(2, 2)));
        assert_eq!(st.scenario.ranges[i].high, Some(Decimal::new(6, 2)));
        assert_eq!(st.valuation, valuation);
    }

    #[test]
    fn distribution_remove_and_settings() {
        let st = on_template("step-together").reduce(Action::AddRange("defaults.attribution".into()));
        let i = row_of(&st, "defaults.attribution");
        let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "pert".into()));
        assert_eq!(st.scenario.ranges[i].distribution, Distribution::Pert);
        assert_eq!(field_text(&st.scenario, Field::RangeDistribution(i)), "pert");
        let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "normal".into()));
        assert!(st.field_errors.contains_key(&Field::RangeDistribution(i)));
        assert_eq!(st.scenario.ranges[i].distribution, Distribution::Pert);
        let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "uniform".into()));

        let st = st.reduce(Action::Edit(Field::Seed, "7".into()));
        let st = st.reduce(Action::Edit(Field::Draws, "2000".into()));
        let u = st.scenario.uncertainty.clone().unwrap();
        assert_eq!((u.seed, u.draws), (Some(7), Some(2000)));
        let st = st.reduce(Action::Edit(Field::Draws, "0".into()));
        assert!(
            st.field_errors[&Field::Draws].contains("draws must be 1 to"),
            "{:?}",
            st.field_errors
        );
        assert_eq!(st.scenario.uncertainty.as_ref().unwrap().draws, Some(2000));
        let st = st.reduce(Action::Edit(Field::Draws, "2000".into()));
        let st = st.reduce(Action::Edit(Field::TableRanges, "false".into()));
        assert_eq!(st.scenario.uncertainty.as_ref().unwrap().table_ranges, Some(false));
        assert_eq!(field_text(&st.scenario, Field::TableRanges), "false");
        assert!(st.field_errors.is_empty(), "{:?}", st.field_errors);

        // The ranges and settings travel with the scenario (autosave, export, link).
        let back = state().reduce(Action::Import {
            name: "x.json".into(),
            text: st.scenario.to_json(),
        });
        assert_eq!(back.scenario, st.scenario);

        let n = st.scenario.ranges.len();
        let st = st.reduce(Action::RemoveRange(i));
        assert_eq!(st.scenario.ranges.len(), n - 1);
        assert!(st.scenario.ranges.iter().all(|r| r.target != "defaults.attribution"));
        assert!(
            range_targets(&st.scenario, None)
                .iter()
                .any(|t| t.target == "defaults.attribution")
        );
    }

    #[test]
    fn every_bad_range_is_marked_at_once_from_the_cores_list() {
        let mut s = template("step-together").unwrap();
        let n = s.ranges.len();
        let bad = |target: &str, low: &str, high: &str| RangeSpec {
            target: target.into(),
            low: Some(low.parse().unwrap()),
            high: Some(high.parse().unwrap()),
            distribution: Distribution::default(),
            note: String::new(),
        };
        // Low above high, then a second range on an assumption already ranged by `outcomes.*.rate`.
        let o = s.outcomes[0].id.clone();
        s.ranges.push(bad("defaults.attribution", "0.5", "0.1"));
        s.ranges.push(bad(&format!("outcomes.{o}.rate"), "0", "1"));
        let (rows, general) = range_problems(&s, None);
        assert_eq!(general, None);
        assert_eq!(rows.len(), n + 2);
        assert!(rows[..n].iter().all(Option::is_none), "{rows:?}");
        assert!(rows[n].as_ref().unwrap().contains("exceeds high"), "{rows:?}");
        assert!(
            rows[n + 1].as_ref().unwrap().contains("one assumption takes one range"),
            "{rows:?}"
        );
        // The page offers no target the core refuses: with records, no counts or rates.
        let records = Records::from_csv_str("r.csv", "family_id\nF1\n").unwrap();
        assert!(
            range_targets(&s, Some(&records))
                .iter()
                .all(|t| !t.target.ends_with(".rate") && !t.target.ends_with(".count")),
        );
        // Units come from the core.
        assert_eq!(range_unit("discount_rate"), Unit::Rate);
        assert_eq!(range_unit("costs.1.amount"), Unit::Money);
        assert_eq!(range_unit(&format!("outcomes.{o}.duration")), Unit::Years);
    }

    #[test]
    fn an_edit_that_leaves_a_range_behind_keeps_the_figures_and_marks_the_row() {
        let st = on_template("step-together").reduce(Action::AddRange("discount_rate".into()));
        let i = row_of(&st, "discount_rate");
        let st = st.reduce(Action::Edit(Field::DiscountRate, "10".into()));
        assert_eq!(st.scenario.discount_rate(), Decimal::new(1, 1));
        let direct = value(&st.scenario, None).unwrap();
        assert_eq!(st.valuation.as_deref(), Some(&direct));
        assert!(
            st.range_errors[i].as_ref().unwrap().contains("outside the range"),
            "{:?}",
            st.range_errors
        );
        // Widening the range clears it.
        let st = st.reduce(Action::Edit(Field::RangeHigh(i), "12".into()));
        assert!(st.range_errors.iter().all(Option::is_none), "{:?}", st.range_errors);
    }
}
