//! Records read as a stream (`Records::stream`) against records checked as text
//! (`Records::from_csv_str`): the same valuation to the last line of working, the same located
//! errors, and the per-family checks over large inputs.

use socval::{Error, Location, Records, Registry, Scenario, evaluate, evaluate_named};
use std::io::Cursor;

fn fixture(f: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::read_to_string(dir.join(f)).unwrap()
}

fn registry() -> Registry {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("licensed-wellbeing.toml", &fixture("licensed-wellbeing.toml"))
        .unwrap();
    reg
}

fn stream(csv: &str, s: &Scenario, reg: &Registry) -> socval::Result<Records> {
    Records::stream("families.csv", Cursor::new(csv.as_bytes()), s, reg)
}

/// The error of valuing `csv` both ways: it must be the same error, at the same place.
fn both_fail(csv: &str, s: &Scenario, reg: &Registry) -> Error {
    let streamed = stream(csv, s, reg).unwrap_err();
    let text =
        Records::from_csv_str("families.csv", csv).and_then(|r| evaluate_named("records.toml", s, Some(&r), reg));
    assert_eq!(Some(&streamed), text.as_ref().err(), "same error both ways");
    streamed
}

fn line_and_field(e: &Error) -> (usize, String) {
    let p = e.place();
    match &p.location {
        Location::Line { line, .. } => (*line, p.field.clone()),
        other => panic!("not a line: {other:?}"),
    }
}

#[test]
fn streamed_records_give_the_same_valuation_as_text_records() {
    let reg = registry();
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    let csv = fixture("families.csv");
    let streamed = stream(&csv, &s, &reg).unwrap();
    let text = Records::from_csv_str("families.csv", &csv).unwrap();
    assert_eq!(streamed.families.len(), text.families.len());
    assert_eq!(streamed.columns, text.columns);
    let a = evaluate(&s, Some(&streamed), &reg).unwrap();
    let b = evaluate(&s, Some(&text), &reg).unwrap();
    assert_eq!(a, b);
    assert!(!a.lines.is_empty());
    assert!(a.totals.social_value > socval::Decimal::ZERO);
    // And the uncertainty analysis, which gathers the facts once.
    let mut su = s.clone();
    su.uncertainty = Some(socval::scenario::Settings {
        draws: Some(50),
        ..Default::default()
    });
    assert_eq!(
        socval::uncertainty::analyse(&su, Some(&streamed), &reg).unwrap(),
        socval::uncertainty::analyse(&su, Some(&text), &reg).unwrap()
    );
}

#[test]
fn streamed_records_are_for_their_scenario_only() {
    let reg = registry();
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    let streamed = stream(&fixture("families.csv"), &s, &reg).unwrap();
    let mut other = s.clone();
    other.outcomes.pop();
    let e = evaluate(&other, Some(&streamed), &reg).unwrap_err();
    assert!(e.to_string().contains("read them again"), "{e}");
}

#[test]
fn errors_keep_their_line_and_column_when_streamed() {
    let reg = registry();
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    let csv = fixture("families.csv");
    // An unknown member on line 3.
    let bad = csv.replacen("F02,mother:under-25,,yes,", "F02,mother:under-25,,dad,", 1);
    let e = both_fail(&bad, &s, &reg);
    assert_eq!(line_and_field(&e), (3, "confidence".to_string()));
    assert!(
        e.to_string().contains("\"dad\" is not a member of family \"F02\""),
        "{e}"
    );
    // A bad count on line 5.
    let bad = csv.replacen("outside-london,mother,,2", "outside-london,mother,,two", 1);
    let e = both_fail(&bad, &s, &reg);
    assert_eq!(line_and_field(&e), (5, "proceedings".to_string()));
    // A duplicate family id on line 5.
    let bad = csv.replacen("F04,", "F01,", 1);
    let e = both_fail(&bad, &s, &reg);
    assert_eq!(line_and_field(&e), (5, "family_id".to_string()));
    assert!(
        e.to_string()
            .contains("family id \"F01\" is used by an earlier row too"),
        "{e}"
    );
    // An unterminated quote at the end.
    let e = stream(&format!("{csv}F99,\"mother"), &s, &reg).unwrap_err();
    assert!(matches!(e, Error::Syntax { .. }), "{e}");
}

/// A large synthetic file: `n` families, ids `F0000000`…, every other family with one event.
fn synthetic(n: u32) -> String {
    let mut csv = String::from("family_id,members,proceedings\n");
    for i in 0..n {
        csv.push_str(&format!("F{i:07},mother:25-49,{}\n", i % 2));
    }
    csv
}

fn aggregate_scenario() -> Scenario {
    Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap()
}

#[test]
fn duplicate_ids_are_found_in_a_large_file_and_none_are_invented() {
    let reg = registry();
    let s = aggregate_scenario();
    let n = 100_000;
    let csv = synthetic(n);
    let r = stream(&csv, &s, &reg).unwrap();
    assert_eq!(r.families.len(), n as usize);
    let v = evaluate(&s, Some(&r), &reg).unwrap();
    assert_eq!(v.families, n);
    // The first family's id again, as the last row: found, on its line (header + n + 1).
    let dup = format!("{csv}F0000000,mother:25-49,0\n");
    let e = stream(&dup, &s, &reg).unwrap_err();
    assert_eq!(line_and_field(&e), (n as usize + 2, "family_id".to_string()));
    let e = Records::from_csv_str("families.csv", &dup).unwrap_err();
    assert_eq!(line_and_field(&e), (n as usize + 2, "family_id".to_string()));
}

#[test]
fn a_line_beyond_the_limit_is_refused_before_it_fills_memory() {
    let reg = registry();
    let s = aggregate_scenario();
    let long = format!(
        "family_id,members,proceedings\nF1,{},0\n",
        "m".repeat(socval::MAX_RECORD_LINE + 10)
    );
    let e = stream(&long, &s, &reg).unwrap_err();
    assert_eq!(line_and_field(&e).0, 2);
    assert!(e.to_string().contains("longer than"), "{e}");
}

/// Issue 13: records from a real case-management export: `;` found from the header, a `Family ID`
/// header, a mapped header, an extra column left out with a warning, blank trailing rows skipped;
/// the figures equal those of the tidy file.
#[test]
fn an_export_with_its_own_headers_and_delimiter_values_like_the_tidy_file() {
    let reg = Registry::embedded();
    let mut s = socval::template("step-together").unwrap().scenario().unwrap();
    let id = s.outcomes[0].id.clone();
    let tidy = format!("family_id,members,{id}\nF1,mother:25-49,mother\nF2,mother:under-25,\n");
    let export = "Family ID;Members;Worker;Postcode;Outcome A\nF1;mother:25-49;Ann;L1 1AA;mother\nF2;mother:under-25;Bo;L2 2BB;\n;;;;\n;;;;\n".to_string();
    s.records = Some(socval::RecordsFormat {
        delimiter: None,
        columns: [("Outcome A".to_string(), id.clone())].into_iter().collect(),
    });
    assert!(s.check("s.toml").is_ok());
    let a = socval::evaluate(&s, Some(&Records::from_csv_str("tidy.csv", &tidy).unwrap()), reg).unwrap();
    let read = Records::from_csv_str_with("export.csv", &export, 1000, s.records.as_ref()).unwrap();
    assert_eq!(read.families.len(), 2);
    let b = socval::evaluate(&s, Some(&read), reg).unwrap();
    assert_eq!(a.totals, b.totals);
    assert!(
        b.warnings
            .iter()
            .any(|w| w.contains("\"Worker\", \"Postcode\" are not items")),
        "{:?}",
        b.warnings
    );
    // Streamed, as the CLI reads it, with the scenario's [records] section.
    let streamed = Records::stream("export.csv", std::io::Cursor::new(export.as_bytes()), &s, reg).unwrap();
    assert_eq!(socval::evaluate(&s, Some(&streamed), reg).unwrap().totals, a.totals);
    // A delimiter socval does not read, and a mapping to no column, are refused by name.
    s.records.as_mut().unwrap().delimiter = Some("#".into());
    let e = s.check("s.toml").unwrap_err();
    assert_eq!(e.place().field, "delimiter");
    s.records = Some(socval::RecordsFormat {
        delimiter: Some(";".into()),
        columns: [("Outcome A".to_string(), "nothing".to_string())].into_iter().collect(),
    });
    let e = s.check("s.toml").unwrap_err();
    assert_eq!(e.place().field, "columns.Outcome A");
    assert!(
        e.to_string().contains("family_id, members, region or an item's id"),
        "{e}"
    );
}
