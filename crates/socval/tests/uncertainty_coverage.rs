//! Uncertainty analysis, issue 7: the analysis runs on every scenario `evaluate` accepts, or names
//! the range at fault (the basic properties are in `uncertainty.rs`).

mod uncertainty_common;

use socval::adjust::Adjustment;
use socval::uncertainty::{BreakEvenKind, BreakEvensStatus, Field, Total, Unit, analyse, break_even, tornado};
use socval::{Decimal, Error, Registry, Scenario, evaluate, templates};
use uncertainty_common::{BASE, d, scenario};

fn fixture(f: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::read_to_string(dir.join(f)).unwrap()
}

/// A registry with the licensed-style fixture table loaded.
fn licensed() -> Registry {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("licensed-wellbeing.toml", &fixture("licensed-wellbeing.toml"))
        .unwrap();
    reg
}

fn with_draws(mut s: Scenario, n: u32) -> Scenario {
    let mut u = s.uncertainty.clone().unwrap_or_default();
    u.draws = Some(n);
    s.uncertainty = Some(u);
    s
}

/// basic.toml: an avoided item with an observed rate of 0.1 and a cost. The break-even search on
/// its counterfactual rate stays in [0.1, 1] (it used to try 0 and be refused with "observed rate
/// 0.1 exceeds the counterfactual rate 0").
#[test]
fn basic_fixture_is_analysed_and_its_rate_breaks_even_inside_its_domain() {
    let s = with_draws(
        Scenario::from_toml_str("basic.toml", &fixture("basic.toml")).unwrap(),
        50,
    );
    let reg = Registry::embedded();
    evaluate(&s, None, reg).unwrap();
    let a = analyse(&s, None, reg).unwrap();
    let be = &a.break_even;
    assert_eq!(be.status, BreakEvensStatus::Values);
    let cf = be
        .values
        .iter()
        .find(|b| b.target == "avoided.proceedings-court.counterfactual_rate" && b.total == Total::FiscalSavings)
        .unwrap();
    assert_eq!(cf.unit, Unit::Share);
    // The two residential child-years (£5,000+ a week) cover the £120,000 alone, whatever the
    // court item's counterfactual rate over its domain, from the observed 10 % to 100 %.
    assert_eq!(cf.kind, BreakEvenKind::Always, "{}", cf.text);
    assert!(cf.text.ends_with("(10 % to 100 %)"), "{}", cf.text);
    assert!(cf.text.contains("“Care proceedings"), "{}", cf.text);
    // Nothing claims the scenario has no cost.
    assert!(!be.text.contains("no programme cost"), "{}", be.text);
}

/// records.toml with families.csv: the facts come from the records, so no count or rate of an
/// avoided item is varied (it used to add a counterfactual rate to an item that has none and be
/// refused with "a counterfactual rate needs an observed rate").
#[test]
fn records_fixture_is_analysed_without_varying_facts() {
    let reg = licensed();
    let s = with_draws(
        Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap(),
        50,
    );
    let records = socval::records::Records::from_csv_str("families.csv", &fixture("families.csv")).unwrap();
    let a = analyse(&s, Some(&records), &reg).unwrap();
    // Its only ranges would be on facts; its proxies carry no table range: nothing to vary.
    assert_eq!(a.break_even.status, BreakEvensStatus::NothingToVary);
    assert_eq!(
        a.break_even.text,
        "none: against a programme cost of £25,000.00, no assumption with a range moves social value or fiscal savings"
    );
    // A range on a fact of a records scenario is refused, naming the range.
    let mut t = s.clone();
    t.ranges.push(socval::scenario::RangeSpec {
        target: "outcomes.lonely.rate".into(),
        low: Some(d("0")),
        high: Some(d("1")),
        distribution: Default::default(),
        note: String::new(),
    });
    let e = analyse(&t, Some(&records), &reg).unwrap_err();
    assert_eq!(e.place().location.to_string(), "ranges[0]");
    assert!(e.to_string().contains("come from the records"), "{e}");
}

/// The statements: a covering total says so whatever the value; a total that cannot reach the
/// cost says "never"; counts are counts, shares percentages; a scenario with a cost but nothing to
/// vary says "none", not that it has no cost.
#[test]
fn break_even_statements_say_what_they_are_about() {
    // Cost £100: the residential year alone covers it, whatever the court item's deadweight.
    let s = Scenario::from_toml_str(
        "u.toml",
        &(BASE
            .replace("amount = \"12000\"", "amount = \"100\"")
            .replace(
                "count = \"2\"\n",
                "count = \"2\"\n[[avoided]]\nid = \"res\"\nproxy = \"residential-care\"\ncount = \"1\"\n",
            )
            + "[uncertainty]\ntable_ranges = false\n[[ranges]]\ntarget = \"avoided.court.deadweight\"\nlow = \"0\"\nhigh = \"0.5\"\n"),
    )
    .unwrap();
    let be = break_even(&s, None, Registry::embedded()).unwrap();
    let dw = be
        .values
        .iter()
        .find(|b| b.target == "avoided.court.deadweight" && b.total == Total::FiscalSavings)
        .unwrap();
    assert_eq!(dw.kind, BreakEvenKind::Always);
    assert!(
        dw.text
            .starts_with("Fiscal savings cover the programme cost whatever the deadweight of “Care proceedings"),
        "{}",
        dw.text
    );
    assert!(dw.text.ends_with("(0 % to 100 %)"), "{}", dw.text);
    // Deadweight does not move social value: no statement about it.
    assert!(
        !be.values
            .iter()
            .any(|b| b.target == "avoided.court.deadweight" && b.total == Total::SocialValue)
    );

    // Cost £10m: 10 people cannot reach it.
    let s = scenario(
        "[uncertainty]\ntable_ranges = false\n[[ranges]]\ntarget = \"outcomes.conf.people\"\nlow = \"2\"\nhigh = \"10\"\n",
    );
    let mut s = s;
    s.costs[0].amount = d("10000000");
    let be = break_even(&s, None, Registry::embedded()).unwrap();
    let people = be.values.iter().find(|b| b.target == "outcomes.conf.people").unwrap();
    assert_eq!(people.kind, BreakEvenKind::Never);
    assert!(people.text.contains("never covers"), "{}", people.text);
    assert!(people.text.ends_with("(0 to 10)"), "{}", people.text);

    // A cost, only an outcome given as a rate, no ranges: nothing to vary, and it says so.
    let s = Scenario::from_toml_str(
        "u.toml",
        &format!(
            "{}\n[uncertainty]\ntable_ranges = false\n",
            BASE.replace(
                "[[avoided]]\nid = \"court\"\nproxy = \"care-proceedings-court\"\ncount = \"2\"\n",
                ""
            )
        ),
    )
    .unwrap();
    let be = break_even(&s, None, Registry::embedded()).unwrap();
    assert_eq!(be.status, BreakEvensStatus::NothingToVary);
    assert!(
        be.text.starts_with("none: against a programme cost of £12,000.00"),
        "{}",
        be.text
    );
}

/// The break-even of a rate: with 10 families, an observed rate of 0.1 and one court set worth
/// £4,388.05 (see above), £12,000 of cost is covered when 10 × (cf − 0.1) × 4,388.05 ≥ 12,000,
/// cf ≥ 0.1 + 0.27347 = 0.37347: "at least 37.35 %" (rounded up), one set in every 1 ÷ 0.27347 =
/// 3.65 families, "3.6".
#[test]
fn break_even_of_a_counterfactual_rate_is_a_percentage() {
    let s = Scenario::from_toml_str(
        "u.toml",
        &BASE.replace(
            "count = \"2\"\n",
            "counterfactual_rate = \"0.5\"\nobserved_rate = \"0.1\"\n",
        ),
    )
    .unwrap();
    let be = break_even(&s, None, Registry::embedded()).unwrap();
    let cf = be
        .values
        .iter()
        .find(|b| b.target == "avoided.court.counterfactual_rate" && b.total == Total::FiscalSavings)
        .unwrap();
    let exact = d("0.1") + d("12000") / (d("10") * d("4180") * d("80.8738") / d("77.0388"));
    let v = cf.value().unwrap();
    assert!(v >= exact && v - exact <= cf.tolerance, "{v} vs {exact}");
    assert!(cf.text.contains("is at least 37.35 %"), "{}", cf.text);
    assert_eq!(cf.families_per_event, Some(d("3.6")));
}

/// Central values are the engine's: for every adjustment target of the shipped templates and the
/// fixtures, the central value equals what the working's lines show, and writing it into the
/// scenario leaves the totals unchanged.
#[test]
fn central_values_are_the_engines() {
    let reg = licensed();
    let mut cases: Vec<(Scenario, Option<socval::records::Records>)> =
        templates().iter().map(|t| (t.scenario().unwrap(), None)).collect();
    cases.push((
        Scenario::from_toml_str("basic.toml", &fixture("basic.toml")).unwrap(),
        None,
    ));
    cases.push((
        Scenario::from_toml_str("aggregate.toml", &fixture("aggregate.toml")).unwrap(),
        None,
    ));
    cases.push((
        Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap(),
        Some(socval::records::Records::from_csv_str("families.csv", &fixture("families.csv")).unwrap()),
    ));
    let mut checked = 0;
    for (s, rec) in &cases {
        let v = evaluate(s, rec.as_ref(), &reg).unwrap();
        for t in socval::uncertainty::targets(s, rec.as_ref(), &reg) {
            let parts: Vec<&str> = t.target.split('.').collect();
            let [section @ ("outcomes" | "avoided"), id, field] = parts.as_slice() else {
                continue;
            };
            let Some(f) = Field::parse(field).filter(|f| f.is_adjustment()) else {
                continue;
            };
            let lines: Vec<&socval::Line> = v
                .lines
                .iter()
                .filter(|l| l.item == *id && l.kind == socval::LineKind::Value)
                .collect();
            if let Some(l) = lines.first() {
                let shown = match f.adjustment() {
                    // The engine takes no drop-off on an item lasting one year.
                    Some(Adjustment::DropOff) if lines.iter().all(|x| x.year == l.year) => t.central,
                    Some(a) if a != Adjustment::Duration => l.adjustment(a).unwrap_or_default(),
                    _ => Decimal::from(
                        lines
                            .iter()
                            .filter(|x| x.age_band == l.age_band && x.region == l.region)
                            .count() as u64,
                    ),
                };
                assert_eq!(t.central, shown, "{}: {}", s.name, t.target);
            }
            let mut w = s.clone();
            let adj = if *section == "outcomes" {
                &mut w.outcomes.iter_mut().find(|o| o.id == *id).unwrap().adjustments
            } else {
                &mut w.avoided.iter_mut().find(|a| a.id == *id).unwrap().adjustments
            };
            f.adjustment().expect("an adjustment").set(adj, Some(t.central));
            let after = evaluate(&w, rec.as_ref(), &reg).unwrap();
            assert_eq!(after.totals, v.totals, "{}: {} at {}", s.name, t.target, t.central);
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

/// A net-of-counterfactual item is valued with no deadweight whatever the defaults say: its
/// central deadweight is 0, not the default 20 %; a range on it without a reason is refused.
#[test]
fn a_net_item_has_no_central_deadweight() {
    let text = BASE.replace(
        "count = \"2\"\n",
        "counterfactual_rate = \"0.5\"\nobserved_rate = \"0.1\"\n",
    ) + "[defaults]\ndeadweight = \"0.2\"\n";
    let s = Scenario::from_toml_str("u.toml", &text).unwrap();
    let reg = Registry::embedded();
    let e = socval::uncertainty::describe(&s, None, reg, "avoided.court.deadweight").unwrap_err();
    assert!(e.to_string().contains("net of the counterfactual"), "{e}");
    let s = Scenario::from_toml_str(
        "u.toml",
        &text.replace(
            "observed_rate = \"0.1\"\n",
            "observed_rate = \"0.1\"\ndeadweight_reason = \"partly national trend\"\n",
        ),
    )
    .unwrap();
    let t = socval::uncertainty::describe(&s, None, reg, "avoided.court.deadweight").unwrap();
    assert_eq!(t.central, Decimal::ZERO);
    // The outcome is not net: it takes the default.
    let t = socval::uncertainty::describe(&s, None, reg, "outcomes.conf.deadweight").unwrap();
    assert_eq!(t.central, d("0.2"));
}

/// A table whose variants differ in default deadweight, and a row worth nothing.
const VARIANTS: &str = r#"
id = "variants"
version = "1"
kind = "wellbeing"
title = "Test variants"
description = "test"
currency = "GBP"
price_year = 2019
licence = "CC0-1.0"
changelog = ["1: test"]
[[sources]]
id = "t"
publisher = "tests"
title = "tests"
year = 2024
url = "https://example.invalid/"
licence = "CC0-1.0"
[[rows]]
id = "conf"
label = "Confidence"
value = "1000.00"
unit = "person-year"
source = "t"
default_deadweight = "0.1"
[[rows]]
id = "conf"
label = "Confidence (under 25)"
value = "900.00"
unit = "person-year"
source = "t"
age_band = "under-25"
default_deadweight = "0.3"
[[rows]]
id = "nothing"
label = "Nothing"
value = "0.00"
unit = "person-year"
source = "t"
[[rows]]
id = "tiny"
label = "Tiny"
value = "0.0000000001"
unit = "person-year"
source = "t"
"#;

fn variants_scenario(outcomes: &str, extra: &str) -> (Scenario, Registry) {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("variants.toml", VARIANTS).unwrap();
    let s = Scenario::from_toml_str(
        "v.toml",
        &format!(
            "name = \"V\"\nfamilies = 10\nprice_year = 2019\n[tables]\nwellbeing = \"variants@1\"\nunit_costs = \"unit-costs-open@1.0.0\"\ndeflators = \"gdp-deflator@1.0.0\"\n[[costs]]\nlabel = \"Delivery\"\namount = \"1000\"\n{outcomes}\n{extra}"
        ),
    )
    .unwrap();
    (s, reg)
}

/// Rows are matched as the engine matches them: by id, age band and region.
#[test]
fn central_deadweight_comes_from_the_items_own_row_variant() {
    let (s, reg) = variants_scenario(
        "[[outcomes]]\nid = \"young\"\nproxy = \"conf\"\nage_band = \"under-25\"\npeople = \"4\"\n",
        "",
    );
    let t = socval::uncertainty::describe(&s, None, &reg, "outcomes.young.deadweight").unwrap();
    assert_eq!(t.central, d("0.3"));
    let v = evaluate(&s, None, &reg).unwrap();
    assert_eq!(v.lines[0].deadweight, d("0.3"));
    // defaults.deadweight unset: a range on it would override the rows' own defaults.
    let e = socval::uncertainty::describe(&s, None, &reg, "defaults.deadweight").unwrap_err();
    assert!(e.to_string().contains("set defaults.deadweight"), "{e}");
}

/// A range on a proxy worth nothing would scale nothing: refused, naming the range.
#[test]
fn a_range_on_a_zero_proxy_is_refused() {
    let (s, reg) = variants_scenario(
        "[[outcomes]]\nid = \"x\"\nproxy = \"nothing\"\npeople = \"4\"\n",
        "[[ranges]]\ntarget = \"wellbeing.nothing\"\nlow = \"0\"\nhigh = \"100\"\n",
    );
    evaluate(&s, None, &reg).unwrap();
    let e = analyse(&s, None, &reg).unwrap_err();
    assert_eq!(e.place().location.to_string(), "ranges[0]");
    assert!(e.to_string().contains("nothing scales 0"), "{e}");
}

/// Two ranges on one assumption are refused whichever comes first.
#[test]
fn overlapping_ranges_are_refused_in_either_order() {
    let one = "[[ranges]]\ntarget = \"outcomes.conf.attribution\"\nlow = \"0.1\"\nhigh = \"0.3\"\n";
    let all = "[[ranges]]\ntarget = \"outcomes.*.attribution\"\nlow = \"0.1\"\nhigh = \"0.3\"\n";
    for (first, second) in [(one, all), (all, one)] {
        let s = scenario(&format!("{first}{second}"));
        let e = analyse(&s, None, Registry::embedded()).unwrap_err();
        assert_eq!(e.place().location.to_string(), "ranges[1]", "{e}");
        assert!(e.to_string().contains("one assumption takes one range"), "{e}");
        let errors = socval::uncertainty::check_ranges(&s, None, Registry::embedded());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].index, Some(1));
    }
}

/// Every bad range at once, each with its index and field.
#[test]
fn check_ranges_reports_every_bad_range() {
    let s = scenario(
        "[uncertainty]\ndraws = 0\n\
         [[ranges]]\ntarget = \"outcomes.conf.people\"\nlow = \"9\"\nhigh = \"3\"\n\
         [[ranges]]\ntarget = \"outcomes.conf.attribution\"\nlow = \"0.1\"\nhigh = \"0.3\"\n\
         [[ranges]]\ntarget = \"banana\"\nlow = \"0\"\nhigh = \"1\"\n",
    );
    let errors = socval::uncertainty::check_ranges(&s, None, Registry::embedded());
    let got: Vec<(Option<usize>, &str)> = errors.iter().map(|e| (e.index, e.field.as_str())).collect();
    assert_eq!(got, vec![(None, "draws"), (Some(0), "low"), (Some(2), "target")]);
    assert!(socval::uncertainty::check_ranges(&scenario(""), None, Registry::embedded()).is_empty());
}

/// Under the Green Book convention with no rate set, the rate follows the schedule.
#[test]
fn a_green_book_rate_needs_to_be_set_to_carry_a_range() {
    let text = BASE.replace("discount_rate = \"0\"\n", "discount_convention = \"green-book\"\n");
    let s = Scenario::from_toml_str(
        "u.toml",
        &format!("{text}[[ranges]]\ntarget = \"discount_rate\"\nlow = \"0.02\"\nhigh = \"0.05\"\n"),
    )
    .unwrap();
    let e = analyse(&s, None, Registry::embedded()).unwrap_err();
    assert!(
        e.to_string().contains(
            "set discount_rate to put a range on it: under the Green Book convention the rate follows the schedule"
        ),
        "{e}"
    );
    let mut t = s.clone();
    t.discount_rate = Some(d("0.035"));
    t.uncertainty = Some(socval::scenario::Settings {
        draws: Some(20),
        ..Default::default()
    });
    analyse(&t, None, Registry::embedded()).unwrap();
}

/// The three panics of issue 7 are located errors or figures now.
#[test]
fn huge_and_tiny_figures_give_located_errors_not_panics() {
    // A range factor on a tiny proxy value: 1e20 ÷ 1e-10 does not fit.
    let (s, reg) = variants_scenario(
        "[[outcomes]]\nid = \"x\"\nproxy = \"tiny\"\npeople = \"4\"\n",
        "[[ranges]]\ntarget = \"wellbeing.tiny\"\nlow = \"0\"\nhigh = \"100000000000000000000\"\n",
    );
    evaluate(&s, None, &reg).unwrap();
    let e = analyse(&s, None, &reg).unwrap_err();
    assert!(matches!(e, Error::Overflow { .. }), "{e}");
    assert_eq!(e.place().location.to_string(), "ranges[0] (wellbeing.tiny)");
    // Huge counts: the break-even ceiling and the Monte Carlo mean.
    let s = scenario(
        "[uncertainty]\ndraws = 20\n[[ranges]]\ntarget = \"avoided.court.count\"\nlow = \"1\"\nhigh = \"3000000000000000000000\"\n",
    );
    let mut s = s;
    s.avoided[0].count = Some(d("2000000000000000000000"));
    s.costs[0].amount = d("10000000000000000000000000");
    if evaluate(&s, None, Registry::embedded()).is_ok() {
        match analyse(&s, None, Registry::embedded()) {
            Ok(a) => assert_eq!(a.monte_carlo.draws, 20),
            Err(e) => assert!(!e.place().to_string().is_empty(), "{e}"),
        }
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn big() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u64..1000).prop_map(|n| n.to_string()),
            (0u32..29).prop_map(|e| format!("1{}", "0".repeat(e as usize))),
            (1u32..28).prop_map(|e| format!("0.{}1", "0".repeat(e as usize))),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// For generated scenarios `evaluate` accepts (huge counts and costs, tiny values),
        /// `analyse` returns Ok or a located error and never panics.
        #[test]
        fn analyse_never_panics(
            count in big(),
            cost in big(),
            people in 0u32..=10,
            low_pct in 0u32..=100,
            proxy_high in big(),
            cf in 0u32..=100,
            obs in 0u32..=100,
            ranged in any::<bool>(),
        ) {
            let (cf, obs) = (cf.max(obs), cf.min(obs));
            let ranges = if ranged {
                format!(
                    "[[ranges]]\ntarget = \"avoided.court.count\"\nlow = \"0\"\nhigh = \"{count}\"\n\
                     [[ranges]]\ntarget = \"outcomes.conf.attribution\"\nlow = \"{}\"\nhigh = \"1\"\n\
                     [[ranges]]\ntarget = \"unit_costs.care-proceedings-court\"\nlow = \"0\"\nhigh = \"{proxy_high}\"\n\
                     [[ranges]]\ntarget = \"costs.1.amount\"\nlow = \"0\"\nhigh = \"{cost}\"\n",
                    Decimal::from(low_pct.min(20)) / Decimal::ONE_HUNDRED
                )
            } else {
                String::new()
            };
            let text = format!(
                "{}\n[[avoided]]\nid = \"rates\"\nproxy = \"care-proceedings-court\"\ncounterfactual_rate = \"{}\"\nobserved_rate = \"{}\"\n[uncertainty]\ndraws = 20\n{ranges}",
                BASE.replace("amount = \"12000\"", &format!("amount = \"{cost}\""))
                    .replace("count = \"2\"", &format!("count = \"{count}\""))
                    .replace("people = \"6\"", &format!("people = \"{people}\"")),
                Decimal::from(cf) / Decimal::ONE_HUNDRED,
                Decimal::from(obs) / Decimal::ONE_HUNDRED,
            );
            let Ok(s) = Scenario::from_toml_str("p.toml", &text) else { return Ok(()); };
            if evaluate(&s, None, Registry::embedded()).is_err() {
                return Ok(());
            }
            if let Err(e) = analyse(&s, None, Registry::embedded()) {
                prop_assert!(!e.place().location.to_string().is_empty() || !e.place().field.is_empty(), "{}", e);
            }
        }
    }
}

/// A range on the wellbeing discount rate moves social value only. With the flat rate 0 and a
/// wellbeing rate of 0–10 % (central 0, the flat rate it inherits): social value at 10 % is the base
/// ÷ 1.1 (one year, SROI convention): £7,488 ÷ 1.1 = £6,807.27; fiscal savings do not move. Under
/// the Green Book convention with no wellbeing rate set, the rate follows the health schedule and a
/// range on it is refused, naming the range.
#[test]
fn a_range_on_the_wellbeing_discount_rate_moves_social_value_only() {
    let s = scenario("[[ranges]]\ntarget = \"wellbeing_discount_rate\"\nlow = \"0\"\nhigh = \"0.1\"\n");
    let t = tornado(&s, None, Registry::embedded()).unwrap();
    let social = t.iter().find(|t| t.total == Total::SocialValue).unwrap();
    let bar = social
        .bars
        .iter()
        .find(|b| b.target == "wellbeing_discount_rate")
        .unwrap();
    assert_eq!((bar.at_low, bar.at_high), (d("7488.00"), d("6807.27")));
    let fiscal = t.iter().find(|t| t.total == Total::FiscalSavings).unwrap();
    assert!(
        fiscal
            .bars
            .iter()
            .filter(|b| b.target == "wellbeing_discount_rate")
            .all(|b| b.at_low == b.at_high)
    );
    let text = BASE.replace("discount_rate = \"0\"\n", "discount_convention = \"green-book\"\n")
        + "[[ranges]]\ntarget = \"wellbeing_discount_rate\"\nlow = \"0.01\"\nhigh = \"0.02\"\n";
    let s = Scenario::from_toml_str("u.toml", &text).unwrap();
    let e = socval::uncertainty::analyse(&s, None, Registry::embedded()).unwrap_err();
    assert!(e.to_string().contains("set wellbeing_discount_rate"), "{e}");
    assert!(e.place().location.to_string().contains("ranges[0]"), "{:?}", e.place());
}

/// Issue 10: a unit-cost row's units per event (legal aid: 3 parties a set, 3–5) is a table range
/// like any other. In Step Together (2.0.0 tables) the tornado's fiscal bar for it runs from the
/// base (3 parties) to the base plus two more parties' legal aid: + 2/3 of the legal-aid item.
#[test]
fn units_per_event_carry_their_table_range() {
    let s = socval::template("step-together").unwrap().scenario().unwrap();
    let list = socval::uncertainty::assumptions(&s, Registry::embedded()).unwrap();
    let a = list
        .iter()
        .find(|a| a.target == "avoided.proceedings-legal-aid.units_per_event")
        .expect("the row's 3–5 range is an assumption");
    assert_eq!((a.low, a.central, a.high), (d("3"), d("3"), d("5")));
    assert_eq!(a.origin, "table");
    let v = socval::evaluate(&s, None, Registry::embedded()).unwrap();
    let legal_aid = v
        .items
        .iter()
        .find(|i| i.item == "proceedings-legal-aid")
        .unwrap()
        .amount;
    let t = tornado(&s, None, Registry::embedded()).unwrap();
    let fiscal = t.iter().find(|t| t.total == Total::FiscalSavings).unwrap();
    let bar = fiscal
        .bars
        .iter()
        .find(|b| b.target == "avoided.proceedings-legal-aid.units_per_event")
        .unwrap();
    assert_eq!(bar.at_low, fiscal.base);
    let expected = socval::money::to_penny(v.totals.fiscal_savings + legal_aid * d("2") / d("3"));
    assert!(
        (bar.at_high - expected).abs() <= d("0.01"),
        "{} vs {}",
        bar.at_high,
        expected
    );
}
