//! The method (see README.md "The method in one screen" and DEVELOPERS.md "Conventions the method
//! leaves open"): wellbeing outcomes and avoided costs, adjusted,
//! spread over their duration with drop-off, rebased and discounted; the working as lines.
//!
//! - `facts`: people and events, from counts and rates or per-family records;
//! - `value`: the valuation context and each item's arithmetic, year by year;
//! - `replay`: a draw's items taking their yearly amounts where they were worked out already;
//! - `places`: where in the input an error is, named only when needed;
//! - `stream`: records read as a stream against a scenario, once the setup has checked it;
//! - `working`: the working's text;
//! - `totals`: exact figures rounded once, breakdowns that add up;
//! - `method`: the warnings for a scenario saved under an older method version.

mod central;
mod costs;
mod facts;
mod measured;
mod method;
mod places;
mod rates;
mod replay;
mod stream;
mod totals;
mod value;
mod working;

// `records/gather.rs` names `LEFT_OUT_LISTED` through this path.
pub(crate) use crate::records::{LEFT_OUT_LISTED, RecordFacts};
#[cfg(feature = "uncertainty")]
pub(crate) use central::keep_central;
pub(crate) use facts::record_facts;
pub(crate) use value::Resolved;

use crate::adjust::ItemRef;
use crate::discount::Discounting;
use crate::error::{Error, Location, Place, Result};
use crate::records::Records;
use crate::scenario::Scenario;
use crate::tables::{AgeBand, ProxyTable, Recurrence, Region, Registry, Row, TableKind};
use crate::valuation::{Figures, Section, Valuation};
pub(crate) use central::Scratch;
use central::{Rates, outcome_slot, slots};
use facts::{aggregate_facts, exclusive_groups};
use measured::value_measured;
use places::{ItemAt, Located};
use rates::rates_of;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use totals::finish;
use value::Ctx;

/// Drawn proxy values, by table kind and row id (all variants of the row), used by the
/// uncertainty analysis to draw a proxy from its range without copying the table. A short list
/// (one entry per proxy range), set in place draw after draw without allocating.
///
/// A range is about one row's value (its central value); the row with that value takes the drawn
/// value as drawn, and every other variant of the row (another age band or region) its own value
/// times drawn ÷ central.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Overrides {
    /// Table kind, row id, the drawn value, the central value it was drawn around (never zero)
    /// and, where the table has other variants of the row, drawn ÷ central.
    drawn: Vec<(TableKind, String, Decimal, Decimal, Option<Decimal>)>,
}

impl Overrides {
    /// The row's value: the drawn value where the row's value is the range's central value (the
    /// same number written the same way), else the row's value times drawn ÷ central (`None` if
    /// that overflows); the row's own value where nothing was drawn for it.
    pub(crate) fn value(&self, kind: TableKind, row: &Row) -> Option<Decimal> {
        match self.drawn.iter().find(|(k, id, ..)| *k == kind && *id == row.id) {
            Some((_, _, v, central, _)) if central::same(*central, row.value) => Some(*v),
            Some((_, _, v, central, factor)) => factor
                .or_else(|| crate::arith::div(*v, *central))
                .and_then(|f| crate::arith::mul(row.value, f)),
            None => Some(row.value),
        }
    }

    /// Sets the drawn value of a row, the central value it was drawn around and, where the table
    /// has other variants of the row, drawn ÷ central (replacing any it had); the uncertainty
    /// analysis's.
    #[cfg(feature = "uncertainty")]
    pub(crate) fn set(
        &mut self,
        kind: TableKind,
        row: &str,
        drawn: Decimal,
        central: Decimal,
        factor: Option<Decimal>,
    ) {
        match self.drawn.iter_mut().find(|(k, id, ..)| *k == kind && id == row) {
            Some(e) => (e.2, e.3, e.4) = (drawn, central, factor),
            None => self.drawn.push((kind, row.to_string(), drawn, central, factor)),
        }
    }
}

/// Values a scenario: the engine's one entry point.
///
/// `records`, when given, supplies the facts (who achieved which outcome, which events were
/// avoided) family by family, instead of the items' `people`, `rate` and `count`. Tables are looked
/// up in `registry` (use [`Registry::embedded`] for the shipped ones).
///
/// ```
/// use socval::{evaluate, Registry, Scenario, Section};
/// let text = r#"
/// name = "Ten parents"
/// families = 10
/// price_year = 2019
/// [tables]
/// wellbeing = "wellbeing-open@1.0.0"
/// unit_costs = "unit-costs-open@1.0.0"
/// deflators = "gdp-deflator@1.0.0"
/// [[costs]]
/// label = "Delivery"
/// amount = "20000"
/// [[outcomes]]
/// id = "confidence"
/// proxy = "high-confidence"
/// people = "6"
/// deadweight = "0.25"
/// "#;
/// let scenario = Scenario::from_toml_str("ten.toml", text).unwrap();
/// let v = evaluate(&scenario, None, Registry::embedded()).unwrap();
/// // The working adds up exactly to the total.
/// let sum: rust_decimal::Decimal = v.section_lines(Section::SocialValue).map(|l| l.amount).sum();
/// assert_eq!(sum, v.totals.social_value);
/// assert!(v.totals.social_value > rust_decimal::Decimal::ZERO);
/// ```
pub fn evaluate(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Valuation> {
    evaluate_named("scenario", scenario, records, registry)
}

/// As [`evaluate`], naming the scenario's file in errors.
pub fn evaluate_named(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
) -> Result<Valuation> {
    evaluate_with(
        file,
        scenario,
        records,
        registry,
        &Overrides::default(),
        true,
        None,
        None,
    )
}

/// The exact headline figures only, without the working: the same method on a faster path (no
/// lines, no text), as the uncertainty analysis uses it. Always equal to
/// `evaluate(..)?.totals` (a property test checks it).
///
/// ```
/// use socval::{evaluate, evaluate_totals, template, Registry};
/// let s = template("step-together").unwrap().scenario().unwrap();
/// let reg = Registry::embedded();
/// assert_eq!(evaluate_totals(&s, None, reg).unwrap(), evaluate(&s, None, reg).unwrap().totals);
/// ```
pub fn evaluate_totals(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Figures> {
    evaluate_with(
        "scenario",
        scenario,
        records,
        registry,
        &Overrides::default(),
        false,
        None,
        None,
    )
    .map(|v| v.totals)
}

/// What a valuation checks and looks up once per scenario, whatever its counts, rates,
/// adjustments and discount rates: the scenario's shape, its tables (and their pins), its price
/// year, and each item's table row. The uncertainty analysis makes it once per run and values
/// every draw with it; it holds for a drawn scenario because draws change only those values.
pub(crate) struct Setup<'a> {
    wellbeing: &'a ProxyTable,
    unit_costs: &'a ProxyTable,
    deflators: &'a ProxyTable,
    gdp_per_head: Option<&'a ProxyTable>,
    /// Per outcome, its row by age band and region (`BANDS` × `REGIONS` order).
    outcome_rows: Vec<[[Option<&'a Row>; 3]; 4]>,
    /// Per avoided item, its row.
    avoided_rows: Vec<&'a Row>,
    /// The outcomes of each exclusive group (of two or more), by group name.
    groups: Vec<(&'a str, Vec<usize>)>,
    /// Rebasing and uprating factors of the rows' price years.
    rates: Rates,
}

const BANDS: [AgeBand; 4] = [AgeBand::All, AgeBand::Under25, AgeBand::From25To49, AgeBand::From50];
const REGIONS: [Region; 3] = [Region::All, Region::London, Region::OutsideLondon];

/// No proxy overrides and no rebasing factors yet: what a rebasing-only context starts from.
static NO_OVERRIDES: Overrides = Overrides { drawn: Vec::new() };
static NO_RATES: Rates = Rates {
    rebase: Vec::new(),
    uprate: Vec::new(),
    growth: None,
    persistence: Vec::new(),
    central: Vec::new(),
};

impl<'a> Setup<'a> {
    /// The valuation context over the setup's tables, before any line: the one place a `Ctx` is
    /// made.
    fn ctx<'c>(
        &'c self,
        file: &'c str,
        scenario: &'c Scenario,
        overrides: &'c Overrides,
        rates: &'c Rates,
        working: bool,
    ) -> Ctx<'c> {
        Ctx {
            file,
            scenario,
            wellbeing: self.wellbeing,
            unit_costs: self.unit_costs,
            deflators: self.deflators,
            gdp_per_head: self.gdp_per_head,
            disc: Discounting::of(scenario),
            growth: [Vec::new(), Vec::new()],
            lines: Vec::new(),
            warnings: Vec::new(),
            working,
            overrides,
            acc: [Decimal::ZERO; 4],
            rates,
            left_out: Vec::new(),
            record: None,
            scratch: Scratch::default(),
        }
    }

    /// A context for working out rebasing and uprating factors only (no overrides, no rates yet,
    /// no working).
    fn rebasing<'c>(&'c self, file: &'c str, scenario: &'c Scenario) -> Ctx<'c> {
        self.ctx(file, scenario, &NO_OVERRIDES, &NO_RATES, false)
    }

    fn outcome_row(&self, oi: usize, age: AgeBand, region: Region) -> Option<&'a Row> {
        let b = BANDS.iter().position(|&x| x == age)?;
        let r = REGIONS.iter().position(|&x| x == region)?;
        self.outcome_rows.get(oi)?[b][r]
    }
}

/// The checks of a valuation that do not depend on the facts, in the order a valuation makes
/// them (so errors name the scenario before any arithmetic).
pub(crate) fn setup<'a>(file: &str, scenario: &Scenario, registry: &'a Registry) -> Result<Setup<'a>> {
    scenario.check(file)?;
    let pins = &scenario.tables.sha256;
    let wellbeing = Ctx::table(
        registry,
        file,
        "wellbeing",
        &scenario.tables.wellbeing,
        TableKind::Wellbeing,
        pins,
    )?;
    let unit_costs = Ctx::table(
        registry,
        file,
        "unit_costs",
        &scenario.tables.unit_costs,
        TableKind::UnitCost,
        pins,
    )?;
    let deflators = Ctx::table(
        registry,
        file,
        "deflators",
        &scenario.tables.deflators,
        TableKind::Deflator,
        pins,
    )?;
    let gdp_per_head = match &scenario.tables.gdp_per_head {
        Some(r) => Some(Ctx::table(
            registry,
            file,
            "gdp_per_head",
            r,
            TableKind::GdpPerHead,
            pins,
        )?),
        None => None,
    };
    // A pin for a table the scenario does not use would be silently ignored: refuse it.
    let used: Vec<&str> = if pins.is_empty() {
        Vec::new()
    } else {
        [
            Some(&scenario.tables.wellbeing),
            Some(&scenario.tables.unit_costs),
            Some(&scenario.tables.deflators),
            scenario.tables.gdp_per_head.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect()
    };
    if let Some(unused) = pins.keys().find(|k| !used.contains(&k.as_str())) {
        return Err(Error::invalid(
            Place::new(file, Location::section("tables.sha256"), unused.clone()),
            format!(
                "this pins {unused}, which the scenario does not use (it uses {}): pin a table the scenario names, or remove the pin",
                used.join(", ")
            ),
        ));
    }
    let mut su = Setup {
        wellbeing,
        unit_costs,
        deflators,
        gdp_per_head,
        outcome_rows: Vec::new(),
        avoided_rows: Vec::new(),
        groups: Vec::new(),
        rates: Rates::default(),
    };
    // The scenario's price year must be in the deflator series, even when nothing needs rebasing.
    if deflators.index(scenario.price_year).is_none() {
        // Rebasing from a year the series has names the scenario's missing year.
        let known = deflators.years.first().map_or(scenario.price_year + 1, |y| y.year);
        su.rebasing(file, scenario)
            .rebase(&Place::top(file, "price_year"), known)?;
    }

    // Resolve rows first, so that errors name the item before any arithmetic.
    su.outcome_rows = outcome_rows(file, scenario, wellbeing)?;
    su.avoided_rows = avoided_rows(file, scenario, unit_costs)?;
    su.groups = exclusive_groups(scenario, &|oi, age, region| su.outcome_row(oi, age, region));
    // Rebasing and uprating factors of every row the scenario may value, by price year.
    su.rates = rates_of(file, scenario, &su);
    Ok(su)
}

/// A one-off cost falls once: a duration beyond one year is refused (a drawn duration too).
fn one_off_duration(file: &str, scenario: &Scenario, i: usize, row: &Row) -> Result<()> {
    let a = &scenario.avoided[i];
    if row.recurrence == Some(Recurrence::OneOff) && a.adjustments.duration.is_some_and(|d| d > 1) {
        let place = ItemAt::new(file, "avoided", i, &a.id);
        return Err(Error::invalid(
            place.at("duration"),
            format!(
                "{} is a one-off cost: it falls once, in `year`; duration applies only to per-year costs",
                a.proxy
            ),
        ));
    }
    Ok(())
}

/// The engine, with proxy overrides and without the working's text when `working` is false.
/// `prepared`: the scenario's [`Setup`], made once for many valuations of drawn variants of it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn evaluate_with(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
    overrides: &Overrides,
    working: bool,
    cached: Option<&RecordFacts>,
    prepared: Option<&Setup<'_>>,
) -> Result<Valuation> {
    let from_records = records.is_some();
    let run = Run {
        file,
        scenario,
        records,
        registry,
        overrides,
        working,
        cached,
        prepared,
        record: false,
        scratch: Scratch::default(),
    };
    run.value(|cx, families| finish(cx, families, from_records))
}

#[cfg(feature = "uncertainty")]
/// The five exact totals a Monte Carlo draw keeps: social value, fiscal savings, programme cost
/// and the two net present values, as `evaluate_with(..)?.totals` has them, with the same errors
/// (the other figures, and their rounding, are left out: no draw reports them). `scratch`: the
/// room the draws of a chunk work in, one after the other (see [`Scratch`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_totals(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
    overrides: &Overrides,
    cached: Option<&RecordFacts>,
    prepared: Option<&Setup<'_>>,
    scratch: &mut Scratch,
) -> Result<[Decimal; 5]> {
    let run = Run {
        file,
        scenario,
        records,
        registry,
        overrides,
        working: false,
        cached,
        prepared,
        record: false,
        scratch: std::mem::take(scratch),
    };
    run.value(|mut cx, _| {
        *scratch = std::mem::take(&mut cx.scratch);
        totals::draw(&cx)
    })
}

/// One valuation's inputs (see [`evaluate_with`]).
struct Run<'r> {
    file: &'r str,
    scenario: &'r Scenario,
    records: Option<&'r Records>,
    registry: &'r Registry,
    overrides: &'r Overrides,
    working: bool,
    cached: Option<&'r RecordFacts>,
    prepared: Option<&'r Setup<'r>>,
    /// Whether to keep each item's arithmetic (the central valuation of a run).
    record: bool,
    /// The room a draw's valuation works in (see [`Scratch`]), handed from draw to draw.
    scratch: Scratch,
}

impl Run<'_> {
    /// Values every item and cost into a context, then hands it to `done`.
    fn value<T>(self, done: impl FnOnce(Ctx<'_>, u32) -> Result<T>) -> Result<T> {
        let Run {
            file,
            scenario,
            records,
            registry,
            overrides,
            working,
            cached,
            prepared,
            record,
            scratch,
        } = self;
        let owned_setup;
        let su: &Setup<'_> = match prepared {
            Some(p) => {
                for (i, row) in p.avoided_rows.iter().enumerate() {
                    one_off_duration(file, scenario, i, row)?;
                }
                p
            }
            None => {
                owned_setup = setup(file, scenario, registry)?;
                &owned_setup
            }
        };
        let mut cx = su.ctx(file, scenario, overrides, &su.rates, working);
        cx.record = record.then(|| vec![None; slots(scenario)]);
        cx.scratch = scratch;
        cx.scratch.clear();

        // Facts: people per (item, age band, region) and events per avoided item.
        let from_records;
        let mut aggregate: Option<RecordFacts> = None;
        let facts: &RecordFacts = match (records, cached) {
            (Some(_), Some(f)) => f,
            (Some(rec), None) => {
                from_records = record_facts(scenario, rec, registry)?;
                &from_records
            }
            (None, _) => {
                // In the room of the previous draw's facts, where there was one.
                let room = cx.scratch.facts.take();
                aggregate.insert(aggregate_facts(file, scenario, &su.groups, working, room)?)
            }
        };
        let (families_count, people, events) = (facts.families, &facts.people, &facts.events);
        if working {
            cx.warnings.extend(facts.warnings.iter().cloned());
        }

        // Wellbeing outcomes.
        value_outcomes(&mut cx, su, people)?;
        // Avoided costs.
        value_avoided(&mut cx, su, events)?;
        // Measured changes in life satisfaction.
        value_measured(&mut cx, &facts.measured, &facts.left_out, records.is_some())?;
        // The facts' room, for the next draw.
        cx.scratch.facts = aggregate.take();
        // Programme costs.
        cx.value_costs()?;
        done(cx, families_count)
    }
}

/// Values the scenario's wellbeing outcomes: each item's people by age band and region, with
/// its row's value and its adjustments resolved.
fn value_outcomes(cx: &mut Ctx<'_>, su: &Setup<'_>, people: &[BTreeMap<(AgeBand, Region), Decimal>]) -> Result<()> {
    let (file, scenario, wellbeing) = (cx.file, cx.scenario, cx.wellbeing);
    for (oi, o) in scenario.outcomes.iter().enumerate() {
        let place = ItemAt::new(file, "outcomes", oi, &o.id);
        for (&(age, region), &n) in &people[oi] {
            if n.is_zero() {
                continue;
            }
            let row = su.outcome_row(oi, age, region).ok_or_else(|| {
                Error::unknown(
                    place.at("age_band"),
                    format!(
                        "{} has no value of {:?} for age band {} in region {}",
                        wellbeing.reference(),
                        o.proxy,
                        age.as_str(),
                        region.as_str()
                    ),
                )
            })?;
            let r = Resolved::of(scenario, ItemRef::Outcome(oi), row);
            cx.check_deadweight(&place, &r, &o.deadweight_reason)?;
            let label = o.label.as_deref().unwrap_or(&row.label);
            cx.value_item(
                &place,
                Section::SocialValue,
                &o.id,
                label,
                wellbeing,
                row,
                n,
                age,
                region,
                &r,
                (o.start_year.unwrap_or(1), outcome_slot(oi, age, region)),
                None,
            )?;
        }
    }
    Ok(())
}

/// Values the scenario's avoided costs: each item's events, with its row's unit cost, units per
/// event and its adjustments resolved.
fn value_avoided(cx: &mut Ctx<'_>, su: &Setup<'_>, events: &[Decimal]) -> Result<()> {
    let (file, scenario) = (cx.file, cx.scenario);
    for (ai, a) in scenario.avoided.iter().enumerate() {
        let place = ItemAt::new(file, "avoided", ai, &a.id);
        let n = events[ai];
        if n.is_zero() {
            continue;
        }
        let Some(&row) = su.avoided_rows.get(ai) else {
            continue;
        };
        let r = Resolved::of(scenario, ItemRef::Avoided(ai), row);
        cx.check_deadweight(&place, &r, &a.deadweight_reason)?;
        let label = a.label.as_deref().unwrap_or(&row.label);
        // Units per avoided event: the item's own, else the row's (none: one unit per event).
        let per_event = match (a.units_per_event, &row.units_per_event) {
            (Some(u), Some(r)) => Some((u, r.label.as_str())),
            (Some(u), None) => Some((u, "units per event")),
            (None, Some(r)) => Some((r.value, r.label.as_str())),
            (None, None) => None,
        };
        cx.value_item(
            &place,
            Section::FiscalSavings,
            &a.id,
            label,
            su.unit_costs,
            row,
            n,
            AgeBand::All,
            Region::All,
            &r,
            (
                a.year.unwrap_or(1),
                scenario.outcomes.len() * BANDS.len() * REGIONS.len() + ai,
            ),
            per_event,
        )?;
    }
    Ok(())
}

/// Each outcome's row by age band and region (`BANDS` × `REGIONS` order); an outcome naming the
/// WELLBY row, or a row the table does not have, is refused.
fn outcome_rows<'a>(
    file: &str,
    scenario: &Scenario,
    wellbeing: &'a ProxyTable,
) -> Result<Vec<[[Option<&'a Row>; 3]; 4]>> {
    let mut outcome_rows = Vec::with_capacity(scenario.outcomes.len());
    for (i, o) in scenario.outcomes.iter().enumerate() {
        if wellbeing.rows.iter().any(|r| r.id == o.proxy && r.is_wellby()) {
            return Err(Error::invalid(
                Place::new(file, Location::outcome(i, o.id.clone()), "proxy"),
                format!(
                    "{} is the value of one point of life satisfaction, for a change the programme measured: put it in a [[measured]] item with the scores before and after, not in [[outcomes]]",
                    o.proxy
                ),
            ));
        }
        if !wellbeing.has_row(&o.proxy) {
            let place = Place::new(file, Location::outcome(i, o.id.clone()), "proxy");
            return Err(Error::unknown(
                place,
                format!(
                    "no outcome {:?} in {}; outcomes: {}",
                    o.proxy,
                    wellbeing.reference(),
                    row_ids(wellbeing)
                ),
            ));
        }
        let mut t = [[None; 3]; 4];
        for (bi, &b) in BANDS.iter().enumerate() {
            for (ri, &r) in REGIONS.iter().enumerate() {
                t[bi][ri] = wellbeing.lookup(&o.proxy, b, r);
            }
        }
        outcome_rows.push(t);
    }
    Ok(outcome_rows)
}

/// Each avoided item's row; a row the table does not have, or a one-off cost given a duration,
/// is refused.
fn avoided_rows<'a>(file: &str, scenario: &Scenario, unit_costs: &'a ProxyTable) -> Result<Vec<&'a Row>> {
    let mut avoided_rows = Vec::with_capacity(scenario.avoided.len());
    for (i, a) in scenario.avoided.iter().enumerate() {
        let place = ItemAt::new(file, "avoided", i, &a.id);
        let Some(row) = unit_costs.lookup(&a.proxy, AgeBand::All, Region::All) else {
            return Err(Error::unknown(
                place.at("proxy"),
                format!(
                    "no unit cost {:?} in {}; unit costs: {}",
                    a.proxy,
                    unit_costs.reference(),
                    row_ids(unit_costs)
                ),
            ));
        };
        one_off_duration(file, scenario, i, row)?;
        avoided_rows.push(row);
    }
    Ok(avoided_rows)
}

/// A table's row ids, each once, in order, for an error naming what the table has.
fn row_ids(table: &ProxyTable) -> String {
    let mut ids = BTreeSet::new();
    for r in &table.rows {
        ids.insert(r.id.as_str());
    }
    ids.into_iter().collect::<Vec<_>>().join(", ")
}
