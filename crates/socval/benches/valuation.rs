//! Valuing a 10,000-family records scenario (the benchmark), and the shipped scenarios.
//!
//! `cargo bench -p socval --bench valuation`. Throughput is reported in "outcome lines": one
//! family member's claim of one outcome, or one family's avoided events of one item — the rows a
//! service's case records hold, each valued by the engine.
//!
//! The physical-limit baseline (issue 11): beside socval's evaluate, an `f64` loop doing the
//! engine's per-line arithmetic (unit value × rebasing × the three adjustments × drop-off and
//! discounting, year by year, for every claim of every member) on the same records, and a CSV
//! parse (the `csv` crate, no allocation per row) feeding that loop. The bench prints the ratios
//! (`baseline` lines on standard error) for 10,000 and 100,000 families, and criterion records
//! each in the `baseline-10k` and `baseline-100k` groups.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::prelude::ToPrimitive;
use socval::records::Records;
use socval::tables::{AgeBand, Region};
use socval::{Registry, Scenario, evaluate, templates};
use std::hint::black_box;
use std::io::Cursor;
use std::time::{Duration, Instant};

/// The benches' scenario (shared with the `records` bench): 5 outcomes, 2 avoided costs.
const SCENARIO: &str = include_str!("bench-scenario.toml");

/// 10,000 families of two (mother and baby) with a deterministic pattern of outcomes.
fn records_csv() -> (String, usize) {
    records_csv_n(10_000)
}

/// `n` families of two (mother and baby) with a deterministic pattern of outcomes.
fn records_csv_n(n: u32) -> (String, usize) {
    let mut s = String::from("family_id,members,region,confidence,group,parenting,work,housing,proceedings,care\n");
    let mut claims = 0;
    for i in 0..n {
        let pick = |k: u32| (i / k).is_multiple_of(2);
        let cells: Vec<&str> = vec![
            if pick(1) { "mother" } else { "" },
            if pick(2) { "mother;baby" } else { "mother" },
            if pick(3) { "mother" } else { "" },
            if pick(5) { "yes" } else { "no" },
            if pick(7) { "mother" } else { "" },
        ];
        for c in &cells {
            claims += match *c {
                "" | "no" => 0,
                "mother;baby" => 2,
                _ => 1,
            };
        }
        let proc = if i % 4 == 0 { "1" } else { "0" };
        let care = if i % 8 == 0 { "1" } else { "" };
        claims += 2;
        s.push_str(&format!(
            "F{i:07},mother:25-49;baby:under-25,{},{},{},{},{},{},{},{}\n",
            if i % 3 == 0 { "london" } else { "outside-london" },
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            proc,
            care
        ));
    }
    (s, claims)
}

fn bench(c: &mut Criterion) {
    let scenario = Scenario::from_toml_str("bench.toml", SCENARIO).unwrap();
    let (csv, claims) = records_csv();
    let reg = Registry::embedded();
    let records = Records::from_csv_str("bench.csv", &csv).unwrap();
    let v = evaluate(&scenario, Some(&records), reg).unwrap();
    eprintln!(
        "10,000 families: {claims} outcome lines in the records, {} lines of working",
        v.lines.len()
    );

    let mut g = c.benchmark_group("records-10k");
    g.throughput(Throughput::Elements(claims as u64));
    g.bench_function("parse+evaluate", |b| {
        b.iter(|| {
            let r = Records::from_csv_str("bench.csv", black_box(&csv)).unwrap();
            evaluate(black_box(&scenario), Some(&r), reg).unwrap()
        })
    });
    g.bench_function("evaluate", |b| {
        b.iter(|| evaluate(black_box(&scenario), Some(&records), reg).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("shipped");
    for t in templates() {
        let s = t.scenario().unwrap();
        g.bench_function(t.id, |b| b.iter(|| evaluate(black_box(&s), None, reg).unwrap()));
    }
    g.finish();

    // 10,000 Monte Carlo draws of each shipped scenario (issue: under 100 ms native).
    let mut g = c.benchmark_group("monte-carlo-10k");
    g.sample_size(10);
    for t in templates() {
        let mut s = t.scenario().unwrap();
        let mut u = s.uncertainty.clone().unwrap_or_default();
        u.draws = Some(10_000);
        s.uncertainty = Some(u);
        g.bench_function(t.id, |b| {
            b.iter(|| socval::uncertainty::monte_carlo(black_box(&s), None, reg).unwrap())
        });
    }
    g.finish();
}

/// The engine's per-line arithmetic in `f64`, for the bench scenario: per (item, age band, region)
/// the unit value rebased to the scenario's price year (a table lookup, as the engine makes), then
/// for every claim the adjustments, drop-off and discounting of each year of its duration.
struct F64Method {
    /// `[outcome][band][region]` unit value × rebasing (outcomes) ; `[5 + avoided]` unit costs.
    value: Vec<[[f64; 3]; 4]>,
    /// Per avoided item: whether the cost recurs every year of the duration (else one-off).
    per_year: [bool; 2],
    keep: f64,
    drop: f64,
    rate: f64,
    years: u32,
}

impl F64Method {
    fn new(s: &Scenario, reg: &Registry) -> Self {
        let f = |d: rust_decimal::Decimal| d.to_f64().unwrap();
        let wellbeing = reg.get(&s.tables.wellbeing).unwrap();
        let unit_costs = reg.get(&s.tables.unit_costs).unwrap();
        let deflators = reg.get(&s.tables.deflators).unwrap();
        let rebase = |t: &socval::tables::ProxyTable, row: &socval::tables::Row| {
            let py = row.price_year.or(t.price_year).unwrap();
            f(deflators.index(s.price_year).unwrap()) / f(deflators.index(py).unwrap())
        };
        let bands = [AgeBand::All, AgeBand::Under25, AgeBand::From25To49, AgeBand::From50];
        let regions = [Region::All, Region::London, Region::OutsideLondon];
        let mut value = Vec::new();
        for o in &s.outcomes {
            let mut t = [[0.0; 3]; 4];
            for (bi, &b) in bands.iter().enumerate() {
                for (ri, &r) in regions.iter().enumerate() {
                    if let Some(row) = wellbeing.lookup(&o.proxy, b, r) {
                        t[bi][ri] = f(row.value) * rebase(wellbeing, row);
                    }
                }
            }
            value.push(t);
        }
        let mut per_year = [false; 2];
        for (ai, a) in s.avoided.iter().enumerate() {
            let row = unit_costs.lookup(&a.proxy, AgeBand::All, Region::All).unwrap();
            value.push([[f(row.value) * rebase(unit_costs, row); 3]; 4]);
            per_year[ai] = row.recurrence != Some(socval::tables::Recurrence::OneOff);
        }
        let d = s.defaults.clone();
        F64Method {
            value,
            per_year,
            keep: (1.0 - f(d.deadweight.unwrap()))
                * (1.0 - f(d.attribution.unwrap_or_default()))
                * (1.0 - f(d.displacement.unwrap_or_default())),
            drop: f(d.drop_off.unwrap()),
            rate: f(s.discount_rate()),
            years: d.duration.unwrap(),
        }
    }

    /// One line's amount: `quantity` of item `item` for `years` years (SROI discounting).
    #[inline]
    fn line(&self, item: usize, band: usize, region: usize, quantity: f64, years: u32) -> f64 {
        let unit = self.value[item][band][region] * quantity * self.keep;
        let mut sum = 0.0;
        for t in 1..=years {
            let persist = (1.0 - self.drop).powi(t as i32 - 1);
            sum += unit * persist / (1.0 + self.rate).powi(t as i32);
        }
        sum
    }
}

/// A family as the `f64` loop reads it: per outcome, bit `m` set if member `m` claimed it.
struct F64Family {
    bands: [u8; 2],
    region: u8,
    claims: [u8; 5],
    events: [f64; 2],
}

/// Parses the bench CSV into `F64Family` values, handing each to `f` (no allocation per row).
fn parse_f64(csv: &str, mut f: impl FnMut(&F64Family)) {
    let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let mut rec = csv::ByteRecord::new();
    let band = |b: &[u8]| match b {
        b"under-25" => 1u8,
        b"25-49" => 2,
        b"50-plus" => 3,
        _ => 0,
    };
    while r.read_byte_record(&mut rec).unwrap() {
        let mut fam = F64Family {
            bands: [0; 2],
            region: 0,
            claims: [0; 5],
            events: [0.0; 2],
        };
        let mut names: [&[u8]; 2] = [b"", b""];
        for (m, part) in rec[1].split(|&c| c == b';').enumerate().take(2) {
            let mut it = part.splitn(2, |&c| c == b':');
            names[m] = it.next().unwrap();
            fam.bands[m] = band(it.next().unwrap_or(b""));
        }
        fam.region = match &rec[2] {
            b"london" => 1,
            b"outside-london" => 2,
            _ => 0,
        };
        for oi in 0..5 {
            let cell = &rec[3 + oi];
            fam.claims[oi] = match cell {
                b"" | b"no" | b"0" => 0,
                b"yes" | b"1" => 1,
                _ => cell
                    .split(|&c| c == b';')
                    .map(|n| {
                        if n == names[0] {
                            1
                        } else if n == names[1] {
                            2
                        } else {
                            0
                        }
                    })
                    .fold(0, |a, b| a | b),
            };
        }
        for ai in 0..2 {
            let cell = &rec[8 + ai];
            fam.events[ai] = if cell.is_empty() {
                0.0
            } else {
                std::str::from_utf8(cell).unwrap().parse().unwrap()
            };
        }
        f(&fam);
    }
}

/// The `f64` loop over parsed families: every claim of every member, every year.
fn value_f64(m: &F64Method, fams: &[F64Family]) -> f64 {
    let mut total = 0.0;
    for fam in fams {
        total += value_family(m, fam);
    }
    total
}

#[inline]
fn value_family(m: &F64Method, fam: &F64Family) -> f64 {
    let mut total = 0.0;
    for oi in 0..5 {
        for (mx, &b) in fam.bands.iter().enumerate() {
            if fam.claims[oi] & (1 << mx) != 0 {
                total += m.line(oi, b as usize, fam.region as usize, 1.0, m.years);
            }
        }
    }
    for ai in 0..2 {
        if fam.events[ai] != 0.0 {
            let years = if m.per_year[ai] { m.years } else { 1 };
            total += m.line(5 + ai, 0, 0, fam.events[ai], years);
        }
    }
    total
}

/// Median time of `f` over runs of at least `budget` in all (at least 5 runs).
fn median_time(budget: Duration, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || start.elapsed() < budget {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

/// socval beside the `f64` baseline on `n` families: prints the ratios, records criterion groups.
fn baseline(c: &mut Criterion, n: u32) {
    let scenario = Scenario::from_toml_str("bench.toml", SCENARIO).unwrap();
    let reg = Registry::embedded();
    let (csv, claims) = records_csv_n(n);
    let m = F64Method::new(&scenario, reg);
    let mut fams = Vec::new();
    parse_f64(&csv, |f| {
        fams.push(F64Family {
            bands: f.bands,
            region: f.region,
            claims: f.claims,
            events: f.events,
        })
    });
    let streamed = Records::stream("bench.csv", Cursor::new(csv.as_bytes()), &scenario, reg).unwrap();
    let text = Records::from_csv_str("bench.csv", &csv).unwrap();
    let v = evaluate(&scenario, Some(&streamed), reg).unwrap();
    assert_eq!(v, evaluate(&scenario, Some(&text), reg).unwrap());
    let exact = (v.totals.social_value + v.totals.fiscal_savings).to_f64().unwrap();
    let approx = value_f64(&m, &fams);
    eprintln!(
        "baseline {n} families: {claims} outcome lines; socval £{exact:.2}, f64 loop £{approx:.2} (relative difference {:.1e})",
        (approx - exact).abs() / exact
    );

    let label = if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    };
    let budget = Duration::from_secs(2);
    let t_loop = median_time(budget, || {
        black_box(value_f64(&m, black_box(&fams)));
    });
    let t_eval = median_time(budget, || {
        black_box(evaluate(black_box(&scenario), Some(&streamed), reg).unwrap());
    });
    let t_parse_loop = median_time(budget, || {
        let mut total = 0.0;
        parse_f64(black_box(&csv), |f| total += value_family(&m, f));
        black_box(total);
    });
    let t_stream_eval = median_time(budget, || {
        let r = Records::stream("bench.csv", Cursor::new(black_box(csv.as_bytes())), &scenario, reg).unwrap();
        black_box(evaluate(&scenario, Some(&r), reg).unwrap());
    });
    let t_text_eval = median_time(budget, || {
        let r = Records::from_csv_str("bench.csv", black_box(&csv)).unwrap();
        black_box(evaluate(&scenario, Some(&r), reg).unwrap());
    });
    let t_text_evaluate = median_time(budget, || {
        black_box(evaluate(black_box(&scenario), Some(&text), reg).unwrap());
    });
    let r = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    eprintln!(
        "baseline {label}: f64 loop {t_loop:?}; evaluate (streamed records) {t_eval:?} = {:.2}x the loop (aim: within 10x)",
        r(t_eval, t_loop)
    );
    eprintln!(
        "baseline {label}: CSV parse + f64 loop {t_parse_loop:?}; Records::stream + evaluate {t_stream_eval:?} = {:.2}x (aim: within 3x)",
        r(t_stream_eval, t_parse_loop)
    );
    eprintln!(
        "baseline {label}: Records::from_csv_str + evaluate (the page's path: checks, then reads the text again) {t_text_eval:?} = {:.2}x CSV parse + f64 loop; evaluate of from_csv_str records {t_text_evaluate:?} = {:.2}x",
        r(t_text_eval, t_parse_loop),
        r(t_text_evaluate, t_parse_loop)
    );

    let mut g = c.benchmark_group(format!("baseline-{label}"));
    g.throughput(Throughput::Elements(claims as u64));
    g.sample_size(10);
    g.bench_function("f64-loop", |b| b.iter(|| value_f64(&m, black_box(&fams))));
    g.bench_function("evaluate-streamed", |b| {
        b.iter(|| evaluate(black_box(&scenario), Some(&streamed), reg).unwrap())
    });
    g.bench_function("csv-parse+f64-loop", |b| {
        b.iter(|| {
            let mut total = 0.0;
            parse_f64(black_box(&csv), |f| total += value_family(&m, f));
            total
        })
    });
    g.bench_function("stream+evaluate", |b| {
        b.iter(|| {
            let r = Records::stream("bench.csv", Cursor::new(black_box(csv.as_bytes())), &scenario, reg).unwrap();
            evaluate(&scenario, Some(&r), reg).unwrap()
        })
    });
    g.finish();
}

fn baselines(c: &mut Criterion) {
    baseline(c, 10_000);
    baseline(c, 100_000);
}

criterion_group!(benches, baselines, bench);
criterion_main!(benches);
