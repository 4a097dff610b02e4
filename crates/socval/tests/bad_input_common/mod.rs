//! What the bad-input tests share (`bad_input.rs`, `bad_input_tables.rs`, `bad_input_records.rs`):
//! the valid fixtures each test breaks one thing in, and the checks of an error's variant and place.
#![allow(dead_code)] // each test crate uses some of them

use socval::records::Records;
use socval::tables::ProxyTable;
use socval::{Error, Registry, Scenario, Valuation, evaluate_named};

/// A valid scenario on the embedded tables; each test breaks one thing in it.
pub const BASE: &str = r#"name = "Base"
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

pub const FILE: &str = "bad.toml";

/// A valid user wellbeing table with age-band variants.
pub const TABLE: &str = r#"id = "my-values"
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
pub const UNIT_TABLE: &str = r#"id = "my-costs"
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
pub fn sub(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, to, 1)
}

/// 1-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
        + 1
}

/// Parses and values a scenario, as the CLI does.
pub fn run(text: &str) -> Result<Valuation, Error> {
    let s = Scenario::from_toml_str(FILE, text)?;
    evaluate_named(FILE, &s, None, Registry::embedded())
}

pub fn run_err(text: &str) -> Error {
    match run(text) {
        Ok(v) => panic!("expected an error, got a valuation with {} lines", v.lines.len()),
        Err(e) => e,
    }
}

/// Values `scenario` with per-family records `csv` (named `families.csv`).
pub fn run_records(scenario: &str, csv: &str) -> Result<Valuation, Error> {
    let s = Scenario::from_toml_str(FILE, scenario)?;
    let r = Records::from_csv_str("families.csv", csv)?;
    evaluate_named(FILE, &s, Some(&r), Registry::embedded())
}

pub fn records_err(scenario: &str, csv: &str) -> Error {
    match run_records(scenario, csv) {
        Ok(v) => panic!("expected an error, got a valuation with {} lines", v.lines.len()),
        Err(e) => e,
    }
}

pub fn table_err(text: &str) -> Error {
    match ProxyTable::from_toml_str("my-values.toml", text) {
        Ok(t) => panic!("expected an error, got table {}", t.reference()),
        Err(e) => e,
    }
}

/// Asserts the error's place: the file, a location containing `location`, and the field.
#[track_caller]
pub fn at(e: &Error, file: &str, location: &str, field: &str) {
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

#[macro_export]
macro_rules! variant {
    ($e:expr, $pat:pat) => {{
        let e = &$e;
        assert!(matches!(e, $pat), "wrong variant: {e:?}");
    }};
}

/// Records scenario: one outcome per exclusive-group member and one avoided item.
pub const RECORDS_SCENARIO: &str = r#"name = "Records"
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

pub const GOOD_CSV: &str = "family_id,members,relief,confidence,proceedings
F1,mother:25-49;child:under-25,mother,child,1
F2,father:50-plus,,father,0
F3,mother,yes,,2
";
