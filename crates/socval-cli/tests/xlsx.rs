//! Issue 13: `socval evaluate --format xlsx` read back by a reader library (calamine), its figures
//! compared with the JSON output, and its formulas followed as a checker would.

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::Value;
use std::io::Cursor;

fn socval(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_socval")).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn money(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

fn float(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

/// The row of the summary sheet whose first cell is `label`.
fn summary_row(range: &calamine::Range<Data>, label: &str) -> u32 {
    (0..range.height() as u32)
        .find(|r| range.get_value((*r, 0)).map(|d| d.to_string()) == Some(label.to_string()))
        .unwrap_or_else(|| panic!("no summary row {label:?}"))
}

#[test]
fn xlsx_figures_equal_the_json_and_formulas_can_be_followed() {
    for template in ["@step-together", "@securing-change"] {
        let json: Value = serde_json::from_slice(&socval(&["evaluate", template, "--format", "json"])).unwrap();
        let bytes = socval(&["evaluate", template, "--format", "xlsx"]);
        assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            wb.sheet_names(),
            ["summary", "lines", "by year", "by agency", "sources"]
        );

        // Summary: the headline figures, as the viewer shows them (the formulas' stored results).
        let summary = wb.worksheet_range("summary").unwrap();
        let formulas = wb.worksheet_formula("summary").unwrap();
        assert_eq!(
            text(summary.get_value((summary_row(&summary, "scenario"), 1))),
            json["scenario"]
        );
        let d = &json["display"];
        for (label, key) in [
            ("social value", "social_value"),
            ("fiscal savings", "fiscal_savings"),
            ("programme cost", "programme_cost"),
            ("cashable savings", "cashable_savings"),
            ("social value per family", "social_value_per_family"),
            ("fiscal savings per family", "fiscal_savings_per_family"),
            ("cost per family", "cost_per_family"),
            ("net present value (fiscal)", "npv_fiscal"),
        ] {
            let r = summary_row(&summary, label);
            let shown = float(summary.get_value((r, 1)));
            assert!(
                (shown - money(&d[key])).abs() < 0.001,
                "{template} {label}: {shown} vs {}",
                d[key]
            );
        }
        let r = summary_row(&summary, "fiscal savings");
        let f = formulas.get_value((r, 1)).unwrap();
        assert!(
            f.starts_with("SUMIF(lines!"),
            "the fiscal total is a formula of the lines: {f}"
        );
        if template == "@step-together" {
            assert_eq!(float(summary.get_value((r, 1))), 249_576.73);
            assert_eq!(
                float(summary.get_value((summary_row(&summary, "social value"), 1))),
                86_956.89
            );
        }

        // Lines: one row per line of the JSON; a checker recomputes each formula from its cells.
        let lines = wb.worksheet_range("lines").unwrap();
        let lf = wb.worksheet_formula("lines").unwrap();
        let header: Vec<String> = (0..lines.width() as u32)
            .map(|c| lines.get_value((0, c)).unwrap().to_string())
            .collect();
        let col = |n: &str| header.iter().position(|h| h == n).unwrap() as u32;
        let jl = json["lines"].as_array().unwrap();
        assert_eq!(lines.height() - 1, jl.len());
        let mut fiscal_rounded = 0.0;
        for (i, line) in jl.iter().enumerate() {
            let r = i as u32 + 1;
            let cell = |n: &str| float(lines.get_value((r, col(n))));
            assert!((cell("amount") - money(&line["amount"])).abs() < 1e-6);
            assert_eq!(cell("rounded"), money(&line["rounded"]));
            let gross = cell("unit_value") * cell("rebase") * cell("uprating") * cell("quantity");
            assert!(
                (gross - cell("gross")).abs() < 1e-4 * gross.abs().max(1.0),
                "line {r} gross"
            );
            assert!(lf.get_value((r, col("gross"))).unwrap().contains('*'));
            if line["kind"] == "value" {
                let pv = cell("gross")
                    * (1.0 - cell("deadweight"))
                    * (1.0 - cell("attribution"))
                    * (1.0 - cell("displacement"))
                    * cell("persistence")
                    * cell("discount_factor");
                assert!(
                    (pv - cell("amount")).abs() < 0.005,
                    "line {r}: {pv} vs {}",
                    cell("amount")
                );
            }
            if line["section"] == "fiscal-savings" {
                fiscal_rounded += cell("rounded");
            }
        }
        assert!((fiscal_rounded - money(&d["fiscal_savings"])).abs() < 0.001);

        // By year and by agency: the total rows equal the headline figures.
        let years = wb.worksheet_range("by year").unwrap();
        let last = years.height() as u32 - 1;
        assert_eq!(text(years.get_value((last, 0))), "total");
        assert!((float(years.get_value((last, 2))) - money(&d["fiscal_savings"])).abs() < 0.001);
        let agencies = wb.worksheet_range("by agency").unwrap();
        let last = agencies.height() as u32 - 1;
        assert!((float(agencies.get_value((last, 1))) - money(&d["fiscal_savings"])).abs() < 0.001);
        assert!((float(agencies.get_value((last, 2))) - money(&d["cashable_savings"])).abs() < 0.001);

        // Sources: every table the valuation used, with its hash.
        let sources = wb.worksheet_range("sources").unwrap();
        for t in json["tables"].as_array().unwrap() {
            let found = (0..sources.height() as u32).any(|r| {
                sources.get_value((r, 3)).map(|x| x.to_string()) == Some(t["sha256"].as_str().unwrap().to_string())
            });
            assert!(found, "{template}: no source row for {t}");
        }
    }
}

/// A workbook is binary: written to a terminal it is refused (a test cannot be a terminal, so
/// only the bad-argument combinations are checked here).
#[test]
fn xlsx_takes_no_bom() {
    let out = Command::new(env!("CARGO_BIN_EXE_socval"))
        .args(["evaluate", "@step-together", "--format", "xlsx", "--bom"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// Issue 9, issue 22: text a spreadsheet would run as a formula (a label starting `=`) is
/// stored as text in the workbook, as written (a string cell is never evaluated; the CSV is
/// neutralised instead); the figures stay numbers.
#[test]
fn xlsx_stores_formula_like_text_as_text() {
    let dir = std::env::temp_dir().join(format!("socval-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../socval/tests/fixtures/basic.toml");
    let base = std::fs::read_to_string(fixture).unwrap();
    let i = base.find("[[outcomes]]").unwrap();
    let evil = format!(
        "{}[[outcomes]]\nlabel = \"=HYPERLINK(\\\"http://x\\\")\"\n{}",
        &base[..i],
        &base[i + 13..]
    );
    let path = dir.join("evil.toml");
    std::fs::write(&path, evil).unwrap();
    let bytes = socval(&["evaluate", path.to_str().unwrap(), "--format", "xlsx"]);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let lines = wb.worksheet_range("lines").unwrap();
    let header: Vec<String> = (0..lines.width() as u32)
        .map(|c| lines.get_value((0, c)).unwrap().to_string())
        .collect();
    let label = header.iter().position(|h| h == "label").unwrap() as u32;
    let labels: Vec<String> = (1..lines.height() as u32)
        .map(|r| text(lines.get_value((r, label))))
        .collect();
    // Stored as text, exactly as written (a string cell is never evaluated), and no formula.
    let row = labels
        .iter()
        .position(|l| l == "=HYPERLINK(\"http://x\")")
        .expect("the label as written") as u32
        + 1;
    assert!(matches!(lines.get_value((row, label)), Some(Data::String(_))));
    let formulas = wb.worksheet_formula("lines").unwrap();
    let f = formulas.get_value((row, label)).map(String::as_str).unwrap_or("");
    assert!(f.is_empty(), "the label is no formula: {f:?}");
    let amount = header.iter().position(|h| h == "rounded").unwrap() as u32;
    for r in 1..lines.height() as u32 {
        float(lines.get_value((r, amount)));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 21: the summary sheet shows the evidence behind each figure, the JSON's rounded parts by
/// status with a `SUM` a checker can follow whose stored result is the figure. The hand-worked
/// case (crates/socval/tests/evidence.rs): social value £2,898.55 = £966.19 primary + £966.18
/// secondary + £0 derived + £966.18 assumption.
#[test]
fn xlsx_summary_shows_the_evidence_split() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../socval/tests/fixtures");
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_socval"))
            .current_dir(&fixtures)
            .args([
                "--tables",
                "evidence-wellbeing.toml",
                "--tables",
                "evidence-unit-costs.toml",
                "--tables",
                "evidence-deflator.toml",
                "evaluate",
                "evidence.toml",
                "--evidence",
                "assumption",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let json: Value = serde_json::from_slice(&run("json")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(run("xlsx"))).unwrap();
    let summary = wb.worksheet_range("summary").unwrap();
    let formulas = wb.worksheet_formula("summary").unwrap();
    let head = summary_row(&summary, "evidence behind each figure");
    let names: Vec<String> = (1..=4).map(|c| text(summary.get_value((head, c)))).collect();
    assert_eq!(names, ["primary", "secondary", "derived", "assumption"]);
    for (label, key) in [
        ("social value by evidence", "social_value"),
        ("fiscal savings by evidence", "fiscal_savings"),
        ("cashable savings by evidence", "cashable_savings"),
        ("combined total by evidence", "combined"),
    ] {
        let r = summary_row(&summary, label);
        for (c, part) in json["evidence"][key].as_array().unwrap().iter().enumerate() {
            assert_eq!(
                float(summary.get_value((r, c as u32 + 1))),
                money(&part["rounded"]),
                "{label} {c}"
            );
        }
        assert_eq!(
            float(summary.get_value((r, 5))),
            money(&json["display"][key]),
            "{label}"
        );
        let f = formulas.get_value((r, 5)).unwrap();
        assert_eq!(f, &format!("SUM(B{n}:E{n})", n = r + 1));
    }
    let r = summary_row(&summary, "social value by evidence");
    assert_eq!(float(summary.get_value((r, 1))), 966.19);
    assert_eq!(float(summary.get_value((r, 4))), 966.18);
    let note = (0..summary.height() as u32)
        .filter_map(|r| summary.get_value((r, 0)).map(|d| d.to_string()))
        .find(|t| t.starts_with("minimum evidence assumption"));
    assert!(note.is_some_and(|n| n.ends_with("nothing was left out")));
}

/// One naming: the lines sheet's headers are the CSV's (all but `uprating`, which only the JSON
/// has beside it), and every header is snake_case.
#[test]
fn sheet_headers_are_the_csv_names() {
    let template = "@step-together";
    let bytes = socval(&["evaluate", template, "--format", "xlsx"]);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let lines = wb.worksheet_range("lines").unwrap();
    let header: Vec<String> = (0..lines.width() as u32)
        .map(|c| lines.get_value((0, c)).unwrap().to_string())
        .collect();
    let csv = String::from_utf8(socval(&["evaluate", template, "--format", "csv"])).unwrap();
    let csv_header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for h in &header {
        assert!(
            csv_header.contains(&h.as_str()) || h == "uprating",
            "lines sheet column {h:?} is not a CSV column"
        );
        assert!(!h.contains(' '), "{h:?} is snake_case");
    }
    assert_eq!(header.len(), 25);
    let by_year = wb.worksheet_range("by year").unwrap();
    let year_header: Vec<String> = (0..5).map(|c| by_year.get_value((0, c)).unwrap().to_string()).collect();
    assert_eq!(
        year_header,
        [
            "year",
            "social_value",
            "fiscal_savings",
            "fiscal_savings_undiscounted",
            "programme_cost"
        ]
    );
    let by_agency = wb.worksheet_range("by agency").unwrap();
    assert_eq!(by_agency.get_value((0, 1)).unwrap().to_string(), "fiscal_savings");
}
