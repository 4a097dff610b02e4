//! The command line on bad input (issue 2, "Bad input"): non-zero exit, empty standard output,
//! standard error naming the file and the field; see `cli.rs`.

mod cli_common;

use cli_common::*;

// ---------------------------------------------------------------------------------------------
// Bad input: non-zero exit, empty standard output, standard error naming file and field.

#[test]
fn bad_rate() {
    let p = scratch(
        "bad-rate.toml",
        &sub(&fixture_text("basic.toml"), "rate = \"0.45\"", "rate = \"1.2\""),
    );
    let e = fails(&["evaluate", p.to_str().unwrap()]);
    names(&e, &["bad-rate.toml", "outcomes[0]", "`rate`"]);
}

#[test]
fn malformed_toml() {
    let p = scratch(
        "bad-syntax.toml",
        &sub(&fixture_text("basic.toml"), "amount = \"120000\"", "amount = \"120000"),
    );
    let e = fails(&["evaluate", p.to_str().unwrap(), "--format", "json"]);
    let line = fixture_text("basic.toml")
        .lines()
        .position(|l| l.starts_with("amount = "))
        .unwrap()
        + 1;
    names(&e, &["bad-syntax.toml", &format!("line {line}"), "`amount`"]);
}

#[test]
fn malformed_json_scenario() {
    let text = r#"{
  "name": "J",
  "families": "ten",
  "price_year": 2019,
  "tables": {"wellbeing": "wellbeing-open@1.0.0", "unit_costs": "unit-costs-open@1.0.0", "deflators": "gdp-deflator@1.0.0"}
}"#;
    let p = scratch("bad.json", text);
    let e = fails(&["evaluate", p.to_str().unwrap()]);
    names(&e, &["bad.json", "line 3", "`families`"]);
}

#[test]
fn unknown_table_version() {
    let p = scratch(
        "bad-version.toml",
        &sub(
            &fixture_text("basic.toml"),
            "unit-costs-open@1.0.0",
            "unit-costs-open@9.0.0",
        ),
    );
    let e = fails(&["evaluate", p.to_str().unwrap(), "--format", "csv"]);
    names(
        &e,
        &[
            "bad-version.toml",
            "`unit_costs`",
            "unit-costs-open@1.0.0",
            "unit-costs-open@1.1.0",
        ],
    );
    let e = fails(&["diff", "basic.toml", "--to", "unit-costs-open@9.0.0"]);
    names(&e, &["basic.toml", "unit_costs", "unit-costs-open@9.0.0"]);
}

#[test]
fn price_year_outside_the_deflator() {
    let p = scratch(
        "bad-year.toml",
        &sub(&fixture_text("basic.toml"), "price_year = 2022", "price_year = 2031"),
    );
    let e = fails(&["evaluate", p.to_str().unwrap()]);
    names(&e, &["bad-year.toml", "`price_year`", "2031"]);
}

#[test]
fn records_duplicate_family_id() {
    let csv = sub(&fixture_text("families.csv"), "F03,", "F01,");
    let p = scratch("dup-families.csv", &csv);
    let e = fails(&[
        "--tables",
        "licensed-wellbeing.toml",
        "evaluate",
        "records.toml",
        "--records",
        p.to_str().unwrap(),
    ]);
    names(&e, &["dup-families.csv", "line 4", "`family_id`"]);
}

#[test]
fn records_exclusive_group_for_one_person() {
    // F05's father is claimed as not lonely; add the same group's other outcome for him.
    let text = fixture_text("records.toml") + "\n[[outcomes]]\nid = \"group\"\nproxy = \"member-of-social-group\"\n";
    let s = scratch("records-group.toml", &text);
    let csv = fixture_text("families.csv").replace(
        "family_id,members,region,confidence,lonely,proceedings",
        "family_id,members,region,confidence,lonely,proceedings,group",
    );
    let csv = csv
        .lines()
        .map(|l| {
            if l.starts_with("family_id") {
                l.to_string()
            } else if l.starts_with("F05") {
                format!("{l},father")
            } else {
                format!("{l},")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let c = scratch("group.csv", &csv);
    let e = fails(&[
        "--tables",
        "licensed-wellbeing.toml",
        "evaluate",
        s.to_str().unwrap(),
        "--records",
        c.to_str().unwrap(),
    ]);
    names(&e, &["group.csv", "line 6", "`group`", "social"]);
}

#[test]
fn a_bad_user_table() {
    let p = scratch(
        "negative.toml",
        &sub(
            &fixture_text("licensed-wellbeing.toml"),
            "value = \"9000.00\"",
            "value = \"-9000.00\"",
        ),
    );
    let e = fails(&["--tables", p.to_str().unwrap(), "evaluate", "licensed.toml"]);
    names(&e, &["negative.toml", "rows[1]", "`value`"]);
    // The table is refused whatever the command.
    let e = fails(&["--tables", p.to_str().unwrap(), "tables"]);
    names(&e, &["negative.toml", "`value`"]);
}

#[test]
fn a_table_that_changes_a_shipped_version() {
    let shipped = std::fs::read_to_string(fixtures().join("../../proxies/unit-costs-open/1.0.0.toml")).unwrap();
    let p = scratch(
        "tampered.toml",
        &sub(&shipped, "value = \"199696.20\"", "value = \"299696.20\""),
    );
    let e = fails(&["--tables", p.to_str().unwrap(), "evaluate", "basic.toml"]);
    names(&e, &["tampered.toml", "`version`", "unit-costs-open@1.0.0", "sha256"]);
}

#[test]
fn a_sha256_pin_that_does_not_match() {
    let text = sub(
        &fixture_text("basic.toml"),
        "deflators = \"gdp-deflator@1.0.0\"",
        &format!(
            "deflators = \"gdp-deflator@1.0.0\"\nsha256 = {{ \"gdp-deflator@1.0.0\" = \"{}\" }}",
            "ab".repeat(32)
        ),
    );
    let p = scratch("pinned.toml", &text);
    let e = fails(&["evaluate", p.to_str().unwrap()]);
    names(
        &e,
        &[
            "pinned.toml",
            "tables.sha256",
            "field `gdp-deflator@1.0.0`",
            "the scenario pins",
        ],
    );
}

#[test]
fn overflow_is_an_error_not_a_crash() {
    let p = scratch(
        "huge.toml",
        &sub(
            &fixture_text("basic.toml"),
            "count = \"2\"",
            "count = \"79228162514264337593543950335\"",
        ),
    );
    let out = socval().args(["evaluate", p.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a handled error, not a panic (101)");
    assert!(out.stdout.is_empty());
    let e = String::from_utf8(out.stderr).unwrap();
    names(&e, &["huge.toml", "avoided[1]", "overflow"]);
}

#[test]
fn missing_files_and_templates() {
    let e = fails(&["evaluate", "no-such-file.toml"]);
    names(&e, &["no-such-file.toml"]);
    let e = fails(&["evaluate", "basic.toml", "--records", "no-such.csv"]);
    names(&e, &["no-such.csv"]);
    let e = fails(&["evaluate", "@no-such-template"]);
    names(&e, &["no-such-template", "step-together"]);
}
