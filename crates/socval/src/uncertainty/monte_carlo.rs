//! Monte Carlo: every assumption drawn from its range, the scenario valued per draw.

use super::sampling::{Bounds, bounds, draw};
use super::{Histogram, MonteCarlo, Prepared, Spread, apply, bin_counts};
use crate::engine::{Overrides, Scratch, draw_totals};
use crate::error::{Error, Location, Place, Result};
use crate::records::Records;
use crate::scenario::{Scenario, Settings};
use crate::tables::Registry;
use crate::valuation::to_penny;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A Monte Carlo run that can be advanced in steps (so that a page can show progress and cancel).
///
/// The values of each batch of draws are drawn first, in order, from the one seeded stream; the
/// draws are then valued in chunks of a fixed size, natively (not in wasm) on several threads
/// (rayon's pool), and give the same figures, digit for digit, whatever the number of threads.
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

/// Draws one worker values in a row (the same chunks whatever the number of threads).
const CHUNK: usize = 256;
/// Draws between two calls of a progress callback (fewer with many assumptions).
const BATCH: usize = 16 * CHUNK;

/// What a run keeps of each draw: the five exact totals its figures are made of (80 bytes; the
/// per-family figures are these ÷ families).
#[derive(Debug, Clone, Copy, Default)]
struct Draw {
    social_value: Decimal,
    fiscal_savings: Decimal,
    programme_cost: Decimal,
    npv_social: Decimal,
    npv_fiscal: Decimal,
}

impl From<[Decimal; 5]> for Draw {
    fn from([social_value, fiscal_savings, programme_cost, npv_social, npv_fiscal]: [Decimal; 5]) -> Self {
        Draw {
            social_value,
            fiscal_savings,
            programme_cost,
            npv_social,
            npv_fiscal,
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
        self.step_with(n, &mut |_, _| true)
    }

    /// As [`MonteCarloRun::step`], calling `progress(draws made, draws of the run)` after every
    /// 4,096 draws or so (from the calling thread); when it returns `false` the run stops with
    /// [`Error::Stopped`] (the draws made so far are kept, and the run can be stepped on).
    pub fn step_with(&mut self, n: u32, progress: &mut dyn FnMut(u32, u32) -> bool) -> Result<u32> {
        let k = n.min(self.draws.saturating_sub(self.done_draws())) as usize;
        // Room for every draw of the run, once: no spare capacity however the run is stepped.
        if self.results.capacity() == 0 {
            self.results.reserve_exact(self.draws as usize);
        }
        let bounds: Vec<Bounds> = self.prepared.list.iter().map(bounds).collect();
        let width = bounds.len();
        // Draws per batch: fewer where there are many assumptions, so that the drawn values of a
        // batch take at most about a mebibyte.
        let batch = (65_536 / width.max(1) / CHUNK * CHUNK).clamp(CHUNK, BATCH);
        // The drawn values of the draw before the next chunk (none before the step's first chunk,
        // which starts from the scenario as it is, as a step always has).
        let mut previous: Option<Vec<Decimal>> = None;
        let mut values: Vec<Decimal> = Vec::new();
        let mut made = 0;
        while made < k {
            let len = batch.min(k - made);
            // Every value of the batch, drawn in order from the one stream: the draws are the
            // same however they are then valued.
            values.clear();
            for _ in 0..len {
                for (a, b) in self.prepared.list.iter().zip(&bounds) {
                    values.push(draw(&mut self.rng, a, b));
                }
            }
            let base = self.results.len();
            self.results.resize(base + len, Draw::default());
            let p = &self.prepared;
            let (vs, before) = (&values, previous.as_deref());
            let outcome = chunks(&mut self.results[base..], &|c, out| {
                let start = c * CHUNK;
                let prior = if c == 0 {
                    before
                } else {
                    vs.get((start - 1) * width..start * width)
                };
                let own = vs.get(start * width..(start + out.len()) * width).unwrap_or(&[]);
                value_chunk(p, width, prior, own, out)
            });
            if let Err((valued, e)) = outcome {
                self.results.truncate(base + valued);
                return Err(e);
            }
            previous = values.get((len - 1) * width..len * width).map(<[Decimal]>::to_vec);
            made += len;
            if !progress(self.done_draws(), self.draws) && made < k {
                return Err(Error::Stopped {
                    place: Box::new(Place::new(self.prepared.file, Location::section("monte carlo"), "")),
                    message: format!(
                        "the run was stopped after {} of {} draws",
                        self.done_draws(),
                        self.draws
                    ),
                });
            }
        }
        Ok(self.done_draws())
    }

    /// The figures of the draws made so far. Fails (naming the figure) only where a figure of
    /// the draws cannot be computed exactly.
    pub fn result(&self) -> Result<MonteCarlo> {
        let n = self.results.len();
        let families = Decimal::from(self.prepared.scenario.families.max(1));
        let per_family = |x: Decimal| x.checked_div(families).unwrap_or(x);
        let percentiles = self
            .settings
            .percentiles
            .clone()
            .unwrap_or_else(|| vec![Decimal::new(5, 2), Decimal::new(5, 1), Decimal::new(95, 2)]);
        let bins = self.settings.bins.unwrap_or(20).max(1) as usize;
        let count = Decimal::from(n as u64);
        let mut spreads: [Option<Spread>; 7] = Default::default();
        let mut histograms = Vec::new();
        // One series at a time, sorted in place (no second buffer): 16 bytes a draw beside the
        // draws. A per-family series is its total's ÷ families, which keeps the order, so it is
        // summarised from the same sorted series. The mean is summed in sorted order, as always.
        let mut xs: Vec<Decimal> = Vec::new();
        let totals: [Series; 5] = [
            (0, "social_value", |d| d.social_value, None),
            (1, "fiscal_savings", |d| d.fiscal_savings, None),
            (2, "programme_cost", |d| d.programme_cost, None),
            (5, "npv_social", |d| d.npv_social, Some((|d| d.social_value, 0))),
            (6, "npv_fiscal", |d| d.npv_fiscal, Some((|d| d.fiscal_savings, 1))),
        ];
        if n > 0 {
            xs.reserve_exact(n);
        }
        for (at, name, of, less_cost) in totals {
            // A net present value series equal to its total's, draw by draw and digit for digit
            // (no programme cost in any draw), has its total's summary, under its own name.
            if let Some((total, t)) = less_cost
                && let Some(done) = &spreads[t]
                && self.results.iter().all(|d| of(d).serialize() == total(d).serialize())
            {
                let name = name.to_string();
                spreads[at] = Some(Spread { name, ..done.clone() });
                continue;
            }
            xs.clear();
            xs.extend(self.results.iter().map(of));
            if xs.is_empty() {
                continue;
            }
            // In the order `sort_unstable` gives (the same comparisons, so the same order), each
            // comparison made faster (`arith::cmp`).
            xs.sort_unstable_by(crate::arith::cmp);
            spreads[at] = Some(self.spread(name, &xs, &percentiles, count)?);
            if at <= 1 {
                histograms.push(self.histogram(name, &xs, bins)?);
                for x in xs.iter_mut() {
                    *x = per_family(*x);
                }
                let name = if at == 0 {
                    "social_value_per_family"
                } else {
                    "fiscal_savings_per_family"
                };
                spreads[at + 3] = Some(self.spread(name, &xs, &percentiles, count)?);
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
            spreads: spreads.into_iter().flatten().collect(),
            p_social_exceeds_cost: share(&|f| crate::arith::cmp(&f.social_value, &f.programme_cost).is_gt()),
            p_fiscal_exceeds_cost: share(&|f| crate::arith::cmp(&f.fiscal_savings, &f.programme_cost).is_gt()),
            histograms,
        })
    }

    fn place(&self, name: &str) -> Place {
        Place::new(self.prepared.file, Location::section("monte carlo"), name)
    }

    /// Percentiles (nearest rank: the ⌈p·n⌉-th smallest, the smallest for p = 0), mean, min and
    /// max of one sorted, non-empty series.
    fn spread(&self, name: &str, xs: &[Decimal], percentiles: &[Decimal], count: Decimal) -> Result<Spread> {
        let n = xs.len();
        let pick = |p: Decimal| -> Decimal {
            let rank = (p * count).ceil().to_usize().unwrap_or(1).clamp(1, n);
            xs[rank - 1]
        };
        Ok(Spread {
            name: name.to_string(),
            percentiles: percentiles.iter().map(|&p| (p, to_penny(pick(p)))).collect(),
            mean: to_penny(mean(xs, count).ok_or_else(|| Error::overflow(self.place(name), "the mean is too large"))?),
            min: to_penny(xs[0]),
            max: to_penny(xs[n - 1]),
        })
    }

    /// The histogram of one sorted, non-empty series: `bins` bins of equal width between its
    /// smallest and largest draw, to the penny.
    fn histogram(&self, name: &str, xs: &[Decimal], bins: usize) -> Result<Histogram> {
        let n = xs.len();
        let too_large = || Error::overflow(self.place(name), "the histogram's range is too large");
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
        let bin = |x: &Decimal| -> usize {
            if width.is_zero() {
                0
            } else {
                x.checked_sub(lo)
                    .and_then(|d| d.checked_div(width))
                    .and_then(|q| q.floor().to_usize())
                    .unwrap_or(bins - 1)
                    .min(bins - 1)
            }
        };
        Ok(Histogram {
            name: name.to_string(),
            edges,
            counts: bin_counts(xs, lo, bins, &bin),
        })
    }
}

/// Values one chunk of draws into `out` from their drawn values (`width` a draw); on an error,
/// how many draws of the chunk were valued before it. `prior`: the values of the draw before the
/// chunk, applied again (not valued) so that the chunk's working scenario is the one the draws
/// before it left (an observed rate is capped by the counterfactual rate in force when it is
/// written, which may be the previous draw's); none for a step's first chunk.
fn value_chunk(
    p: &Prepared<'_>,
    width: usize,
    prior: Option<&[Decimal]>,
    values: &[Decimal],
    out: &mut [Draw],
) -> std::result::Result<(), (usize, Error)> {
    // Every draw writes every assumed field (and every proxy's drawn value), so one working copy
    // of the scenario and one set of drawn proxy values serve the chunk; the scenario's checks, table
    // lookups, discounting and persistence were worked out once, in `prepared`.
    let mut s = p.scenario.clone();
    let mut overrides = Overrides::default();
    let mut scratch = Scratch::default();
    if let Some(prior) = prior {
        for (a, &v) in p.list.iter().zip(prior) {
            apply(&mut s, &mut overrides, a, v).map_err(|e| (0, e))?;
        }
    }
    for (i, slot) in out.iter_mut().enumerate() {
        let drawn = values.get(i * width..(i + 1) * width).unwrap_or(&[]);
        for (a, &v) in p.list.iter().zip(drawn) {
            apply(&mut s, &mut overrides, a, v).map_err(|e| (i, e))?;
        }
        let totals = draw_totals(
            p.file,
            &s,
            p.records,
            p.registry,
            &overrides,
            p.facts.as_ref(),
            p.setup.as_ref(),
            &mut scratch,
        )
        .map_err(|e| (i, e))?;
        *slot = Draw::from(totals);
    }
    Ok(())
}

/// One of a draw's totals.
type Figure = fn(&Draw) -> Decimal;
/// A series the summary reads: where it goes in the spreads, its name, its figure, and for a net
/// present value the total it is less the programme cost (that total's figure and place).
type Series = (usize, &'static str, Figure, Option<(Figure, usize)>);
/// What values a chunk: its index and its draws, to the first error's place and error.
type ChunkFn<'f> = dyn Fn(usize, &mut [Draw]) -> std::result::Result<(), (usize, Error)> + Sync + 'f;

/// Runs `f(chunk index, its draws)` on each chunk of `out` (`CHUNK` draws each): natively on
/// rayon's pool, in wasm one after the other. The error returned is the first draw's to fail,
/// in draw order, with the number of draws valued before it.
fn chunks(out: &mut [Draw], f: &ChunkFn<'_>) -> std::result::Result<(), (usize, Error)> {
    #[cfg(not(target_arch = "wasm32"))]
    let outcomes: Vec<_> = {
        use rayon::prelude::*;
        out.par_chunks_mut(CHUNK).enumerate().map(|(c, o)| f(c, o)).collect()
    };
    #[cfg(target_arch = "wasm32")]
    let outcomes: Vec<_> = {
        let mut v = Vec::new();
        for (c, o) in out.chunks_mut(CHUNK).enumerate() {
            let r = f(c, o);
            let failed = r.is_err();
            v.push(r);
            if failed {
                break;
            }
        }
        v
    };
    for (c, r) in outcomes.into_iter().enumerate() {
        if let Err((i, e)) = r {
            return Err((c * CHUNK + i, e));
        }
    }
    Ok(())
}

/// The mean of the draws: their exact sum ÷ n where the sum can be computed, else the sum of
/// each ÷ n (never larger than the largest draw).
fn mean(xs: &[Decimal], n: Decimal) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for x in xs {
        // `arith::add` is `checked_add`, digit for digit, natively faster.
        match crate::arith::add(sum, *x) {
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
    use super::{Draw, MonteCarloRun, Prepared, apply, bin_counts, bounds, draw, draw_totals};
    use crate::engine::Overrides;
    use crate::{Registry, Scenario, template};
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::SeedableRng;

    /// Bisected bin counts are the counts of binning every draw, a draw below `lo` included
    /// (it goes to the last bin, as it always has): 28-digit draws, 7 bins.
    #[test]
    fn bisected_bins_are_every_draws_bins() {
        use rust_decimal::Decimal;
        let mut xs: Vec<Decimal> = (0..2000u64)
            .map(|i| Decimal::from_i128_with_scale(((i * 7_919_333 % 1_000_003) as i128) * 10i128.pow(21) + 7, 24))
            .collect();
        xs.push(Decimal::new(-4, 3));
        xs.sort_unstable();
        let (lo, width) = (Decimal::ZERO, Decimal::from_i128_with_scale(142_857_571_428_571, 12));
        let bin = |x: &Decimal| -> usize {
            use rust_decimal::prelude::ToPrimitive;
            (x.checked_sub(lo).and_then(|d| d.checked_div(width)))
                .and_then(|q| q.floor().to_usize())
                .unwrap_or(6)
                .min(6)
        };
        let mut every = vec![0u32; 7];
        xs.iter().for_each(|x| every[bin(x)] += 1);
        assert_eq!(bin_counts(&xs, lo, 7, &bin), every);
        assert_eq!(every[6], 286, "the draw below lo is in the last bin");
    }

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

    /// A scenario whose observed rate is drawn before its counterfactual rate: each draw's
    /// observed rate is capped by the counterfactual rate the previous draw left.
    fn capped() -> Scenario {
        let text = r#"
name = "Capped"
families = 40
price_year = 2019
[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "unit-costs-open@1.0.0"
deflators = "gdp-deflator@1.0.0"
[[costs]]
label = "Delivery"
amount = "12000"
[[avoided]]
id = "court"
proxy = "care-proceedings-court"
counterfactual_rate = "0.2"
observed_rate = "0.1"
[uncertainty]
seed = 7
[[ranges]]
target = "avoided.court.observed_rate"
low = "0.05"
high = "0.2"
distribution = "pert"
[[ranges]]
target = "avoided.court.counterfactual_rate"
low = "0.1"
high = "0.3"
distribution = "uniform"
"#;
        Scenario::from_toml_str("capped.toml", text).unwrap()
    }

    /// Items over many years, some drawn and some not: a drawn drop-off on one item, a drawn
    /// default attribution that one item overrides, a per-year avoided cost.
    fn long() -> Scenario {
        let text = r#"
name = "Long"
families = 40
price_year = 2019
discount_convention = "green-book"
[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "unit-costs-open@1.0.0"
deflators = "gdp-deflator@1.0.0"
[defaults]
attribution = "0.2"
drop_off = "0.1"
[[costs]]
label = "Delivery"
amount = "12000"
year = 2
[[outcomes]]
id = "a"
proxy = "high-confidence"
people = "6"
duration = 40
[[outcomes]]
id = "b"
proxy = "rely-on-family"
people = "3"
duration = 35
attribution = "0.3"
start_year = 3
[[outcomes]]
id = "c"
proxy = "secure-housing"
people = "2"
duration = 20
[[avoided]]
id = "care"
proxy = "foster-care-la"
count = "1.5"
duration = 5
[uncertainty]
seed = 3
table_ranges = false
[[ranges]]
target = "outcomes.a.drop_off"
low = "0.05"
high = "0.2"
distribution = "uniform"
[[ranges]]
target = "defaults.attribution"
low = "0.1"
high = "0.4"
distribution = "pert"
"#;
        Scenario::from_toml_str("long.toml", text).unwrap()
    }

    /// The draws as one sequential loop values them (the run before it was split into chunks),
    /// each worked out in full (the scenario's checks made once, nothing of the central valuation
    /// kept).
    fn sequential(s: &Scenario, n: usize) -> Vec<[rust_decimal::Decimal; 5]> {
        let p = Prepared::new("scenario", s, None, Registry::embedded()).unwrap();
        let plain = crate::engine::setup(p.file, s, p.registry).unwrap();
        let seed = s.uncertainty.as_ref().and_then(|u| u.seed).unwrap_or(1);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let b: Vec<_> = p.list.iter().map(bounds).collect();
        let (mut w, mut o) = (p.scenario.clone(), Overrides::default());
        (0..n)
            .map(|_| {
                for (a, b) in p.list.iter().zip(&b) {
                    let v = draw(&mut rng, a, b);
                    apply(&mut w, &mut o, a, v).unwrap();
                }
                draw_totals(
                    p.file,
                    &w,
                    None,
                    p.registry,
                    &o,
                    None,
                    Some(&plain),
                    &mut Default::default(),
                )
                .unwrap()
            })
            .collect()
    }

    fn run_on(threads: usize, s: &Scenario, n: u32) -> Vec<[rust_decimal::Decimal; 5]> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| {
            let mut run = MonteCarloRun::new(s, None, Registry::embedded()).unwrap().with_draws(n);
            run.step(n).unwrap();
            assert_eq!(
                run.result(),
                MonteCarloRun::new(s, None, Registry::embedded()).and_then(|r| {
                    let mut r = r.with_draws(n);
                    r.step(n)?;
                    r.result()
                })
            );
            run.results
                .iter()
                .map(|d| {
                    [
                        d.social_value,
                        d.fiscal_savings,
                        d.programme_cost,
                        d.npv_social,
                        d.npv_fiscal,
                    ]
                })
                .collect()
        })
    }

    /// Split into chunks and across threads, a run's draws are the sequential loop's, digit for
    /// digit, on one thread and on several (over two progress batches, so chunks after the first
    /// start mid-stream and a PERT's varying use of the stream is followed).
    #[test]
    fn the_same_draws_on_one_thread_and_on_several() {
        let shipped = template("securing-change").unwrap().scenario().unwrap();
        for (s, n) in [(capped(), 4_700u32), (shipped, 1_300), (long(), 300)] {
            let want = sequential(&s, n as usize);
            for threads in [1, 2, 3] {
                let got = run_on(threads, &s, n);
                assert_eq!(got.len(), want.len());
                for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                    let bits = |x: &[rust_decimal::Decimal; 5]| x.map(|d| d.serialize());
                    assert_eq!(bits(g), bits(w), "draw {i} on {threads} threads of {}", s.name);
                }
            }
        }
    }

    /// A progress callback sees the draws made, and answering `false` stops the run.
    #[test]
    fn progress_is_reported_and_can_stop_the_run() {
        let s = capped();
        let mut run = MonteCarloRun::new(&s, None, Registry::embedded())
            .unwrap()
            .with_draws(9_000);
        let mut seen = Vec::new();
        let e = run
            .step_with(9_000, &mut |done, total| {
                seen.push((done, total));
                false
            })
            .unwrap_err();
        assert_eq!(seen, vec![(4_096, 9_000)]);
        assert!(matches!(e, crate::Error::Stopped { .. }), "{e}");
        assert_eq!(
            e.to_string(),
            "scenario: monte carlo: the run was stopped after 4096 of 9000 draws"
        );
        assert_eq!(run.done_draws(), 4_096);
        let mut seen = Vec::new();
        let mut run = MonteCarloRun::new(&s, None, Registry::embedded())
            .unwrap()
            .with_draws(9_000);
        run.step_with(9_000, &mut |done, total| {
            seen.push((done, total));
            true
        })
        .unwrap();
        assert_eq!(seen, vec![(4_096, 9_000), (8_192, 9_000), (9_000, 9_000)]);
    }
}
