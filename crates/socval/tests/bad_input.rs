//! Bad input: every malformed or inconsistent scenario, table or records CSV gets a typed error
//! that names the file, the line or row, and the field (issue 2, "Bad input").
//!
//! Each test checks the error's variant and its `place()`: `file` is the name given to the parser,
//! `location` contains the line (`line 7`) or the row (`outcomes[0]`), and `field` is the field or
//! column at fault.

#![allow(clippy::result_large_err)] // the library's own error type

use socval::{Decimal, Error, ProxyTable, Records, Registry, Scenario, Valuation, evaluate_named};

/// A valid scenario on the embedded tables; each test breaks one thing in it.
const BASE: &str = r#"name = "Base"
families = 100
method = 2
price_year = 2019

[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "unit-costs-open@1.0.0"
deflators = "gdp-deflator@1.0.0"

[[costs]]
label = "Delivery"
amount = "50000"

[[outcomes]]
id = "confidence"
proxy = "high-confidence"
rate = "0.4"

[[avoided]]
id = "proceedings"
proxy = "care-proceedings-court"
count = "3"
"#;

const FILE: &str = "bad.toml";

/// A valid user wellbeing table with age-band variants.
const TABLE: &str = r#"id = "my-values"
version = "1.0.0"
kind = "wellbeing"
title = "My licensed values"
price_year = 2021
licence = "licensed to my organisation; not for redistribution"

[[sources]]
id = "mine"
publisher = "Me"
title = "My list"
year = 2021
url = "https://example.org"
licence = "private"

[[rows]]
id = "high-confidence"
label = "High confidence"
value = "13000.00"
unit = "person-year"
source = "mine"
age_band = "25-49"

[[rows]]
id = "high-confidence"
label = "High confidence, under 25"
value = "12000.00"
unit = "person-year"
source = "mine"
age_band = "under-25"
"#;

/// A valid user unit-cost table.
const UNIT_TABLE: &str = r#"id = "my-costs"
version = "1.0.0"
kind = "unit-cost"
title = "My unit costs"
price_year = 2019
licence = "private"

[[sources]]
id = "mine"
publisher = "Me"
title = "My costs"
year = 2021
url = "https://example.org"
licence = "private"

[[rows]]
id = "care-proceedings"
label = "A set of care proceedings"
value = "20000.00"
unit = "set of proceedings"
source = "mine"
agency = "local-authority"
cashable = false
recurrence = "one-off"
"#;

/// `text` with `from` replaced by `to`; `from` must occur.
fn sub(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, to, 1)
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
        + 1
}

/// Parses and values a scenario, as the CLI does.
fn run(text: &str) -> Result<Valuation, Error> {
    let s = Scenario::from_toml_str(FILE, text)?;
    evaluate_named(FILE, &s, None, Registry::embedded())
}

fn run_err(text: &str) -> Error {
    match run(text) {
        Ok(v) => panic!("expected an error, got a valuation with {} lines", v.lines.len()),
        Err(e) => e,
    }
}

/// Values `scenario` with per-family records `csv` (named `families.csv`).
fn run_records(scenario: &str, csv: &str) -> Result<Valuation, Error> {
    let s = Scenario::from_toml_str(FILE, scenario)?;
    let r = Records::from_csv_str("families.csv", csv)?;
    evaluate_named(FILE, &s, Some(&r), Registry::embedded())
}

fn records_err(scenario: &str, csv: &str) -> Error {
    match run_records(scenario, csv) {
        Ok(v) => panic!("expected an error, got a valuation with {} lines", v.lines.len()),
        Err(e) => e,
    }
}

fn table_err(text: &str) -> Error {
    match ProxyTable::from_toml_str("my-values.toml", text) {
        Ok(t) => panic!("expected an error, got table {}", t.reference()),
        Err(e) => e,
    }
}

/// Asserts the error's place: the file, a location containing `location`, and the field.
#[track_caller]
fn at(e: &Error, file: &str, location: &str, field: &str) {
    let p = e.place();
    assert_eq!(p.file, file, "wrong file in: {e}");
    assert!(
        p.location.to_string().contains(location),
        "location {:?} should contain {location:?} in: {e}",
        p.location
    );
    assert_eq!(p.field, field, "wrong field in: {e}");
    // The message a user reads names all three.
    let shown = e.to_string();
    assert!(shown.contains(file), "{shown}");
    if !field.is_empty() {
        assert!(shown.contains(field), "{shown}");
    }
}

macro_rules! variant {
    ($e:expr, $pat:pat) => {{
        let e = &$e;
        assert!(matches!(e, $pat), "wrong variant: {e:?}");
    }};
}

/// Records scenario: one outcome per exclusive-group member and one avoided item.
const RECORDS_SCENARIO: &str = r#"name = "Records"
families = 3
price_year = 2019

[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "unit-costs-open@1.0.0"
deflators = "gdp-deflator@1.0.0"

[[outcomes]]
id = "relief"
proxy = "relief-depression-anxiety"

[[outcomes]]
id = "confidence"
proxy = "high-confidence"

[[avoided]]
id = "proceedings"
proxy = "care-proceedings-court"
"#;

const GOOD_CSV: &str = "family_id,members,relief,confidence,proceedings
F1,mother:25-49;child:under-25,mother,child,1
F2,father:50-plus,,father,0
F3,mother,yes,,2
";

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
// Tables.

#[test]
fn table_duplicate_row() {
    let text = sub(TABLE, "age_band = \"under-25\"", "age_band = \"25-49\"");
    let e = table_err(&text);
    variant!(e, Error::Invalid { .. });
    let second = text.match_indices("[[rows]]").nth(1).unwrap().0;
    let line = text[..second].lines().count() + 1;
    at(&e, "my-values.toml", &format!("line {line}"), "id");
    assert!(e.place().location.to_string().contains("rows[1]"), "{e}");
}

#[test]
fn table_row_with_unknown_source() {
    let text = sub(
        TABLE,
        "source = \"mine\"\nage_band = \"under-25\"",
        "source = \"theirs\"\nage_band = \"under-25\"",
    );
    let e = table_err(&text);
    variant!(e, Error::Unknown { .. });
    at(&e, "my-values.toml", "rows[1]", "source");
}

#[test]
fn table_negative_value() {
    let e = table_err(&sub(TABLE, "value = \"13000.00\"", "value = \"-1\""));
    variant!(e, Error::Invalid { .. });
    at(&e, "my-values.toml", "rows[0]", "value");
    let first = line_of(TABLE, "[[rows]]");
    assert!(e.place().location.to_string().contains(&format!("line {first}")), "{e}");
}

/// A row valued 0 with a range (low 0, high 5000): the analysis draws a proxy as its value
/// scaled, so the range could never be used; it is refused rather than dropped without a word.
#[test]
fn table_range_around_a_zero_value() {
    let e = table_err(&sub(
        TABLE,
        "value = \"13000.00\"",
        "value = \"0\"\nlow = \"0\"\nhigh = \"5000\"",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, "my-values.toml", "rows[0]", "high");
    assert!(e.to_string().contains("could never be used"), "{e}");
    // A value of 0 with no range, or a range of 0 to 0, is fine.
    let t = socval::ProxyTable::from_toml_str("my-values.toml", &sub(TABLE, "value = \"13000.00\"", "value = \"0\""));
    assert!(t.is_ok(), "{t:?}");
}

#[test]
fn table_low_above_value() {
    let e = table_err(&sub(
        TABLE,
        "value = \"13000.00\"",
        "value = \"13000.00\"\nlow = \"14000\"",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, "my-values.toml", "rows[0]", "low");
}

#[test]
fn table_bad_confidence_grade() {
    let e = table_err(&sub(
        TABLE,
        "age_band = \"25-49\"",
        "age_band = \"25-49\"\nconfidence = 4",
    ));
    variant!(e, Error::Invalid { .. });
    at(&e, "my-values.toml", "rows[0]", "confidence");
}

#[test]
fn table_bad_age_band() {
    let text = sub(TABLE, "age_band = \"25-49\"", "age_band = \"30-39\"");
    let e = table_err(&text);
    variant!(e, Error::Syntax { .. });
    at(
        &e,
        "my-values.toml",
        &format!("line {}", line_of(&text, "30-39")),
        "age_band",
    );
}

#[test]
fn table_without_price_year() {
    let e = table_err(&sub(TABLE, "price_year = 2021\n", ""));
    variant!(e, Error::Invalid { .. });
    at(&e, "my-values.toml", "", "price_year");
}

#[test]
fn unit_cost_row_without_agency() {
    let e = match ProxyTable::from_toml_str("my-costs.toml", &sub(UNIT_TABLE, "agency = \"local-authority\"\n", "")) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    };
    variant!(e, Error::Invalid { .. });
    at(&e, "my-costs.toml", "rows[0]", "agency");
}

#[test]
fn unit_cost_row_without_recurrence_or_cashable() {
    let e = ProxyTable::from_toml_str("my-costs.toml", &sub(UNIT_TABLE, "recurrence = \"one-off\"\n", "")).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "my-costs.toml", "rows[0]", "recurrence");
    let e = ProxyTable::from_toml_str("my-costs.toml", &sub(UNIT_TABLE, "cashable = false\n", "")).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "my-costs.toml", "rows[0]", "cashable");
}

#[test]
fn deflator_with_duplicate_year_and_bad_index() {
    let base = r#"id = "my-deflator"
version = "1.0.0"
kind = "deflator"
title = "Mine"
licence = "private"

[[sources]]
id = "mine"
publisher = "Me"
title = "My index"
year = 2021
url = "https://example.org"
licence = "private"

[[years]]
year = 2019
index = "90"
source = "mine"

[[years]]
year = 2020
index = "92"
source = "mine"
"#;
    ProxyTable::from_toml_str("d.toml", base).unwrap();
    let e = ProxyTable::from_toml_str("d.toml", &sub(base, "year = 2020", "year = 2019")).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "d.toml", "years[1]", "year");
    // The second `[[years]]` header is on line 20.
    assert!(e.place().location.to_string().contains("line 20"), "{e}");
    let e = ProxyTable::from_toml_str("d.toml", &sub(base, "index = \"92\"", "index = \"0\"")).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "d.toml", "years[1]", "index");
}

#[test]
fn table_that_claims_a_shipped_version_with_other_content() {
    let shipped = include_str!("../proxies/wellbeing-open/1.0.0.toml");
    let changed = sub(shipped, "value = \"9360.00\"", "value = \"9361.00\"");
    let mut reg = Registry::embedded().clone();
    let e = reg.add_toml("my-wellbeing.toml", &changed).unwrap_err();
    variant!(e, Error::HashMismatch { .. });
    at(&e, "my-wellbeing.toml", "", "version");
    let Error::HashMismatch {
        table,
        expected,
        actual,
        ..
    } = &e
    else {
        unreachable!()
    };
    assert_eq!(table, "wellbeing-open@1.0.0");
    assert_eq!(
        expected,
        &Registry::embedded().get("wellbeing-open@1.0.0").unwrap().sha256
    );
    assert_ne!(expected, actual);
    // The shipped text itself is accepted (same hash), and so is it with CRLF line ends.
    reg.add_toml("copy.toml", shipped).unwrap();
    reg.add_toml("copy-crlf.toml", &shipped.replace('\n', "\r\n")).unwrap();
}

#[test]
fn user_table_loaded_twice_with_other_content() {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("a.toml", TABLE).unwrap();
    let e = reg.add_toml("b.toml", &sub(TABLE, "13000.00", "13001.00")).unwrap_err();
    variant!(e, Error::HashMismatch { .. });
    at(&e, "b.toml", "", "version");
}

#[test]
fn outcome_with_no_variant_for_the_age_band() {
    // The user table has values for 25-49 and under-25 only; a 50-plus claim has no value.
    let mut reg = Registry::embedded().clone();
    reg.add_toml("my-values.toml", TABLE).unwrap();
    let text = sub(
        &sub(BASE, "wellbeing-open@1.0.0", "my-values@1.0.0"),
        "rate = \"0.4\"",
        "rate = \"0.4\"\nage_band = \"50-plus\"",
    );
    let text = sub(&text, "price_year = 2019", "price_year = 2021");
    let s = Scenario::from_toml_str(FILE, &text).unwrap();
    let e = evaluate_named(FILE, &s, None, &reg).unwrap_err();
    variant!(e, Error::Unknown { .. });
    at(&e, FILE, "outcomes[0]", "age_band");
    // 25-49 is found.
    let s = Scenario::from_toml_str(FILE, &sub(&text, "50-plus", "25-49")).unwrap();
    evaluate_named(FILE, &s, None, &reg).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Records CSV.

#[test]
fn records_exclusive_group_for_one_person() {
    // Line 3: F2's father is claimed for relief and for confidence (both "mental-health").
    let csv = "family_id,members,relief,confidence,proceedings
F1,mother:25-49;child:under-25,mother,child,1
F2,father:50-plus,father,father,0
";
    let e = records_err(RECORDS_SCENARIO, csv);
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 3", "confidence");
    assert!(e.to_string().contains("father") && e.to_string().contains("F2"), "{e}");
}

#[test]
fn records_duplicate_family_id() {
    let csv = "family_id,relief\nF1,yes\nF2,no\nF1,yes\n";
    let e = Records::from_csv_str("families.csv", csv).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 4", "family_id");
}

#[test]
fn records_empty_family_id() {
    let csv = "family_id,relief\nF1,yes\n,no\n";
    let e = Records::from_csv_str("families.csv", csv).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 3", "family_id");
}

#[test]
fn records_missing_family_id_column() {
    let csv = "family,relief\nF1,yes\n";
    let e = Records::from_csv_str("families.csv", csv).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 1", "family_id");
}

#[test]
fn records_duplicate_column() {
    let csv = "family_id,relief,relief\nF1,yes,no\n";
    let e = Records::from_csv_str("families.csv", csv).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 1", "relief");
}

#[test]
fn records_unknown_column() {
    // An export's extra column is left out of the valuation, with a warning naming it (issue 13).
    let csv = "family_id,relief,happiness\nF1,yes,yes\n";
    let v = run_records(RECORDS_SCENARIO, csv).unwrap();
    assert!(
        v.warnings
            .iter()
            .any(|w| w.contains("\"happiness\" is not an item of the scenario: left out")),
        "{:?}",
        v.warnings
    );
}

#[test]
fn records_unknown_member_name() {
    let csv = "family_id,members,relief\nF1,mother;child,mother\nF2,mother,father\n";
    let e = records_err(RECORDS_SCENARIO, csv);
    variant!(e, Error::Unknown { .. });
    at(&e, "families.csv", "line 3", "relief");
}

#[test]
fn records_bad_age_band() {
    let csv = "family_id,members,relief\nF1,mother:25-49,mother\nF2,mother:thirty,mother\n";
    let e = Records::from_csv_str("families.csv", csv).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 3", "members");
}

#[test]
fn records_bad_region() {
    let csv = "family_id,region,relief\nF1,wales,yes\n";
    let e = Records::from_csv_str("families.csv", csv).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 2", "region");
}

#[test]
fn records_member_listed_twice() {
    let csv = "family_id,members,relief\nF1,mother;mother,mother\n";
    let e = Records::from_csv_str("families.csv", csv).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 2", "members");
}

#[test]
fn records_negative_avoided_count() {
    let csv = "family_id,proceedings\nF1,1\nF2,-1\n";
    let e = records_err(RECORDS_SCENARIO, csv);
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 3", "proceedings");
}

#[test]
fn records_non_numeric_avoided_count() {
    let csv = "family_id,proceedings\nF1,1\nF2,1\nF3,two\n";
    let e = records_err(RECORDS_SCENARIO, csv);
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 4", "proceedings");
}

#[test]
fn records_implausible_avoided_count() {
    let csv = "family_id,proceedings\nF1,1000000\n";
    let e = records_err(RECORDS_SCENARIO, csv);
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "line 2", "proceedings");
}

#[test]
fn records_ragged_row() {
    let csv = "family_id,relief,proceedings\nF1,yes,1\nF2,yes\n";
    let e = Records::from_csv_str("families.csv", csv).unwrap_err();
    variant!(e, Error::Syntax { .. });
    at(&e, "families.csv", "line 3", "");
}

#[test]
fn records_with_no_families() {
    let e = Records::from_csv_str("families.csv", "family_id,relief\n").unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "families.csv", "", "family_id");
}

#[test]
fn records_not_utf8_like_input_is_an_error_not_a_panic() {
    let e = Records::from_csv_str("families.csv", "").unwrap_err();
    assert_eq!(e.place().file, "families.csv");
}

// ---------------------------------------------------------------------------------------------
// Overflow: a typed error, never a panic.

#[test]
fn overflow_from_a_huge_count() {
    let e = run_err(&sub(BASE, "count = \"3\"", "count = \"79228162514264337593543950335\""));
    variant!(e, Error::Overflow { .. });
    at(&e, FILE, "avoided[0]", "");
}

#[test]
fn overflow_from_a_huge_unit_value() {
    let mut reg = Registry::embedded().clone();
    let table = sub(
        TABLE,
        "value = \"13000.00\"",
        "value = \"79228162514264337593543950335\"",
    );
    let table = sub(&table, "age_band = \"25-49\"", "age_band = \"all\"");
    reg.add_toml("my-values.toml", &table).unwrap();
    let text = sub(
        &sub(BASE, "wellbeing-open@1.0.0", "my-values@1.0.0"),
        "price_year = 2019",
        "price_year = 2021",
    );
    let s = Scenario::from_toml_str(FILE, &text).unwrap();
    let e = evaluate_named(FILE, &s, None, &reg).unwrap_err();
    variant!(e, Error::Overflow { .. });
    at(&e, FILE, "outcomes[0]", "");
}

#[test]
fn overflow_when_summing_lines_that_each_fit() {
    // Each year's line fits in a Decimal; their sum does not.
    let text = sub(
        BASE,
        "proxy = \"care-proceedings-court\"\ncount = \"3\"",
        "proxy = \"residential-care\"\ncount = \"200000000000000000000000\"\nduration = 5",
    );
    let e = run_err(&text);
    variant!(e, Error::Overflow { .. });
    assert_eq!(e.place().file, FILE);
}

#[test]
fn overflow_in_the_combined_total() {
    // Social value and fiscal savings each fit; the combined total the scenario asks for does not.
    let mut reg = Registry::embedded().clone();
    let table = sub(TABLE, "value = \"13000.00\"", "value = \"600000000000000000000000000\"");
    let table = sub(&table, "age_band = \"25-49\"", "age_band = \"all\"");
    reg.add_toml("my-values.toml", &table).unwrap();
    let text = sub(
        &sub(BASE, "wellbeing-open@1.0.0", "my-values@1.0.0"),
        "price_year = 2019",
        "price_year = 2021\ncombined_total = true",
    );
    let text = sub(&text, "rate = \"0.4\"", "people = \"100\"");
    let text = sub(&text, "count = \"3\"", "count = \"6000000000000000000000000\"");
    let s = Scenario::from_toml_str(FILE, &text).unwrap();
    let e = evaluate_named(FILE, &s, None, &reg).unwrap_err();
    variant!(e, Error::Overflow { .. });
    assert_eq!(e.place().file, FILE);
}

#[test]
fn optimism_bias_cancels_year_by_year_at_the_limit() {
    // Items worth 3e28 and 6e28 a year (near Decimal's 7.9e28 limit) with a 100 % haircut: the
    // haircut is taken in each year, so every year nets to zero and no sum overflows (under method 1
    // the whole haircut fell in the first year and year 2 held 9e28, past the limit).
    let mut reg = Registry::embedded().clone();
    let table = sub(
        TABLE,
        "value = \"13000.00\"",
        "value = \"30000000000000000000000000000\"\nconfidence = 3",
    );
    let table = sub(&table, "age_band = \"25-49\"", "age_band = \"all\"");
    reg.add_toml("my-values.toml", &table).unwrap();
    let text = sub(
        &sub(BASE, "wellbeing-open@1.0.0", "my-values@1.0.0"),
        "price_year = 2019",
        "price_year = 2021\ndiscount_rate = \"0\"",
    );
    let text = sub(&text, "[tables]", "[optimism_bias]\n\"3\" = \"1\"\n\n[tables]");
    let text = sub(
        &text,
        "rate = \"0.4\"",
        "people = \"1\"\nduration = 2\n\n[[outcomes]]\nid = \"b\"\nproxy = \"high-confidence\"\npeople = \"2\"\nstart_year = 2",
    );
    let s = Scenario::from_toml_str(FILE, &text).unwrap();
    let v = evaluate_named(FILE, &s, None, &reg).unwrap();
    assert_eq!(v.totals.social_value, Decimal::ZERO);
    assert!(v.by_year.iter().all(|y| y.social_value.is_zero()), "{:?}", v.by_year);
    assert_eq!(
        v.lines
            .iter()
            .filter(|l| l.kind == socval::LineKind::OptimismBias)
            .count(),
        3
    );
}

#[test]
fn overflow_in_discounting() {
    // (1 + 100 %)^100 does not fit in a Decimal.
    let text = sub(
        BASE,
        "price_year = 2019\n",
        "price_year = 2019\ndiscount_rate = \"1\"\n",
    );
    let text = sub(&text, "rate = \"0.4\"", "rate = \"0.4\"\nduration = 100");
    let e = run_err(&text);
    variant!(e, Error::Overflow { .. });
    at(&e, FILE, "outcomes[0]", "");
}

#[test]
fn records_cell_that_is_both_a_keyword_and_a_member_name() {
    // Member "y" and a cell "y": the first member (keyword) or the member called y? Refused.
    let text = sub(BASE, "rate = \"0.4\"", "people = \"1\"");
    let s = Scenario::from_toml_str(FILE, &text).unwrap();
    let rec = Records::from_csv_str("f.csv", "family_id,members,confidence\nA,mum;y,y\n").unwrap();
    let e = evaluate_named(FILE, &s, Some(&rec), Registry::embedded()).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "f.csv", "line 2", "confidence");
    assert!(e.to_string().contains("both a keyword"), "{e}");
}

#[test]
fn records_with_an_unterminated_quote_at_the_end() {
    let e = Records::from_csv_str("f.csv", "family_id,members\nA,\"mum\n").unwrap_err();
    variant!(e, Error::Syntax { .. });
    at(&e, "f.csv", "line 2", "");
    // Doubled quotes inside a quoted field are fine.
    Records::from_csv_str("f.csv", "family_id,members\nA,\"mum \"\"M\"\"\"\n").unwrap();
}

#[test]
fn bare_decimal_numbers_are_refused_not_rounded() {
    // 12345678901234567.89 would become 12345678901234567.80 through f64.
    let e =
        Scenario::from_toml_str(FILE, &sub(BASE, "amount = \"50000\"", "amount = 12345678901234567.89")).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "line", "amount");
    assert!(e.to_string().contains("amount = \"12345678901234567.89\""), "{e}");
    let e = Scenario::from_json_str("s.json", r#"{"name": "x", "families": 123456789012345678901}"#).unwrap_err();
    at(&e, "s.json", "line 1", "families");
}

#[test]
fn limits_on_items_costs_and_item_years() {
    // 501 items: one too many.
    let mut text = String::from(BASE);
    for i in 0..500 {
        text.push_str(&format!(
            "\n[[outcomes]]\nid = \"x{i}\"\nproxy = \"high-confidence\"\npeople = \"1\"\n"
        ));
    }
    let e = Scenario::from_toml_str(FILE, &text).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "", "outcomes");
    assert!(e.to_string().contains("at most 500"), "{e}");
    // 201 items lasting 100 years and a one-year avoided cost: 20,101 item-years, over 20,000.
    let mut text = sub(BASE, "rate = \"0.4\"", "rate = \"0.4\"\nduration = 100");
    for i in 0..200 {
        text.push_str(&format!(
            "\n[[outcomes]]\nid = \"x{i}\"\nproxy = \"high-confidence\"\npeople = \"1\"\nduration = 100\n"
        ));
    }
    let e = Scenario::from_toml_str(FILE, &text).unwrap_err();
    at(&e, FILE, "", "outcomes");
    assert!(e.to_string().contains("20101 item-years"), "{e}");
}

#[test]
fn a_bad_value_of_an_item_adjustment_names_its_own_line_and_field() {
    // Adjustments are flattened into the item: the parser reports them at the [[outcomes]] header.
    let e = Scenario::from_toml_str(
        FILE,
        &sub(BASE, "rate = \"0.4\"", "rate = \"0.4\"\ndeadweight = \"abc\""),
    )
    .unwrap_err();
    variant!(e, Error::Syntax { .. });
    assert_eq!(e.place().field, "deadweight", "{e}");
    let line = BASE.lines().position(|l| l.starts_with("rate = \"0.4\"")).unwrap() + 2;
    assert_eq!(e.place().location, socval::Location::line(line), "{e}");
    assert!(
        e.to_string().contains("a decimal number written as a quoted string"),
        "{e}"
    );
    assert!(!e.to_string().contains("Decimal type"), "{e}");
    // The same in JSON: the key holding the bad value, not the object's last key.
    let json = r#"{"name": "x", "families": 10, "price_year": 2019,
 "tables": {"wellbeing": "wellbeing-open@1.0.0", "unit_costs": "unit-costs-open@1.0.0", "deflators": "gdp-deflator@1.0.0"},
 "outcomes": [{"id": "c", "proxy": "high-confidence", "deadweight": "abc", "people": "2", "evidence": "x"}]}"#;
    let e = Scenario::from_json_str("s.json", json).unwrap_err();
    assert_eq!(e.place().field, "deadweight", "{e}");
    at(&e, "s.json", "line 3", "deadweight");
    // A wrong type says what is expected in words, not a Rust type.
    let e = Scenario::from_json_str("s.json", r#"{"name": "x", "families": "ten"}"#).unwrap_err();
    assert_eq!(e.place().field, "families");
    assert!(e.to_string().contains("a whole number"), "{e}");
    assert!(!e.to_string().contains("u32"), "{e}");
}

#[test]
fn an_id_too_long_says_so() {
    let long = "a".repeat(90);
    let e = Scenario::from_toml_str(FILE, &sub(BASE, "id = \"confidence\"", &format!("id = \"{long}\""))).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, FILE, "outcomes[0]", "id");
    assert!(e.to_string().contains("90 characters long: at most 80"), "{e}");
}

#[test]
fn a_table_without_a_price_year_is_told_what_to_add() {
    let table = TABLE.replace("price_year = 2021\n", "");
    let e = ProxyTable::from_toml_str("t.toml", &table).unwrap_err();
    variant!(e, Error::Invalid { .. });
    at(&e, "t.toml", "", "price_year");
    assert!(e.to_string().contains("missing: add"), "{e}");
    assert!(e.to_string().contains("price_year = 2019"), "{e}");
}

#[test]
fn a_year_in_a_gap_of_the_deflator_shows_the_gap() {
    // The shipped deflator covers 2000–2024; a series with 2010 missing says so.
    let defl = Registry::embedded().get("gdp-deflator@1.0.0").unwrap();
    let mut t = defl.clone();
    t.id = "gappy".into();
    t.years.retain(|y| y.year != 2010);
    let mut reg = Registry::embedded().clone();
    reg.add("gappy.toml", t).unwrap();
    let text = sub(
        &sub(BASE, "gdp-deflator@1.0.0", "gappy@1.0.0"),
        "price_year = 2019",
        "price_year = 2010",
    );
    let s = Scenario::from_toml_str(FILE, &text).unwrap();
    let e = evaluate_named(FILE, &s, None, &reg).unwrap_err();
    assert!(e.to_string().contains("2000–2009 and 2011–2024"), "{e}");
}

#[test]
fn a_huge_bad_value_does_not_make_a_huge_message() {
    let long = "x".repeat(1_000_000);
    let e = Scenario::from_json_str("s.json", &format!("{{\"name\": \"x\", \"families\": \"{long}\"}}")).unwrap_err();
    assert_eq!(e.place().field, "families");
    assert!(e.to_string().len() < 500, "{} characters", e.to_string().len());
    assert!(e.to_string().contains("xxx…"), "{e}");
}

/// Numbers are used exactly as written everywhere they are read: a digit separator (`1_0`,
/// `"10_000"`) and a number Decimal cannot hold exactly (a count of
/// `1000.0000000000000000000000000001` would round to 1,000 and pass the cap; `0.000…001` would
/// become 0) are refused, naming the place and saying how to write it.
#[test]
fn numbers_not_read_as_written_are_refused() {
    // TOML: an integer with a separator, and a decimal string with one.
    let e = Scenario::from_toml_str(FILE, &BASE.replace("families = 100", "families = 1_00")).unwrap_err();
    assert_eq!(
        (e.place().location.clone(), e.place().field.as_str()),
        (socval::Location::line(2), "families")
    );
    assert!(e.to_string().contains("families = 100"), "{e}");
    let e = Scenario::from_toml_str(FILE, &BASE.replace("families = 100", "families = 0x64")).unwrap_err();
    assert!(e.to_string().contains("decimal digits"), "{e}");
    let e = Scenario::from_toml_str(FILE, &BASE.replace("amount = \"50000\"", "amount = \"50_000\"")).unwrap_err();
    assert!(
        e.to_string().contains("digit separator") && e.to_string().contains("50000"),
        "{e}"
    );
    // Too many digits: refused, with the number it would have been read as.
    let e = Scenario::from_toml_str(
        FILE,
        &BASE.replace("count = \"3\"", "count = \"1000.0000000000000000000000000001\""),
    )
    .unwrap_err();
    assert!(e.to_string().contains("more digits than"), "{e}");
    let e = Scenario::from_toml_str(
        FILE,
        &BASE.replace("rate = \"0.4\"", "rate = \"0.00000000000000000000000000001\""),
    )
    .unwrap_err();
    assert!(e.to_string().contains("more digits than"), "{e}");
    // JSON alike.
    let s = Scenario::from_toml_str(FILE, BASE).unwrap();
    let json = s.to_json().replace("\"50000\"", "\"50_000\"");
    let e = Scenario::from_json_str("s.json", &json).unwrap_err();
    assert!(e.to_string().contains("digit separator"), "{e}");
    // Tables.
    let e = socval::ProxyTable::from_toml_str(
        "t.toml",
        &TABLE.replace("value = \"13000.00\"", "value = \"13_000.00\""),
    )
    .unwrap_err();
    assert!(e.to_string().contains("digit separator"), "{e}");
    // Records: a count over the cap written with too many digits, a tiny one, a separator.
    let reg = Registry::embedded();
    for (cell, says) in [
        ("1000.0000000000000000000000000001", "more digits than"),
        ("0.00000000000000000000000000001", "more digits than"),
        ("1_0", "digit separator"),
    ] {
        let csv = format!("family_id,proceedings\nF1,{cell}\n");
        let r = Records::from_csv_str("r.csv", &csv).unwrap();
        let e = evaluate_named(FILE, &s, Some(&r), reg).unwrap_err();
        assert_eq!(
            (e.place().location.clone(), e.place().field.as_str()),
            (socval::Location::line(2), "proceedings"),
            "{cell}"
        );
        assert!(e.to_string().contains(says), "{cell}: {e}");
    }
    // Written plainly, the same numbers are read.
    assert_eq!(socval::exact::parse_exact("1000.000").unwrap(), Decimal::from(1000));
    assert_eq!(socval::exact::parse_exact("1e3").unwrap(), Decimal::from(1000));
}
