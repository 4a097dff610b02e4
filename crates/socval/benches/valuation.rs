//! Valuing a 10,000-family records scenario (the issue's benchmark), and the shipped scenarios.
//!
//! `cargo bench -p socval --bench valuation`. Throughput is reported in "outcome lines": one
//! family member's claim of one outcome, or one family's avoided events of one item — the rows a
//! service's case records hold, each valued by the engine.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use socval::{Records, Registry, Scenario, evaluate, templates};
use std::hint::black_box;

const SCENARIO: &str = r#"
name = "Bench"
families = 10000
price_year = 2022
[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "unit-costs-open@1.0.0"
deflators = "gdp-deflator@1.0.0"
[defaults]
deadweight = "0.2"
attribution = "0.25"
duration = 3
drop_off = "0.3"
[[costs]]
label = "Delivery"
amount = "2500000"
[[outcomes]]
id = "confidence"
proxy = "high-confidence"
[[outcomes]]
id = "group"
proxy = "member-of-social-group"
[[outcomes]]
id = "parenting"
proxy = "improved-parenting"
[[outcomes]]
id = "work"
proxy = "employment"
[[outcomes]]
id = "housing"
proxy = "secure-housing"
[[avoided]]
id = "proceedings"
proxy = "care-proceedings-la"
[[avoided]]
id = "care"
proxy = "foster-care-la"
"#;

/// 10,000 families of two (mother and baby) with a deterministic pattern of outcomes.
fn records_csv() -> (String, usize) {
    let mut s = String::from("family_id,members,region,confidence,group,parenting,work,housing,proceedings,care\n");
    let mut claims = 0;
    for i in 0..10_000u32 {
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
            "F{i:05},mother:25-49;baby:under-25,{},{},{},{},{},{},{},{}\n",
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

criterion_group!(benches, bench);
criterion_main!(benches);
