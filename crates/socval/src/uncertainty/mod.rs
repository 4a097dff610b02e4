//! Uncertainty: ranges on assumptions, one-at-a-time sensitivity (tornado), Monte Carlo and
//! break-even values.
//!
//! A scenario's `[[ranges]]` put a range on any assumption, named by a target path (see
//! [`RangeTarget`]; [`targets`] lists the targets of a scenario, with their units, domains,
//! central values and a proposed range, and [`check_ranges`] checks every range at once).
//!
//! The central value is always the one the engine uses: the scenario's own, else its default,
//! else the table row's, resolved by the engine's own resolution (so an item net of the
//! counterfactual has a central deadweight of 0 however the defaults are set, and a proxy's row is
//! the one of the item's age band and region). A scenario without ranges values exactly as before.
//! Proxies whose table gives `low` and `high` (the WELLBY £10,000 / £13,000 / £16,000) take those
//! as their range unless `[uncertainty] table_ranges = false`.
//!
//! With per-family records the facts (people, counts, rates) come from the records: ranges on
//! them are refused, and break-even values are of adjustments and proxies only.
//!
//! Monte Carlo draws use ChaCha8 seeded with the scenario's `seed`, and `libm` for the
//! transcendental functions of the PERT distribution, so the same seed gives the same figures on
//! every platform, native and wasm. Draws are computed with `f64` and converted to `Decimal` at 10
//! decimal places before they enter the engine; every reported figure is a `Decimal` the engine
//! computed. Percentiles are nearest-rank: P(p) is the ⌈p·n⌉-th smallest of the n draws.
//!
//! Break-even values are found by bisection on the assumption's domain (a counterfactual rate
//! between the observed rate and 1, an observed rate between 0 and the counterfactual rate, a
//! number of people up to the cohort, ...) until the bracket is narrower than 1e-6 of the central
//! value (1e-9 for shares), and reported on the side of the bracket where the total covers the
//! cost, with that tolerance.
//!
//! Every sum, product and quotient of the analysis is checked: a scenario too large to analyse
//! gets an [`crate::Error::Overflow`] naming the range or figure, never a panic.

mod break_even;
mod claim;
mod monte_carlo;
mod sampling;
mod targets;
mod tornado;

pub use break_even::{BreakEven, BreakEvenKind, BreakEvens, BreakEvensStatus, break_even};
pub use claim::{Claim, ClaimFigure, ClaimTest, Need, NeedKind, claim, claim_named};
pub use monte_carlo::{MonteCarloRun, monte_carlo};
pub use targets::{
    Field, MAX_BINS, MAX_DRAWS, RangeError, RangeTarget, TargetInfo, Unit, check_ranges, describe, targets,
};
pub use tornado::tornado;

use crate::engine::{Overrides, RecordFacts, Setup, evaluate_with, keep_central, record_facts, setup};
use crate::error::{Error, Place, Result};
use crate::records::Records;
use crate::scenario::{Distribution, Scenario};
use crate::tables::Registry;
use crate::valuation::{Figures, Valuation};
use rust_decimal::Decimal;
use serde::Serialize;
use targets::{Cx, Resolution, Target, apply, assumptions_of};

/// Default number of draws.
pub const DEFAULT_DRAWS: u32 = 10_000;

/// One assumption with its range, as the analysis uses it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// Target path.
    pub target: String,
    /// Human label.
    pub label: String,
    /// Unit of its values.
    pub unit: Unit,
    /// Low end.
    pub low: Decimal,
    /// Central value (the one the engine uses).
    pub central: Decimal,
    /// High end.
    pub high: Decimal,
    /// Smallest value the rest of the scenario allows (the break-even search's lower end).
    pub min: Decimal,
    /// Largest value the rest of the scenario allows; none: no limit.
    pub max: Option<Decimal>,
    /// Distribution of draws.
    pub distribution: Distribution,
    /// `scenario` (from `[[ranges]]`), `table` (the proxy's low/high) or `key` (a break-even
    /// search on an avoided item's count or rate that carries no range).
    pub origin: String,
    /// Why this range.
    pub note: String,
    /// Every item the assumption applies to (a target with `*` applies one draw to many items).
    pub applies_to: Vec<String>,
    #[serde(skip)]
    targets: Vec<Target>,
    /// Where errors about it point (its file and range).
    #[serde(skip)]
    place: Place,
    #[serde(skip)]
    item_unit: Option<String>,
    #[serde(skip)]
    phrase: String,
    /// For a proxy: whether its table has other variants of the row (age band, region), which
    /// take their value × drawn ÷ central.
    #[serde(skip)]
    variants: bool,
}

impl Assumption {
    fn new(
        target: String,
        res: Resolution,
        (low, high): (Decimal, Decimal),
        distribution: Distribution,
        origin: &str,
        note: String,
        place: Place,
    ) -> Self {
        Assumption {
            target,
            label: res.label,
            unit: res.unit,
            low,
            central: res.central,
            high,
            min: res.min,
            max: res.max,
            distribution,
            origin: origin.into(),
            note,
            applies_to: res.applies_to,
            targets: res.targets,
            place,
            item_unit: res.item_unit,
            phrase: res.phrase,
            variants: res.variants,
        }
    }

    /// Where errors about this assumption point.
    fn place(&self) -> Place {
        self.place.clone()
    }
}

/// The assumptions of a scenario: its `[[ranges]]`, then the ranges its tables give for the
/// proxies it uses. Checks every range (low ≤ central ≤ high, within the domain, known targets,
/// no two ranges on one assumption) and returns the first error.
pub fn assumptions(scenario: &Scenario, registry: &Registry) -> Result<Vec<Assumption>> {
    assumptions_of(&Cx {
        file: "scenario",
        scenario,
        registry,
        records: false,
    })
}

/// What every analysis of one scenario shares: the checked assumptions and the records' facts.
struct Prepared<'a> {
    file: &'a str,
    scenario: Scenario,
    records: Option<&'a Records>,
    registry: &'a Registry,
    list: Vec<Assumption>,
    facts: Option<RecordFacts>,
    /// The scenario's checks and table lookups, made once for every valuation of the run (none
    /// if they fail: each valuation then reports the error as `evaluate` does).
    setup: Option<Setup<'a>>,
}

impl<'a> Prepared<'a> {
    fn new(file: &'a str, scenario: &Scenario, records: Option<&'a Records>, registry: &'a Registry) -> Result<Self> {
        let list = assumptions_of(&Cx {
            file,
            scenario,
            registry,
            records: records.is_some(),
        })?;
        let facts = records.map(|r| record_facts(scenario, r, registry)).transpose()?;
        let mut setup = setup(file, scenario, registry).ok();
        if let Some(su) = &mut setup {
            keep_central(file, scenario, records, registry, facts.as_ref(), su);
        }
        Ok(Prepared {
            file,
            scenario: scenario.clone(),
            records,
            registry,
            list,
            facts,
            setup,
        })
    }

    /// The scenario valued (totals only) with some assumptions set.
    fn valued(&self, set: &[(&Assumption, Decimal)]) -> Result<Valuation> {
        let mut s = self.scenario.clone();
        let mut o = Overrides::default();
        for (a, v) in set {
            apply(&mut s, &mut o, a, *v)?;
        }
        evaluate_with(
            self.file,
            &s,
            self.records,
            self.registry,
            &o,
            false,
            self.facts.as_ref(),
            self.setup.as_ref(),
        )
    }

    fn value_at(&self, set: &[(&Assumption, Decimal)]) -> Result<Figures> {
        Ok(self.valued(set)?.totals)
    }
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
    pub break_even: BreakEvens,
}

/// The whole analysis: assumptions, tornado, Monte Carlo and break-even values.
pub fn analyse(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Analysis> {
    analyse_named("scenario", scenario, records, registry)
}

/// As [`analyse`], naming the scenario's file in errors.
pub fn analyse_named(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
) -> Result<Analysis> {
    analyse_with_progress(file, scenario, records, registry, &mut |_, _| true)
}

/// As [`analyse_named`], calling `progress(draws made, draws of the run)` from the calling thread
/// as the Monte Carlo advances (after every 4,096 draws or so; the tornado and break-even values
/// take a few valuations each); when it returns `false` the analysis stops with
/// [`Error::Stopped`]. The figures are the same with or without it.
pub fn analyse_with_progress(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<Analysis> {
    let p = Prepared::new(file, scenario, records, registry)?;
    let tornado = tornado::tornado_of(&p)?;
    let mut run = MonteCarloRun::prepared(p)?;
    let n = run.draws();
    run.step_with(n, progress)?;
    let monte_carlo = run.result()?;
    let p = run.into_prepared();
    Ok(Analysis {
        tornado,
        monte_carlo,
        break_even: break_even::break_even_of(&p)?,
        assumptions: p.list,
    })
}

/// Checks that every command of the analysis will run on the scenario: the ranges and settings
/// (as [`check_ranges`], first error), and the scenario valued with each assumption at its low and
/// at its high end, and with all at their low and all at their high ends together.
pub fn validate(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<()> {
    validate_named("scenario", scenario, records, registry)
}

/// As [`validate`], naming the scenario's file in errors.
pub fn validate_named(file: &str, scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<()> {
    let p = Prepared::new(file, scenario, records, registry)?;
    p.value_at(&[])?;
    for a in &p.list {
        p.value_at(&[(a, a.low)])?;
        p.value_at(&[(a, a.high)])?;
    }
    let lows: Vec<(&Assumption, Decimal)> = p.list.iter().map(|a| (a, a.low)).collect();
    let highs: Vec<(&Assumption, Decimal)> = p.list.iter().map(|a| (a, a.high)).collect();
    p.value_at(&lows)?;
    p.value_at(&highs)?;
    Ok(())
}

/// The highest value in `lo..=hi` the scenario accepts, and its figure: `hi` itself, or, where the
/// scenario refuses it (a rate whose exclusive group would then claim more people than the cohort
/// has), the highest accepted value found by halving the interval, which is then the most allowed.
pub(super) fn highest_valid(
    g: &dyn Fn(Decimal) -> Result<Decimal>,
    lo: Decimal,
    hi: Decimal,
) -> Result<(Decimal, Decimal)> {
    match g(hi) {
        Ok(f) => return Ok((hi, f)),
        Err(Error::Invalid { .. }) if hi > lo => {}
        Err(e) => return Err(e),
    }
    let (mut ok, mut bad) = (lo, hi);
    let mut f_ok = g(lo)?;
    for _ in 0..96 {
        let Some(mid) = ok.checked_add(bad).and_then(|x| x.checked_div(Decimal::TWO)) else {
            break;
        };
        if mid == ok || mid == bad {
            break;
        }
        match g(mid) {
            Ok(f) => {
                ok = mid;
                f_ok = f;
            }
            Err(Error::Invalid { .. }) => bad = mid,
            Err(e) => return Err(e),
        }
    }
    Ok((ok, f_ok))
}

/// Widens a search's upper end `hi` (figure `f_hi`) for an assumption with no upper bound:
/// doubling it, up to a million times the central value (or as far as the figures can be
/// computed), while `more(f_hi)` says the value sought is not yet between the ends. The break-even
/// search and the claim test share it.
pub(super) fn widen_up(
    g: &dyn Fn(Decimal) -> Result<Decimal>,
    central: Decimal,
    (mut hi, mut f_hi): (Decimal, Decimal),
    more: &dyn Fn(Decimal) -> bool,
) -> Result<(Decimal, Decimal)> {
    let ceiling = central
        .max(Decimal::ONE)
        .checked_mul(Decimal::from(1_000_000))
        .unwrap_or(Decimal::MAX);
    while more(f_hi) && hi < ceiling {
        let Some(next) = hi.checked_mul(Decimal::TWO).map(|h| h.min(ceiling)) else {
            break;
        };
        match g(next) {
            Ok(f) => {
                hi = next;
                f_hi = f;
            }
            Err(Error::Overflow { .. }) => break,
            Err(e) => return Err(e),
        }
    }
    Ok((hi, f_hi))
}

/// How many of the sorted `xs` each bin of `bin` holds, with `bin` worked out for about
/// `bins` × log2(n) draws rather than all n. A draw below `lo` (the smallest draw rounded up to the
/// penny) is binned one by one; from `lo` on, `bin` (the floor of (x − lo) ÷ width, each step
/// rounded as Decimal rounds, which keeps the order) never falls as x rises, so each bin's first
/// draw is found by bisection: the same counts as binning every draw.
pub(super) fn bin_counts(xs: &[Decimal], lo: Decimal, bins: usize, bin: &dyn Fn(&Decimal) -> usize) -> Vec<u32> {
    let mut counts = vec![0u32; bins];
    let start = xs.partition_point(|x| *x < lo);
    for x in &xs[..start] {
        counts[bin(x)] += 1;
    }
    let rest = &xs[start..];
    let mut from = 0;
    while from < rest.len() {
        let b = bin(&rest[from]);
        let to = from + rest[from..].partition_point(|x| bin(x) <= b);
        counts[b] += (to - from) as u32;
        from = to;
    }
    counts
}
