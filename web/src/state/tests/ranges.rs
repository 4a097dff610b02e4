//! The ranges and the analysis' settings: targets offered, ranges proposed, the core's messages
//! beside their rows, and the figures left as they are.

use socval::scenario::{Distribution, RangeSpec};
use socval::uncertainty::{self, Unit};
use socval::{Decimal, records::Records};
use yew::Reducible;

use super::{on_template, state};
use crate::state::ranges::range_problems;
use crate::state::work::{template, value};
use crate::state::*;

fn row_of(st: &State, target: &str) -> usize {
    st.work.scenario.ranges.iter().position(|r| r.target == target).unwrap()
}

#[test]
fn the_offered_targets_are_the_scenarios_and_not_yet_ranged() {
    let st = on_template("step-together");
    let offered: Vec<String> = range_targets(&st.work.scenario, None)
        .into_iter()
        .map(|t| t.target)
        .collect();
    for t in ["discount_rate", "defaults.duration"] {
        assert!(offered.iter().any(|o| o == t), "{t} is offered: {offered:?}");
    }
    // The template's own ranges are not offered again.
    assert!(!offered.iter().any(|o| o == "defaults.attribution"), "{offered:?}");
    assert_eq!(
        offered.iter().any(|o| o == "costs.1.amount"),
        !st.work.scenario.costs.is_empty()
    );
    let blank = state().reduce(Action::Blank);
    assert!(
        range_targets(&blank.work.scenario, None)
            .iter()
            .any(|t| t.target == "costs.1.amount")
    );
    assert!(offered.iter().any(|o| o.starts_with("wellbeing.")));
    assert!(offered.iter().any(|o| o.starts_with("unit_costs.")));
    // `outcomes.*.rate` and `avoided.proceedings-*.count` already cover these.
    let o = &st.work.scenario.outcomes[0].id;
    assert!(!offered.contains(&format!("outcomes.{o}.rate")), "{offered:?}");
    assert!(!offered.contains(&"avoided.proceedings-court.count".to_string()));
    // Each has the core's label and current value.
    let dr = range_targets(&st.work.scenario, None)
        .into_iter()
        .find(|t| t.target == "discount_rate")
        .unwrap();
    assert_eq!(dr.central, st.work.scenario.discount_rate());
    assert_eq!(dr.label, "Discount rate");
}

#[test]
fn adding_a_range_proposes_one_around_the_value_and_leaves_the_figures() {
    let st = on_template("step-together");
    let (before, n, rev) = (
        st.work.valuation.clone(),
        st.work.scenario.ranges.len(),
        st.work.revision,
    );
    let st = st.reduce(Action::AddRange("discount_rate".into()));
    assert_eq!(st.work.scenario.ranges.len(), n + 1);
    let r = &st.work.scenario.ranges[n];
    assert_eq!(
        (r.low, r.high),
        (Some(Decimal::new(175, 4)), Some(Decimal::new(525, 4)))
    );
    assert_eq!(r.distribution, Distribution::Triangular);
    assert!(st.work.revision > rev, "the autosave follows");
    assert_eq!(
        st.work.valuation, before,
        "ranges never change the deterministic figures"
    );
    assert!(
        st.work.range_errors.iter().all(Option::is_none) && st.work.field_errors.is_empty(),
        "{:?}",
        st.work.range_errors
    );
    uncertainty::assumptions(&st.work.scenario, registry()).unwrap();
    // Shares are shown as percentages.
    assert_eq!(field_text(&st.work.scenario, Field::RangeLow(n)), "1.75");
    // A duration stays whole years in 1–100; a zero share gets a small range above it.
    let st = st.reduce(Action::AddRange("defaults.duration".into()));
    let r = st.work.scenario.ranges.last().unwrap();
    assert_eq!((r.low, r.high), (Some(Decimal::ONE), Some(Decimal::TWO)));
    let st = st.reduce(Action::AddRange("defaults.displacement".into()));
    let r = st.work.scenario.ranges.last().unwrap();
    assert_eq!((r.low, r.high), (Some(Decimal::ZERO), Some(Decimal::new(1, 1))));
    assert!(
        st.work.range_errors.iter().all(Option::is_none),
        "{:?}",
        st.work.range_errors
    );
}

#[test]
fn a_proxy_range_starts_from_the_tables_low_and_high() {
    let st = on_template("step-together");
    let table = registry().get(&st.work.scenario.tables.wellbeing).unwrap();
    let Some(row) = st
        .work
        .scenario
        .outcomes
        .iter()
        .filter_map(|o| table.rows.iter().find(|r| r.id == o.proxy))
        .find(|r| r.low.is_some() && r.high.is_some())
    else {
        return;
    };
    let st = st.reduce(Action::AddRange(format!("wellbeing.{}", row.id)));
    let r = st.work.scenario.ranges.last().unwrap();
    assert_eq!((r.low, r.high), (row.low, row.high));
    assert!(
        st.work.range_errors.iter().all(Option::is_none),
        "{:?}",
        st.work.range_errors
    );
}

#[test]
fn an_invalid_range_shows_the_cores_message_and_keeps_the_last_valid_one() {
    let st = on_template("step-together").reduce(Action::AddRange("discount_rate".into()));
    let i = row_of(&st, "discount_rate");
    let (scenario, valuation, rev) = (st.work.scenario.clone(), st.work.valuation.clone(), st.work.revision);
    // The current value (3.5 %) outside the range.
    let st = st.reduce(Action::Edit(Field::RangeLow(i), "5".into()));
    let e = st.work.field_errors.get(&Field::RangeLow(i)).unwrap();
    assert!(
        e.contains(&format!("ranges[{i}]")) && e.contains("outside the range"),
        "{e}"
    );
    assert_eq!(st.work.scenario, scenario);
    assert_eq!(st.work.revision, rev);
    assert_eq!(st.work.drafts.get(&Field::RangeLow(i)).map(String::as_str), Some("5"));
    // Low above high.
    let st = st.reduce(Action::Edit(Field::RangeLow(i), "6".into()));
    assert!(st.work.field_errors[&Field::RangeLow(i)].contains("exceeds high"));
    // A share above 1 (typed as a percentage).
    let st = st.reduce(Action::Edit(Field::RangeHigh(i), "150".into()));
    let e = &st.work.field_errors[&Field::RangeHigh(i)];
    assert!(e.contains("a share in 0–1"), "{e}");
    assert!(
        st.clone()
            .reduce(Action::Edit(Field::RangeHigh(i), "x".into()))
            .work
            .field_errors[&Field::RangeHigh(i)]
            .contains("not a number")
    );
    assert_eq!(st.work.scenario, scenario);
    assert_eq!(st.work.valuation, valuation);
    // Valid again.
    let st = st.reduce(Action::Edit(Field::RangeLow(i), "2".into()));
    let st = st.reduce(Action::Edit(Field::RangeHigh(i), "6".into()));
    assert!(
        !st.work.field_errors.contains_key(&Field::RangeLow(i)),
        "{:?}",
        st.work.field_errors
    );
    assert!(!st.work.field_errors.contains_key(&Field::RangeHigh(i)));
    assert_eq!(st.work.scenario.ranges[i].low, Some(Decimal::new(2, 2)));
    assert_eq!(st.work.scenario.ranges[i].high, Some(Decimal::new(6, 2)));
    assert_eq!(st.work.valuation, valuation);
}

#[test]
fn distribution_remove_and_settings() {
    let st = on_template("step-together").reduce(Action::AddRange("defaults.duration".into()));
    let i = row_of(&st, "defaults.duration");
    let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "pert".into()));
    assert_eq!(st.work.scenario.ranges[i].distribution, Distribution::Pert);
    assert_eq!(field_text(&st.work.scenario, Field::RangeDistribution(i)), "pert");
    let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "normal".into()));
    assert!(st.work.field_errors.contains_key(&Field::RangeDistribution(i)));
    assert_eq!(st.work.scenario.ranges[i].distribution, Distribution::Pert);
    let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "uniform".into()));

    let st = st.reduce(Action::Edit(Field::Seed, "7".into()));
    let st = st.reduce(Action::Edit(Field::Draws, "2000".into()));
    let u = st.work.scenario.uncertainty.clone().unwrap();
    assert_eq!((u.seed, u.draws), (Some(7), Some(2000)));
    let st = st.reduce(Action::Edit(Field::Draws, "0".into()));
    assert!(
        st.work.field_errors[&Field::Draws].contains("draws must be 1 to"),
        "{:?}",
        st.work.field_errors
    );
    assert_eq!(st.work.scenario.uncertainty.as_ref().unwrap().draws, Some(2000));
    let st = st.reduce(Action::Edit(Field::Draws, "2000".into()));
    let st = st.reduce(Action::Edit(Field::TableRanges, "false".into()));
    assert_eq!(st.work.scenario.uncertainty.as_ref().unwrap().table_ranges, Some(false));
    assert_eq!(field_text(&st.work.scenario, Field::TableRanges), "false");
    assert!(st.work.field_errors.is_empty(), "{:?}", st.work.field_errors);

    // The ranges and settings travel with the scenario (autosave, export, link).
    let back = state().reduce(Action::Import {
        name: "x.json".into(),
        text: st.work.scenario.to_json(),
    });
    assert_eq!(back.work.scenario, st.work.scenario);

    let n = st.work.scenario.ranges.len();
    let st = st.reduce(Action::RemoveRange(i));
    assert_eq!(st.work.scenario.ranges.len(), n - 1);
    assert!(st.work.scenario.ranges.iter().all(|r| r.target != "defaults.duration"));
    assert!(
        range_targets(&st.work.scenario, None)
            .iter()
            .any(|t| t.target == "defaults.duration")
    );
}

#[test]
fn every_bad_range_is_marked_at_once_from_the_cores_list() {
    let mut s = template("step-together").unwrap();
    let n = s.ranges.len();
    let bad = |target: &str, low: &str, high: &str| RangeSpec {
        target: target.into(),
        low: Some(low.parse().unwrap()),
        high: Some(high.parse().unwrap()),
        distribution: Distribution::default(),
        note: String::new(),
    };
    // Low above high, then a second range on an assumption already ranged by `outcomes.*.rate`.
    let o = s.outcomes[0].id.clone();
    s.ranges.push(bad("defaults.attribution", "0.5", "0.1"));
    s.ranges.push(bad(&format!("outcomes.{o}.rate"), "0", "1"));
    let (rows, general) = range_problems(&s, None);
    assert_eq!(general, None);
    assert_eq!(rows.len(), n + 2);
    assert!(rows[..n].iter().all(Option::is_none), "{rows:?}");
    assert!(rows[n].as_ref().unwrap().contains("exceeds high"), "{rows:?}");
    assert!(
        rows[n + 1].as_ref().unwrap().contains("one assumption takes one range"),
        "{rows:?}"
    );
    // The page offers no target the core refuses: with records, no counts or rates.
    let records = Records::from_csv_str("r.csv", "family_id\nF1\n").unwrap();
    assert!(
        range_targets(&s, Some(&records))
            .iter()
            .all(|t| !t.target.ends_with(".rate") && !t.target.ends_with(".count")),
    );
    // Units come from the core.
    assert_eq!(range_unit("discount_rate"), Unit::Rate);
    assert_eq!(range_unit("costs.1.amount"), Unit::Money);
    assert_eq!(range_unit(&format!("outcomes.{o}.duration")), Unit::Years);
    assert!(is_proxy("wellbeing.x") && is_proxy("unit_costs.y") && !is_proxy("discount_rate"));
}

#[test]
fn an_edit_that_leaves_a_range_behind_keeps_the_figures_and_marks_the_row() {
    let st = on_template("step-together").reduce(Action::AddRange("discount_rate".into()));
    let i = row_of(&st, "discount_rate");
    let st = st.reduce(Action::Edit(Field::DiscountRate, "10".into()));
    assert_eq!(st.work.scenario.discount_rate(), Decimal::new(1, 1));
    let direct = value(&st.work.scenario, None).unwrap();
    assert_eq!(st.work.valuation.as_deref(), Some(&direct));
    assert!(
        st.work.range_errors[i].as_ref().unwrap().contains("outside the range"),
        "{:?}",
        st.work.range_errors
    );
    // Widening the range clears it.
    let st = st.reduce(Action::Edit(Field::RangeHigh(i), "12".into()));
    assert!(
        st.work.range_errors.iter().all(Option::is_none),
        "{:?}",
        st.work.range_errors
    );
}
