//! Monte Carlo: every assumption drawn from its range, the scenario valued per draw.

use super::sampling::{bounds, draw};
use super::{Histogram, MonteCarlo, Prepared, Spread, apply};
use crate::engine::{Overrides, evaluate_with};
use crate::error::{Error, Location, Place, Result};
use crate::records::Records;
use crate::scenario::{Scenario, Settings};
use crate::tables::Registry;
use crate::valuation::{Figures, to_penny};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A Monte Carlo run that can be advanced in steps (so that a page can show progress and cancel).
///
/// ```
/// use socval::{template, Registry};
/// use socval::uncertainty::MonteCarloRun;
/// let s = template("step-together").unwrap().scenario().unwrap();
/// let mut run = MonteCarloRun::new(&s, None, Registry::embedded()).unwrap().with_draws(200);
/// while !run.done() {
///     run.step(50).unwrap();
/// }
/// let mc = run.result().unwrap();
/// assert_eq!(mc.draws, 200);
/// ```
pub struct MonteCarloRun<'a> {
    prepared: Prepared<'a>,
    rng: ChaCha8Rng,
    seed: u64,
    draws: u32,
    results: Vec<Draw>,
    settings: Settings,
}

/// What a run keeps of each draw: the five exact totals its figures are made of (80 bytes; the
/// per-family figures are these ÷ families).
#[derive(Debug, Clone, Copy)]
struct Draw {
    social_value: Decimal,
    fiscal_savings: Decimal,
    programme_cost: Decimal,
    npv_social: Decimal,
    npv_fiscal: Decimal,
}

impl From<&Figures> for Draw {
    fn from(f: &Figures) -> Self {
        Draw {
            social_value: f.social_value,
            fiscal_savings: f.fiscal_savings,
            programme_cost: f.programme_cost,
            npv_social: f.npv_social,
            npv_fiscal: f.npv_fiscal,
        }
    }
}

impl<'a> MonteCarloRun<'a> {
    /// Prepares a run with the scenario's settings (seed, draws).
    pub fn new(scenario: &Scenario, records: Option<&'a Records>, registry: &'a Registry) -> Result<Self> {
        Self::prepared(Prepared::new("scenario", scenario, records, registry)?)
    }

    pub(super) fn prepared(prepared: Prepared<'a>) -> Result<Self> {
        let settings = prepared.scenario.uncertainty.clone().unwrap_or_default();
        let seed = settings.seed.unwrap_or(1);
        Ok(MonteCarloRun {
            rng: ChaCha8Rng::seed_from_u64(seed),
            seed,
            draws: settings.draws.unwrap_or(super::DEFAULT_DRAWS),
            results: Vec::new(),
            settings,
            prepared,
        })
    }

    pub(super) fn into_prepared(self) -> Prepared<'a> {
        self.prepared
    }

    /// Sets the number of draws (clamped to 1–`MAX_DRAWS`).
    pub fn with_draws(mut self, draws: u32) -> Self {
        self.draws = draws.clamp(1, super::MAX_DRAWS);
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
        let p = &self.prepared;
        let mut overrides = Overrides::default();
        let k = n.min(self.draws.saturating_sub(self.done_draws()));
        // Room for every draw of the run, once: no spare capacity however the run is stepped.
        if self.results.capacity() == 0 {
            self.results.reserve_exact(self.draws as usize);
        }
        // Every draw writes every assumed field (and every proxy's multiplier), so one working
        // copy of the scenario and one set of multipliers serve all draws; the scenario's checks
        // and table lookups were made once, in `prepared`.
        let mut s = p.scenario.clone();
        let bounds: Vec<(f64, f64, f64)> = p.list.iter().map(bounds).collect();
        for _ in 0..k {
            for (a, &b) in p.list.iter().zip(&bounds) {
                let v = draw(&mut self.rng, a, b);
                apply(&mut s, &mut overrides, a, v)?;
            }
            let v = evaluate_with(
                p.file,
                &s,
                p.records,
                p.registry,
                &overrides,
                false,
                p.facts.as_ref(),
                p.setup.as_ref(),
            )?;
            self.results.push(Draw::from(&v.totals));
        }
        Ok(self.done_draws())
    }

    /// The figures of the draws made so far. Fails (naming the figure) only where a figure of
    /// the draws cannot be computed exactly.
    pub fn result(&self) -> Result<MonteCarlo> {
        let n = self.results.len();
        let place = |name: &str| Place::new(self.prepared.file, Location::section("monte carlo"), name);
        let families = Decimal::from(self.prepared.scenario.families.max(1));
        let per_family = |x: Decimal| x.checked_div(families).unwrap_or(x);
        let percentiles = self
            .settings
            .percentiles
            .clone()
            .unwrap_or_else(|| vec![Decimal::new(5, 2), Decimal::new(5, 1), Decimal::new(95, 2)]);
        let bins = self.settings.bins.unwrap_or(20).max(1) as usize;
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
                self.results.iter().map(|f| per_family(f.social_value)).collect(),
            ),
            (
                "fiscal_savings_per_family",
                self.results.iter().map(|f| per_family(f.fiscal_savings)).collect(),
            ),
            ("npv_social", self.results.iter().map(|f| f.npv_social).collect()),
            ("npv_fiscal", self.results.iter().map(|f| f.npv_fiscal).collect()),
        ];
        let count = Decimal::from(n as u64);
        let mut spreads = Vec::new();
        let mut histograms = Vec::new();
        for (name, mut xs) in series {
            xs.sort();
            if xs.is_empty() {
                continue;
            }
            let pick = |p: Decimal| -> Decimal {
                // Nearest rank: the ⌈p·n⌉-th smallest (the smallest for p = 0).
                let rank = (p * count).ceil().to_usize().unwrap_or(1).clamp(1, n);
                xs[rank - 1]
            };
            spreads.push(Spread {
                name: name.to_string(),
                percentiles: percentiles.iter().map(|&p| (p, to_penny(pick(p)))).collect(),
                mean: to_penny(mean(&xs, count).ok_or_else(|| Error::overflow(place(name), "the mean is too large"))?),
                min: to_penny(xs[0]),
                max: to_penny(xs[n - 1]),
            });
            if name == "social_value" || name == "fiscal_savings" {
                let too_large = || Error::overflow(place(name), "the histogram's range is too large");
                let (lo, hi) = (to_penny(xs[0]), to_penny(xs[n - 1]));
                let width = hi
                    .checked_sub(lo)
                    .and_then(|d| d.checked_div(Decimal::from(bins as u64)))
                    .ok_or_else(too_large)?;
                let mut edges = Vec::with_capacity(bins + 1);
                for i in 0..=bins {
                    edges.push(if i == bins {
                        hi
                    } else {
                        to_penny(
                            width
                                .checked_mul(Decimal::from(i as u64))
                                .and_then(|w| lo.checked_add(w))
                                .ok_or_else(too_large)?,
                        )
                    });
                }
                let mut counts = vec![0u32; bins];
                for x in &xs {
                    let b = if width.is_zero() {
                        0
                    } else {
                        x.checked_sub(lo)
                            .and_then(|d| d.checked_div(width))
                            .and_then(|q| q.floor().to_usize())
                            .unwrap_or(bins - 1)
                            .min(bins - 1)
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
        let share = |pred: &dyn Fn(&Draw) -> bool| -> Option<Decimal> {
            if n == 0 || self.results.iter().all(|f| f.programme_cost.is_zero()) {
                return None;
            }
            let k = self.results.iter().filter(|f| pred(f)).count();
            Some(Decimal::from(k as u64) / count)
        };
        Ok(MonteCarlo {
            seed: self.seed,
            draws: n as u32,
            spreads,
            p_social_exceeds_cost: share(&|f| f.social_value > f.programme_cost),
            p_fiscal_exceeds_cost: share(&|f| f.fiscal_savings > f.programme_cost),
            histograms,
        })
    }
}

/// The mean of the draws: their exact sum ÷ n where the sum can be computed, else the sum of
/// each ÷ n (never larger than the largest draw).
fn mean(xs: &[Decimal], n: Decimal) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for x in xs {
        match sum.checked_add(*x) {
            Some(s) => sum = s,
            None => {
                let mut m = Decimal::ZERO;
                for x in xs {
                    m = m.checked_add(x.checked_div(n)?)?;
                }
                return Some(m);
            }
        }
    }
    sum.checked_div(n)
}

/// Runs the whole Monte Carlo at once.
pub fn monte_carlo(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<MonteCarlo> {
    let mut run = MonteCarloRun::new(scenario, records, registry)?;
    let n = run.draws();
    run.step(n)?;
    run.result()
}

#[cfg(test)]
mod tests {
    use super::Draw;

    /// What a run keeps per draw (issue 11: under 100 bytes): five exact totals, no more.
    #[test]
    fn a_draw_keeps_eighty_bytes() {
        assert_eq!(std::mem::size_of::<Draw>(), 80);
        let s = crate::template("step-together").unwrap().scenario().unwrap();
        let mut run = super::MonteCarloRun::new(&s, None, crate::Registry::embedded())
            .unwrap()
            .with_draws(1000);
        while !run.done() {
            run.step(64).unwrap();
        }
        // Stepped in chunks, the kept draws still take exactly 80 bytes each.
        assert_eq!(run.results.capacity(), 1000);
    }
}
