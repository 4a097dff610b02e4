//! Bad input: every malformed or inconsistent scenario, table or records CSV gets a typed error
//! that names the file, the line or row, and the field (issue 2, "Bad input").
//!
//! Each test checks the error's variant and its `place()`: `file` is the name given to the parser,
//! `location` contains the line (`line 7`) or the row (`outcomes[0]`), and `field` is the field or
//! column at fault.
//!
//! Scenarios here; tables in `bad_input_tables.rs`, records CSVs and overflow in
//! `bad_input_records.rs`.

#![allow(clippy::result_large_err)] // the library's own error type

mod bad_input_common;

use bad_input_common::*;
use socval::tables::ProxyTable;
use socval::{Error, Registry, Scenario};

// ---------------------------------------------------------------------------------------------
// The fixtures themselves are valid.

#[test]
fn the_fixtures_are_valid() {
    let v = run(BASE).unwrap();
    assert!(!v.lines.is_empty());
    ProxyTable::from_toml_str("my-values.toml", TABLE).unwrap();
    ProxyTable::from_toml_str("my-costs.toml", UNIT_TABLE).unwrap();
    let v = run_records(RECORDS_SCENARIO, GOOD_CSV).unwrap();
    assert_eq!(v.families, 3);
}

// ---------------------------------------------------------------------------------------------
// Scenario syntax.

#[test]
fn missing_field() {
    let text = sub(BASE, "families = 100\n", "");
    let e = run_err(&text);
    variant!(e, Error::Syntax { .. });
    at(&e, FILE, "line", "families");
}

#[test]
fn missing_field_in_an_item_names_its_line() {
    let text = sub(BASE, "proxy = \"high-confidence\"\n", "");
    let e = run_err(&text);
    variant!(e, Error::Syntax { .. });
    // The item's table header is where serde notices the missing key.
    let line = line_of(&text, "id = \"confidence\"");
    let loc = e.place().location.to_string();
    let n: usize = loc.trim_start_matches("line ").parse().unwrap();
    assert!(
        (line - 1..=line + 2).contains(&n),
        "line {n} should be near {line}: {e}"
    );
    at(&e, FILE, "line", "proxy");
}

#[test]
fn unknown_field() {
    let text = sub(BASE, "rate = \"0.4\"\n", "rate = \"0.4\"\ndedweight = \"0.1\"\n");
    let e = run_err(&text);
    variant!(e, Error::Syntax { .. });
    at(&e, FILE, &format!("line {}", line_of(&text, "dedweight")), "dedweight");
}

#[test]
fn unknown_top_level_field() {
    let text = sub(BASE, "price_year = 2019\n", "price_year = 2019\nfamilys = 3\n");
    let e = run_err(&text);
    variant!(e, Error::Syntax { .. });
    at(&e, FILE, &format!("line {}", line_of(&text, "familys")), "familys");
}

#[test]
fn malformed_toml_names_the_line() {
    let text = sub(BASE, "amount = \"50000\"", "amount = \"50000");
    let e = run_err(&text);
    variant!(e, Error::Syntax { .. });
    at(&e, FILE, &format!("line {}", line_of(&text, "amount =")), "amount");
}

#[test]
fn wrong_type_names_the_line_and_field() {
    let text = sub(BASE, "families = 100", "families = \"many\"");
    let e = run_err(&text);
    variant!(e, Error::Syntax { .. });
    at(&e, FILE, &format!("line {}", line_of(&text, "families =")), "families");
}

#[test]
fn not_a_decimal_names_the_line_and_field() {
    let text = sub(BASE, "rate = \"0.4\"", "rate = \"forty per cent\"");
    let e = run_err(&text);
    variant!(e, Error::Syntax { .. });
    at(&e, FILE, &format!("line {}", line_of(&text, "rate =")), "rate");
}

#[test]
fn malformed_json_names_line_and_column() {
    let text = "{\n  \"name\": \"J\",\n  \"families\": 10,\n  \"price_year\": 2019\n  \"tables\": {}\n}\n";
    let e = Scenario::from_json_str("bad.json", text).unwrap_err();
    variant!(e, Error::Syntax { .. });
    at(&e, "bad.json", "line 5", "");
    assert!(e.place().location.to_string().contains("column"), "{e}");
}

#[test]
fn json_missing_field() {
    let text = r#"{
  "name": "J",
  "families": 10,
  "tables": {"wellbeing": "wellbeing-open@1.0.0", "unit_costs": "unit-costs-open@1.0.0", "deflators": "gdp-deflator@1.0.0"}
}"#;
    let e = Scenario::from_json_str("bad.json", text).unwrap_err();
    variant!(e, Error::Syntax { .. });
    at(&e, "bad.json", "line", "price_year");
}

#[test]
fn json_wrong_type_names_the_field() {
    let text = r#"{
  "name": "J",
  "families": "ten",
  "price_year": 2019,
  "tables": {"wellbeing": "wellbeing-open@1.0.0", "unit_costs": "unit-costs-open@1.0.0", "deflators": "gdp-deflator@1.0.0"}
}"#;
    let e = Scenario::from_json_str("bad.json", text).unwrap_err();
    variant!(e, Error::Syntax { .. });
    at(&e, "bad.json", "line 3", "families");
}

// ---------------------------------------------------------------------------------------------
// Scenario values.

#[test]
fn unknown_outcome_row() {
    let e = run_err(&sub(BASE, "proxy = \"high-confidence\"", "proxy = \"happiness\""));
    variant!(e, Error::Unknown { .. });
    at(&e, FILE, "outcomes[0]", "proxy");
    assert!(e.to_string().contains("high-confidence"), "lists the outcomes: {e}");
}

#[test]
fn unknown_unit_cost_row() {
    let e = run_err(&sub(BASE, "proxy = \"care-proceedings-court\"", "proxy = \"prison\""));
    variant!(e, Error::Unknown { .. });
    at(&e, FILE, "avoided[0]", "proxy");
}

#[test]
fn unknown_table_version_lists_the_versions() {
    let e = run_err(&sub(BASE, "unit-costs-open@1.0.0", "unit-costs-open@9.9.9"));
    variant!(e, Error::Unknown { .. });
    at(&e, FILE, "tables", "unit_costs");
    let m = e.to_string();
    assert!(
        m.contains("unit-costs-open@1.0.0") && m.contains("unit-costs-open@1.1.0"),
        "{m}"
    );
}

#[test]
fn unknown_table() {
    let e = run_err(&sub(BASE, "wellbeing-open@1.0.0", "hact-values@4.0"));
    variant!(e, Error::Unknown { .. });
    at(&e, FILE, "tables", "wellbeing");
    assert!(e.to_string().contains("wellbeing-open@1.0.0"), "lists what exists: {e}");
}

#[test]
fn table_of_the_wrong_kind() {
    let e = run_err(&sub(
        BASE,
        "unit_costs = \"unit-costs-open@1.0.0\"",
        "unit_costs = \"wellbeing-open@1.0.0\"",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "tables", "unit_costs");
}

#[test]
fn table_reference_without_version() {
    let e = run_err(&sub(BASE, "gdp-deflator@1.0.0", "gdp-deflator"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "", "tables.deflators");
}

#[test]
fn rate_above_one() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "rate = \"1.2\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "rate");
}

#[test]
fn rate_below_zero() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "rate = \"-0.1\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "rate");
}

#[test]
fn people_and_rate_both_given() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "rate = \"0.4\"\npeople = \"4\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "rate");
}

#[test]
fn neither_people_nor_rate() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"\n", ""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "people");
}

#[test]
fn negative_count() {
    let e = run_err(&sub(BASE, "count = \"3\"", "count = \"-1\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "count");
}

#[test]
fn negative_people() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "people = \"-2\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "people");
}

#[test]
fn more_people_than_the_cohort() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "people = \"101\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "people");
    // With two people per family the same claim is allowed.
    let ok = sub(
        &sub(BASE, "rate = \"0.4\"", "people = \"101\""),
        "families = 100\n",
        "families = 100\npeople_per_family = \"2\"\n",
    );
    run(&ok).unwrap();
}

#[test]
fn zero_families() {
    let e = run_err(&sub(BASE, "families = 100", "families = 0"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "", "families");
}

#[test]
fn negative_families_is_a_syntax_error_on_its_line() {
    let text = sub(BASE, "families = 100", "families = -5");
    let e = run_err(&text);
    variant!(e, Error::Syntax { .. });
    at(&e, FILE, &format!("line {}", line_of(&text, "families =")), "families");
}

#[test]
fn duration_zero() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "rate = \"0.4\"\nduration = 0"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "duration");
}

#[test]
fn duration_over_a_hundred() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "rate = \"0.4\"\nduration = 101"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "duration");
}

#[test]
fn default_duration_out_of_range() {
    let e = run_err(&sub(BASE, "[[costs]]", "[defaults]\nduration = 101\n\n[[costs]]"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "defaults", "duration");
}

#[test]
fn drop_off_above_one() {
    let e = run_err(&sub(BASE, "count = \"3\"", "count = \"3\"\ndrop_off = \"1.5\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "drop_off");
}

#[test]
fn attribution_and_displacement_out_of_range() {
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "rate = \"0.4\"\nattribution = \"1.01\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "attribution");
    let e = run_err(&sub(BASE, "rate = \"0.4\"", "rate = \"0.4\"\ndisplacement = \"-0.5\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "displacement");
}

#[test]
fn discount_rate_two() {
    let e = run_err(&sub(
        BASE,
        "price_year = 2019\n",
        "price_year = 2019\ndiscount_rate = \"2\"\n",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "", "discount_rate");
}

#[test]
fn optimism_bias_bad_grade_and_share() {
    let e = run_err(&sub(BASE, "[tables]", "[optimism_bias]\n\"4\" = \"0.1\"\n\n[tables]"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "optimism_bias", "4");
    let e = run_err(&sub(BASE, "[tables]", "[optimism_bias]\n\"3\" = \"1.5\"\n\n[tables]"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "optimism_bias", "3");
}

#[test]
fn negative_programme_cost() {
    let e = run_err(&sub(BASE, "amount = \"50000\"", "amount = \"-50000\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "costs[0]", "amount");
}

#[test]
fn duplicate_item_id() {
    let e = run_err(&sub(BASE, "id = \"proceedings\"", "id = \"confidence\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "id");
}

#[test]
fn observed_rate_above_counterfactual_rate() {
    let e = run_err(&sub(
        BASE,
        "count = \"3\"",
        "counterfactual_rate = \"0.2\"\nobserved_rate = \"0.3\"",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "observed_rate");
}

#[test]
fn only_one_of_the_two_rates() {
    let e = run_err(&sub(BASE, "count = \"3\"", "counterfactual_rate = \"0.2\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "observed_rate");
    let e = run_err(&sub(BASE, "count = \"3\"", "observed_rate = \"0.2\""));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "counterfactual_rate");
}

#[test]
fn count_and_rates_both_given() {
    let e = run_err(&sub(
        BASE,
        "count = \"3\"",
        "count = \"3\"\ncounterfactual_rate = \"0.2\"\nobserved_rate = \"0.1\"",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "count");
}

#[test]
fn deadweight_twice_on_a_net_of_counterfactual_avoided_item() {
    // Rates are a comparison with a counterfactual: deadweight is already in them.
    let rates = "counterfactual_rate = \"0.2\"\nobserved_rate = \"0.1\"\ndeadweight = \"0.3\"";
    let e = run_err(&sub(BASE, "count = \"3\"", rates));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "deadweight");
    // With a reason it is accepted, with a warning that names the item.
    let with_reason = format!("{rates}\ndeadweight_reason = \"the comparison group was not matched on need\"");
    let v = run(&sub(BASE, "count = \"3\"", &with_reason)).unwrap();
    assert!(
        v.warnings
            .iter()
            .any(|w| w.contains("avoided[0]") && w.contains("not matched on need")),
        "{:?}",
        v.warnings
    );
    let line = v.lines.iter().find(|l| l.item == "proceedings").unwrap();
    assert_eq!(line.deadweight, "0.3".parse().unwrap());
}

#[test]
fn deadweight_twice_on_a_net_of_counterfactual_outcome() {
    let e = run_err(&sub(
        BASE,
        "rate = \"0.4\"",
        "rate = \"0.4\"\nnet_of_counterfactual = true\ndeadweight = \"0.2\"",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "deadweight");
    let v = run(&sub(
        BASE,
        "rate = \"0.4\"",
        "rate = \"0.4\"\nnet_of_counterfactual = true\ndeadweight = \"0.2\"\ndeadweight_reason = \"a blank reason is no reason; this one is\"",
    ))
    .unwrap();
    assert_eq!(v.warnings.len(), 1, "{:?}", v.warnings);
    // A blank reason is refused like none.
    let e = run_err(&sub(
        BASE,
        "rate = \"0.4\"",
        "rate = \"0.4\"\nnet_of_counterfactual = true\ndeadweight = \"0.2\"\ndeadweight_reason = \"  \"",
    ));
    at(&e, FILE, "outcomes[0]", "deadweight");
}

#[test]
fn one_off_cost_with_a_duration() {
    let e = run_err(&sub(BASE, "count = \"3\"", "count = \"3\"\nduration = 3"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "avoided[0]", "duration");
}

#[test]
fn price_year_not_in_the_deflator() {
    for year in ["1990", "2031"] {
        let e = run_err(&sub(BASE, "price_year = 2019", &format!("price_year = {year}")));
        variant!(e, Error::Invalid { .. });
        at(&e, FILE, "", "price_year");
        assert!(e.to_string().contains(year), "{e}");
        assert!(e.to_string().contains("2000"), "names the years covered: {e}");
    }
}

#[test]
fn price_year_out_of_any_range() {
    let e = run_err(&sub(BASE, "price_year = 2019", "price_year = 20190"));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "", "price_year");
}

#[test]
fn cost_price_year_not_in_the_deflator() {
    let e = run_err(&sub(
        BASE,
        "amount = \"50000\"",
        "amount = \"50000\"\nprice_year = 1995",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "costs[0]", "price_year");
}

#[test]
fn sha256_pin_that_does_not_match() {
    let pin = format!(
        "deflators = \"gdp-deflator@1.0.0\"\nsha256 = {{ \"wellbeing-open@1.0.0\" = \"{}\" }}",
        "0".repeat(64)
    );
    let e = run_err(&sub(BASE, "deflators = \"gdp-deflator@1.0.0\"", &pin));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "tables.sha256", "wellbeing-open@1.0.0");
    // The message says which is the pin and which the loaded table (it was inverted).
    assert!(
        e.to_string()
            .contains("pins wellbeing-open@1.0.0 to sha256 0000000000000000000000000000000000000000000000000000000000000000, but the table loaded"),
        "{e}"
    );
    // A pin for a table the scenario does not use is refused, not ignored.
    let stray = "deflators = \"gdp-deflator@1.0.0\"\nsha256 = { \"unit-costs-open@1.1.0\" = \"abc\" }";
    let e = run_err(&sub(BASE, "deflators = \"gdp-deflator@1.0.0\"", stray));
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "tables.sha256", "unit-costs-open@1.1.0");
    assert!(e.to_string().contains("does not use"), "{e}");
    // The right pin is accepted.
    let hash = &Registry::embedded().get("wellbeing-open@1.0.0").unwrap().sha256;
    let pin = format!("deflators = \"gdp-deflator@1.0.0\"\nsha256 = {{ \"wellbeing-open@1.0.0\" = \"{hash}\" }}");
    run(&sub(BASE, "deflators = \"gdp-deflator@1.0.0\"", &pin)).unwrap();
}

#[test]
fn exclusive_group_claimed_twice_in_aggregate() {
    // relief-depression-anxiety and high-confidence are both in "mental-health": 60 + 50 > 100.
    let text = sub(
        BASE,
        "[[avoided]]",
        "[[outcomes]]\nid = \"relief\"\nproxy = \"relief-depression-anxiety\"\nrate = \"0.6\"\n\n[[avoided]]",
    );
    let text = sub(&text, "rate = \"0.4\"", "rate = \"0.5\"");
    let e = run_err(&text);
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[1]", "proxy");
    let m = e.to_string();
    assert!(m.contains("mental-health") && m.contains("110"), "{m}");
    // Within the cohort, they are taken to be different people, with a warning.
    let v = run(&sub(&text, "rate = \"0.6\"", "rate = \"0.5\"")).unwrap();
    assert!(
        v.warnings.iter().any(|w| w.contains("mental-health")),
        "{:?}",
        v.warnings
    );
}

// ---------------------------------------------------------------------------------------------
// JSON serialized from data (a JS object given to the JS API): errors name the path to the value
// (serde_path_to_error's, or the number scanner's), never a line of a text nobody wrote.

/// The base scenario as one line of JSON (as `JSON.stringify` writes it), changed by `change`.
#[cfg(feature = "error-paths")]
fn data(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&Scenario::from_toml_str(FILE, BASE).unwrap().to_json()).unwrap();
    change(&mut v);
    serde_json::to_string(&v).unwrap()
}

#[cfg(feature = "error-paths")]
fn data_err(change: impl FnOnce(&mut serde_json::Value)) -> Error {
    Scenario::from_json_data("scenario", &data(change)).unwrap_err()
}

#[cfg(feature = "error-paths")]
#[test]
fn data_errors_name_the_path() {
    use serde_json::json;
    use socval::Location;
    let path = |e: &Error| match &e.place().location {
        Location::Path { path } => path.clone(),
        other => panic!("not a path: {other:?} in {e}"),
    };
    // A wrong type in a list's element: serde_path_to_error's path.
    let e = data_err(|v| v["outcomes"][0]["rate"] = json!("forty per cent"));
    variant!(e, Error::Syntax { .. });
    assert_eq!(
        (path(&e).as_str(), e.place().field.as_str()),
        ("outcomes[0].rate", "rate")
    );
    assert_eq!(
        e.to_string(),
        "scenario: outcomes[0].rate: invalid value: string \"forty per cent\", expected a decimal number written as a quoted string, e.g. \"0.25\" or \"1500.00\""
    );
    // A field of the flattened adjustments, which serde reads past the path.
    let e = data_err(|v| v["outcomes"][0]["deadweight"] = json!("abc"));
    assert_eq!(
        (path(&e).as_str(), e.place().field.as_str()),
        ("outcomes[0].deadweight", "deadweight")
    );
    // A JS number where a decimal string belongs: the scanner's path, in JSON's syntax.
    let e = data_err(|v| v["outcomes"][0]["deadweight"] = json!(0.25));
    variant!(e, Error::Invalid { .. });
    assert_eq!(path(&e), "outcomes[0].deadweight");
    assert!(e.to_string().ends_with("used exactly: \"deadweight\": \"0.25\""), "{e}");
    assert!(!e.to_string().contains("deadweight = "), "no TOML syntax: {e}");
    // A missing or unknown key: its object's path and the key.
    let e = data_err(|v| drop(v["avoided"][0].as_object_mut().unwrap().remove("proxy")));
    assert_eq!(
        (path(&e).as_str(), e.place().field.as_str()),
        ("avoided[0].proxy", "proxy")
    );
    let e = data_err(|v| v["families"] = json!("many"));
    assert_eq!(path(&e), "families");
    assert!(
        e.to_string()
            .starts_with("scenario: families: invalid type: string \"many\", expected"),
        "{e}"
    );
    // The same JSON as text keeps its line and column.
    let text = data(|v| v["outcomes"][0]["rate"] = json!("forty per cent"));
    let e = Scenario::from_json_str("s.json", &text).unwrap_err();
    assert!(
        matches!(
            e.place().location,
            Location::Line {
                line: 1,
                column: Some(_)
            }
        ),
        "{e}"
    );
    assert_eq!(e.place().field, "rate");
}

/// A wrong whole number says what to write in a user's words, never the Rust type's name: the
/// formats' whole numbers are read by `exact::de`'s visitor, not serde's `u32` impl.
#[test]
fn a_wrong_whole_number_is_said_in_words() {
    for (from, to, words) in [
        (
            "families = 100",
            "families = \"many\"",
            "invalid type: string \"many\", expected a whole number, 0 or more",
        ),
        (
            "families = 100",
            "families = -3",
            "invalid value: integer `-3`, expected a whole number, 0 or more",
        ),
        (
            "price_year = 2019",
            "price_year = \"2019\"",
            "expected a whole number (a year, e.g. 2022)",
        ),
        (
            "rate = \"0.4\"\n",
            "rate = \"0.4\"\nduration = \"two\"\n",
            "expected a whole number, 0 or more",
        ),
    ] {
        let e = run_err(&sub(BASE, from, to));
        variant!(e, Error::Syntax { .. });
        let m = e.to_string();
        assert!(m.contains(words), "{m}");
        assert!(!m.contains("u32") && !m.contains("i32"), "{m}");
    }
}
