//! The command line, end to end: the `socval` binary on the shipped templates and on the fixtures
//! under `tests/fixtures/` (issue 2, "The command line" and "Bad input").
//!
//! Every bad input must exit non-zero with nothing on standard output and a message on standard
//! error that names the file and the field.
//!
//! The shipped templates and tables are in `cli_shipped.rs`, bad input in `cli_bad_input.rs`.

mod cli_common;

use cli_common::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

#[test]
fn uncertainty_report_and_json() {
    let text = ok(&["uncertainty", "@securing-change", "--draws", "400"]);
    assert!(text.contains("Tornado: SocialValue"), "{text}");
    assert!(text.contains("Monte Carlo: 400 draws, seed 20261125"), "{text}");
    let v = json(&[
        "uncertainty",
        "@step-together",
        "--draws",
        "300",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(v["monte_carlo"]["draws"], 300);
    assert_eq!(v["monte_carlo"]["seed"], 5);
    assert_eq!(v["tornado"].as_array().unwrap().len(), 2);
    // The dominant assumption of Step Together's fiscal savings is the linked proceedings count.
    let fiscal = &v["tornado"][1];
    assert_eq!(fiscal["total"], "fiscal_savings");
    assert_eq!(fiscal["bars"][0]["target"], "avoided.proceedings-*.count");
    // The same seed gives the same figures, run after run.
    let again = json(&[
        "uncertainty",
        "@step-together",
        "--draws",
        "300",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(v, again);
}

#[test]
fn uncertainty_bad_draws_names_the_field() {
    let err = fails(&["uncertainty", "@step-together", "--draws", "0"]);
    names(&err, &["draws"]);
    let bad = scratch(
        "bad-range.toml",
        &format!(
            "{}\n[[ranges]]\ntarget = \"costs.1.amount\"\nlow = \"10\"\nhigh = \"5\"\n",
            fixture_text("basic.toml")
        ),
    );
    let err = fails(&["uncertainty", bad.to_str().unwrap()]);
    names(&err, &["low"]);
}

/// Issue 7: `uncertainty` runs on the fixtures `evaluate` accepts (an avoided item with an observed
/// rate and a cost; a records scenario with a cost), and its statements are the core's.
#[test]
fn uncertainty_runs_on_the_fixtures_evaluate_accepts() {
    let text = ok(&["uncertainty", "basic.toml", "--draws", "50"]);
    names(
        &text,
        &[
            "Break-even values: set against a programme cost of £120,000.00 (present value)",
            "whatever the counterfactual rate of “Care proceedings: HMCTS cost of a public law case (issue and hearings)” (10 % to 100 %)",
        ],
    );
    assert!(!text.contains("no programme cost"), "{text}");
    let text = ok(&[
        "--tables",
        "licensed-wellbeing.toml",
        "uncertainty",
        "records.toml",
        "--records",
        "families.csv",
        "--draws",
        "50",
    ]);
    names(
        &text,
        &["Break-even values: none: against a programme cost of £25,000.00"],
    );
    let v = json(&["uncertainty", "basic.toml", "--draws", "50", "--format", "json"]);
    assert_eq!(v["break_even"]["status"], "values");
    let cf = v["break_even"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["target"] == "avoided.proceedings-court.counterfactual_rate")
        .unwrap();
    assert_eq!(cf["kind"]["kind"], "always");
    assert_eq!(cf["unit"], "share");
}

/// Issue 7: `validate` checks `[[ranges]]` and `[uncertainty]` too, so "valid" means every
/// command will run; a bad range names the range and the field.
#[test]
fn validate_checks_ranges_and_settings() {
    let bad = scratch(
        "validate-bad-range.toml",
        &format!(
            "{}\n[[ranges]]\ntarget = \"outcomes.confidence.deadweight\"\nlow = \"0.3\"\nhigh = \"0.5\"\n",
            fixture_text("basic.toml")
        ),
    );
    let err = fails(&["validate", bad.to_str().unwrap()]);
    names(
        &err,
        &["ranges[0] (outcomes.confidence.deadweight)", "low", "outside the range"],
    );
    let bad = scratch(
        "validate-bad-draws.toml",
        &format!("{}\n[uncertainty]\ndraws = 0\n", fixture_text("basic.toml")),
    );
    let err = fails(&["validate", bad.to_str().unwrap()]);
    names(&err, &["validate-bad-draws.toml", "uncertainty", "draws"]);
    let good = scratch(
        "validate-good-range.toml",
        &format!(
            "{}\n[[ranges]]\ntarget = \"outcomes.confidence.deadweight\"\nlow = \"0.1\"\nhigh = \"0.3\"\n",
            fixture_text("basic.toml")
        ),
    );
    let out = ok(&["validate", good.to_str().unwrap()]);
    names(&out, &["valid", "1 ranges"]);
    ok(&["uncertainty", good.to_str().unwrap(), "--draws", "20"]);
}

/// Issue 8: the report lists each item's adjustments in force and where each comes from, as the
/// core resolves them (the court item's rates are net of the counterfactual: no deadweight).
#[test]
fn report_shows_the_assumptions_in_force() {
    let text = ok(&["evaluate", "basic.toml"]);
    names(
        &text,
        &[
            "Assumptions in force",
            "deadweight 20% (set for this item), attribution 20% (scenario default)",
            "deadweight 0% (net of the counterfactual)",
            "duration 3 y (set for this item)",
        ],
    );
}

/// Issue 9: a label a spreadsheet would run as a formula is neutralised in CSV; numbers (negative
/// optimism-bias lines included) stay numbers.
#[test]
fn csv_neutralises_formula_text() {
    let text = std::fs::read_to_string(fixtures().join("basic.toml"))
        .unwrap()
        .replace("label = \"Delivery\"", "label = \"=HYPERLINK(\\\"http://x\\\")\"");
    let path = std::env::temp_dir().join(format!("socval-csv-{}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let out = ok(&["evaluate", path.to_str().unwrap(), "--format", "csv"]);
    let _ = std::fs::remove_file(&path);
    assert!(out.contains("'=HYPERLINK"), "{out}");
    assert!(!out.contains(",=HYPERLINK"), "{out}");
}

/// Issue 22: a spreadsheet that splits a cell on `;` (the list separator in much of Europe), `,`,
/// `|` or a tab must see no formula in any part of it, fullwidth forms included.
#[test]
fn csv_neutralises_every_part_of_a_text_cell() {
    let text = std::fs::read_to_string(fixtures().join("basic.toml")).unwrap().replace(
        "label = \"Delivery\"",
        "label = \"Confidence;=1+2;@SUM(3,4)|-5\\t+1 ＝2 ＠3\"",
    );
    let path = std::env::temp_dir().join(format!("socval-csv2-{}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let out = ok(&["evaluate", path.to_str().unwrap(), "--format", "csv"]);
    let _ = std::fs::remove_file(&path);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let label = r.headers().unwrap().iter().position(|h| h == "label").unwrap();
    let labels: Vec<String> = r.records().map(|x| x.unwrap()[label].to_string()).collect();
    let want = "Confidence;'=1+2;'@SUM(3,4)|'-5\t'+1 ＝2 ＠3";
    assert!(labels.iter().any(|l| l == want), "{labels:?}");
    // Split as a spreadsheet would, no part starts a formula.
    for l in &labels {
        for part in l.split([',', ';', '|', '\t']) {
            assert!(
                !part.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']),
                "{part:?} of {l:?}"
            );
        }
    }
    // A fullwidth sign at the start of the cell is neutralised too.
    assert_eq!(socval::csv_text("＝1+2"), "'＝1+2");
    assert_eq!(socval::csv_text("a,－1"), "a,'－1");
}

/// Issue 9: a standard output that cannot be written gives a non-zero exit, not a panic; a closed
/// pipe after the reader has what it wants (`| head`) is not an error.
#[test]
fn unwritable_output_exits_non_zero() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let bin = || {
            let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_socval"));
            c.current_dir(fixtures());
            c
        };
        let st = bin()
            .args(["evaluate", "basic.toml"])
            .stdout(full)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert_eq!(st.code(), Some(3));
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let st = bin()
            .args(["evaluate", "no-such.toml"])
            .stderr(full)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert_eq!(
            st.code(),
            Some(4),
            "a failure that cannot be reported still exits non-zero"
        );
    }
}

/// Issue 9: `--draws 0` is the argument's fault, not the scenario file's.
#[test]
fn draws_zero_is_blamed_on_the_argument() {
    let e = fails(&["uncertainty", "basic.toml", "--draws", "0"]);
    names(&e, &["--draws 0", "1 to 1000000"]);
    assert!(!e.contains("basic.toml"), "{e}");
}

/// Issue 13: `-` is standard input, JSON is recognised by its content, and a format a command
/// does not write is refused rather than ignored.
#[test]
fn pipelines_stdin_json_by_content_and_formats() {
    let toml = std::fs::read_to_string(fixtures().join("basic.toml")).unwrap();
    let out = socval()
        .args(["evaluate", "-", "--format", "json"])
        .write_stdin(toml)
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["scenario"], "Basic fixture");
    // The same scenario as JSON, piped: recognised by its first character.
    let json = serde_json::to_string(
        &socval::Scenario::from_toml_str(
            "b.toml",
            &std::fs::read_to_string(fixtures().join("basic.toml")).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    let out = socval()
        .args(["evaluate", "-", "--format", "json"])
        .write_stdin(json)
        .assert()
        .success();
    let w: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(w["totals"], v["totals"]);
    // A format a command does not write is refused (claim prints no table).
    let err = socval()
        .args(["claim", "@step-together", "--social", "1", "--format", "csv"])
        .assert()
        .failure()
        .code(2);
    let msg = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert!(msg.contains("possible values: text, json"), "{msg}");
}

/// Issue 10: a named, cited deadweight level chosen in a scenario is shown where it is in force,
/// with its source and range, and recorded in the JSON; an unknown level is refused by name.
#[test]
fn a_named_level_is_cited_in_the_report() {
    let text = sub(
        &fixture_text("basic.toml"),
        "[defaults]",
        "[defaults]\ndeadweight_level = \"hact-hca-2014-community\"",
    );
    let path = scratch("level.toml", &text);
    let out = ok(&["evaluate", path.to_str().unwrap()]);
    names(
        &out,
        &[
            "attribution 20% (scenario default)",
            "Named levels chosen (adjustment-levels@2.0.0)",
            "HACT's reading of the HCA Additionality Guide (2014), average deadweight, community and social outcomes: 19 % (secondary, grade 3; range 9–29 %)",
            "https://valueinsight.zendesk.com/hc/en-us/articles/204679011",
        ],
    );
    let v = json(&["evaluate", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["levels"][0], "adjustment-levels@2.0.0/hact-hca-2014-community");
    // The 1.0.0 id is an alias of the same level.
    let old = scratch(
        "level-old.toml",
        &sub(&text, "hact-hca-2014-community", "hca-2014-community"),
    );
    let w = json(&["evaluate", old.to_str().unwrap(), "--format", "json"]);
    assert_eq!(w["levels"][0], "adjustment-levels@2.0.0/hact-hca-2014-community");
    assert_eq!(w["display"], v["display"]);
    let bad = scratch(
        "level-bad.toml",
        &sub(&text, "hact-hca-2014-community", "hca-2014-nonsense"),
    );
    let err = fails(&["validate", bad.to_str().unwrap()]);
    names(
        &err,
        &[
            "level-bad.toml",
            "defaults",
            "deadweight_level",
            "hca-2014-nonsense",
            "hact-hca-2014-health",
        ],
    );
}

/// Issue 12: `socval report` writes the funder report as one HTML document whose figures are the
/// JSON output's, rounded once; `--no-uncertainty` leaves the bands out.
#[test]
fn report_writes_the_funder_report_with_the_valuations_figures() {
    let v = json(&["evaluate", "@securing-change", "--format", "json"]);
    let html = ok(&["report", "@securing-change", "--date", "1 April 2026"]);
    assert!(html.starts_with("<!doctype html>"));
    for key in ["social_value", "fiscal_savings", "social_value_per_family"] {
        let figure = socval::money::format_gbp(dec(&v["display"][key]));
        assert!(html.contains(&figure), "{key} {figure}");
    }
    names(
        &html,
        &["1 April 2026", "P5–P95", "Appendix: the working", "Sources, in full"],
    );
    let plain = ok(&[
        "report",
        "@securing-change",
        "--date",
        "1 April 2026",
        "--no-uncertainty",
    ]);
    assert!(!plain.contains("P5–P95"));
}

/// Issue 13: a case-management export (`;`, its own headers, extra columns, blank trailing rows)
/// values like the tidy records file, with `--column` mapping a header and a warning on standard
/// error for the columns left out; a malformed `--column` or `--delimiter` is refused.
#[test]
fn records_from_an_export_value_like_the_tidy_file() {
    let t = ["--tables", "licensed-wellbeing.toml"];
    let tidy = json(
        &[
            &t[..],
            &[
                "evaluate",
                "records.toml",
                "--records",
                "families.csv",
                "--format",
                "json",
            ],
        ]
        .concat(),
    );
    let csv = std::fs::read_to_string(fixtures().join("families.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines
        .next()
        .unwrap()
        .replace("family_id", "Family ID")
        .replace("confidence", "Confident?");
    let mut export = format!("{};Worker\n", header.replace(',', ";"));
    for l in lines {
        // Quote each cell (members hold `;`), then add a worker's name.
        let cells: Vec<String> = l.split(',').map(|c| format!("\"{c}\"")).collect();
        export.push_str(&format!("{};Ann\n", cells.join(";")));
    }
    export.push_str(";;;;;;\n;;;;;;\n");
    let path = scratch("export.csv", &export);
    let args = [
        "--tables",
        "licensed-wellbeing.toml",
        "evaluate",
        "records.toml",
        "--records",
        path.to_str().unwrap(),
        "--column",
        "Confident?=confidence",
        "--format",
        "json",
    ];
    let out = socval().args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["totals"], tidy["totals"]);
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("Worker") && warnings.contains("is not an item"),
        "{warnings}"
    );
    let bad = fails(
        &[
            &t[..],
            &[
                "evaluate",
                "records.toml",
                "--records",
                "families.csv",
                "--column",
                "nothing",
            ],
        ]
        .concat(),
    );
    names(&bad, &["--column", "HEADER=NAME"]);
    let bad = fails(
        &[
            &t[..],
            &[
                "evaluate",
                "records.toml",
                "--records",
                "families.csv",
                "--delimiter",
                "#",
            ],
        ]
        .concat(),
    );
    names(&bad, &["--delimiter", "is not one socval reads"]);
}

// ---------------------------------------------------------------------------------------------
// Issue 21: the evidence behind every total.

const EV_TABLES: [&str; 6] = [
    "--tables",
    "evidence-wellbeing.toml",
    "--tables",
    "evidence-unit-costs.toml",
    "--tables",
    "evidence-deflator.toml",
];

fn ev(args: &[&str]) -> Vec<String> {
    EV_TABLES.iter().chain(args).map(|s| s.to_string()).collect()
}

fn ev_ok(args: &[&str]) -> String {
    let a = ev(args);
    ok(&a.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The split of `evidence.toml`, worked by hand in `crates/socval/tests/evidence.rs`
/// (`split_worked_by_hand`): social value £2,898.55 = £966.19 primary + £966.18 secondary +
/// £966.18 assumption; fiscal savings £966.18 = £289.85 secondary + £579.71 derived + £96.62
/// assumption; cashable £676.33 = £579.71 derived + £96.62 assumption; combined £3,864.73 =
/// £966.18 + £1,256.04 + £579.71 + £1,062.80. The text prints the JSON's parts, and the parts add up.
#[test]
fn evaluate_shows_the_evidence_split_in_text_and_json() {
    let v: Value = serde_json::from_str(&ev_ok(&["evaluate", "evidence.toml", "--format", "json"])).unwrap();
    let parts = |k: &str| -> Vec<(String, Decimal)> {
        v["evidence"][k]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["status"].as_str().unwrap().to_string(), dec(&p["rounded"])))
            .collect()
    };
    let st = |s: &str, x: &str| (s.to_string(), Decimal::from_str(x).unwrap());
    assert_eq!(
        parts("social_value"),
        vec![
            st("primary", "966.19"),
            st("secondary", "966.18"),
            st("derived", "0"),
            st("assumption", "966.18")
        ]
    );
    assert_eq!(
        parts("fiscal_savings"),
        vec![
            st("primary", "0"),
            st("secondary", "289.85"),
            st("derived", "579.71"),
            st("assumption", "96.62")
        ]
    );
    assert_eq!(
        parts("combined"),
        vec![
            st("primary", "966.18"),
            st("secondary", "1256.04"),
            st("derived", "579.71"),
            st("assumption", "1062.80")
        ]
    );
    for (k, total) in [
        ("social_value", "social_value"),
        ("fiscal_savings", "fiscal_savings"),
        ("cashable_savings", "cashable_savings"),
        ("combined", "combined"),
    ] {
        let sum: Decimal = parts(k).iter().map(|(_, a)| *a).sum();
        assert_eq!(sum, dec(&v["display"][total]), "{k}");
    }
    assert_eq!(v["lines"][0]["rests_on"], "primary");
    let text = ev_ok(&["evaluate", "evidence.toml"]);
    names(
        &text,
        &[
            "Evidence behind each total (PV)",
            "£2,898.55, of which £966.19 rests on primary sources, £966.18 on secondary sources and £966.18 on assumed values",
            "£966.18, of which £289.85 rests on secondary sources, £579.71 on derived values and £96.62 on assumed values",
            "£676.33, of which £579.71 rests on derived values and £96.62 on assumed values",
        ],
    );
}

/// `--evidence derived` leaves out the assumed rows on every command that values, and says what
/// it left out: social value £2,000 ÷ 1.035 = £1,932.37, fiscal savings £900 ÷ 1.035 = £869.57
/// (£869.5652…), cashable £600 ÷ 1.035 = £579.71. It replaces the scenario's `min_evidence`.
#[test]
fn evidence_option_values_only_rows_at_or_above_it() {
    let v: Value = serde_json::from_str(&ev_ok(&[
        "evaluate",
        "evidence.toml",
        "--evidence",
        "derived",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["min_evidence"], "derived");
    assert_eq!(
        dec(&v["display"]["social_value"]),
        Decimal::from_str("1932.37").unwrap()
    );
    assert_eq!(
        dec(&v["display"]["fiscal_savings"]),
        Decimal::from_str("869.57").unwrap()
    );
    assert_eq!(
        dec(&v["display"]["cashable_savings"]),
        Decimal::from_str("579.71").unwrap()
    );
    let left: Vec<(&str, &str)> = v["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["item"].as_str().unwrap(), l["status"].as_str().unwrap()))
        .collect();
    assert_eq!(left, vec![("oa", "assumption"), ("aa", "assumption")]);
    assert!(v["evidence"]["social_value"][3]["rounded"].as_str() == Some("0"));
    // The warning goes to standard error with the text report's note.
    let a = ev(&["evaluate", "evidence.toml", "--evidence", "derived"]);
    let out = socval().args(&a).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    names(
        &text,
        &[
            "minimum evidence derived: valued only rows of status primary, secondary or derived; left out 2",
            "oa “Assumed outcome” (social value, row a: assumption)",
        ],
    );
    // The other commands that value take it too.
    let report = ev_ok(&[
        "report",
        "evidence.toml",
        "--evidence",
        "derived",
        "--date",
        "7 December 2026",
    ]);
    names(&report, &["minimum evidence derived", "£1,932.37"]);
    let u: Value = serde_json::from_str(&ev_ok(&[
        "uncertainty",
        "evidence.toml",
        "--evidence",
        "derived",
        "--format",
        "json",
        "--draws",
        "10",
    ]))
    .unwrap();
    assert!(u.is_object());
    // --evidence assumption admits every row; --evidence primary only the primary ones.
    let all: Value = serde_json::from_str(&ev_ok(&[
        "evaluate",
        "evidence.toml",
        "--evidence",
        "assumption",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        dec(&all["display"]["social_value"]),
        Decimal::from_str("2898.55").unwrap()
    );
    let primary: Value = serde_json::from_str(&ev_ok(&[
        "evaluate",
        "evidence.toml",
        "--evidence",
        "primary",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        dec(&primary["display"]["social_value"]),
        Decimal::from_str("966.18").unwrap()
    );
    assert_eq!(dec(&primary["display"]["fiscal_savings"]), Decimal::ZERO);
}

/// An evidence option that names no status is a usage error (exit code 2) naming the flag and
/// the statuses; in a scenario it is bad input (exit code 1) naming the file, line and field.
#[test]
fn a_bad_evidence_status_is_refused() {
    let out = socval()
        .args(["evaluate", "@step-together", "--evidence", "strong"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    names(
        &err,
        &["--evidence", "strong", "primary, secondary, derived or assumption"],
    );
    let path = scratch(
        "evidence-bad.toml",
        &sub(
            &fixture_text("evidence.toml"),
            "combined_total = true",
            "combined_total = true\nmin_evidence = \"strong\"",
        ),
    );
    let a = ev(&["evaluate", path.to_str().unwrap()]);
    let out = socval().args(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    names(&err, &["evidence-bad.toml", "line 7", "min_evidence", "strong"]);
}

/// The shipped scenarios: the text prints the JSON's parts, and they add up to each figure.
#[test]
fn shipped_scenarios_show_their_split() {
    for t in ["step-together", "securing-change"] {
        let at = format!("@{t}");
        let v = json(&["evaluate", &at, "--format", "json"]);
        let text = ok(&["evaluate", &at]);
        for k in ["social_value", "fiscal_savings", "cashable_savings"] {
            let parts = v["evidence"][k].as_array().unwrap();
            let sum: Decimal = parts.iter().map(|p| dec(&p["rounded"])).sum();
            assert_eq!(sum, dec(&v["display"][k]), "{t} {k}");
        }
        assert!(text.contains("Evidence behind each total (PV)"), "{t}");
    }
}
