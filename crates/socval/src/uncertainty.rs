//! Uncertainty: ranges on assumptions, one-at-a-time sensitivity (tornado), Monte Carlo and
//! break-even values.
//!
//! A scenario's `[[ranges]]` put a range on any assumption, named by a target path:
//!
//! | target | assumption |
//! |---|---|
//! | `outcomes.<id>.people`, `.rate`, `.deadweight`, `.attribution`, `.displacement`, `.drop_off`, `.duration` | an outcome's count, rate or adjustment |
//! | `avoided.<id>.count`, `.counterfactual_rate`, `.observed_rate`, `.deadweight`, ... , `.duration` | an avoided cost's count, rates or adjustment |
//! | `costs.<n>.amount` | the n-th programme cost (1-based) |
//! | `defaults.<adjustment>` | a scenario-wide default adjustment |
//! | `discount_rate` | the discount rate |
//! | `wellbeing.<row>`, `unit_costs.<row>` | a proxy value (all its age-band and region variants move together) |
//!
//! The central value is always the scenario's own (or the table's, for a proxy), so a scenario
//! without ranges values exactly as before. Proxies whose table gives `low` and `high` (the WELLBY
//! £10,000 / £13,000 / £16,000) take those as their range unless `[uncertainty] table_ranges = false`.
//!
//! Monte Carlo draws use ChaCha8 seeded with the scenario's `seed`, and `libm` for the
//! transcendental functions of the PERT distribution, so the same seed gives the same figures on
//! every platform, native and wasm. Draws are computed with `f64` and converted to `Decimal` at 10
//! decimal places before they enter the engine; every reported figure is a `Decimal` the engine
//! computed. Percentiles are nearest-rank: P(p) is the ⌈p·n⌉-th smallest of the n draws.
//!
//! Break-even values are found by bisection on the assumption's domain until the bracket is
//! narrower than 1e-6 of the central value (1e-9 for shares), and reported with that tolerance.

use crate::engine::{Overrides, RecordFacts, evaluate_with, record_facts};
use crate::error::{Error, Place, Result};
pub use crate::scenario::{Distribution, RangeSpec, Settings};
use crate::scenario::{Records, Scenario};
use crate::tables::{Registry, TableKind};
use crate::valuation::{Figures, to_penny};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// Most Monte Carlo draws one analysis may ask for.
pub const MAX_DRAWS: u32 = 1_000_000;
/// Default number of draws.
pub const DEFAULT_DRAWS: u32 = 10_000;
/// Most histogram bins.
pub const MAX_BINS: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    People,
    Rate,
    Count,
    CounterfactualRate,
    ObservedRate,
    Deadweight,
    Attribution,
    Displacement,
    DropOff,
    Duration,
    Amount,
}

impl Field {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "people" => Field::People,
            "rate" => Field::Rate,
            "count" => Field::Count,
            "counterfactual_rate" => Field::CounterfactualRate,
            "observed_rate" => Field::ObservedRate,
            "deadweight" => Field::Deadweight,
            "attribution" => Field::Attribution,
            "displacement" => Field::Displacement,
            "drop_off" => Field::DropOff,
            "duration" => Field::Duration,
            "amount" => Field::Amount,
            _ => return None,
        })
    }

    fn is_share(self) -> bool {
        matches!(
            self,
            Field::Rate
                | Field::CounterfactualRate
                | Field::ObservedRate
                | Field::Deadweight
                | Field::Attribution
                | Field::Displacement
                | Field::DropOff
        )
    }

    fn is_adjustment(self) -> bool {
        matches!(
            self,
            Field::Deadweight | Field::Attribution | Field::Displacement | Field::DropOff | Field::Duration
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Outcome(usize, Field),
    Avoided(usize, Field),
    Cost(usize),
    Default(Field),
    DiscountRate,
    Proxy(TableKind, String),
}

/// One assumption with its range, as the analysis uses it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// Target path.
    pub target: String,
    /// Human label.
    pub label: String,
    /// Low end.
    pub low: Decimal,
    /// Central value (the scenario's or the table's).
    pub central: Decimal,
    /// High end.
    pub high: Decimal,
    /// Distribution of draws.
    pub distribution: Distribution,
    /// `scenario` (from `[[ranges]]`) or `table` (the proxy's low/high).
    pub origin: String,
    /// Why this range.
    pub note: String,
    /// Every item the assumption applies to (a target with `*` applies one draw to many items).
    pub applies_to: Vec<String>,
    #[serde(skip)]
    target_kind: Target,
    #[serde(skip)]
    also: Vec<Target>,
}

fn share_or_count(f: Field) -> &'static str {
    if f.is_share() {
        "a share in 0–1"
    } else {
        "not negative"
    }
}

fn resolve_target(scenario: &Scenario, registry: &Registry, file: &str, i: usize, t: &str) -> Result<(Target, String)> {
    let place = || Place::new(file, format!("ranges[{i}]"), "target");
    let bad = |msg: String| Error::invalid(place(), msg);
    let parts: Vec<&str> = t.split('.').collect();
    match parts.as_slice() {
        ["discount_rate"] => Ok((Target::DiscountRate, "Discount rate".into())),
        ["defaults", f] => {
            let field = Field::parse(f).filter(|f| f.is_adjustment()).ok_or_else(|| {
                bad(format!(
                    "{f:?} is not a default adjustment (deadweight, attribution, displacement, drop_off, duration)"
                ))
            })?;
            Ok((Target::Default(field), format!("Default {f}")))
        }
        ["costs", n, "amount"] => {
            let k: usize = n
                .parse()
                .map_err(|_| bad(format!("{n:?} is not a cost number (1-based)")))?;
            let c = k.checked_sub(1).and_then(|k| scenario.costs.get(k)).ok_or_else(|| {
                bad(format!(
                    "there is no cost {k}; the scenario has {}",
                    scenario.costs.len()
                ))
            })?;
            Ok((Target::Cost(k - 1), format!("Cost: {}", c.label)))
        }
        ["outcomes", id, f] => {
            let idx = scenario
                .outcomes
                .iter()
                .position(|o| o.id == *id)
                .ok_or_else(|| Error::unknown(place(), format!("no outcome item {id:?}")))?;
            let field = Field::parse(f)
                .filter(|f| f.is_adjustment() || matches!(f, Field::People | Field::Rate))
                .ok_or_else(|| bad(format!("{f:?} is not a field of an outcome that can carry a range")))?;
            let o = &scenario.outcomes[idx];
            if field == Field::People && o.people.is_none() {
                return Err(bad(format!(
                    "outcome {id:?} is given as a rate: put the range on outcomes.{id}.rate"
                )));
            }
            if field == Field::Rate && o.rate.is_none() {
                return Err(bad(format!(
                    "outcome {id:?} is given as people: put the range on outcomes.{id}.people"
                )));
            }
            Ok((
                Target::Outcome(idx, field),
                format!("{}: {f}", o.label.clone().unwrap_or_else(|| o.id.clone())),
            ))
        }
        ["avoided", id, f] => {
            let idx = scenario
                .avoided
                .iter()
                .position(|a| a.id == *id)
                .ok_or_else(|| Error::unknown(place(), format!("no avoided item {id:?}")))?;
            let field = Field::parse(f)
                .filter(|f| {
                    f.is_adjustment() || matches!(f, Field::Count | Field::CounterfactualRate | Field::ObservedRate)
                })
                .ok_or_else(|| {
                    bad(format!(
                        "{f:?} is not a field of an avoided item that can carry a range"
                    ))
                })?;
            let a = &scenario.avoided[idx];
            if field == Field::Count && a.count.is_none() {
                return Err(bad(format!(
                    "avoided item {id:?} is given as rates: put the range on one of its rates"
                )));
            }
            if matches!(field, Field::CounterfactualRate | Field::ObservedRate) && a.counterfactual_rate.is_none() {
                return Err(bad(format!(
                    "avoided item {id:?} is given as a count: put the range on avoided.{id}.count"
                )));
            }
            Ok((
                Target::Avoided(idx, field),
                format!("{}: {f}", a.label.clone().unwrap_or_else(|| a.id.clone())),
            ))
        }
        [table @ ("wellbeing" | "unit_costs"), row] => {
            let (kind, reference) = if *table == "wellbeing" {
                (TableKind::Wellbeing, &scenario.tables.wellbeing)
            } else {
                (TableKind::UnitCost, &scenario.tables.unit_costs)
            };
            let t = registry
                .get(reference)
                .ok_or_else(|| Error::unknown(place(), format!("no table {reference:?}")))?;
            let r = t
                .rows
                .iter()
                .find(|r| r.id == *row)
                .ok_or_else(|| Error::unknown(place(), format!("no row {row:?} in {reference}")))?;
            Ok((Target::Proxy(kind, row.to_string()), format!("Proxy: {}", r.label)))
        }
        _ => Err(bad(format!(
            "{t:?} is not a target: use outcomes.<id>.<field>, avoided.<id>.<field>, costs.<n>.amount, defaults.<field>, discount_rate, wellbeing.<row> or unit_costs.<row>"
        ))),
    }
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

/// Resolves a target, expanding `outcomes.*.<field>` and `avoided.*.<field>` to every item that
/// has the field set: one draw then moves them all together.
fn expand_target(
    scenario: &Scenario,
    registry: &Registry,
    file: &str,
    i: usize,
    t: &str,
) -> Result<(Target, String, Vec<Target>, Vec<String>)> {
    let parts: Vec<&str> = t.split('.').collect();
    if let [section @ ("outcomes" | "avoided"), pattern, f] = parts.as_slice()
        && pattern.contains('*')
    {
        let ids: Vec<String> = if *section == "outcomes" {
            scenario
                .outcomes
                .iter()
                .filter(|o| glob(pattern, &o.id))
                .filter(|o| match *f {
                    "people" => o.people.is_some(),
                    "rate" => o.rate.is_some(),
                    _ => true,
                })
                .map(|o| o.id.clone())
                .collect()
        } else {
            scenario
                .avoided
                .iter()
                .filter(|a| glob(pattern, &a.id))
                .filter(|a| match *f {
                    "count" => a.count.is_some(),
                    "counterfactual_rate" | "observed_rate" => a.counterfactual_rate.is_some(),
                    _ => true,
                })
                .map(|a| a.id.clone())
                .collect()
        };
        if ids.is_empty() {
            return Err(Error::invalid(
                Place::new(file, format!("ranges[{i}]"), "target"),
                format!("no item matches {t:?}"),
            ));
        }
        let mut resolved = Vec::new();
        for id in &ids {
            resolved.push(resolve_target(
                scenario,
                registry,
                file,
                i,
                &format!("{section}.{id}.{f}"),
            )?);
        }
        let first = central(scenario, registry, &resolved[0].0);
        for ((target, _), id) in resolved.iter().zip(&ids) {
            let c = central(scenario, registry, target);
            if c != first {
                return Err(Error::invalid(
                    Place::new(file, format!("ranges[{i}]"), "target"),
                    format!(
                        "{t:?} links items whose values differ ({} has {}, {} has {}): give each its own range",
                        ids[0],
                        first.normalize(),
                        id,
                        c.normalize()
                    ),
                ));
            }
        }
        let applies_to = ids.iter().map(|id| format!("{section}.{id}.{f}")).collect();
        let mut it = resolved.into_iter();
        let (primary, _) = it.next().unwrap_or((Target::DiscountRate, String::new()));
        let also = it.map(|(t, _)| t).collect();
        return Ok((primary, format!("{f} of {}", ids.join(", ")), also, applies_to));
    }
    let (target, label) = resolve_target(scenario, registry, file, i, t)?;
    Ok((target, label, Vec::new(), vec![t.to_string()]))
}

/// The current (central) value of a target in a scenario.
fn central(scenario: &Scenario, registry: &Registry, target: &Target) -> Decimal {
    let d = &scenario.defaults;
    let adj = |a: &crate::scenario::Adjustments, f: Field| -> Option<Decimal> {
        match f {
            Field::Deadweight => a.deadweight,
            Field::Attribution => a.attribution,
            Field::Displacement => a.displacement,
            Field::DropOff => a.drop_off,
            Field::Duration => a.duration.map(Decimal::from),
            _ => None,
        }
    };
    let default_of = |f: Field| {
        adj(d, f).unwrap_or(if f == Field::Duration {
            Decimal::ONE
        } else {
            Decimal::ZERO
        })
    };
    match target {
        Target::DiscountRate => scenario.discount_rate(),
        Target::Default(f) => default_of(*f),
        Target::Cost(i) => scenario.costs[*i].amount,
        Target::Outcome(i, f) => {
            let o = &scenario.outcomes[*i];
            match f {
                Field::People => o.people.unwrap_or_default(),
                Field::Rate => o.rate.unwrap_or_default(),
                f => adj(&o.adjustments, *f).unwrap_or_else(|| {
                    if *f == Field::Deadweight {
                        let row_dw = registry
                            .get(&scenario.tables.wellbeing)
                            .and_then(|t| t.rows.iter().find(|r| r.id == o.proxy))
                            .and_then(|r| r.default_deadweight);
                        d.deadweight.or(row_dw).unwrap_or(Decimal::ZERO)
                    } else {
                        default_of(*f)
                    }
                }),
            }
        }
        Target::Avoided(i, f) => {
            let a = &scenario.avoided[*i];
            match f {
                Field::Count => a.count.unwrap_or_default(),
                Field::CounterfactualRate => a.counterfactual_rate.unwrap_or_default(),
                Field::ObservedRate => a.observed_rate.unwrap_or_default(),
                f => adj(&a.adjustments, *f).unwrap_or_else(|| default_of(*f)),
            }
        }
        Target::Proxy(kind, row) => {
            let reference = if *kind == TableKind::Wellbeing {
                &scenario.tables.wellbeing
            } else {
                &scenario.tables.unit_costs
            };
            registry
                .get(reference)
                .and_then(|t| {
                    t.lookup(row, crate::AgeBand::All, crate::Region::All)
                        .or_else(|| t.rows.iter().find(|r| r.id == *row))
                })
                .map(|r| r.value)
                .unwrap_or_default()
        }
    }
}

/// Writes a value into a scenario (or into the proxy overrides), for every target of the assumption.
fn apply(scenario: &mut Scenario, overrides: &mut Overrides, a: &Assumption, v: Decimal) {
    apply_one(scenario, overrides, a, &a.target_kind, v);
    for t in &a.also {
        apply_one(scenario, overrides, a, t, v);
    }
}

fn apply_one(scenario: &mut Scenario, overrides: &mut Overrides, a: &Assumption, target: &Target, v: Decimal) {
    let set_adj = |adj: &mut crate::scenario::Adjustments, f: Field, v: Decimal| match f {
        Field::Deadweight => adj.deadweight = Some(v),
        Field::Attribution => adj.attribution = Some(v),
        Field::Displacement => adj.displacement = Some(v),
        Field::DropOff => adj.drop_off = Some(v),
        Field::Duration => adj.duration = v.round().to_u32().map(|d| d.clamp(1, crate::scenario::MAX_DURATION)),
        _ => {}
    };
    match target {
        Target::DiscountRate => scenario.discount_rate = Some(v),
        Target::Default(f) => set_adj(&mut scenario.defaults, *f, v),
        Target::Cost(i) => scenario.costs[*i].amount = v,
        Target::Outcome(i, f) => {
            let o = &mut scenario.outcomes[*i];
            match f {
                Field::People => o.people = Some(v),
                Field::Rate => o.rate = Some(v),
                f => set_adj(&mut o.adjustments, *f, v),
            }
        }
        Target::Avoided(i, f) => {
            let x = &mut scenario.avoided[*i];
            match f {
                Field::Count => x.count = Some(v),
                Field::CounterfactualRate => x.counterfactual_rate = Some(v),
                Field::ObservedRate => x.observed_rate = Some(v.min(x.counterfactual_rate.unwrap_or(v))),
                f => set_adj(&mut x.adjustments, *f, v),
            }
        }
        Target::Proxy(kind, row) => {
            let factor = if a.central.is_zero() {
                Decimal::ONE
            } else {
                v / a.central
            };
            overrides.factors.insert((*kind, row.clone()), factor);
        }
    }
}

/// The assumptions of a scenario: its `[[ranges]]`, then the ranges its tables give for the
/// proxies it uses. Checks every range (low ≤ central ≤ high, shares in 0–1, known targets).
pub fn assumptions(scenario: &Scenario, registry: &Registry) -> Result<Vec<Assumption>> {
    assumptions_named("scenario", scenario, registry)
}

fn assumptions_named(file: &str, scenario: &Scenario, registry: &Registry) -> Result<Vec<Assumption>> {
    let settings = scenario.uncertainty.clone().unwrap_or_default();
    check_settings(file, &settings)?;
    let mut out: Vec<Assumption> = Vec::new();
    for (i, r) in scenario.ranges.iter().enumerate() {
        let (target_kind, label, also, applies_to) = expand_target(scenario, registry, file, i, &r.target)?;
        if out
            .iter()
            .any(|a| a.target_kind == target_kind || a.also.contains(&target_kind))
        {
            return Err(Error::invalid(
                Place::new(file, format!("ranges[{i}]"), "target"),
                format!("{} has two ranges", r.target),
            ));
        }
        let c = central(scenario, registry, &target_kind);
        let (mut low, mut high) = (r.low, r.high);
        if let Target::Proxy(kind, row) = &target_kind {
            let reference = if *kind == TableKind::Wellbeing {
                &scenario.tables.wellbeing
            } else {
                &scenario.tables.unit_costs
            };
            if let Some(row) = registry
                .get(reference)
                .and_then(|t| t.rows.iter().find(|x| x.id == *row))
            {
                low = low.or(row.low);
                high = high.or(row.high);
            }
        }
        let place = |f: &str| Place::new(file, format!("ranges[{i}] ({})", r.target), f);
        let low = low.ok_or_else(|| Error::invalid(place("low"), "a range needs a low value"))?;
        let high = high.ok_or_else(|| Error::invalid(place("high"), "a range needs a high value"))?;
        if low > high {
            return Err(Error::invalid(place("low"), format!("low {low} exceeds high {high}")));
        }
        let field = match &target_kind {
            Target::Outcome(_, f) | Target::Avoided(_, f) | Target::Default(f) => Some(*f),
            Target::DiscountRate => Some(Field::Rate),
            _ => None,
        };
        let share = field.is_some_and(Field::is_share);
        for (name, v) in [("low", low), ("high", high)] {
            if v < Decimal::ZERO || (share && v > Decimal::ONE) {
                return Err(Error::invalid(
                    place(name),
                    format!(
                        "{v} is outside what {} allows ({})",
                        r.target,
                        share_or_count(field.unwrap_or(Field::Count))
                    ),
                ));
            }
            if field == Some(Field::Duration) && (v < Decimal::ONE || v > Decimal::from(crate::scenario::MAX_DURATION))
            {
                return Err(Error::invalid(
                    place(name),
                    format!("a duration is 1 to {} years", crate::scenario::MAX_DURATION),
                ));
            }
        }
        // Limits that depend on the rest of the scenario, for every item the range moves.
        for t in std::iter::once(&target_kind).chain(also.iter()) {
            let (limit, floor) = match t {
                Target::Outcome(_, Field::People) => (
                    Some((
                        Decimal::from(scenario.families) * scenario.people_per_family(),
                        "the cohort's people",
                    )),
                    None,
                ),
                Target::Avoided(i, Field::CounterfactualRate) => (
                    None,
                    scenario.avoided[*i].observed_rate.map(|o| (o, "the observed rate")),
                ),
                Target::Avoided(i, Field::ObservedRate) => (
                    scenario.avoided[*i]
                        .counterfactual_rate
                        .map(|c| (c, "the counterfactual rate")),
                    None,
                ),
                _ => (None, None),
            };
            if let Some((max, what)) = limit
                && high > max
            {
                return Err(Error::invalid(
                    place("high"),
                    format!("high {high} exceeds {what} ({})", max.normalize()),
                ));
            }
            if let Some((min, what)) = floor
                && low < min
            {
                return Err(Error::invalid(
                    place("low"),
                    format!("low {low} is below {what} ({})", min.normalize()),
                ));
            }
        }
        if c < low || c > high {
            return Err(Error::invalid(
                place("low"),
                format!(
                    "the scenario's value {} lies outside the range {low}–{high}",
                    c.normalize()
                ),
            ));
        }
        out.push(Assumption {
            target: r.target.clone(),
            label,
            low,
            central: c,
            high,
            distribution: r.distribution,
            origin: "scenario".into(),
            note: r.note.clone(),
            applies_to,
            target_kind,
            also,
        });
    }
    if settings.table_ranges.unwrap_or(true) {
        for (kind, reference, items) in [
            (
                TableKind::Wellbeing,
                &scenario.tables.wellbeing,
                scenario.outcomes.iter().map(|o| o.proxy.as_str()).collect::<Vec<_>>(),
            ),
            (
                TableKind::UnitCost,
                &scenario.tables.unit_costs,
                scenario.avoided.iter().map(|a| a.proxy.as_str()).collect(),
            ),
        ] {
            let Some(t) = registry.get(reference) else { continue };
            let mut seen: Vec<&str> = Vec::new();
            for row_id in items {
                if seen.contains(&row_id) {
                    continue;
                }
                seen.push(row_id);
                let target_kind = Target::Proxy(kind, row_id.to_string());
                if out.iter().any(|a| a.target_kind == target_kind) {
                    continue;
                }
                let Some(row) = t
                    .lookup(row_id, crate::AgeBand::All, crate::Region::All)
                    .or_else(|| t.rows.iter().find(|r| r.id == row_id))
                else {
                    continue;
                };
                let (Some(low), Some(high)) = (row.low, row.high) else {
                    continue;
                };
                out.push(Assumption {
                    target: format!(
                        "{}.{}",
                        if kind == TableKind::Wellbeing {
                            "wellbeing"
                        } else {
                            "unit_costs"
                        },
                        row_id
                    ),
                    label: format!("Proxy: {}", row.label),
                    low,
                    central: row.value,
                    high,
                    distribution: settings.table_distribution.unwrap_or_default(),
                    origin: "table".into(),
                    note: format!("low and high of {} in {}", row_id, t.reference()),
                    applies_to: vec![format!(
                        "{}.{}",
                        if kind == TableKind::Wellbeing {
                            "wellbeing"
                        } else {
                            "unit_costs"
                        },
                        row_id
                    )],
                    target_kind,
                    also: Vec::new(),
                });
            }
        }
    }
    Ok(out)
}

fn check_settings(file: &str, s: &Settings) -> Result<()> {
    let place = |f: &str| Place::new(file, "uncertainty", f);
    if let Some(d) = s.draws
        && (d == 0 || d > MAX_DRAWS)
    {
        return Err(Error::invalid(
            place("draws"),
            format!("draws must be 1 to {MAX_DRAWS}"),
        ));
    }
    if let Some(b) = s.bins
        && (b == 0 || b > MAX_BINS)
    {
        return Err(Error::invalid(place("bins"), format!("bins must be 1 to {MAX_BINS}")));
    }
    if let Some(ps) = &s.percentiles {
        if ps.is_empty() || ps.len() > 99 {
            return Err(Error::invalid(place("percentiles"), "give 1 to 99 percentiles"));
        }
        for p in ps {
            if *p < Decimal::ZERO || *p > Decimal::ONE {
                return Err(Error::invalid(
                    place("percentiles"),
                    format!("{p} is not a probability in 0–1"),
                ));
            }
        }
    }
    Ok(())
}

/// The totals the analysis follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Total {
    /// Social value.
    SocialValue,
    /// Fiscal savings.
    FiscalSavings,
}

impl Total {
    fn of(self, f: &Figures) -> Decimal {
        match self {
            Total::SocialValue => f.social_value,
            Total::FiscalSavings => f.fiscal_savings,
        }
    }
}

/// One bar of a tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    /// Assumption target.
    pub target: String,
    /// Label.
    pub label: String,
    /// The assumption's low and high.
    pub low: Decimal,
    /// High.
    pub high: Decimal,
    /// The total with the assumption at its low end (others central), to the penny.
    pub at_low: Decimal,
    /// The total with the assumption at its high end, to the penny.
    pub at_high: Decimal,
    /// |at_high − at_low|.
    pub swing: Decimal,
}

/// One-at-a-time sensitivity of one total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tornado {
    /// Which total.
    pub total: Total,
    /// The total with every assumption central, to the penny.
    pub base: Decimal,
    /// Bars, largest swing first.
    pub bars: Vec<Bar>,
}

/// Percentiles and spread of one figure over the draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    /// Figure name.
    pub name: String,
    /// (probability, value to the penny), nearest-rank.
    pub percentiles: Vec<(Decimal, Decimal)>,
    /// Mean of the draws, to the penny.
    pub mean: Decimal,
    /// Smallest draw.
    pub min: Decimal,
    /// Largest draw.
    pub max: Decimal,
}

/// A histogram of one figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Figure name.
    pub name: String,
    /// Bin edges (bins + 1 of them), to the penny.
    pub edges: Vec<Decimal>,
    /// Draws per bin; the last bin includes its upper edge.
    pub counts: Vec<u32>,
}

/// The result of a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonteCarlo {
    /// Seed used.
    pub seed: u64,
    /// Draws made.
    pub draws: u32,
    /// Spread of each total and per-family figure.
    pub spreads: Vec<Spread>,
    /// Share of draws where social value exceeds the programme cost (none without a cost).
    pub p_social_exceeds_cost: Option<Decimal>,
    /// Share of draws where fiscal savings exceed the programme cost.
    pub p_fiscal_exceeds_cost: Option<Decimal>,
    /// Histograms of social value and fiscal savings.
    pub histograms: Vec<Histogram>,
}

/// The value of one assumption at which a total just pays for the programme's cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    /// Assumption target.
    pub target: String,
    /// Label.
    pub label: String,
    /// Which total.
    pub total: Total,
    /// The assumption's central value.
    pub central: Decimal,
    /// The break-even value (none when no value in the assumption's domain reaches the cost).
    pub value: Option<Decimal>,
    /// Half-width of the final bisection bracket.
    pub tolerance: Decimal,
    /// For a count of avoided events: families per event at break-even ("one in every N families").
    pub families_per_event: Option<Decimal>,
    /// In words.
    pub text: String,
}

/// Everything the uncertainty analysis reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The assumptions and their ranges.
    pub assumptions: Vec<Assumption>,
    /// Tornado of social value and of fiscal savings.
    pub tornado: Vec<Tornado>,
    /// Monte Carlo results.
    pub monte_carlo: MonteCarlo,
    /// Break-even values.
    pub break_even: Vec<BreakEven>,
}

fn sign(x: Decimal) -> i8 {
    if x.is_zero() {
        0
    } else if x.is_sign_negative() {
        -1
    } else {
        1
    }
}

fn keep10(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(10, RoundingStrategy::MidpointNearestEven)
}

/// A standard normal draw (Box–Muller, libm for cross-platform identical results).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = unit(rng).max(f64::MIN_POSITIVE);
    let u2 = unit(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

/// A uniform draw in [0, 1) from 53 random bits.
fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Gamma(shape, 1) by Marsaglia and Tsang (2000); shape ≥ 1 here (PERT shapes are ≥ 1).
fn gamma(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = unit(rng);
        if u < 1.0 - 0.0331 * x * x * x * x
            || libm::log(u.max(f64::MIN_POSITIVE)) < 0.5 * x * x + d * (1.0 - v + libm::log(v))
        {
            return d * v;
        }
    }
}

fn draw(rng: &mut ChaCha8Rng, a: &Assumption) -> Decimal {
    if a.low == a.high || a.distribution == Distribution::Fixed {
        // Consume the same amount of randomness whatever the range, so that collapsing one
        // assumption does not shift the others' draws.
        let _ = unit(rng);
        return a.central;
    }
    let (lo, c, hi) = (
        a.low.to_f64().unwrap_or(0.0),
        a.central.to_f64().unwrap_or(0.0),
        a.high.to_f64().unwrap_or(0.0),
    );
    let span = hi - lo;
    let x = match a.distribution {
        Distribution::Fixed => c,
        Distribution::Uniform => lo + unit(rng) * span,
        Distribution::Triangular => {
            let u = unit(rng);
            let fc = (c - lo) / span;
            if u < fc {
                lo + libm::sqrt(u * span * (c - lo))
            } else {
                hi - libm::sqrt((1.0 - u) * span * (hi - c))
            }
        }
        Distribution::Pert => {
            let alpha = 1.0 + 4.0 * (c - lo) / span;
            let beta = 1.0 + 4.0 * (hi - c) / span;
            let g1 = gamma(rng, alpha);
            let g2 = gamma(rng, beta);
            lo + g1 / (g1 + g2) * span
        }
    };
    // f64 → Decimal at 10 places: an integer conversion (exact, the same on every platform) where
    // the value allows, the general conversion otherwise.
    let scaled = x * 1e10;
    let v = if scaled.is_finite() && scaled.abs() < 9.0e18 {
        Decimal::from_i128_with_scale(libm::round(scaled) as i128, 10)
    } else {
        Decimal::from_f64(x).map(keep10).unwrap_or(a.central)
    };
    v.clamp(a.low, a.high)
}

fn value_at(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
    facts: Option<&RecordFacts>,
    set: &[(&Assumption, Decimal)],
) -> Result<Figures> {
    let mut s = scenario.clone();
    let mut o = Overrides::default();
    for (a, v) in set {
        apply(&mut s, &mut o, a, *v);
    }
    Ok(evaluate_with(file, &s, records, registry, &o, false, facts)?.totals)
}

/// One-at-a-time sensitivity: each assumption at its low and at its high, the others central.
pub fn tornado(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Vec<Tornado>> {
    let file = "scenario";
    let list = assumptions_named(file, scenario, registry)?;
    tornado_of(file, scenario, records, registry, &list)
}

fn tornado_of(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
    list: &[Assumption],
) -> Result<Vec<Tornado>> {
    let facts = records.map(|r| record_facts(scenario, r, registry)).transpose()?;
    let base = value_at(file, scenario, records, registry, facts.as_ref(), &[])?;
    let mut ends = Vec::new();
    for a in list {
        let lo = value_at(file, scenario, records, registry, facts.as_ref(), &[(a, a.low)])?;
        let hi = value_at(file, scenario, records, registry, facts.as_ref(), &[(a, a.high)])?;
        ends.push((a, lo, hi));
    }
    Ok([Total::SocialValue, Total::FiscalSavings]
        .into_iter()
        .map(|total| {
            let mut bars: Vec<Bar> = ends
                .iter()
                .map(|(a, lo, hi)| {
                    let (l, h) = (to_penny(total.of(lo)), to_penny(total.of(hi)));
                    Bar {
                        target: a.target.clone(),
                        label: a.label.clone(),
                        low: a.low,
                        high: a.high,
                        at_low: l,
                        at_high: h,
                        swing: (h - l).abs(),
                    }
                })
                .collect();
            bars.sort_by(|x, y| y.swing.cmp(&x.swing).then(x.target.cmp(&y.target)));
            Tornado {
                total,
                base: to_penny(total.of(&base)),
                bars,
            }
        })
        .collect())
}

/// A Monte Carlo run that can be advanced in steps (so that a page can show progress and cancel).
///
/// ```
/// use socval::{templates, Registry};
/// use socval::uncertainty::MonteCarloRun;
/// let s = templates().into_iter().find(|t| t.id == "step-together").unwrap().scenario().unwrap();
/// let mut run = MonteCarloRun::new(&s, None, Registry::embedded()).unwrap().with_draws(200);
/// while !run.done() {
///     run.step(50).unwrap();
/// }
/// let mc = run.result();
/// assert_eq!(mc.draws, 200);
/// ```
pub struct MonteCarloRun<'a> {
    scenario: Scenario,
    records: Option<&'a Records>,
    registry: &'a Registry,
    list: Vec<Assumption>,
    rng: ChaCha8Rng,
    seed: u64,
    draws: u32,
    results: Vec<Figures>,
    settings: Settings,
    facts: Option<RecordFacts>,
}

impl<'a> MonteCarloRun<'a> {
    /// Prepares a run with the scenario's settings (seed, draws).
    pub fn new(scenario: &Scenario, records: Option<&'a Records>, registry: &'a Registry) -> Result<Self> {
        let list = assumptions_named("scenario", scenario, registry)?;
        let settings = scenario.uncertainty.clone().unwrap_or_default();
        let seed = settings.seed.unwrap_or(1);
        Ok(MonteCarloRun {
            scenario: scenario.clone(),
            records,
            registry,
            list,
            rng: ChaCha8Rng::seed_from_u64(seed),
            seed,
            draws: settings.draws.unwrap_or(DEFAULT_DRAWS),
            results: Vec::new(),
            settings,
            facts: records.map(|r| record_facts(scenario, r, registry)).transpose()?,
        })
    }

    /// Sets the number of draws (clamped to 1–`MAX_DRAWS`).
    pub fn with_draws(mut self, draws: u32) -> Self {
        self.draws = draws.clamp(1, MAX_DRAWS);
        self
    }

    /// Total draws of the run.
    pub fn draws(&self) -> u32 {
        self.draws
    }

    /// Draws made so far.
    pub fn done_draws(&self) -> u32 {
        self.results.len() as u32
    }

    /// Whether every draw has been made.
    pub fn done(&self) -> bool {
        self.done_draws() >= self.draws
    }

    /// Makes up to `n` more draws; returns the number made so far.
    pub fn step(&mut self, n: u32) -> Result<u32> {
        let mut overrides = Overrides::default();
        let k = n.min(self.draws - self.done_draws());
        // Every draw writes every assumed field, so one working copy of the scenario serves all draws.
        let mut s = self.scenario.clone();
        for _ in 0..k {
            overrides.factors.clear();
            for a in &self.list {
                let v = draw(&mut self.rng, a);
                apply(&mut s, &mut overrides, a, v);
            }
            let v = evaluate_with(
                "scenario",
                &s,
                self.records,
                self.registry,
                &overrides,
                false,
                self.facts.as_ref(),
            )?;
            self.results.push(v.totals);
        }
        Ok(self.done_draws())
    }

    /// The figures of the draws made so far.
    pub fn result(&self) -> MonteCarlo {
        let n = self.results.len();
        let families = Decimal::from(self.scenario.families.max(1));
        let percentiles = self
            .settings
            .percentiles
            .clone()
            .unwrap_or_else(|| vec![Decimal::new(5, 2), Decimal::new(5, 1), Decimal::new(95, 2)]);
        let bins = self.settings.bins.unwrap_or(20) as usize;
        let series: Vec<(&str, Vec<Decimal>)> = vec![
            ("social_value", self.results.iter().map(|f| f.social_value).collect()),
            (
                "fiscal_savings",
                self.results.iter().map(|f| f.fiscal_savings).collect(),
            ),
            (
                "programme_cost",
                self.results.iter().map(|f| f.programme_cost).collect(),
            ),
            (
                "social_value_per_family",
                self.results.iter().map(|f| f.social_value / families).collect(),
            ),
            (
                "fiscal_savings_per_family",
                self.results.iter().map(|f| f.fiscal_savings / families).collect(),
            ),
            ("npv_social", self.results.iter().map(|f| f.npv_social).collect()),
            ("npv_fiscal", self.results.iter().map(|f| f.npv_fiscal).collect()),
        ];
        let mut spreads = Vec::new();
        let mut histograms = Vec::new();
        for (name, mut xs) in series {
            xs.sort();
            if xs.is_empty() {
                continue;
            }
            let pick = |p: Decimal| -> Decimal {
                // Nearest rank: the ⌈p·n⌉-th smallest (the smallest for p = 0).
                let rank = (p * Decimal::from(n as u64)).ceil().to_usize().unwrap_or(1).clamp(1, n);
                xs[rank - 1]
            };
            let sum: Decimal = xs.iter().copied().sum();
            spreads.push(Spread {
                name: name.to_string(),
                percentiles: percentiles.iter().map(|&p| (p, to_penny(pick(p)))).collect(),
                mean: to_penny(sum / Decimal::from(n as u64)),
                min: to_penny(xs[0]),
                max: to_penny(xs[n - 1]),
            });
            if name == "social_value" || name == "fiscal_savings" {
                let (lo, hi) = (to_penny(xs[0]), to_penny(xs[n - 1]));
                let width = (hi - lo) / Decimal::from(bins as u64);
                let edges: Vec<Decimal> = (0..=bins)
                    .map(|i| {
                        if i == bins {
                            hi
                        } else {
                            to_penny(lo + width * Decimal::from(i as u64))
                        }
                    })
                    .collect();
                let mut counts = vec![0u32; bins];
                for x in &xs {
                    let b = if width.is_zero() {
                        0
                    } else {
                        ((x - lo) / width).floor().to_usize().unwrap_or(0).min(bins - 1)
                    };
                    counts[b] += 1;
                }
                histograms.push(Histogram {
                    name: name.to_string(),
                    edges,
                    counts,
                });
            }
        }
        let share = |pred: &dyn Fn(&Figures) -> bool| -> Option<Decimal> {
            if n == 0 || self.results.iter().all(|f| f.programme_cost.is_zero()) {
                return None;
            }
            let k = self.results.iter().filter(|f| pred(f)).count();
            Some(Decimal::from(k as u64) / Decimal::from(n as u64))
        };
        MonteCarlo {
            seed: self.seed,
            draws: n as u32,
            spreads,
            p_social_exceeds_cost: share(&|f| f.social_value > f.programme_cost),
            p_fiscal_exceeds_cost: share(&|f| f.fiscal_savings > f.programme_cost),
            histograms,
        }
    }
}

/// Runs the whole Monte Carlo at once.
pub fn monte_carlo(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<MonteCarlo> {
    let mut run = MonteCarloRun::new(scenario, records, registry)?;
    let n = run.draws();
    run.step(n)?;
    Ok(run.result())
}

/// Break-even values of each assumption, and of each avoided item's count, for each total against
/// the programme cost. Empty when the scenario has no cost.
pub fn break_even(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Vec<BreakEven>> {
    let file = "scenario";
    let mut list = assumptions_named(file, scenario, registry)?;
    // Every avoided count and counterfactual rate is a key assumption, ranged or not.
    for (i, a) in scenario.avoided.iter().enumerate() {
        let (field, name) = if a.count.is_some() {
            (Field::Count, "count")
        } else {
            (Field::CounterfactualRate, "counterfactual_rate")
        };
        let target_kind = Target::Avoided(i, field);
        if list.iter().any(|x| x.target_kind == target_kind) {
            continue;
        }
        let c = central(scenario, registry, &target_kind);
        list.push(Assumption {
            target: format!("avoided.{}.{name}", a.id),
            label: format!("{}: {name}", a.label.clone().unwrap_or_else(|| a.id.clone())),
            low: c,
            central: c,
            high: c,
            distribution: Distribution::Fixed,
            origin: "scenario".into(),
            note: String::new(),
            applies_to: vec![format!("avoided.{}.{name}", a.id)],
            target_kind,
            also: Vec::new(),
        });
    }
    let facts = records.map(|r| record_facts(scenario, r, registry)).transpose()?;
    let base = value_at(file, scenario, records, registry, facts.as_ref(), &[])?;
    if base.programme_cost.is_zero() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for total in [Total::SocialValue, Total::FiscalSavings] {
        for a in &list {
            // NPV as a function of the assumption.
            let npv = |v: Decimal| -> Result<Decimal> {
                let f = value_at(file, scenario, records, registry, facts.as_ref(), &[(a, v)])?;
                Ok(total.of(&f) - f.programme_cost)
            };
            let share = match &a.target_kind {
                Target::Outcome(_, f) | Target::Avoided(_, f) | Target::Default(f) => f.is_share(),
                Target::DiscountRate => true,
                _ => false,
            };
            let is_duration = matches!(
                &a.target_kind,
                Target::Outcome(_, Field::Duration)
                    | Target::Avoided(_, Field::Duration)
                    | Target::Default(Field::Duration)
            );
            let (mut lo, mut hi) = if is_duration {
                (Decimal::ONE, Decimal::from(crate::scenario::MAX_DURATION))
            } else if share {
                let top = if let Target::Avoided(i, Field::ObservedRate) = &a.target_kind {
                    scenario.avoided[*i].counterfactual_rate.unwrap_or(Decimal::ONE)
                } else {
                    Decimal::ONE
                };
                (Decimal::ZERO, top)
            } else {
                (Decimal::ZERO, a.central.max(Decimal::ONE))
            };
            let tol = if share {
                Decimal::new(1, 9)
            } else {
                (a.central.abs() * Decimal::new(1, 6)).max(Decimal::new(1, 6))
            };
            let (mut f_lo, mut f_hi) = (npv(lo)?, npv(hi)?);
            // Unbounded domains: widen upwards until the sign changes (up to a million times the central).
            if !share && !is_duration {
                let ceiling = a.central.max(Decimal::ONE) * Decimal::from(1_000_000);
                while sign(f_lo) == sign(f_hi) && hi < ceiling {
                    hi = (hi * Decimal::TWO).min(ceiling);
                    f_hi = npv(hi)?;
                }
            }
            let value = if f_lo.is_zero() {
                Some(lo)
            } else if f_hi.is_zero() {
                Some(hi)
            } else if sign(f_lo) == sign(f_hi) {
                None
            } else {
                let mut iterations = 0;
                while hi - lo > tol && iterations < 200 {
                    let mid = keep10((lo + hi) / Decimal::TWO);
                    let f_mid = npv(mid)?;
                    if f_mid.is_zero() {
                        lo = mid;
                        hi = mid;
                        break;
                    }
                    if sign(f_mid) == sign(f_lo) {
                        lo = mid;
                        f_lo = f_mid;
                    } else {
                        hi = mid;
                        f_hi = f_mid;
                    }
                    iterations += 1;
                }
                let _ = f_hi;
                Some(if is_duration {
                    hi.ceil()
                } else {
                    keep10((lo + hi) / Decimal::TWO)
                })
            };
            let families_per_event = match (&a.target_kind, value) {
                (Target::Avoided(_, Field::Count), Some(v)) if !v.is_zero() => {
                    Some((Decimal::from(scenario.families) / v).round_dp(1))
                }
                _ => None,
            };
            let what = match total {
                Total::SocialValue => "social value",
                Total::FiscalSavings => "fiscal savings",
            };
            let text = match (value, families_per_event) {
                (None, _) => format!("{what} never covers the cost for any {} in its domain", a.label),
                (Some(v), Some(n)) => format!(
                    "{what} covers the cost at {} events avoided: one in every {} families",
                    v.round_dp(2).normalize(),
                    n.normalize()
                ),
                (Some(v), None) => format!(
                    "{what} covers the cost when {} is {}",
                    a.label,
                    v.round_dp(4).normalize()
                ),
            };
            out.push(BreakEven {
                target: a.target.clone(),
                label: a.label.clone(),
                total,
                central: a.central,
                value,
                tolerance: if is_duration { Decimal::ZERO } else { tol },
                families_per_event,
                text,
            });
        }
    }
    Ok(out)
}

/// The whole analysis: assumptions, tornado, Monte Carlo and break-even values.
pub fn analyse(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Analysis> {
    let file = "scenario";
    let list = assumptions_named(file, scenario, registry)?;
    Ok(Analysis {
        tornado: tornado_of(file, scenario, records, registry, &list)?,
        monte_carlo: monte_carlo(scenario, records, registry)?,
        break_even: break_even(scenario, records, registry)?,
        assumptions: list,
    })
}
