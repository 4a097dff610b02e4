//! The command line, end to end, on the shipped templates and tables and on a user's own table
//! (issue 2, "The command line"); see `cli.rs`.

mod cli_common;

use cli_common::*;
use rust_decimal::Decimal;
use std::str::FromStr;

// ---------------------------------------------------------------------------------------------
// The shipped scenarios.

#[test]
fn templates_are_listed() {
    let out = ok(&["templates"]);
    names(&out, &["@step-together", "@securing-change"]);
    // Each line: the id to pass, the file, the scenario's name (tab-separated).
    assert!(
        out.lines()
            .any(|l| l
                == "@step-together\tscenarios/step-together.toml\tStep Together (Venus Charity, Sefton), 2017-2022"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("@securing-change\tscenarios/securing-change.toml\tSecuring Change (")),
        "{out}"
    );
}

#[test]
fn evaluate_templates_as_text() {
    for (t, name) in [
        ("@step-together", "Step Together"),
        ("@securing-change", "Securing Change"),
    ] {
        let out = ok(&["evaluate", t]);
        names(
            &out,
            &[
                name,
                "Social value",
                "Fiscal savings",
                "Programme cost",
                "Working: ",
                "Sources",
                "wellbeing-open@3.0.0",
                "unit-costs-open@3.0.0",
                "legally aided parties per set of proceedings",
                "sha256",
                "How this compares with the published figure",
            ],
        );
    }
}

#[test]
fn evaluate_templates_as_json_adds_up() {
    for t in ["@step-together", "@securing-change"] {
        let v = json(&["evaluate", t, "--format", "json"]);
        assert_lines_sum(&v);
        let tables: Vec<String> = v["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| format!("{}@{}", t["id"].as_str().unwrap(), t["version"].as_str().unwrap()))
            .collect();
        assert!(tables.contains(&"gdp-deflator@1.0.0".to_string()), "{tables:?}");
        for t in v["tables"].as_array().unwrap() {
            assert_eq!(t["sha256"].as_str().unwrap().len(), 64);
        }
        // The CLI and the library agree: no calculation lives in the face.
        let tpl = socval::template(&t[1..]).unwrap();
        let lib = socval::evaluate(&tpl.scenario().unwrap(), None, socval::Registry::embedded()).unwrap();
        assert_eq!(dec(&v["totals"]["social_value"]), lib.totals.social_value);
        assert_eq!(dec(&v["totals"]["fiscal_savings"]), lib.totals.fiscal_savings);
        assert_eq!(v["lines"].as_array().unwrap().len(), lib.lines.len());
    }
}

#[test]
fn evaluate_templates_as_csv_has_one_row_per_line() {
    for t in ["@step-together", "@securing-change"] {
        let v = json(&["evaluate", t, "--format", "json"]);
        let csv_text = ok(&["evaluate", t, "--format", "csv"]);
        let mut r = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = r.headers().unwrap().clone();
        for h in ["n", "section", "item", "table", "row", "amount", "rounded", "working"] {
            assert!(headers.iter().any(|x| x == h), "no column {h}");
        }
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        let lines = v["lines"].as_array().unwrap();
        assert_eq!(rows.len(), lines.len());
        let amount = headers.iter().position(|h| h == "amount").unwrap();
        for (row, line) in rows.iter().zip(lines) {
            // The CSV keeps money to the penny; the exact figure is in the JSON.
            assert_eq!(
                Decimal::from_str(&row[amount]).unwrap(),
                socval::money::to_penny(dec(&line["amount"]))
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tables.

#[test]
fn tables_lists_the_ten_shipped_tables() {
    let out = ok(&["tables"]);
    for t in [
        "wellbeing-open@1.0.0",
        "unit-costs-open@1.0.0",
        "unit-costs-open@1.1.0",
        "unit-costs-open@2.0.0",
        "unit-costs-open@3.0.0",
        "wellbeing-open@2.0.0",
        "wellbeing-open@3.0.0",
        "gdp-deflator@1.0.0",
        "real-gdp-per-head@1.0.0",
        "real-gdp-per-head@1.1.0",
    ] {
        assert!(out.contains(t), "{t} not listed:\n{out}");
    }
    let list = json(&["tables", "--format", "json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 10);
    assert!(list.iter().all(|t| t["embedded"] == true));
}

#[test]
fn tables_lists_a_loaded_table() {
    let list = json(&["--tables", "licensed-wellbeing.toml", "tables", "--format", "json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 11);
    let mine = list.iter().find(|t| t["id"] == "licensed-values").unwrap();
    assert_eq!(mine["embedded"], false);
    assert_eq!(mine["version"], "2024.1");
    assert_eq!(
        mine["sha256"].as_str().unwrap(),
        socval::tables::content_hash(&fixture_text("licensed-wellbeing.toml"))
    );
}

#[test]
fn show_a_table() {
    let out = ok(&["show", "unit-costs-open@1.0.0"]);
    names(
        &out,
        &[
            "unit-costs-open@1.0.0",
            "residential-care",
            "£199,696.20",
            "care-proceedings-court",
            "courts",
            "sha256",
            "source:",
        ],
    );
    let t = json(&["show", "gdp-deflator@1.0.0", "--format", "json"]);
    assert_eq!(t["years"].as_array().unwrap().len(), 25);
    let e = fails(&["show", "unit-costs-open@7.0.0"]);
    names(&e, &["unit-costs-open@7.0.0", "unit-costs-open@1.1.0"]);
}

#[test]
fn diff_shows_the_residential_care_change() {
    let out = ok(&["diff", "basic.toml", "--to", "unit-costs-open@1.1.0"]);
    names(
        &out,
        &[
            "table changed: unit-costs-open@1.0.0 → unit-costs-open@1.1.0",
            "children's home",
        ],
    );
    let c = json(&[
        "diff",
        "basic.toml",
        "--to",
        "unit-costs-open@1.1.0",
        "--format",
        "json",
    ]);
    let item = |name: &str| {
        c["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap_or_else(|| panic!("no item {name}"))
            .clone()
    };
    let residential = item("residential");
    assert!(dec(&residential["change"]) > Decimal::ZERO, "{residential}");
    assert_eq!(
        dec(&residential["change"]),
        dec(&residential["b"]) - dec(&residential["a"])
    );
    // Rows 1.1.0 did not change give the same exact figures; the court's penny moves because each
    // side's items are rounded to add up to its total, and the comparison says so.
    let court = item("proceedings-court");
    assert_eq!(dec(&court["exact_change"]), Decimal::ZERO);
    assert!(dec(&court["change"]).abs() <= Decimal::new(1, 2));
    assert_eq!(court["moved"], !dec(&court["change"]).is_zero());
    assert_eq!(dec(&item("confidence")["change"]), Decimal::ZERO);
    // The base figure is the scenario's own evaluation.
    let v = json(&["evaluate", "basic.toml", "--format", "json"]);
    let own = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "residential")
        .unwrap();
    assert_eq!(dec(&residential["a"]), dec(&own["rounded"]));
    // And --from / --to the other way round reverses the change.
    let back = json(&[
        "diff",
        "basic.toml",
        "--from",
        "unit-costs-open@1.1.0",
        "--to",
        "unit-costs-open@1.0.0",
        "--format",
        "json",
    ]);
    let r = back["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "residential")
        .unwrap();
    assert_eq!(dec(&r["change"]), -dec(&residential["change"]));
}

#[test]
fn compare_two_scenarios() {
    let c = json(&["compare", "basic.toml", "@step-together", "--format", "json"]);
    assert!(c["a"].as_str().unwrap().starts_with("Basic fixture"));
    let out = ok(&["compare", "basic.toml", "basic.toml"]);
    assert!(out.contains("Social value"));
}

#[test]
fn schemas_are_json_schemas() {
    let s = json(&["schema", "scenario"]);
    let props = s["properties"].as_object().expect("scenario schema has properties");
    for p in ["families", "price_year", "tables", "outcomes", "avoided", "costs"] {
        assert!(props.contains_key(p), "no property {p}");
    }
    let t = json(&["schema", "table"]);
    let props = t["properties"].as_object().expect("table schema has properties");
    for p in ["id", "version", "kind", "rows", "years", "sources"] {
        assert!(props.contains_key(p), "no property {p}");
    }
}

// ---------------------------------------------------------------------------------------------
// A user's own table, with age-band and region variants.

#[test]
fn a_user_table_is_loaded_and_used() {
    let v = json(&[
        "--tables",
        "licensed-wellbeing.toml",
        "evaluate",
        "licensed.toml",
        "--format",
        "json",
    ]);
    assert_lines_sum(&v);
    let wb = v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["role"] == "wellbeing")
        .unwrap();
    assert_eq!(wb["id"], "licensed-values");
    assert_eq!(
        wb["sha256"].as_str().unwrap(),
        socval::tables::content_hash(&fixture_text("licensed-wellbeing.toml"))
    );
    let line = |item: &str| {
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["item"] == item)
            .unwrap_or_else(|| panic!("no line for {item}"))
            .clone()
    };
    // under-25 takes its own variant; 25-49 in London takes the London one.
    assert_eq!(dec(&line("confidence-young")["unit_value"]), Decimal::from(9000));
    assert_eq!(dec(&line("confidence-london")["unit_value"]), Decimal::from(12500));
    assert_eq!(line("confidence-london")["region"], "london");
    // Price year 2021 = the table's: no rebasing. 4 × £9,000 × 0.8 ÷ 1.035 = £28,800 ÷ 1.035
    // = £27,826.086956521739130434782608695…, kept to Decimal's 28 significant digits.
    assert_eq!(dec(&line("confidence-young")["rebase"]), Decimal::ONE);
    assert_eq!(
        dec(&line("confidence-young")["amount"]),
        Decimal::from_str("27826.086956521739130434782609").unwrap()
    );
    // Without --tables the scenario's table is unknown.
    let e = fails(&["evaluate", "licensed.toml"]);
    names(
        &e,
        &[
            "licensed.toml",
            "wellbeing",
            "licensed-values@2024.1",
            "wellbeing-open@1.0.0",
        ],
    );
}

#[test]
fn records_give_the_same_figures_as_the_aggregate_scenario() {
    let records = json(&[
        "--tables",
        "licensed-wellbeing.toml",
        "evaluate",
        "records.toml",
        "--records",
        "families.csv",
        "--format",
        "json",
    ]);
    let aggregate = json(&[
        "--tables",
        "licensed-wellbeing.toml",
        "evaluate",
        "aggregate.toml",
        "--format",
        "json",
    ]);
    assert_eq!(records["from_records"], true);
    assert_eq!(aggregate["from_records"], false);
    assert_eq!(records["families"], 5);
    // The exact figures agree at Decimal's precision (the records' people are valued by age band
    // and region, the aggregate's at once: sums in another order), the printed ones exactly.
    same_json(&records["totals"], &aggregate["totals"]);
    assert_eq!(records["display"], aggregate["display"]);
    same_json(&records["by_agency"], &aggregate["by_agency"]);
    same_json(&records["by_year"], &aggregate["by_year"]);
    assert_lines_sum(&records);
    assert!(dec(&records["totals"]["social_value"]) > Decimal::ZERO);
    assert!(dec(&records["totals"]["fiscal_savings"]) > Decimal::ZERO);
    // validate reports the records as valid.
    let out = ok(&[
        "--tables",
        "licensed-wellbeing.toml",
        "validate",
        "records.toml",
        "--records",
        "families.csv",
    ]);
    assert!(out.contains("valid"), "{out}");
}
