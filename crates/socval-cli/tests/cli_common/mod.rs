//! What the command line's end-to-end tests share (`cli.rs`, `cli_shipped.rs`, `cli_bad_input.rs`):
//! running the binary, reading its JSON, and comparing figures.
#![allow(dead_code)] // each test crate uses some of them

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../socval/tests/fixtures")
}

/// `socval` run in the fixtures folder, so file names are as a user types them.
pub fn socval() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_socval"));
    c.current_dir(fixtures());
    c
}

/// Runs `socval args`, expects success, returns standard output.
pub fn ok(args: &[&str]) -> String {
    let out = socval().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "socval {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `socval args`, expects failure with empty standard output; returns standard error.
pub fn fails(args: &[&str]) -> String {
    let out = socval().args(args).output().unwrap();
    assert!(!out.status.success(), "socval {args:?} should fail");
    assert!(
        out.stdout.is_empty(),
        "socval {args:?} printed a partial report: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: "), "{err}");
    err
}

/// Asserts a message names each of `parts`.
#[track_caller]
pub fn names(err: &str, parts: &[&str]) {
    for p in parts {
        assert!(err.contains(p), "{p:?} not in: {err}");
    }
}

pub fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

pub fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("money is a decimal string: {v}"))).unwrap()
}

/// Two JSON values are the same, their decimal strings at Decimal's precision ([`same_figure`]).
#[track_caller]
pub fn same_json(a: &Value, b: &Value) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.len(), y.len(), "{a} vs {b}");
            for (k, v) in x {
                same_json(v, &y[k]);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{a} vs {b}");
            x.iter().zip(y).for_each(|(v, w)| same_json(v, w));
        }
        (Value::String(x), Value::String(y)) => match (Decimal::from_str(x), Decimal::from_str(y)) {
            (Ok(p), Ok(q)) => same_figure(p, q),
            _ => assert_eq!(x, y),
        },
        _ => assert_eq!(a, b),
    }
}

/// Two exact figures agree at Decimal's precision (28 significant digits: sums taken in another
/// order may differ in the last digits, never by 10⁻²⁰ of the figure).
#[track_caller]
pub fn same_figure(a: Decimal, b: Decimal) {
    assert!(
        (a - b).abs() <= a.abs().max(Decimal::ONE) * Decimal::new(1, 20),
        "{a} and {b} differ"
    );
}

/// A scratch folder holding one bad file; returns its path.
pub fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socval-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

pub fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

pub fn sub(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, to, 1)
}

/// The JSON valuation's lines add up exactly to its totals, section by section, exact and rounded.
pub fn assert_lines_sum(v: &Value) {
    let lines = v["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    for (section, key) in [
        ("social-value", "social_value"),
        ("fiscal-savings", "fiscal_savings"),
        ("programme-cost", "programme_cost"),
    ] {
        let mine = lines.iter().filter(|l| l["section"] == section);
        let amount: Decimal = mine.clone().map(|l| dec(&l["amount"])).sum();
        let rounded: Decimal = mine.map(|l| dec(&l["rounded"])).sum();
        same_figure(amount, dec(&v["totals"][key]));
        assert_eq!(rounded, dec(&v["display"][key]), "{section}: rounded lines vs display");
    }
    let by_agency: Decimal = v["by_agency"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| dec(&a["amount"]))
        .sum();
    assert_eq!(by_agency, dec(&v["totals"]["fiscal_savings"]));
}
