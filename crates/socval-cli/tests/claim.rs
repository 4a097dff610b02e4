//! Issue 24: a table of one's own that overlays another (`--tables council-costs.toml`), and
//! `socval claim`, which tests a claimed figure against a scenario.

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../socval/tests/fixtures")
}

fn socval() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_socval"));
    c.current_dir(fixtures());
    c
}

fn ok(args: &[&str]) -> String {
    let out = socval().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "socval {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Expects failure with exit `code` and nothing on standard output; returns standard error.
fn fails(code: i32, args: &[&str]) -> String {
    let out = socval().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "socval {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "socval {args:?} printed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("a decimal string: {v}"))).unwrap()
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

/// A file written for one test, in a folder of its own that is removed when it is dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn scratch(name: &str, text: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("socval-cli-claim-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    Scratch(path)
}

/// The council's 2-row table over unit-costs-open@2.0.0, golden as in the core's
/// `tests/overlay.rs`: 2 × £28,000 + 2 × £5,200 (the council's rows, 2024 prices) + 1 × £33,682.44
/// × 100 ÷ 76.0754 (the open foster-care row, rebased from 2016) = £110,675.07.
#[test]
fn a_two_row_council_table_overlays_the_open_unit_costs() {
    let v = json(&[
        "--tables",
        "council-costs.toml",
        "evaluate",
        "council.toml",
        "--format",
        "json",
    ]);
    assert_eq!(
        dec(&v["display"]["fiscal_savings"]),
        Decimal::from_str("110675.07").unwrap()
    );
    let tables = v["tables"].as_array().unwrap();
    let council = tables.iter().find(|t| t["id"] == "council-costs").unwrap();
    assert_eq!(council["overlays"], "unit-costs-open@2.0.0");
    assert_eq!(
        council["sha256"].as_str().unwrap(),
        socval::tables::content_hash(&fixture_text("council-costs.toml"))
    );
    let base = tables.iter().find(|t| t["id"] == "unit-costs-open").unwrap();
    assert_eq!(base["base_of"], "council-costs@1.0.0");
    let table_of = |item: &str| {
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["item"] == item)
            .unwrap()["table"]
            .clone()
    };
    assert_eq!(table_of("proceedings-la"), "council-costs@1.0.0");
    assert_eq!(table_of("foster"), "unit-costs-open@2.0.0");
    // The text report lists both tables, and each line its row's table.
    let text = ok(&["--tables", "council-costs.toml", "evaluate", "council.toml"]);
    assert!(
        text.contains("unit_costs (base of council-costs@1.0.0) unit-costs-open@2.0.0"),
        "{text}"
    );
    assert!(text.contains("£110,675.07"), "{text}");
    assert!(
        text.contains("(council-costs@1.0.0 overlays unit-costs-open@2.0.0: its rows care-proceedings-court and care-proceedings-la replace or add to the base's; every other row is unit-costs-open@2.0.0's)"),
        "{text}"
    );
    // --use places an overlay where the scenario's unit costs are (the council's scenario pointed at
    // the open table: the shipped scenarios no longer value the LA's proceedings row, an assumption).
    let open = scratch(
        "council-open.toml",
        &fixture_text("council.toml").replace(
            "unit_costs = \"council-costs@1.0.0\"",
            "unit_costs = \"unit-costs-open@2.0.0\"",
        ),
    );
    let v = json(&[
        "--tables",
        "council-costs.toml",
        "evaluate",
        open.to_str().unwrap(),
        "--use",
        "council-costs@1.0.0",
        "--format",
        "json",
    ]);
    let line = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["item"] == "proceedings-la")
        .unwrap();
    assert_eq!(line["table"], "council-costs@1.0.0");
    assert_eq!(dec(&line["unit_value"]), Decimal::from(28000));
}

/// The funder report, the working as CSV and the table schema say which rows are whose.
#[test]
fn the_report_the_csv_and_the_schema_know_overlays() {
    let html = ok(&[
        "--tables",
        "council-costs.toml",
        "report",
        "council.toml",
        "--no-uncertainty",
        "--date",
        "1 January 2027",
    ]);
    assert!(
        html.contains("unit_costs (base of council-costs@1.0.0): unit-costs-open@2.0.0"),
        "both tables listed"
    );
    // The assumptions table cites each item's row in its own table.
    assert!(html.contains("(2025) · council-costs@1.0.0"), "the council's rows");
    assert!(
        html.contains("(2017) · unit-costs-open@2.0.0"),
        "the open foster-care row"
    );
    let csv = ok(&[
        "--tables",
        "council-costs.toml",
        "evaluate",
        "council.toml",
        "--format",
        "csv",
    ]);
    let council = socval::tables::content_hash(&fixture_text("council-costs.toml"));
    let open = socval::Registry::embedded()
        .get("unit-costs-open@2.0.0")
        .unwrap()
        .sha256
        .clone();
    let row = |item: &str| {
        csv.lines()
            .find(|l| l.contains(&format!(",{item},")))
            .unwrap()
            .to_string()
    };
    assert!(row("proceedings-la").contains(&format!("council-costs@1.0.0,care-proceedings-la,{council}")));
    assert!(row("foster").contains(&format!("unit-costs-open@2.0.0,foster-care-la,{open}")));
    let schema = json(&["schema", "table"]);
    assert!(
        schema["properties"]["overlays"]["pattern"].is_string(),
        "{}",
        schema["properties"]["overlays"]
    );
}

#[test]
fn an_overlay_of_an_unknown_version_or_with_another_unit_is_refused() {
    let text = fixture_text("council-costs.toml");
    let p = scratch(
        "bad-version.toml",
        &text.replace("unit-costs-open@2.0.0", "unit-costs-open@7.0.0"),
    );
    let e = fails(1, &["--tables", p.to_str().unwrap(), "evaluate", "council.toml"]);
    for part in [
        "bad-version.toml",
        "overlays",
        "unit-costs-open@7.0.0",
        "unit-costs-open@2.0.0",
    ] {
        assert!(e.contains(part), "{part:?} not in {e}");
    }
    let p = scratch(
        "bad-unit.toml",
        &text.replacen("unit = \"set of proceedings\"", "unit = \"case\"", 1),
    );
    let e = fails(1, &["--tables", p.to_str().unwrap(), "evaluate", "council.toml"]);
    for part in ["bad-unit.toml", "care-proceedings-la", "unit", "\"case\""] {
        assert!(e.contains(part), "{part:?} not in {e}");
    }
}

/// The claim of the core's golden (`tests/claim.rs`): £150,000.00 of fiscal savings on the council
/// fixture needs 95,324.9255344… ÷ 28,000 = 3.4044616… sets of proceedings-la.
#[test]
fn claim_text_and_json_and_its_value_reproduces_the_claim() {
    let text = ok(&[
        "--tables",
        "council-costs.toml",
        "claim",
        "council.toml",
        "--fiscal",
        "£150,000",
    ]);
    assert!(
        text.starts_with(
            "A claim of £150,000.00 of fiscal savings (present value, 2024 prices), against £110,675.07 in force"
        ),
        "{text}"
    );
    assert!(
        text.contains("avoided of 3.4 (unit: set of proceedings, 0.1702 per family), against 2"),
        "{text}"
    );
    let j = json(&[
        "--tables",
        "council-costs.toml",
        "claim",
        "council.toml",
        "--fiscal",
        "150000",
        "--format",
        "json",
    ]);
    assert_eq!(dec(&j["figure_shown"]), Decimal::from_str("110675.07").unwrap());
    let need = j["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["target"] == "avoided.proceedings-la.count")
        .unwrap();
    assert_eq!(need["kind"]["kind"], "at");
    let value = need["kind"]["value"].as_str().unwrap();
    assert!(value.starts_with("3.40446162622"), "{value}");
    // Fed back at full precision, the value gives the claimed figure to the penny.
    let scenario = fixture_text("council.toml").replacen("count = \"2\"", &format!("count = \"{value}\""), 1);
    let p = scratch("council-claimed.toml", &scenario);
    let v = json(&[
        "--tables",
        "council-costs.toml",
        "evaluate",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(dec(&v["display"]["fiscal_savings"]), Decimal::from(150000));
    // Per family, on a template.
    let t = ok(&["claim", "@step-together", "--social", "103000", "--per-family"]);
    assert!(t.contains("£103,000.00 per family of social value"), "{t}");
    assert!(t.contains("No allowed value of the share of people achieving"), "{t}");
}

#[test]
fn claim_needs_one_figure_and_an_amount() {
    let e = fails(2, &["claim", "@step-together"]);
    assert!(e.contains("--social") || e.contains("figure"), "{e}");
    let e = fails(2, &["claim", "@step-together", "--social", "1", "--fiscal", "2"]);
    assert!(e.contains("cannot be used with"), "{e}");
    let e = fails(2, &["claim", "@step-together", "--fiscal", "103k"]);
    assert!(e.contains("--fiscal 103k") && e.contains("amount of pounds"), "{e}");
    let e = fails(1, &["claim", "@step-together", "--fiscal", "0"]);
    assert!(e.contains("amount"), "{e}");
}
