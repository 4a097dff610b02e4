//! Bad input (issue 2): every malformed or inconsistent table gets a typed error that names the
//! file, the line or row, and the field (see `bad_input.rs`).

#![allow(clippy::result_large_err)] // the library's own error type

mod bad_input_common;

use bad_input_common::*;
use socval::tables::ProxyTable;
use socval::{Error, Registry, Scenario, evaluate_named};

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
    let t = socval::tables::ProxyTable::from_toml_str(
        "my-values.toml",
        &sub(TABLE, "value = \"13000.00\"", "value = \"0\""),
    );
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
