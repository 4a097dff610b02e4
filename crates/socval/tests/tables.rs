//! The table format's evidence rules: evidence status, derivations recomputed from their inputs,
//! the currency, sources without a recorded address, and units per avoided event.

use socval::tables::{EvidenceStatus, ProxyTable};
use socval::{Location, Registry, Scenario, Section, evaluate};
use std::str::FromStr;

fn d(s: &str) -> socval::Decimal {
    socval::Decimal::from_str(s).unwrap()
}

/// A format-2 unit-cost table; `ROW` is replaced by the row under test.
const TABLE: &str = r#"
id = "t-uc2"
version = "1"
format = 2
kind = "unit-cost"
title = "Test"
price_year = 2020
currency = "GBP"
licence = "test"
[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2020
url_note = "address not recorded when the figure was read"
licence = "test"
[[rows]]
id = "foster"
label = "Foster care"
value = "33682.44"
unit = "child-year"
source = "s"
locator = "p. 86"
status = "derived"
confidence = 3
agency = "la"
cashable = true
recurrence = "per-year"
[rows.derived]
inputs = { weekly = "646", weeks = "52.14" }
formula = "weekly * weeks"
ROW
"#;

fn table(row: &str) -> socval::Result<ProxyTable> {
    ProxyTable::from_toml_str("t.toml", &TABLE.replace("ROW", row))
}

fn err(row: &str) -> socval::Error {
    table(row).unwrap_err()
}

/// The place an error names: the row (by id) and the field.
fn row_and_field(e: &socval::Error) -> (String, String) {
    match &e.place().location {
        Location::Row { id, .. } => (id.clone(), e.place().field.clone()),
        other => panic!("not a row: {other:?} ({e})"),
    }
}

#[test]
fn a_derivation_recomputes_to_its_value() {
    let t = table("").unwrap();
    let r = &t.rows[0];
    assert_eq!(r.evidence(), EvidenceStatus::Derived);
    // 646 × 52.14 = 33,682.44 exactly.
    assert_eq!(r.derived.as_ref().unwrap().compute(None).unwrap(), d("33682.44"));
    assert_eq!(
        t.source("s").unwrap().address(),
        "no URL: address not recorded when the figure was read"
    );
}

#[test]
fn a_derivation_that_does_not_recompute_is_refused_naming_file_row_and_field() {
    // 365.25 / 7 = 52.18 weeks, not 52.14: the value no longer recomputes.
    let e = table("").map(|_| ()).and_then(|_| {
        ProxyTable::from_toml_str(
            "t.toml",
            &TABLE
                .replace("ROW", "")
                .replace("weeks = \"52.14\"", "weeks = \"52.18\""),
        )
        .map(|_| ())
    });
    let e = e.unwrap_err();
    assert_eq!(e.place().file, "t.toml");
    assert_eq!(row_and_field(&e), ("foster".into(), "value".into()));
    assert!(e.to_string().contains("recomputes to 33708.28"), "{e}");
    assert!(e.to_string().contains("line "), "names the row's line: {e}");
}

#[test]
fn a_formula_naming_no_input_is_refused() {
    let text = TABLE.replace("ROW", "").replace("weekly * weeks", "weekly * days");
    let e = ProxyTable::from_toml_str("t.toml", &text).unwrap_err();
    assert_eq!(row_and_field(&e), ("foster".into(), "derived.formula".into()));
    assert!(e.to_string().contains("\"days\" is not an input"), "{e}");
    let text = TABLE.replace("ROW", "").replace("weekly * weeks", "weekly + weeks");
    let e = ProxyTable::from_toml_str("t.toml", &text).unwrap_err();
    assert!(e.to_string().contains("expected * or /"), "{e}");
}

const PLAIN_ROW: &str = r#"
[[rows]]
id = "court"
label = "Court"
value = "4180.00"
unit = "set of proceedings"
source = "s"
locator = "answer"
confidence = 2
agency = "courts"
cashable = false
recurrence = "one-off"
STATUS
"#;

#[test]
fn format_two_requires_status_locator_and_confidence() {
    let e = err(&PLAIN_ROW.replace("STATUS", ""));
    assert_eq!(row_and_field(&e), ("court".into(), "status".into()));
    let e = err(&PLAIN_ROW
        .replace("STATUS", "status = \"primary\"")
        .replace("locator = \"answer\"\n", ""));
    assert_eq!(row_and_field(&e), ("court".into(), "locator".into()));
    let e = err(&PLAIN_ROW
        .replace("STATUS", "status = \"primary\"")
        .replace("confidence = 2\n", ""));
    assert_eq!(row_and_field(&e), ("court".into(), "confidence".into()));
    // A derived status needs its derivation; an assumption cannot be primary.
    let e = err(&PLAIN_ROW.replace("STATUS", "status = \"derived\""));
    assert_eq!(row_and_field(&e), ("court".into(), "derived".into()));
    let e = err(&PLAIN_ROW.replace("STATUS", "status = \"primary\"\nassumption = true"));
    assert_eq!(row_and_field(&e), ("court".into(), "status".into()));
    let e = err(&PLAIN_ROW.replace("STATUS", "status = \"guessed\""));
    assert!(e.to_string().contains("guessed"), "{e}");
    // Status assumption makes the row an assumption in the working.
    let t = table(&PLAIN_ROW.replace("STATUS", "status = \"assumption\"")).unwrap();
    assert!(t.rows[1].is_assumption());
}

#[test]
fn old_tables_load_unchanged_and_their_status_is_read_from_assumption() {
    let reg = Registry::embedded();
    let old = reg.get("wellbeing-open@1.0.0").unwrap();
    assert_eq!(old.format, None);
    let status = |id: &str| old.rows.iter().find(|r| r.id == id).unwrap().evidence();
    assert_eq!(status("relief-depression-anxiety"), EvidenceStatus::Secondary);
    assert_eq!(status("high-confidence"), EvidenceStatus::Assumption);
    let uc = reg.get("unit-costs-open@1.0.0").unwrap();
    assert!(uc.rows.iter().all(|r| r.status.is_none() && r.derived.is_none()));
}

#[test]
fn a_table_not_in_pounds_is_refused() {
    let text = TABLE
        .replace("ROW", "")
        .replace("currency = \"GBP\"", "currency = \"EUR\"");
    let e = ProxyTable::from_toml_str("t.toml", &text).unwrap_err();
    assert_eq!(e.place().field, "currency");
    assert!(e.to_string().contains("socval reports in £"), "{e}");
}

#[test]
fn a_source_without_url_says_why() {
    let text = TABLE
        .replace("ROW", "")
        .replace("url_note = \"address not recorded when the figure was read\"\n", "");
    let e = ProxyTable::from_toml_str("t.toml", &text).unwrap_err();
    assert_eq!(e.place().field, "url");
    assert!(matches!(e.place().location, Location::Source { .. }));
}

/// Every derivation in every shipped table recomputes from its inputs to the row's value (and
/// its low and high, where it gives inputs for them), rounded to the places the value is written
/// with; the build refuses any that does not, and this test recomputes them again here.
// Reads the shipped tables' evidence text: compiled in with the `table-text` feature.
#[cfg(feature = "table-text")]
#[test]
fn every_shipped_derivation_recomputes() {
    let mut n = 0;
    for t in Registry::embedded().tables() {
        for r in &t.rows {
            let Some(der) = &r.derived else { continue };
            let round = |x: socval::Decimal, like: socval::Decimal| {
                x.round_dp_with_strategy(like.scale(), rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            };
            let v = der.compute(None).unwrap();
            assert_eq!(round(v, r.value), r.value, "{} {}", t.reference(), r.id);
            if let Some(low) = &der.low {
                let x = der.compute(Some(low)).unwrap();
                assert_eq!(
                    round(x, r.low.unwrap()),
                    r.low.unwrap(),
                    "{} {} low",
                    t.reference(),
                    r.id
                );
            }
            if let Some(high) = &der.high {
                let x = der.compute(Some(high)).unwrap();
                assert_eq!(
                    round(x, r.high.unwrap()),
                    r.high.unwrap(),
                    "{} {} high",
                    t.reference(),
                    r.id
                );
            }
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} derivations found");
}

/// Units per event: a unit-cost row counted per legally aided party, 3 parties per set.
const UNITS: &str = r#"
[[rows]]
id = "legal-aid"
label = "Legal aid per party"
value = "10000.00"
unit = "legally aided party"
source = "s"
locator = "answer"
status = "primary"
confidence = 1
agency = "legal-aid"
cashable = true
recurrence = "one-off"
[rows.units_per_event]
value = "3"
low = "3"
high = "5"
label = "legally aided parties per set of proceedings"
"#;

const DEFL: &str = r#"
id = "t-defl"
version = "1"
kind = "deflator"
title = "Test deflator"
licence = "test"
[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2020
url = "https://example.org"
licence = "test"
[[years]]
year = 2020
index = "100"
source = "s"
"#;

fn units_registry() -> Registry {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("uc.toml", &TABLE.replace("ROW", UNITS)).unwrap();
    reg.add_toml("defl.toml", DEFL).unwrap();
    reg
}

const UNITS_SCENARIO: &str = r#"
name = "Units"
families = 10
price_year = 2020
discount_rate = "0"
[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "t-uc2@1"
deflators = "t-defl@1"
[[avoided]]
id = "legal-aid"
proxy = "legal-aid"
count = "2.5"
net_of_counterfactual = true
"#;

/// 2.5 sets avoided × 3 parties per set × £10,000 = £75,000 (no discounting, no rebasing); with
/// the item's own 4 parties per set, £100,000.
#[test]
fn units_per_event_multiply_the_events_and_the_working_says_so() {
    let reg = units_registry();
    let s = Scenario::from_toml_str("u.toml", UNITS_SCENARIO).unwrap();
    let v = evaluate(&s, None, &reg).unwrap();
    assert_eq!(v.totals.fiscal_savings, d("75000"));
    let line = v.section_lines(Section::FiscalSavings).next().unwrap();
    assert_eq!(line.quantity, d("7.5"));
    assert!(
        line.working
            .contains("× 2.5 × 3 legally aided parties per set of proceedings"),
        "{}",
        line.working
    );
    let s = Scenario::from_toml_str(
        "u.toml",
        &UNITS_SCENARIO.replace("count = \"2.5\"", "count = \"2.5\"\nunits_per_event = \"4\""),
    )
    .unwrap();
    let v = evaluate(&s, None, &reg).unwrap();
    assert_eq!(v.totals.fiscal_savings, d("100000"));
    assert!(
        v.lines[0].working.contains("× 2.5 × 4 legally aided parties"),
        "{}",
        v.lines[0].working
    );
    // A scenario's own units per event must be positive.
    let e = Scenario::from_toml_str(
        "u.toml",
        &UNITS_SCENARIO.replace("count = \"2.5\"", "count = \"2.5\"\nunits_per_event = \"0\""),
    )
    .unwrap_err();
    assert_eq!(e.place().field, "units_per_event");
}

#[test]
fn units_per_event_are_checked_and_belong_to_unit_costs() {
    let e = err(&UNITS.replace("high = \"5\"", "high = \"2\""));
    assert_eq!(row_and_field(&e), ("legal-aid".into(), "units_per_event.high".into()));
    let e = err(&UNITS.replace(
        "label = \"legally aided parties per set of proceedings\"",
        "label = \"\"",
    ));
    assert_eq!(row_and_field(&e), ("legal-aid".into(), "units_per_event.label".into()));
}

/// Issue 10: a picker shows each row's value, evidence status, grade and source beside its name.
// Reads the shipped tables' evidence text: compiled in with the `table-text` feature.
#[cfg(feature = "table-text")]
#[test]
fn a_row_summary_shows_value_status_and_source() {
    let t = socval::Registry::embedded().get("wellbeing-open@2.0.0").unwrap();
    let row = t.rows.iter().find(|r| r.id == "employment").unwrap();
    let s = t.row_summary(row);
    assert!(s.starts_with(&row.label), "{s}");
    assert!(s.contains("£5,980.00 per person-year (2019 prices)"), "{s}");
    assert!(s.contains("primary, grade 1"), "{s}");
    assert!(s.contains("HM Treasury 2021"), "{s}");
}

/// Audit 2 (2026-12-07): the 3.0.0 tables keep every value of 2.0.0 and correct statuses, grades,
/// labels and addresses; every WELLBY-based wellbeing row is flagged for HM Treasury's uprating.
/// Each changed row's value is checked against its derivation: the derived rows recompute (the
/// formula × inputs, see `every_shipped_derivation_recomputes`), and here, for instance,
/// 0.72 × £13,000 = £9,360, 0.03 × £13,000 = £390, 0.22 × £13,000 = £2,860.
// Reads the shipped tables' evidence text: compiled in with the `table-text` feature.
#[cfg(feature = "table-text")]
#[test]
fn audit_two_corrections_in_the_three_tables() {
    let reg = Registry::embedded();
    let wb3 = reg.get("wellbeing-open@3.0.0").unwrap();
    let wb2 = reg.get("wellbeing-open@2.0.0").unwrap();
    let row = |t: &ProxyTable, id: &str| t.rows.iter().find(|r| r.id == id).cloned().unwrap();
    for (id, effect, value) in [
        ("relief-depression-anxiety", "0.72", "9360.00"),
        ("training-education", "0.03", "390.00"),
        ("one-fewer-physical-illness", "0.22", "2860.00"),
    ] {
        let r = row(wb3, id);
        assert_eq!(r.evidence(), EvidenceStatus::Derived, "{id}");
        assert_eq!(r.value, d(value), "{id}");
        assert_eq!(d(effect) * d("13000"), r.value, "{id}");
        assert_eq!(r.derived.as_ref().unwrap().compute(None).unwrap(), r.value, "{id}");
    }
    assert_eq!(
        row(wb3, "one-fewer-physical-illness").label,
        "One fewer physical illness"
    );
    assert!(!wb3.rows.iter().any(|r| r.id == "good-overall-health"));
    // Every row of 2.0.0 keeps its value (good-overall-health under its new id).
    for r in &wb2.rows {
        let id = if r.id == "good-overall-health" {
            "one-fewer-physical-illness"
        } else {
            r.id.as_str()
        };
        assert_eq!((row(wb3, id).value, row(wb3, id).low), (r.value, r.low), "{id}");
    }
    // Every WELLBY-based row is uprated as the WELLBY is; volunteering (HM Treasury's £911, not built
    // here as an effect times the WELLBY) stays on the deflator.
    for r in &wb3.rows {
        assert_eq!(r.wellby_uprating, r.id != "volunteering", "{}", r.id);
    }
    assert!(wb2.rows.iter().all(|r| !r.wellby_uprating));

    let uc3 = reg.get("unit-costs-open@3.0.0").unwrap();
    let uc2 = reg.get("unit-costs-open@2.0.0").unwrap();
    for r in &uc2.rows {
        assert_eq!(row(uc3, &r.id).value, r.value, "{}: no value changed", r.id);
    }
    assert_eq!(row(uc3, "avoided-removal-pause").evidence(), EvidenceStatus::Secondary);
    let legal = row(uc3, "care-proceedings-legal-aid");
    assert_eq!((legal.evidence(), legal.confidence), (EvidenceStatus::Primary, Some(2)));
    assert!(legal.derivation.contains("socval's inference"), "{}", legal.derivation);
    // The pre-2010 figures found in no source are assumptions.
    for id in [
        "care-proceedings-la",
        "care-proceedings-cafcass",
        "pre-birth-assessment",
        "child-in-need",
        "child-protection-plan",
    ] {
        let r = row(uc3, id);
        assert!(uc3.row_price_year(&r) < 2010, "{id}");
        assert_eq!(r.evidence(), EvidenceStatus::Assumption, "{id}");
        assert!(r.is_assumption());
    }
    // The addresses Audit 2 found are recorded.
    for (source, url) in [
        (
            "dfe-pq-32081",
            "https://parallelparliament.co.uk/question/32081/children-in-care",
        ),
        ("corambaaf-fees", "https://corambaaf.org.uk/node/944"),
        (
            "crisis-ta-2024",
            "https://crisis.org.uk/about-us/crisis-media-centre/council-spending-on-emergency-accommodation-tops-22bn",
        ),
        (
            "dfe-cla-2024",
            "https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions/2024",
        ),
    ] {
        let s = uc3.source(source).unwrap();
        assert_eq!(s.url, url);
        assert!(s.url_note.is_none());
    }
    // The GDP-per-head series gains 2024, derived from ONS's stated −0.1 %: 33,257 × 0.999.
    let g = reg.get("real-gdp-per-head@1.1.0").unwrap();
    assert_eq!(g.index(2024), Some(d("33257") * d("0.999")));
    assert_eq!(g.index(2024), Some(d("33223.743")));
    let g0 = reg.get("real-gdp-per-head@1.0.0").unwrap();
    for y in 2015..=2023 {
        assert_eq!(g.index(y), g0.index(y), "{y}");
    }
}
