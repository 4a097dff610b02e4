//! What a Monte Carlo run works out once rather than per draw: rebasing and uprating factors,
//! discount growth and persistence for the scenario's own rates, and each item's arithmetic in the
//! central scenario, which a draw that leaves the item as it was takes instead of working it out
//! again. Only the same number, written the same way, is taken: no figure moves.
// Only the Monte Carlo run keeps the central arithmetic: without the `uncertainty` feature
// nothing calls it.
#![cfg_attr(not(feature = "uncertainty"), allow(dead_code, unused_imports))]

use super::{BANDS, Overrides, REGIONS, RecordFacts, Run, Setup};
use crate::arith;
use crate::discount::{Discounting, Schedule};
use crate::records::Records;
use crate::scenario::Scenario;
use crate::tables::{AgeBand, Region, Registry};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::ops::Range;

/// One item's arithmetic in the central scenario (a run's valuation with every assumption
/// central): its inputs, exactly as written, and what they gave. A draw that gives an item the
/// same inputs takes the results from here instead of working them out again; the same inputs,
/// digit for digit and scale for scale, give the same results, so no figure moves.
#[derive(Debug, Clone)]
pub(crate) struct Central {
    pub(super) quantity: Decimal,
    pub(super) unit_value: Decimal,
    pub(super) rebase: Decimal,
    pub(super) uprating: Option<Decimal>,
    /// Unit value × rebasing × uprating, the gross value before the quantity.
    pub(super) priced: Decimal,
    pub(super) gross: Decimal,
    /// Deadweight, attribution, displacement.
    pub(super) adjustments: [Decimal; 3],
    pub(super) net: Decimal,
    pub(super) drop_off: Decimal,
    pub(super) duration: u32,
    pub(super) start: u32,
    pub(super) haircut: Option<Decimal>,
    /// Each year's present value and its optimism-bias line, in order.
    pub(super) amounts: Vec<(Decimal, Option<Decimal>)>,
}

/// Whether two optional numbers are the same as [`same`] says.
pub(super) fn same_opt(a: Option<Decimal>, b: Option<Decimal>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => same(x, y),
        (None, None) => true,
        _ => false,
    }
}

/// What the items of one valuation share within it, where a draw sets their inputs: the
/// persistence of a drawn drop-off, and each item's yearly amounts by their inputs (net value,
/// drop-off, years, first year, haircut, schedule), so that an item whose inputs are, digit for
/// digit and scale for scale, another's of the same valuation adds that item's amounts again
/// instead of working them out (the same inputs give the same amounts; each is still added to the
/// running total in turn, so no sum moves). Kept between the draws of a chunk so that a draw
/// reuses its room; emptied at the start of each valuation (a draw may move the discounting).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// (1 − drop-off)^i for the drop-offs this valuation set.
    pub(super) persistence: Vec<(Decimal, Vec<Decimal>)>,
    /// The room of earlier valuations' persistence, emptied, for the next ones.
    spare: Vec<Vec<Decimal>>,
    /// Each set of item-years inputs worked out in this valuation: its amounts in `amounts`.
    seen: HashMap<YearsKey, Range<usize>, foldhash::fast::FixedState>,
    /// The yearly amounts (and optimism-bias lines) of the items in `seen`, one after another.
    pub(super) amounts: Vec<(Decimal, Option<Decimal>)>,
    /// 1 − x for the last few adjustments x (by exact representation), for [`Scratch::complement`].
    complements: [Option<([u8; 16], Decimal)>; 4],
    /// Where the next complement is kept.
    next_complement: usize,
    /// The last valuation's facts, whose room the next one fills again (a scenario given in
    /// aggregate only).
    pub(super) facts: Option<RecordFacts>,
}

/// The inputs an item's yearly amounts depend on within one valuation, each number by its exact
/// representation (as [`same`] compares them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct YearsKey {
    net: [u8; 16],
    drop_off: [u8; 16],
    haircut: Option<[u8; 16]>,
    duration: u32,
    start: u32,
    wellbeing: bool,
}

impl YearsKey {
    pub(super) fn new(
        net: Decimal,
        drop_off: Decimal,
        haircut: Option<Decimal>,
        (duration, start): (u32, u32),
        wellbeing: bool,
    ) -> Self {
        YearsKey {
            net: net.serialize(),
            drop_off: drop_off.serialize(),
            haircut: haircut.map(|h| h.serialize()),
            duration,
            start,
            wellbeing,
        }
    }
}

impl Scratch {
    /// Empties it for a new valuation, keeping its room.
    pub(super) fn clear(&mut self) {
        for (_, mut p) in self.persistence.drain(..) {
            p.clear();
            self.spare.push(p);
        }
        self.seen.clear();
        self.amounts.clear();
    }

    /// The index in `persistence` of (1 − `drop_off`)^i for at least `years` years, worked out
    /// here if this valuation has not yet.
    pub(super) fn persistence_at(&mut self, drop_off: Decimal, years: u32) -> usize {
        if let Some(at) = self
            .persistence
            .iter()
            .position(|(d, p)| same(*d, drop_off) && p.len() >= years as usize)
        {
            return at;
        }
        let mut p = self.spare.pop().unwrap_or_default();
        persistence_into(drop_off, years, &mut p);
        self.persistence.push((drop_off, p));
        self.persistence.len() - 1
    }

    /// `1 − x`, as `Decimal::ONE - x` gives it, remembered for the last four `x` (the same
    /// number written the same way gives the same difference, so the room need not be emptied).
    pub(super) fn complement(&mut self, x: Decimal) -> Decimal {
        let key = x.serialize();
        if let Some((_, c)) = self.complements.iter().flatten().find(|(k, _)| *k == key) {
            return *c;
        }
        let c = Decimal::ONE - x;
        self.complements[self.next_complement] = Some((key, c));
        self.next_complement = (self.next_complement + 1) % self.complements.len();
        c
    }

    /// Where in `amounts` the item-years of these inputs are, if this valuation worked them out.
    pub(super) fn seen(&self, key: &YearsKey) -> Option<Range<usize>> {
        self.seen.get(key).cloned()
    }

    /// Records that `amounts[from..]` are the item-years of these inputs.
    pub(super) fn keep(&mut self, key: YearsKey, from: usize) {
        let to = self.amounts.len();
        self.seen.entry(key).or_insert(from..to);
    }
}

/// Rebasing and WELLBY-uprating factors by the price year they rebase from, for one scenario's
/// price year and tables: worked out once (`engine::setup`), not per Monte Carlo draw.
#[derive(Debug, Default)]
pub(crate) struct Rates {
    pub(crate) rebase: Vec<(i32, Decimal)>,
    pub(crate) uprate: Vec<(i32, Decimal)>,
    /// The scenario's own discounting and its Π (1 + r(i)) for n = 0.. periods (standard \[0\],
    /// wellbeing \[1\]), worked out once per run: a draw that keeps those rates reads them here.
    pub(crate) growth: Option<(Discounting, [Vec<Decimal>; 2])>,
    /// (1 − drop-off)^i for i = 0..`MAX_DURATION`, for each drop-off the scenario gives.
    pub(crate) persistence: Vec<(Decimal, Vec<Decimal>)>,
    /// Each item's arithmetic in the central scenario, by slot (a run's only; see [`Central`]).
    pub(crate) central: Vec<Option<Central>>,
}

impl Rates {
    /// The powers (1 − drop-off)^i worked out for this drop-off, if they were.
    pub(crate) fn persistence(&self, drop_off: Decimal) -> Option<&[Decimal]> {
        self.persistence
            .iter()
            .find(|(d, _)| same(*d, drop_off))
            .map(|(_, p)| p.as_slice())
    }

    /// Π (1 + r(i)) over `n` periods for `disc`'s schedule, if worked out for these rates.
    pub(super) fn growth(&self, disc: &Discounting, wellbeing: bool, n: usize) -> Option<Decimal> {
        let (d, g) = self.growth.as_ref()?;
        if !same_schedule(d.schedule(wellbeing), disc.schedule(wellbeing)) {
            return None;
        }
        g[usize::from(wellbeing)].get(n).copied()
    }

    /// Whether `disc` discounts as the scenario's own rates do (the central valuation's).
    pub(super) fn central_discounting(&self, disc: &Discounting) -> bool {
        self.growth.as_ref().is_some_and(|(d, _)| {
            d.convention == disc.convention
                && same_schedule(d.standard, disc.standard)
                && same_schedule(d.wellbeing, disc.wellbeing)
        })
    }
}

/// Whether two schedules are the same, a flat rate written the same way.
fn same_schedule(a: Schedule, b: Schedule) -> bool {
    match (a, b) {
        (Schedule::Flat(x), Schedule::Flat(y)) => same(x, y),
        _ => a == b,
    }
}

/// Whether two numbers are the same number written the same way (value and scale): only then
/// does arithmetic on one give the other's results digit for digit.
pub(crate) fn same(a: Decimal, b: Decimal) -> bool {
    a.serialize() == b.serialize()
}

/// Π (1 + r(i)) for n = 0..=`periods`, as `Ctx::discount` works it out (stopping where a
/// product overflows: a valuation that needs it then reports the error itself).
pub(crate) fn growth_of(schedule: Schedule, periods: u32) -> Vec<Decimal> {
    let mut g = vec![Decimal::ONE];
    for i in 1..=periods {
        match arith::mul(g[g.len() - 1], Decimal::ONE + schedule.rate(i)) {
            Some(x) => g.push(x),
            None => break,
        }
    }
    g
}

/// (1 − drop-off)^i for i = 0..`years`, as an item's years compound it.
pub(crate) fn persistence_of(drop_off: Decimal, years: u32) -> Vec<Decimal> {
    let mut p = Vec::new();
    persistence_into(drop_off, years, &mut p);
    p
}

/// [`persistence_of`] into `p` (emptied first).
fn persistence_into(drop_off: Decimal, years: u32, p: &mut Vec<Decimal>) {
    p.clear();
    p.push(Decimal::ONE);
    for _ in 1..years {
        match arith::mul(p[p.len() - 1], Decimal::ONE - drop_off) {
            Some(x) => p.push(x),
            None => break,
        }
    }
}

#[cfg(feature = "uncertainty")]
/// Adds to a run's [`Setup`] each item's arithmetic in the central scenario (the scenario as
/// given, `cached` its records' facts), which draws that leave an item as it was take from there.
/// Nothing is kept where the central valuation fails (each draw then reports its own errors).
pub(crate) fn keep_central(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
    cached: Option<&RecordFacts>,
    su: &mut Setup<'_>,
) {
    let overrides = Overrides::default();
    let run = Run {
        file,
        scenario,
        records,
        registry,
        overrides: &overrides,
        working: false,
        cached,
        prepared: Some(su),
        record: true,
        scratch: Scratch::default(),
    };
    if let Ok(central) = run.value(|mut cx, _| Ok(cx.record.take().unwrap_or_default())) {
        su.rates.central = central;
    }
}

/// Item slots: an outcome's by age band and region, then the avoided costs, then the measured.
pub(super) fn slots(scenario: &Scenario) -> usize {
    scenario.outcomes.len() * BANDS.len() * REGIONS.len() + scenario.avoided.len() + scenario.measured.len()
}

/// An outcome's slot for an age band and region (see [`slots`]).
pub(super) fn outcome_slot(oi: usize, age: AgeBand, region: Region) -> usize {
    let b = BANDS.iter().position(|&x| x == age).unwrap_or(0);
    let r = REGIONS.iter().position(|&x| x == region).unwrap_or(0);
    (oi * BANDS.len() + b) * REGIONS.len() + r
}
