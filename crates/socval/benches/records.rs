//! Reading per-family records at scale beside a reference reader (issue 26), in one run.
//!
//! `cargo bench -p socval --bench records -- [FAMILIES ...]` (default 1,000,000 and 10,000,000;
//! the files take 76 and 765 MB). A filter for the criterion benches that does not match
//! `records` skips it.
//! For each size it writes the records file once into `target/bench-records/` (families of two,
//! as the `valuation` bench's records: about 76 bytes a family), then times, in turn (A B A B …),
//! `Records::stream` + `evaluate` on that file (what `socval evaluate --records` does) and the
//! reference: a plain byte loop over the same file, as a C reader would be written (split on
//! bytes, `f64` numbers, an 8-byte hash of every id kept and sorted at the end, the claims
//! counted by outcome, age band and region). It prints the time of each pair and the median
//! ratio socval / reference (aim: within 1.8×). Both read the file from the page cache.

use rust_decimal::prelude::ToPrimitive;
use socval::{Registry, Scenario, evaluate, records::Records};
use std::hash::BuildHasher;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

/// The `valuation` bench's scenario: 5 outcomes, 2 avoided costs.
const SCENARIO: &str = include_str!("bench-scenario.toml");

/// The records file of `n` families (written once): the `valuation` bench's pattern of outcomes.
fn records_file(n: u32) -> std::io::Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("bench-records");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("records-{n}.csv"));
    if path.exists() {
        return Ok(path);
    }
    let tmp = path.with_extension("tmp");
    let mut w = BufWriter::new(std::fs::File::create(&tmp)?);
    w.write_all(b"family_id,members,region,confidence,group,parenting,work,housing,proceedings,care\n")?;
    for i in 0..n {
        let pick = |k: u32| (i / k).is_multiple_of(2);
        writeln!(
            w,
            "F{i:07},mother:25-49;baby:under-25,{},{},{},{},{},{},{},{}",
            if i % 3 == 0 { "london" } else { "outside-london" },
            if pick(1) { "mother" } else { "" },
            if pick(2) { "mother;baby" } else { "mother" },
            if pick(3) { "mother" } else { "" },
            if pick(5) { "yes" } else { "no" },
            if pick(7) { "mother" } else { "" },
            if i % 4 == 0 { "1" } else { "0" },
            if i % 8 == 0 { "1" } else { "" },
        )?;
    }
    w.flush()?;
    drop(w);
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

/// What the reference reader finds: families, claims by outcome × band × region, events, and
/// how many ids share a hash with the id before them once sorted.
#[derive(Debug, Default)]
struct Tally {
    families: u64,
    claims: [[[f64; 3]; 4]; 5],
    events: [f64; 2],
    repeated: u64,
}

/// The reference reader: lines and cells split on bytes, numbers as `f64`, an 8-byte hash of
/// each id kept and sorted at the end.
fn reference(path: &Path) -> Tally {
    let file = std::fs::File::open(path).expect("records file");
    let mut r = BufReader::with_capacity(1 << 16, file);
    let mut line: Vec<u8> = Vec::with_capacity(256);
    let mut t = Tally::default();
    let mut ids: Vec<u64> = Vec::new();
    let hasher = foldhash::fast::FixedState::with_seed(0);
    let band = |b: &[u8]| match b {
        b"under-25" => 1,
        b"25-49" => 2,
        b"50-plus" => 3,
        _ => 0,
    };
    r.read_until(b'\n', &mut line).expect("header");
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).expect("read") == 0 {
            break;
        }
        let row = line.strip_suffix(b"\n").unwrap_or(&line);
        let mut cells: [&[u8]; 10] = [b""; 10];
        for (i, c) in row.split(|&b| b == b',').take(10).enumerate() {
            cells[i] = c;
        }
        ids.push(hasher.hash_one(cells[0]));
        let mut names: [&[u8]; 2] = [b"", b""];
        let mut bands = [0usize; 2];
        for (m, part) in cells[1].split(|&b| b == b';').take(2).enumerate() {
            let mut it = part.splitn(2, |&b| b == b':');
            names[m] = it.next().unwrap_or(b"");
            bands[m] = band(it.next().unwrap_or(b""));
        }
        let region = match cells[2] {
            b"london" => 1,
            b"outside-london" => 2,
            _ => 0,
        };
        for oi in 0..5 {
            let cell = cells[3 + oi];
            match cell {
                b"" | b"no" | b"0" => {}
                b"yes" | b"1" => t.claims[oi][bands[0]][region] += 1.0,
                _ => {
                    for n in cell.split(|&b| b == b';') {
                        if let Some(m) = names.iter().position(|&x| x == n) {
                            t.claims[oi][bands[m]][region] += 1.0;
                        }
                    }
                }
            }
        }
        for ai in 0..2 {
            let cell = cells[8 + ai];
            if !cell.is_empty() {
                t.events[ai] += std::str::from_utf8(cell)
                    .ok()
                    .and_then(|s| s.parse::<f64>().ok())
                    .unwrap_or(0.0);
            }
        }
        t.families += 1;
    }
    ids.sort_unstable();
    t.repeated = ids.windows(2).filter(|w| w[0] == w[1]).count() as u64;
    t
}

/// socval's reading: `Records::stream` from the file, then `evaluate`; the social value.
fn socval_read(path: &Path, scenario: &Scenario, reg: &Registry) -> (usize, f64) {
    let file = std::fs::File::open(path).expect("records file");
    let r = Records::stream("bench.csv", file, scenario, reg).expect("records");
    let v = evaluate(scenario, Some(&r), reg).expect("evaluate");
    (r.families.len(), v.totals.social_value.to_f64().unwrap_or(0.0))
}

/// Wall and CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, f64) {
    let (t, c) = (Instant::now(), cpu_seconds());
    std::hint::black_box(f());
    (t.elapsed().as_secs_f64(), cpu_seconds() - c)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // A filter meant for the criterion benches (`cargo bench -p socval -- monte-carlo`) skips this
    // one, unless it names it.
    let filters: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') && a.replace('_', "").parse::<u32>().is_err())
        .collect();
    if !filters.is_empty() && !filters.iter().any(|f| "records".contains(f.as_str())) {
        return;
    }
    let sizes: Vec<u32> = args.iter().filter_map(|a| a.replace('_', "").parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1_000_000, 10_000_000]
    } else {
        sizes
    };
    let scenario = Scenario::from_toml_str("bench.toml", SCENARIO).expect("scenario");
    let reg = Registry::embedded();
    for n in sizes {
        let path = records_file(n).expect("writing the records file");
        let pairs = if n >= 5_000_000 { 3 } else { 5 };
        // A first run of each, not counted (the file into the page cache).
        let want = reference(&path);
        let (families, value) = socval_read(&path, &scenario, reg);
        assert_eq!(families as u64, want.families);
        let claims: f64 = want.claims.iter().flatten().flatten().sum();
        eprintln!(
            "records {n}: {families} families, {claims} claims, {} events; social value £{value:.2}; {} repeated id hashes",
            want.events.iter().sum::<f64>(),
            want.repeated
        );
        let mut ratios = Vec::new();
        let mut cpu_ratios = Vec::new();
        for k in 0..pairs {
            let (a, a_cpu) = timed(|| socval_read(&path, &scenario, reg));
            let (b, b_cpu) = timed(|| reference(&path));
            eprintln!(
                "records {n}: pair {}: socval {a:.3} s (CPU {a_cpu:.3} s), reference {b:.3} s (CPU {b_cpu:.3} s), ratio {:.2} (CPU {:.2})",
                k + 1,
                a / b,
                a_cpu / b_cpu
            );
            ratios.push(a / b);
            cpu_ratios.push(a_cpu / b_cpu);
        }
        ratios.sort_by(f64::total_cmp);
        cpu_ratios.sort_by(f64::total_cmp);
        eprintln!(
            "records {n}: socval / reference, median of {pairs} pairs: {:.2} wall, {:.2} CPU (aim: within 1.8)",
            ratios[ratios.len() / 2],
            cpu_ratios[cpu_ratios.len() / 2]
        );
    }
}
