//! A mutation fuzzer on the stable toolchain (cargo-fuzz needs nightly, which this project's
//! machines cannot install): for each parser, seeded random edits of a seed corpus (the shipped
//! scenarios and tables, the test fixtures) are fed to the parser and, where it accepts them, to
//! the engine and the uncertainty analysis. A panic anywhere is a failure, reported with the input
//! that caused it. Every input must give `Ok` or a located `Error`.
//!
//! Bounded by time: `SOCVAL_FUZZ_SECONDS` per target (default 2, which the test command uses);
//! `RELIABILITY.md` records longer runs. The edits are seeded (`SOCVAL_FUZZ_SEED`, default 1), so a
//! run is reproducible.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use socval::records::Records;
use socval::tables::ProxyTable;
use socval::{Registry, Scenario, evaluate, uncertainty};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_all(dir: &str, ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out.sort();
    out
}

/// Tokens worth splicing in: numbers at the edges, keywords, structure.
const TOKENS: &[&str] = &[
    "0",
    "-1",
    "1e400",
    "0.1",
    "\"-0\"",
    "\"1e-30\"",
    "\"79228162514264337593543950335\"",
    "\"0.0000000000000000000000000001\"",
    "\"NaN\"",
    "4294967296",
    "18446744073709551616",
    "\"\"",
    "\"*\"",
    "[",
    "]",
    "{",
    "}",
    "[[outcomes]]",
    "[[avoided]]",
    "[[ranges]]",
    "[[rows]]",
    "[[years]]",
    "=",
    ",",
    "\"",
    "\\",
    "\n",
    "\r\n",
    ";",
    ":",
    "duration = 100",
    "year = 0",
    "families = 10000000",
    "draws = 1000000",
    "low = \"0\"",
    "high = \"1\"",
    "target = \"outcomes.*.deadweight\"",
    "y",
    "yes",
    "mother",
    "é",
    "\u{feff}",
    "\u{0}",
];

fn mutate(rng: &mut ChaCha8Rng, seed: &str) -> String {
    let mut s: Vec<u8> = seed.as_bytes().to_vec();
    let edits = 1 + (rng.next_u32() % 8) as usize;
    for _ in 0..edits {
        let len = s.len().max(1);
        let at = (rng.next_u32() as usize) % len;
        match rng.next_u32() % 6 {
            0 => {
                if !s.is_empty() {
                    s.remove(at.min(s.len() - 1));
                }
            }
            1 => s.insert(at.min(s.len()), (rng.next_u32() % 128) as u8),
            2 => {
                let t = TOKENS[(rng.next_u32() as usize) % TOKENS.len()];
                let at = at.min(s.len());
                s.splice(at..at, t.bytes());
            }
            3 => {
                // Replace a run of digits or a quoted value with a token.
                let end = (at + 1 + (rng.next_u32() % 12) as usize).min(s.len());
                let t = TOKENS[(rng.next_u32() as usize) % TOKENS.len()];
                s.splice(at.min(end)..end, t.bytes());
            }
            4 => {
                // Duplicate a line.
                let text = String::from_utf8_lossy(&s).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let i = (rng.next_u32() as usize) % lines.len();
                    let mut v: Vec<&str> = lines.clone();
                    v.insert(i, lines[i]);
                    s = v.join("\n").into_bytes();
                }
            }
            _ => {
                // Cut the text short.
                s.truncate(at);
            }
        }
    }
    String::from_utf8_lossy(&s).into_owned()
}

fn budget() -> Duration {
    let secs: f64 = std::env::var("SOCVAL_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(secs)
}

fn seed() -> u64 {
    std::env::var("SOCVAL_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// Runs `check` on mutations of `corpus` until the time budget is spent; panics (with the input)
/// if `check` panics. Returns the number of inputs tried and how many were accepted.
fn fuzz(name: &str, corpus: &[String], check: impl Fn(&str) -> bool) -> (u64, u64) {
    assert!(!corpus.is_empty(), "{name}: empty corpus");
    let mut rng = ChaCha8Rng::seed_from_u64(seed());
    let started = Instant::now();
    let (mut runs, mut accepted) = (0u64, 0u64);
    // The seeds themselves first.
    let inputs = corpus.iter().cloned().chain(std::iter::from_fn(|| {
        let s = &corpus[(rng.next_u32() as usize) % corpus.len()];
        Some(mutate(&mut rng, s))
    }));
    for input in inputs {
        if runs > corpus.len() as u64 && started.elapsed() > budget() {
            break;
        }
        match catch_unwind(AssertUnwindSafe(|| check(&input))) {
            Ok(ok) => accepted += u64::from(ok),
            Err(_) => panic!("{name}: a panic on this input:\n---\n{input}\n---"),
        }
        runs += 1;
    }
    eprintln!(
        "fuzz {name}: {runs} inputs in {:.1} s, {accepted} accepted",
        started.elapsed().as_secs_f64()
    );
    (runs, accepted)
}

/// A scenario the parser accepts is valued and analysed (with few draws); each gives Ok or an
/// error that names a place.
fn through_everything(s: &Scenario, records: Option<&Records>) {
    let reg = Registry::embedded();
    if let Err(e) = evaluate(s, records, reg) {
        let p = e.place();
        assert!(!p.file.is_empty(), "an error without a file: {e}");
    }
    let mut s = s.clone();
    let mut u = s.uncertainty.clone().unwrap_or_default();
    u.draws = Some(u.draws.unwrap_or(20).min(20));
    s.uncertainty = Some(u);
    let _ = uncertainty::analyse(&s, records, reg);
    let _ = uncertainty::check_ranges(&s, records, reg);
    let _ = uncertainty::targets(&s, records, reg);
}

fn scenario_corpus() -> Vec<String> {
    let mut c = read_all("scenarios", "toml");
    c.extend(
        read_all("tests/fixtures", "toml")
            .into_iter()
            .filter(|t| t.contains("families")),
    );
    c
}

#[test]
fn fuzz_scenario_toml() {
    let (runs, accepted) = fuzz(
        "scenario TOML",
        &scenario_corpus(),
        |text| match Scenario::from_toml_str("f.toml", text) {
            Ok(s) => {
                through_everything(&s, None);
                true
            }
            Err(e) => {
                assert_eq!(e.place().file, "f.toml");
                false
            }
        },
    );
    assert!(
        accepted > 0 && runs > accepted,
        "the fuzzer reached both sides ({accepted}/{runs})"
    );
}

#[test]
fn fuzz_scenario_json() {
    let corpus: Vec<String> = scenario_corpus()
        .iter()
        .map(|t| Scenario::from_toml_str("seed.toml", t).unwrap().to_json())
        .collect();
    let (runs, accepted) = fuzz("scenario JSON", &corpus, |text| {
        match Scenario::from_json_str("f.json", text) {
            Ok(s) => {
                through_everything(&s, None);
                true
            }
            Err(e) => {
                assert_eq!(e.place().file, "f.json");
                false
            }
        }
    });
    assert!(accepted > 0 && runs > accepted);
}

#[test]
fn fuzz_table_toml() {
    let mut corpus = read_all("proxies", "toml");
    corpus.extend(
        read_all("tests/fixtures", "toml")
            .into_iter()
            .filter(|t| t.contains("[[rows]]")),
    );
    let (runs, accepted) = fuzz("table TOML", &corpus, |text| {
        // Renamed so that it is not refused as a changed copy of a shipped version.
        let text = text.replacen("version = \"", "version = \"9", 1);
        match ProxyTable::from_toml_str("t.toml", &text) {
            Ok(t) => {
                let mut reg = Registry::embedded().clone();
                let _ = reg.add("t.toml", t);
                true
            }
            Err(e) => {
                assert_eq!(e.place().file, "t.toml");
                false
            }
        }
    });
    assert!(accepted > 0 && runs > accepted);
}

#[test]
fn fuzz_records_csv() {
    let corpus = read_all("tests/fixtures", "csv");
    let mut scenario = Scenario::from_toml_str(
        "records.toml",
        &std::fs::read_to_string(root().join("tests/fixtures/records.toml")).unwrap(),
    )
    .unwrap();
    scenario.uncertainty = Some(socval::scenario::Settings {
        draws: Some(20),
        ..Default::default()
    });
    let mut reg = Registry::embedded().clone();
    reg.add_toml(
        "licensed-wellbeing.toml",
        &std::fs::read_to_string(root().join("tests/fixtures/licensed-wellbeing.toml")).unwrap(),
    )
    .unwrap();
    let (runs, accepted) = fuzz("records CSV", &corpus, |text| {
        match Records::from_csv_str("r.csv", text) {
            Ok(r) => {
                let _ = evaluate(&scenario, Some(&r), &reg);
                let _ = uncertainty::analyse(&scenario, Some(&r), &reg);
                true
            }
            Err(e) => {
                assert_eq!(e.place().file, "r.csv");
                false
            }
        }
    });
    assert!(accepted > 0 && runs > accepted);
}

#[test]
fn fuzz_ranges_and_settings() {
    // The ranges and settings of a scenario, mutated alone.
    let base = std::fs::read_to_string(root().join("tests/fixtures/basic.toml")).unwrap();
    let corpus = vec![
        format!(
            "{base}\n[uncertainty]\nseed = 7\ndraws = 30\n\n[[ranges]]\ntarget = \"avoided.proceedings-court.counterfactual_rate\"\nlow = \"0.2\"\nhigh = \"0.4\"\ndistribution = \"pert\"\n\n[[ranges]]\ntarget = \"outcomes.*.deadweight\"\nlow = \"0\"\nhigh = \"0.3\"\n"
        ),
        format!(
            "{base}\n[[ranges]]\ntarget = \"discount_rate\"\nlow = \"0.015\"\nhigh = \"0.06\"\n\n[[ranges]]\ntarget = \"costs.1.amount\"\nlow = \"100000\"\nhigh = \"150000\"\n"
        ),
    ];
    let (runs, accepted) = fuzz("ranges and settings", &corpus, |text| {
        match Scenario::from_toml_str("u.toml", text) {
            Ok(s) => {
                through_everything(&s, None);
                true
            }
            Err(_) => false,
        }
    });
    assert!(accepted > 0 && runs > accepted);
}
