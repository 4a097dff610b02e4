//! Property tests of the engine (issue 2, "Tests and figures"), (e): arbitrary or mutated input to
//! the parsers and the engine never panics. The other properties are in `properties.rs`.

mod properties_common;

use properties_common::raw_scenario;
use proptest::prelude::*;
use proptest::sample::Index;
use socval::records::Records;
use socval::tables::ProxyTable;
use socval::{Decimal, Registry, Scenario, evaluate};

// ---------------------------------------------------------------------------------------------
// (e) Nothing panics.

const SCENARIO: &str = r#"name = "Fuzz"
families = 50
price_year = 2021
discount_rate = "0.035"
discount_convention = "green-book"
combined_total = true

[optimism_bias]
"3" = "0.2"

[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "unit-costs-open@1.1.0"
deflators = "gdp-deflator@1.0.0"

[defaults]
attribution = "0.1"
duration = 3
drop_off = "0.25"

[[costs]]
label = "Delivery"
amount = "90000"
price_year = 2020

[[outcomes]]
id = "confidence"
proxy = "high-confidence"
rate = "0.4"
deadweight = "0.2"

[[outcomes]]
id = "relief"
proxy = "relief-depression-anxiety"
people = "12"
age_band = "25-49"

[[avoided]]
id = "proceedings"
proxy = "care-proceedings-court"
counterfactual_rate = "0.25"
observed_rate = "0.1"

[[avoided]]
id = "care"
proxy = "foster-care-la"
count = "2"
duration = 4
"#;

const TABLE: &str = r#"id = "fuzz-values"
version = "1.0.0"
kind = "wellbeing"
title = "Fuzz values"
price_year = 2021
licence = "test"

[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2021
url = "https://example.org"
licence = "test"

[[rows]]
id = "high-confidence"
label = "High confidence"
value = "13000.00"
unit = "person-year"
source = "s"
confidence = 3
exclusive_group = "mh"

[[rows]]
id = "high-confidence"
label = "High confidence, London"
value = "14000.00"
unit = "person-year"
source = "s"
region = "london"
age_band = "25-49"

[[rows]]
id = "relief-depression-anxiety"
label = "Relief"
value = "9000.00"
unit = "person-year"
source = "s"
exclusive_group = "mh"
"#;

const CSV: &str = "family_id,members,region,confidence,relief,proceedings,care
F1,mother:25-49;child:under-25,london,mother,child,1,0
F2,father:50-plus,,,father,0,1
F3,mother,outside-london,yes,,2,
";

/// Characters and tokens that make interesting TOML, JSON and CSV.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<char>().prop_map(String::from),
        "[ -~]{1,3}",
        prop::sample::select(vec![
            "\n",
            "\"",
            "=",
            "[",
            "]",
            "[[outcomes]]",
            "[[avoided]]",
            "[[rows]]",
            ",",
            ";",
            ":",
            "-",
            ".",
            "0",
            "1e9",
            "\"-1\"",
            "\"1.5\"",
            "99999999999999999999999999999",
            "79228162514264337593543950335",
            "1e400",
            "-0",
            "\u{feff}",
            "\r\n",
            "{",
            "}",
            "null",
            "true",
            "é",
            "£",
        ])
        .prop_map(String::from),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(Index, usize),
    Insert(Index, String),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    proptest::collection::vec(
        prop_oneof![
            (any::<Index>(), 1usize..=8).prop_map(|(i, n)| Edit::Delete(i, n)),
            (any::<Index>(), token()).prop_map(|(i, t)| Edit::Insert(i, t)),
        ],
        1..=6,
    )
}

/// Applies edits at character boundaries.
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match e {
            Edit::Delete(i, n) if !chars.is_empty() => {
                let at = i.index(chars.len());
                let end = (at + n).min(chars.len());
                chars.drain(at..end);
            }
            Edit::Delete(..) => {}
            Edit::Insert(i, t) => {
                let at = i.index(chars.len() + 1);
                chars.splice(at..at, t.chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// Parses and, where parsing succeeds, evaluates; only panics matter here.
fn try_everything(scenario: Option<&Scenario>, records: Option<&Records>, registry: &Registry) {
    if let Some(s) = scenario {
        let _ = evaluate(s, None, registry);
        if let Some(r) = records {
            let _ = evaluate(s, Some(r), registry);
        }
    }
}

fn user_registry(table: &str) -> Option<Registry> {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("fuzz-values.toml", table).ok()?;
    Some(reg)
}

#[test]
fn the_fuzz_fixtures_are_valid() {
    let s = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap();
    let r = Records::from_csv_str("fuzz.csv", CSV).unwrap();
    evaluate(&s, None, Registry::embedded()).unwrap();
    evaluate(&s, Some(&r), Registry::embedded()).unwrap();
    let reg = user_registry(TABLE).unwrap();
    let mut u = s.clone();
    u.tables.wellbeing = "fuzz-values@1.0.0".into();
    evaluate(&u, Some(&r), &reg).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Arbitrary text to every parser.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let s = Scenario::from_toml_str("x.toml", &text).ok();
        let j = Scenario::from_json_str("x.json", &text).ok();
        let r = Records::from_csv_str("x.csv", &text).ok();
        let _ = ProxyTable::from_toml_str("x.toml", &text);
        let _ = ProxyTable::from_json_str("x.json", &text);
        let reg = Registry::embedded();
        try_everything(s.as_ref(), r.as_ref(), reg);
        try_everything(j.as_ref(), r.as_ref(), reg);
    }

    /// Arbitrary bytes, read lossily as a face would.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Scenario::from_toml_str("x.toml", &text);
        let _ = Scenario::from_json_str("x.json", &text);
        let _ = ProxyTable::from_toml_str("x.toml", &text);
        if let Ok(r) = Records::from_csv_str("x.csv", &text) {
            let s = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap();
            let _ = evaluate(&s, Some(&r), Registry::embedded());
        }
    }

    /// A valid scenario's TOML, mutated, then evaluated (with and without records).
    #[test]
    fn mutated_scenario_toml_never_panics(e in edits()) {
        let text = mutate(SCENARIO, &e);
        let s = Scenario::from_toml_str("fuzz.toml", &text).ok();
        let r = Records::from_csv_str("fuzz.csv", CSV).ok();
        try_everything(s.as_ref(), r.as_ref(), Registry::embedded());
    }

    /// A valid scenario's JSON, mutated, then evaluated.
    #[test]
    fn mutated_scenario_json_never_panics(e in edits()) {
        let json = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap().to_json();
        let text = mutate(&json, &e);
        let s = Scenario::from_json_str("fuzz.json", &text).ok();
        try_everything(s.as_ref(), None, Registry::embedded());
    }

    /// A valid records CSV, mutated, then evaluated against the scenario.
    #[test]
    fn mutated_records_never_panic(e in edits()) {
        let text = mutate(CSV, &e);
        let s = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap();
        if let Ok(r) = Records::from_csv_str("fuzz.csv", &text) {
            let _ = evaluate(&s, Some(&r), Registry::embedded());
        }
    }

    /// A valid user table, mutated, loaded and used by the scenario.
    #[test]
    fn mutated_table_never_panics(e in edits()) {
        let text = mutate(TABLE, &e);
        let _ = ProxyTable::from_json_str("fuzz.json", &text);
        if let Some(reg) = user_registry(&text) {
            let mut s = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap();
            s.tables.wellbeing = "fuzz-values@1.0.0".into();
            let r = Records::from_csv_str("fuzz.csv", CSV).ok();
            try_everything(Some(&s), r.as_ref(), &reg);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Extreme numbers in a scenario built directly never panic.

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Extreme numbers in every numeric field of a scenario built directly.
    #[test]
    fn extreme_numbers_never_panic(
        raw in raw_scenario(),
        big in prop::sample::select(vec![
            Decimal::MAX, Decimal::MIN, Decimal::new(1, 28), Decimal::from(u32::MAX), Decimal::from(i64::MAX),
            Decimal::ONE, Decimal::ZERO,
        ]),
        which in 0usize..8,
    ) {
        let mut s = raw.build();
        match which {
            0 => s.discount_rate = Some(big),
            1 => s.people_per_family = Some(big),
            2 => if let Some(c) = s.costs.first_mut() { c.amount = big },
            3 => if let Some(o) = s.outcomes.first_mut() { o.people = Some(big); o.rate = None },
            4 => if let Some(a) = s.avoided.first_mut() { a.count = Some(big); a.counterfactual_rate = None; a.observed_rate = None },
            5 => if let Some(o) = s.outcomes.first_mut() { o.adjustments.drop_off = Some(big) },
            6 => { s.families = u32::MAX; }
            _ => { s.defaults.duration = Some(u32::MAX); }
        }
        let _ = evaluate(&s, None, Registry::embedded());
    }
}
