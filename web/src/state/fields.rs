//! The fields of the scenario the page edits: what each one shows (`field_text`) and how the
//! text typed into it applies to the scenario (`apply`). Parsing only: the core checks the scenario.

use socval::adjust::Adjustments;
use std::collections::BTreeMap;

use socval::adjust::{Adjustment, AdjustmentUnit, ItemRef};
use socval::scenario::DiscountConvention;
use socval::scenario::Settings;
use socval::tables::TableKind;
use socval::{Decimal, Scenario};

use super::ranges::{parse_distribution, parse_range_value, range_shown, range_unit};
use crate::format;
use crate::format::parse_decimal;

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
    Default(Adjustment),
    OutcomeRate(usize),
    OutcomePeople(usize),
    OutcomeAdj(usize, Adjustment),
    AvoidedCount(usize),
    AvoidedCf(usize),
    AvoidedObs(usize),
    AvoidedAdj(usize, Adjustment),
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
    /// The field of an item's adjustment (`item` none: the scenario's default).
    pub fn adjustment(item: Option<ItemRef>, a: Adjustment) -> Field {
        match item {
            Some(ItemRef::Outcome(i)) => Field::OutcomeAdj(i, a),
            Some(ItemRef::Avoided(i)) => Field::AvoidedAdj(i, a),
            None => Field::Default(a),
        }
    }

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
            Field::Default(a) => format!("default-{}", adj_id(a)),
            Field::OutcomeRate(i) => format!("outcome-{i}-rate"),
            Field::OutcomePeople(i) => format!("outcome-{i}-people"),
            Field::OutcomeAdj(i, a) => format!("outcome-{i}-{}", adj_id(a)),
            Field::AvoidedCount(i) => format!("avoided-{i}-count"),
            Field::AvoidedCf(i) => format!("avoided-{i}-counterfactual-rate"),
            Field::AvoidedObs(i) => format!("avoided-{i}-observed-rate"),
            Field::AvoidedAdj(i, a) => format!("avoided-{i}-{}", adj_id(a)),
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
            Field::Default(a) | Field::OutcomeAdj(_, a) | Field::AvoidedAdj(_, a)
                if a.unit() == AdjustmentUnit::Years =>
            {
                Kind::Whole
            }
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

/// An adjustment as field ids spell it (`drop-off`; the core's key is `drop_off`).
fn adj_id(a: Adjustment) -> String {
    a.key().replace('_', "-")
}

/// An adjustment's value as its field shows it (shares as percentages, years whole).
fn adj_get(a: &Adjustments, adj: Adjustment) -> String {
    adj.get(a)
        .map(|v| match adj.unit() {
            AdjustmentUnit::Share => format::percent(v),
            AdjustmentUnit::Years => format::plain(v),
        })
        .unwrap_or_default()
}

/// Reads an adjustment typed in its field's units; the core checks it against its domain.
fn parse_adj(adj: Adjustment, raw: &str) -> Result<Decimal, String> {
    let v = match adj.unit() {
        AdjustmentUnit::Share => parse_percent(raw)?,
        AdjustmentUnit::Years => Decimal::from(parse_whole(raw)?),
    };
    adj.check(v)?;
    Ok(v)
}

pub(super) fn parse_percent(raw: &str) -> Result<Decimal, String> {
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

pub(super) fn missing(what: &str) -> String {
    format!("the scenario has no {what}")
}

/// The drafts and errors of some fields, as a component renders them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inputs {
    /// Text typed into fields, kept as typed.
    pub drafts: BTreeMap<Field, String>,
    /// Errors beside fields.
    pub errors: BTreeMap<Field, String>,
}

/// What one field shows: the person's draft while they type, else the scenario's value; and
/// its error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shown {
    pub text: String,
    pub error: Option<String>,
}

impl Inputs {
    /// What `f` shows for scenario `s`.
    pub fn shown(&self, s: &Scenario, f: Field) -> Shown {
        Shown {
            text: self.drafts.get(&f).cloned().unwrap_or_else(|| field_text(s, f)),
            error: self.errors.get(&f).cloned(),
        }
    }

    pub fn error(&self, f: Field) -> Option<&String> {
        self.errors.get(&f)
    }
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
            .map(|r| r.distribution.key().to_string())
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
pub(super) fn apply(s: &mut Scenario, f: Field, raw: &str) -> Result<(), String> {
    let set_adj = |a: &mut Adjustments, adj: Adjustment| -> Result<(), String> {
        adj.set(a, opt(raw, |t| parse_adj(adj, t))?);
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
        Field::Region => {
            s.region = socval::tables::Region::parse(raw).ok_or_else(|| format!("{raw:?} is not a region"))?
        }
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
