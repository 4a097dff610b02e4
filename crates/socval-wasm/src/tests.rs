//! The JS API's functions called natively (`lib.rs`): each template valued as the core values it,
//! validation, claims, errors naming the field, decimals as strings, `with_evidence`, and records
//! read as the scenario's `[records]` says.

use super::*;

#[test]
fn every_template_evaluates_like_the_core() {
    for t in socval::templates() {
        let s = t.scenario().expect("template parses");
        let direct = socval::evaluate_named(SCENARIO_FILE, &s, None, Registry::embedded()).expect("evaluates");
        assert_eq!(evaluate_json(&s.to_json(), None).expect("evaluates"), direct.to_json());
    }
}

#[test]
fn validate_checks_ranges_and_settings() {
    let mut s = socval::templates()[0].scenario().expect("template parses");
    assert!(validate_json(&s.to_json()).is_ok());
    s.ranges[0].low = Some(socval::Decimal::from(5));
    let e = validate_json(&s.to_json()).unwrap_err();
    assert_eq!(
        e.place().location.to_string(),
        format!("ranges[0] ({})", s.ranges[0].target)
    );
    let mut s = socval::templates()[0].scenario().expect("template parses");
    s.uncertainty.get_or_insert_with(Default::default).draws = Some(0);
    let e = validate_json(&s.to_json()).unwrap_err();
    assert_eq!(e.place().field, "draws");
}

#[test]
fn a_claim_is_tested_as_the_core_tests_it() {
    let t = &socval::templates()[0];
    let s = t.scenario().expect("template parses");
    let out = claim_with(
        &s.to_json(),
        r#"{"figure": "fiscal_savings", "amount": "1000000.00", "per_family": false}"#,
        None,
        None,
    )
    .expect("claim");
    let c = socval::uncertainty::Claim {
        figure: socval::uncertainty::ClaimFigure::FiscalSavings,
        amount: "1000000.00".parse().expect("decimal"),
        per_family: false,
    };
    let direct = socval::uncertainty::claim_named(SCENARIO_FILE, &s, None, Registry::embedded(), &c).expect("claim");
    assert_eq!(out, serde_json::to_string_pretty(&direct).expect("json"));
    for (json, field) in [
        (r#"{"figure": "fiscal_savings", "amount": 1000000}"#, "amount"),
        (r#"{"figure": "money", "amount": "1"}"#, "figure"),
        (
            r#"{"figure": "fiscal_savings", "amount": "1", "perFamily": true}"#,
            "perFamily",
        ),
    ] {
        let e = claim_with(&s.to_json(), json, None, None).unwrap_err();
        assert_eq!(e.place().field, field, "{e}");
        assert_eq!(e.place().file, "claim", "{e}");
    }
}

#[test]
fn errors_name_the_field() {
    let e = evaluate_json(r#"{"name": "x"}"#, None).unwrap_err().to_string();
    assert!(e.contains("families"), "{e}");
    let e = validate_json("{").unwrap_err().to_string();
    assert!(e.contains("line 1"), "{e}");
}

#[test]
fn decimals_are_strings() {
    let example = |amount: &str| {
        format!(
            r#"{{"name": "Example", "families": 10, "price_year": 2024,
  "tables": {{"wellbeing": "wellbeing-open@1.0.0", "unit_costs": "unit-costs-open@1.0.0", "deflators": "gdp-deflator@1.0.0"}},
  "costs": [{{"label": "Programme", "amount": {amount}}}],
  "outcomes": [{{"id": "confidence", "proxy": "high-confidence", "rate": "0.5"}}]}}"#
        )
    };
    assert!(evaluate_json(&example("\"50000\""), None).is_ok());
    // A decimal string not read as written (a digit separator, more digits than a Decimal
    // holds) is refused too, naming the field.
    for bad in ["\"50_000\"", "\"50000.00000000000000000000000001\""] {
        let e = evaluate_json(&example(bad), None).unwrap_err();
        assert!(e.to_string().contains("amount"), "{e}");
        assert!(
            e.to_string().contains("digit separator") || e.to_string().contains("more digits than"),
            "{e}"
        );
    }
    for e in [
        evaluate_json(&example("50000"), None).unwrap_err(),
        uncertainty_json(&example("50000"), None).unwrap_err(),
        validate_json(&example("50000")).unwrap_err(),
        // A fraction is refused by the core itself, before the scenario is read.
        evaluate_json(&example("50000.5"), None).unwrap_err(),
    ] {
        assert_eq!(e.place().field, "amount", "{e}");
        assert_eq!(
            e.place().location,
            socval::Location::Line {
                line: 3,
                column: Some(46)
            },
            "{e}"
        );
    }
}

#[test]
fn with_evidence_sets_the_minimum_the_cli_takes() {
    let s = socval::template("step-together").unwrap().scenario().unwrap();
    let limited = with_evidence_json(&s.to_json(), "derived").expect("a known status");
    let v: serde_json::Value = serde_json::from_str(&evaluate_json(&limited, None).unwrap()).unwrap();
    let mut direct = s.clone();
    direct.min_evidence = Some(socval::tables::EvidenceStatus::Derived);
    let want = socval::evaluate_named(SCENARIO_FILE, &direct, None, Registry::embedded()).unwrap();
    assert_eq!(v["min_evidence"], "derived");
    assert_eq!(v["display"]["social_value"], want.display.social_value.to_string());
    assert!(!want.left_out.is_empty());
}

/// Step Together with a `[records]` section that names a delimiter (`|`) and maps two headers to
/// socval's names, its records in that form, and those records as the CLI reads them
/// (`Records::stream_named`); `no_ranges`: without its ranges (a claim's quick figure).
fn mapped_records(no_ranges: bool) -> (socval::Scenario, &'static str, Records) {
    let mut s = socval::template("step-together").unwrap().scenario().unwrap();
    if no_ranges {
        s.ranges.clear();
    }
    let id = s.outcomes[0].id.clone();
    let f = s.records.get_or_insert_with(Default::default);
    f.delimiter = Some("|".into());
    f.columns.insert("Case ref".into(), "family_id".into());
    f.columns.insert("Outcome A".into(), id);
    let csv = "Case ref|members|Outcome A\nF1|mother:25-49|mother\nF2|mother:under-25|\n";
    let reg = Registry::embedded();
    let cli = Records::stream_named(
        SCENARIO_FILE,
        RECORDS_FILE,
        std::io::Cursor::new(csv.as_bytes()),
        &s,
        reg,
    )
    .unwrap();
    (s, csv, cli)
}

/// The JS API reads records as the scenario's `[records]` says, giving the CLI's figures.
#[test]
fn records_follow_the_scenarios_records_settings() {
    let (s, csv, records) = mapped_records(false);
    let cli = socval::evaluate_named(SCENARIO_FILE, &s, Some(&records), Registry::embedded()).unwrap();
    assert_eq!(evaluate_json(&s.to_json(), Some(csv)).unwrap(), cli.to_json());
    assert!(cli.totals.social_value > socval::Decimal::ZERO);
}

/// The JS API's claim reads records as the scenario's `[records]` says, as `evaluate` does: the
/// core's claim on the records the CLI reads.
#[test]
fn a_claims_records_follow_the_scenarios_records_settings() {
    let (s, csv, cli) = mapped_records(true);
    let reg = Registry::embedded();
    let c = socval::uncertainty::Claim {
        figure: socval::uncertainty::ClaimFigure::SocialValue,
        amount: "1000".parse().expect("decimal"),
        per_family: false,
    };
    let direct = socval::uncertainty::claim_named(SCENARIO_FILE, &s, Some(&cli), reg, &c).expect("claim");
    let out = claim_with(
        &s.to_json(),
        r#"{"figure": "social_value", "amount": "1000", "per_family": false}"#,
        Some(csv),
        None,
    )
    .expect("claim");
    assert_eq!(out, serde_json::to_string_pretty(&direct).expect("json"));
}
