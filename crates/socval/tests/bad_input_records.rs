//! Bad input (issue 2): every malformed or inconsistent records CSV gets a typed error that names
//! the file, the line or row, and the column; and overflow is a typed error, never a panic (see
//! `bad_input.rs`).

#![allow(clippy::result_large_err)] // the library's own error type

mod bad_input_common;

use bad_input_common::*;
use socval::records::Records;
use socval::tables::ProxyTable;
use socval::{Decimal, Error, Registry, Scenario, evaluate_named};

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
    let e = socval::tables::ProxyTable::from_toml_str(
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
