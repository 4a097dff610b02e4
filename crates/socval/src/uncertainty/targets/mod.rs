//! The range-target language: which assumptions of a scenario a range can move, in what unit,
//! over what domain, and their central values (resolved as the engine resolves them).

use super::Assumption;

mod apply;
mod grammar;
mod listing;
mod ranges;
mod resolve;

pub(super) use apply::apply;
pub use grammar::{Field, RangeTarget, Unit};
pub use listing::{describe, targets};
pub(super) use ranges::assumptions_of;
pub use ranges::check_ranges;

use crate::adjust::Adjustments;
use crate::adjust::{Adjustment, ItemRef, default_in_force, is_net_of_counterfactual, item_row, resolve};
use crate::engine::Overrides;
use crate::error::{Error, Location, Place, Result};
use crate::scenario::{MAX_DURATION, RangeSpec, Scenario, Settings};
use crate::tables::{ProxyTable, Recurrence, Registry, Row, TableKind};
use crate::valuation::format_gbp;
use rust_decimal::Decimal;
use serde::Serialize;

/// Most Monte Carlo draws one analysis may ask for.
pub const MAX_DRAWS: u32 = 1_000_000;
/// Most histogram bins.
pub const MAX_BINS: u32 = 200;

/// One assumption of a scenario, resolved to positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    Outcome(usize, Field),
    Avoided(usize, Field),
    Cost(usize),
    Default(Field),
    DiscountRate,
    WellbeingDiscountRate,
    Proxy(TableKind, String),
}

/// A target a range can be put on, as [`targets`] lists it for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetInfo {
    /// Target path (`outcomes.confidence.deadweight`).
    pub target: String,
    /// The group a picker lists it under: `Outcomes`, `Avoided costs`, `Programme costs`,
    /// `Defaults and discounting` or `Proxies`.
    pub group: String,
    /// In words (`High confidence: deadweight`).
    pub label: String,
    /// Unit of its values.
    pub unit: Unit,
    /// Smallest value the rest of the scenario allows.
    pub min: Decimal,
    /// Largest value the rest of the scenario allows (none: no limit).
    pub max: Option<Decimal>,
    /// The value the engine uses now.
    pub central: Decimal,
    /// A range to start from: the table's low and high for a proxy that has them, else ±50 %
    /// around the central value, within the domain.
    pub proposed: (Decimal, Decimal),
    /// The items' assumptions it moves (a `*` target moves several).
    pub applies_to: Vec<String>,
    /// The scenario's range (0-based index in `ranges`) that already covers it, if any.
    pub ranged: Option<usize>,
}

/// A range (or the `[uncertainty]` settings) the analysis refuses, as [`check_ranges`] reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeError {
    /// The range's 0-based index in `ranges`; none for the `[uncertainty]` settings.
    pub index: Option<usize>,
    /// The field at fault (`target`, `low`, `high`, `draws`, ...).
    pub field: String,
    /// The error, with its place.
    pub error: Error,
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

/// What a scenario is resolved against.
pub(super) struct Cx<'a> {
    pub(super) file: &'a str,
    pub(super) scenario: &'a Scenario,
    pub(super) registry: &'a Registry,
    /// Whether per-family records give the facts.
    pub(super) records: bool,
}

/// A target path resolved against a scenario.
pub(super) struct Resolution {
    pub(super) targets: Vec<Target>,
    pub(super) label: String,
    pub(super) group: &'static str,
    pub(super) applies_to: Vec<String>,
    pub(super) central: Decimal,
    pub(super) unit: Unit,
    pub(super) min: Decimal,
    pub(super) max: Option<Decimal>,
    /// For a count or rates of one avoided item: the unit of its row (`set of proceedings`).
    pub(super) item_unit: Option<String>,
    /// The assumption in running text (`the deadweight of “High confidence”`).
    pub(super) phrase: String,
    /// For a proxy: whether its table has other variants of the row (age band, region).
    pub(super) variants: bool,
}

/// Whether `id` matches `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, id: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !id.starts_with(first) || id.len() < first.len() + last.len() || !id.ends_with(last) {
        return false;
    }
    let mut rest = &id[first.len()..id.len() - last.len()];
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(k) => rest = &rest[k + p.len()..],
            None => return false,
        }
    }
    true
}

fn share_domain() -> (Decimal, Option<Decimal>) {
    (Decimal::ZERO, Some(Decimal::ONE))
}

fn years_domain() -> (Decimal, Option<Decimal>) {
    (Decimal::ONE, Some(Decimal::from(MAX_DURATION)))
}

impl Cx<'_> {
    fn table(&self, kind: TableKind) -> Option<&ProxyTable> {
        let reference = if kind == TableKind::Wellbeing {
            &self.scenario.tables.wellbeing
        } else {
            &self.scenario.tables.unit_costs
        };
        self.registry.get(reference)
    }

    /// The row an item is valued with, as the engine finds it (falling back to any variant).
    fn row(&self, item: ItemRef) -> Option<&Row> {
        let (kind, proxy) = match item {
            ItemRef::Outcome(i) => (TableKind::Wellbeing, &self.scenario.outcomes[i].proxy),
            ItemRef::Avoided(i) => (TableKind::UnitCost, &self.scenario.avoided[i].proxy),
        };
        let t = self.table(kind)?;
        item_row(self.scenario, t, item).or_else(|| t.rows.iter().find(|r| r.id == *proxy))
    }

    /// The row standing for a proxy target: the variant for all ages and regions, else the first.
    fn proxy_row(&self, kind: TableKind, row: &str) -> Option<&Row> {
        let t = self.table(kind)?;
        t.lookup(row, crate::tables::AgeBand::All, crate::tables::Region::All)
            .or_else(|| t.rows.iter().find(|r| r.id == row))
    }

    fn item_label(&self, item: ItemRef) -> String {
        crate::adjust::item_label(self.scenario, self.registry, item)
    }

    /// The value the engine uses now (see [`crate::adjust::resolve`]).
    pub(super) fn central(&self, t: &Target) -> Decimal {
        let s = self.scenario;
        let adj = |item: ItemRef, f: Field| -> Decimal {
            match (self.row(item), f.adjustment()) {
                (Some(row), Some(a)) => resolve(s, item, row, a).value,
                (None, Some(a)) => a.neutral(),
                (_, None) => Decimal::ZERO,
            }
        };
        match t {
            Target::DiscountRate => s.discount_rate(),
            Target::WellbeingDiscountRate => s.wellbeing_discount_rate.unwrap_or_else(|| s.discount_rate()),
            Target::Default(f) => f.adjustment().map_or(Decimal::ZERO, |a| default_in_force(s, a).value),
            Target::Cost(i) => s.costs[*i].amount,
            Target::Outcome(i, Field::People) => s.outcomes[*i].people.unwrap_or_default(),
            Target::Outcome(i, Field::Rate) => s.outcomes[*i].rate.unwrap_or_default(),
            Target::Outcome(i, f) => adj(ItemRef::Outcome(*i), *f),
            Target::Avoided(i, Field::Count) => s.avoided[*i].count.unwrap_or_default(),
            Target::Avoided(i, Field::CounterfactualRate) => s.avoided[*i].counterfactual_rate.unwrap_or_default(),
            Target::Avoided(i, Field::ObservedRate) => s.avoided[*i].observed_rate.unwrap_or_default(),
            Target::Avoided(i, Field::UnitsPerEvent) => s.avoided[*i]
                .units_per_event
                .or_else(|| {
                    self.row(ItemRef::Avoided(*i))
                        .and_then(|r| r.units_per_event.as_ref())
                        .map(|u| u.value)
                })
                .unwrap_or(Decimal::ONE),
            Target::Avoided(i, f) => adj(ItemRef::Avoided(*i), *f),
            Target::Proxy(kind, row) => self.proxy_row(*kind, row).map(|r| r.value).unwrap_or_default(),
        }
    }

    /// The values the rest of the scenario allows the target (none: no upper limit).
    fn domain(&self, t: &Target) -> (Decimal, Option<Decimal>) {
        let s = self.scenario;
        match t {
            Target::Outcome(_, Field::People) => (
                Decimal::ZERO,
                Decimal::from(s.families).checked_mul(s.people_per_family()),
            ),
            Target::Avoided(i, Field::CounterfactualRate) => (
                s.avoided[*i].observed_rate.unwrap_or_default().max(Decimal::ZERO),
                Some(Decimal::ONE),
            ),
            Target::Avoided(i, Field::ObservedRate) => (
                Decimal::ZERO,
                Some(
                    s.avoided[*i]
                        .counterfactual_rate
                        .unwrap_or(Decimal::ONE)
                        .min(Decimal::ONE),
                ),
            ),
            Target::Outcome(_, Field::Adjustment(Adjustment::Duration))
            | Target::Avoided(_, Field::Adjustment(Adjustment::Duration))
            | Target::Default(Field::Adjustment(Adjustment::Duration)) => years_domain(),
            Target::Avoided(_, Field::UnitsPerEvent) => (Decimal::new(1, 3), Some(Decimal::from(1000))),
            Target::Outcome(_, Field::Count)
            | Target::Avoided(_, Field::Count)
            | Target::Cost(_)
            | Target::Proxy(..) => (Decimal::ZERO, None),
            Target::Outcome(..)
            | Target::Avoided(..)
            | Target::Default(_)
            | Target::DiscountRate
            | Target::WellbeingDiscountRate => share_domain(),
        }
    }

    /// Resolves one concrete item target (no `*`), refusing what the analysis cannot honour.
    fn one_item(
        &self,
        path: &str,
        outcome: bool,
        id: &str,
        field: Field,
        place: &dyn Fn() -> Place,
    ) -> Result<(Target, ItemRef)> {
        let bad = |m: String| Error::invalid(place(), m);
        let s = self.scenario;
        let (idx, item) = if outcome {
            let i = s
                .outcomes
                .iter()
                .position(|o| o.id == id)
                .ok_or_else(|| Error::unknown(place(), format!("no outcome item {id:?}")))?;
            (i, ItemRef::Outcome(i))
        } else {
            let i = s
                .avoided
                .iter()
                .position(|a| a.id == id)
                .ok_or_else(|| Error::unknown(place(), format!("no avoided item {id:?}")))?;
            (i, ItemRef::Avoided(i))
        };
        if self.records && field.is_fact() {
            return Err(bad(format!(
                "{path}: with per-family records the facts (people, counts, rates) come from the records, so a range on {} would change nothing; put ranges on adjustments or proxies",
                field.as_str()
            )));
        }
        match (item, field) {
            (ItemRef::Outcome(i), Field::People) if s.outcomes[i].people.is_none() => {
                return Err(bad(format!(
                    "outcome {id:?} is given as a rate: put the range on outcomes.{id}.rate"
                )));
            }
            (ItemRef::Outcome(i), Field::Rate) if s.outcomes[i].rate.is_none() => {
                return Err(bad(format!(
                    "outcome {id:?} is given as people: put the range on outcomes.{id}.people"
                )));
            }
            (ItemRef::Avoided(i), Field::Count) if s.avoided[i].count.is_none() => {
                return Err(bad(format!(
                    "avoided item {id:?} is given as rates: put the range on one of its rates"
                )));
            }
            (ItemRef::Avoided(i), Field::CounterfactualRate | Field::ObservedRate)
                if s.avoided[i].counterfactual_rate.is_none() || s.avoided[i].count.is_some() =>
            {
                return Err(bad(format!(
                    "avoided item {id:?} is given as a count: put the range on avoided.{id}.count"
                )));
            }
            (ItemRef::Avoided(i), Field::Adjustment(Adjustment::Duration) | Field::Adjustment(Adjustment::DropOff)) => {
                let per_year = self
                    .row(item)
                    .is_some_and(|r| r.recurrence == Some(Recurrence::PerYear));
                if !per_year {
                    return Err(bad(format!(
                        "{} of avoided item {id:?} does not apply: {} is not a per-year cost, so it falls once",
                        field.words(),
                        s.avoided[i].proxy
                    )));
                }
            }
            _ => {}
        }
        if field == Field::Adjustment(Adjustment::Deadweight)
            && let Some(row) = self.row(item)
        {
            let net = is_net_of_counterfactual(s, item, row);
            let reason = match item {
                ItemRef::Outcome(i) => &s.outcomes[i].deadweight_reason,
                ItemRef::Avoided(i) => &s.avoided[i].deadweight_reason,
            };
            if net && reason.as_ref().is_none_or(|w| w.trim().is_empty()) {
                return Err(bad(format!(
                    "{id:?} is already net of the counterfactual: deadweight is in it and is not deducted again, so a range on its deadweight needs deadweight_reason"
                )));
            }
        }
        let target = if outcome {
            Target::Outcome(idx, field)
        } else {
            Target::Avoided(idx, field)
        };
        Ok((target, item))
    }

    /// Checks one of the scenario's ranges against its target's domain and central value.
    fn range(&self, i: usize, r: &RangeSpec) -> Result<Assumption> {
        let location = Location::range(i, None);
        let res = self.resolve_path(&r.target, &|| Place::new(self.file, location.clone(), "target"))?;
        let location = Location::range(i, Some(r.target.clone()));
        let place = |f: &str| Place::new(self.file, location.clone(), f);
        let (mut low, mut high) = (r.low, r.high);
        if let Some(Target::Proxy(kind, row)) = res.targets.first()
            && let Some(row) = self.proxy_row(*kind, row)
        {
            low = low.or(row.low);
            high = high.or(row.high);
        }
        let low = low.ok_or_else(|| {
            Error::invalid(
                place("low"),
                "missing: add the range's low end, e.g. low = \"0.1\" (its table gives none)",
            )
        })?;
        let high = high.ok_or_else(|| {
            Error::invalid(
                place("high"),
                "missing: add the range's high end, e.g. high = \"0.3\" (its table gives none)",
            )
        })?;
        if low > high {
            return Err(Error::invalid(place("low"), format!("low {low} exceeds high {high}")));
        }
        let allows = match res.unit {
            Unit::Share | Unit::Rate => "a share in 0–1".to_string(),
            Unit::Years => format!("a duration of 1 to {MAX_DURATION} years"),
            _ => "not negative".to_string(),
        };
        for (name, v) in [("low", low), ("high", high)] {
            let outside = match res.unit {
                Unit::Share | Unit::Rate => v < Decimal::ZERO || v > Decimal::ONE,
                Unit::Years => v < Decimal::ONE || v > Decimal::from(MAX_DURATION) || v.fract() != Decimal::ZERO,
                _ => v < Decimal::ZERO,
            };
            if outside {
                return Err(Error::invalid(
                    place(name),
                    format!("{v} is outside what {} allows ({allows})", r.target),
                ));
            }
        }
        // Limits that depend on the rest of the scenario.
        if let Some(max) = res.max
            && high > max
        {
            let what = match res.targets.first() {
                Some(Target::Outcome(_, Field::People)) => "the cohort's people".to_string(),
                Some(Target::Avoided(_, Field::ObservedRate)) => "the counterfactual rate".to_string(),
                _ => format!("the largest value {} allows", r.target),
            };
            return Err(Error::invalid(
                place("high"),
                format!("high {high} exceeds {what} ({})", max.normalize()),
            ));
        }
        if low < res.min {
            let what = match res.targets.first() {
                Some(Target::Avoided(_, Field::CounterfactualRate)) => "the observed rate".to_string(),
                _ => format!("the smallest value {} allows", r.target),
            };
            return Err(Error::invalid(
                place("low"),
                format!("low {low} is below {what} ({})", res.min.normalize()),
            ));
        }
        if res.central < low || res.central > high {
            return Err(Error::invalid(
                place("low"),
                format!(
                    "the scenario's value {} lies outside the range {low}–{high}",
                    res.central.normalize()
                ),
            ));
        }
        self.check_factor(&res, high, &|| place("high"))?;
        Ok(Assumption::new(
            r.target.clone(),
            res,
            (low, high),
            r.distribution,
            "scenario",
            r.note.clone(),
            Place::new(self.file, location, ""),
        ))
    }

    /// A proxy range gives the row it is about the drawn value, and scales every other variant
    /// of the row (age band, region) by value ÷ central: the largest product must be computable.
    fn check_factor(&self, res: &Resolution, high: Decimal, place: &dyn Fn() -> Place) -> Result<()> {
        let Some(Target::Proxy(kind, row)) = res.targets.first() else {
            return Ok(());
        };
        let too_large = || {
            Error::overflow(
                place(),
                format!(
                    "a range up to {} on a proxy worth {} scales its values beyond what can be computed",
                    high.normalize(),
                    res.central.normalize()
                ),
            )
        };
        let factor = high.checked_div(res.central).ok_or_else(too_large)?;
        let t = self.table(*kind).ok_or_else(too_large)?;
        for r in t.rows.iter().filter(|r| r.id == *row) {
            r.value
                .checked_mul(factor)
                .and_then(|v| v.checked_mul(Decimal::TWO))
                .ok_or_else(too_large)?;
        }
        Ok(())
    }
}
