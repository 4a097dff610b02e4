//! Tests of the reducer, the fields and the ranges adapter.

use std::rc::Rc;

use socval::uncertainty::{self, Unit};
use socval::{Decimal, Registry, adjust::Adjustment, records::Records, scenario::Distribution, scenario::RangeSpec};
use yew::Reducible;

use super::fields::{apply, parse_percent};
use super::ranges::range_problems;
use super::reducer::{template, value};
use super::*;

fn state() -> Rc<State> {
    Rc::new(State::initial())
}

#[test]
fn starts_on_a_template_with_figures() {
    let st = state();
    assert!(st.valuation.is_some(), "{:?}", st.error);
    assert_ne!(st.origin, "");
}

#[test]
fn percent_fields_take_0_to_100() {
    assert_eq!(parse_percent("12.5").unwrap(), Decimal::new(125, 3));
    assert_eq!(parse_percent("100 %").unwrap(), Decimal::ONE);
    assert!(parse_percent("101").is_err());
    assert!(parse_percent("-1").is_err());
    assert!(parse_percent("abc").is_err());
}

/// The blank scenario is the one the scenario format reads from these fields, on the newest
/// embedded tables, and it values (a cost and no benefits yet).
#[test]
fn the_blank_scenario_is_the_formats_reading_of_its_fields() {
    let st = state().reduce(Action::Blank);
    let reg = Registry::embedded();
    let text = format!(
        r#"{{"name":"New programme","method":{},"families":10,"price_year":2024,"tables":{{"wellbeing":"{}","unit_costs":"{}","deflators":"{}","gdp_per_head":"{}"}},"costs":[{{"label":"Programme delivery","amount":"50000"}}]}}"#,
        socval::METHOD_VERSION,
        reg.latest(socval::tables::TableKind::Wellbeing).unwrap(),
        reg.latest(socval::tables::TableKind::UnitCost).unwrap(),
        reg.latest(socval::tables::TableKind::Deflator).unwrap(),
        reg.latest(socval::tables::TableKind::GdpPerHead).unwrap(),
    );
    assert_eq!(
        *st.scenario,
        socval::Scenario::from_json_str("blank.json", &text).unwrap()
    );
    assert_eq!(
        (st.origin.as_str(), st.scenario.costs[0].amount),
        ("blank", Decimal::new(50000, 0))
    );
    let v = st.valuation.as_deref().expect("the blank scenario values");
    assert_eq!(v.display.programme_cost, Decimal::new(50000, 0));
}

#[test]
fn an_edit_revalues_with_the_core() {
    let st = state().reduce(Action::Blank);
    let st = st.reduce(Action::AddOutcome("high-confidence".into()));
    let st = st.reduce(Action::Edit(Field::OutcomeRate(0), "40".into()));
    assert_eq!(st.scenario.outcomes[0].rate, Some(Decimal::new(4, 1)));
    let direct = socval::evaluate_named(PAGE_FILE, &st.scenario, None, Registry::embedded()).unwrap();
    assert_eq!(st.valuation.as_deref(), Some(&direct));
    assert!(st.field_errors.is_empty());
}

#[test]
fn an_invalid_field_keeps_the_last_valid_scenario_and_figures() {
    let st = state();
    let before = st.valuation.clone();
    let scenario = st.scenario.clone();
    let st = st.reduce(Action::Edit(Field::Families, "0".into()));
    assert!(st.field_errors.get(&Field::Families).unwrap().contains("families"));
    assert_eq!(st.scenario, scenario);
    assert_eq!(st.valuation, before);
    assert_eq!(st.drafts.get(&Field::Families).map(String::as_str), Some("0"));
    let st = st.reduce(Action::Edit(Field::Families, "not a number".into()));
    assert!(st.field_errors.contains_key(&Field::Families));
    let st = st.reduce(Action::Edit(Field::Families, "12".into()));
    assert!(st.field_errors.is_empty());
    assert_eq!(st.scenario.families, 12);
}

#[test]
fn a_bad_import_leaves_the_scenario_unchanged() {
    let st = state();
    let scenario = st.scenario.clone();
    let st = st.reduce(Action::Import {
        name: "bad.json".into(),
        text: "{\n \"name\": 3\n}".into(),
    });
    assert_eq!(st.scenario, scenario);
    // Beside the import control, naming the field (the page's input for it, where it has one).
    let e = st.import_error.clone().unwrap();
    assert_eq!(e.control, Import::Scenario);
    assert!(
        e.text.contains("bad.json") && e.text.contains("line 2") && e.text.contains("unchanged"),
        "{}",
        e.text
    );
    assert_eq!(e.field.as_deref(), Some("name"));
    let e = st
        .reduce(Action::Import {
            name: "years.json".into(),
            text: "{\"name\": \"x\", \"families\": 3, \"price_year\": \"soon\"}".into(),
        })
        .import_error
        .clone()
        .unwrap();
    assert_eq!(e.field.as_deref(), Some(Field::PriceYear.key().as_str()));
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/socval/tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// What the analysis module answers for the fixture table and a scenario (its comparison is the
/// core's: web/analysis tests it).
fn own_table_bytes(s: &socval::Scenario) -> Vec<u8> {
    let mut reg = Registry::embedded().clone();
    let table = reg
        .add_json("licensed-unit-costs.json", &fixture("licensed-unit-costs.json"))
        .unwrap()
        .clone();
    let a = socval::evaluate(s, None, &reg).unwrap();
    let b = socval::evaluate(&socval::with_user_table(s, &table).unwrap(), None, &reg).unwrap();
    crate::view::encode(&crate::view::OwnTable {
        reference: table.reference(),
        title: table.title.clone(),
        comparison: Ok(crate::view::FigureTable::of(&socval::compare::compare(&a, &b))),
    })
}

/// A table file chosen, then the analysis module's answer for it.
fn read_table(st: Rc<State>, name: &str, result: impl FnOnce(&State) -> Result<Vec<u8>, String>) -> Rc<State> {
    let st = st.reduce(Action::UserTable {
        name: name.into(),
        text: fixture("licensed-unit-costs.json"),
    });
    let (file, text) = st.table_to_value().unwrap();
    assert_eq!(file, name);
    let (revision, result) = (st.scenario_revision, result(&st));
    st.reduce(Action::OwnTableRead {
        file,
        text,
        revision,
        result,
    })
}

#[test]
fn a_users_table_comes_into_use_with_the_comparison_of_the_scenario_on_screen() {
    let st = on_template("step-together");
    let st = read_table(st, "mine.json", |st| Ok(own_table_bytes(&st.scenario)));
    assert!(st.import_error.is_none() && st.user_table_pending.is_none());
    let u = st.user_table.clone().unwrap();
    assert_eq!(u.reference, "licensed-unit-costs@2025.1");
    let c = st.user_comparison.clone().unwrap().unwrap();
    assert!(c.caption.contains("licensed-unit-costs@2025.1"), "{}", c.caption);
    assert_eq!(st.user_comparison_revision, st.scenario_revision);
    // After an edit the table is valued again; an answer for an older revision is not shown.
    let st = st.reduce(Action::Edit(Field::Families, "80".into()));
    assert_eq!(st.table_to_value().map(|(_, t)| Rc::ptr_eq(&t, &u.text)), Some(true));
    let (old, json) = (st.scenario_revision - 1, own_table_bytes(&st.scenario));
    let st = st.reduce(Action::OwnTableRead {
        file: u.file.clone(),
        text: u.text.clone(),
        revision: old,
        result: Ok(json),
    });
    assert_ne!(st.user_comparison_revision, st.scenario_revision);
    // Never in the scenario; gone when asked.
    assert!(!st.scenario.to_json().contains("licensed-unit-costs"));
    let st = st.reduce(Action::ClearUserTable);
    assert!(st.user_table.is_none() && st.user_comparison.is_none() && st.table_to_value().is_none());
}

#[test]
fn a_bad_table_file_leaves_the_scenario_and_tables_as_they_were_with_the_error_beside_its_control() {
    let st = read_table(on_template("step-together"), "mine.json", |st| {
        Ok(own_table_bytes(&st.scenario))
    });
    let (scenario, table, figures) = (
        st.scenario.clone(),
        st.user_table.clone().unwrap(),
        st.valuation.clone(),
    );
    let bad = read_table(st, "bad.json", |_| {
        Err("bad.json: line 149, rows[1] (id \"care-proceedings-court\"): field `value`: a proxy value must not be negative".into())
    });
    assert_eq!(bad.scenario, scenario);
    assert_eq!(bad.valuation, figures);
    assert!(Rc::ptr_eq(bad.user_table.as_ref().unwrap(), &table));
    assert!(bad.user_table_pending.is_none());
    let e = bad.import_error.clone().unwrap();
    assert_eq!(e.control, Import::Table);
    assert!(
        e.text
            .starts_with("Could not use bad.json; the scenario and its tables are unchanged. bad.json: line 149"),
        "{}",
        e.text
    );
}

#[test]
fn an_export_imports_back_to_the_same_figures() {
    let st = state();
    let json = st.scenario.to_json();
    let back = state().reduce(Action::Blank).reduce(Action::Import {
        name: "x.json".into(),
        text: json,
    });
    assert_eq!(back.scenario, st.scenario);
    assert_eq!(back.valuation, st.valuation);
}

#[test]
fn every_field_shows_what_it_applies() {
    let mut s = template(socval::templates()[0].id).unwrap();
    for (f, text) in [
        (Field::Families, "33"),
        (Field::DiscountRate, "3"),
        (Field::Default(Adjustment::Deadweight), "12.5"),
        (Field::Default(Adjustment::Duration), "3"),
        (Field::Region, "london"),
    ] {
        apply(&mut s, f, text).unwrap();
        assert_eq!(field_text(&s, f), text, "{f:?}");
    }
    apply(&mut s, Field::Default(Adjustment::Deadweight), "").unwrap();
    assert_eq!(s.defaults.deadweight, None);
}

fn on_template(id: &str) -> Rc<State> {
    state().reduce(Action::Template(id.into()))
}

fn row_of(st: &State, target: &str) -> usize {
    st.scenario.ranges.iter().position(|r| r.target == target).unwrap()
}

#[test]
fn the_offered_targets_are_the_scenarios_and_not_yet_ranged() {
    let st = on_template("step-together");
    let offered: Vec<String> = range_targets(&st.scenario, None)
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
        !st.scenario.costs.is_empty()
    );
    let blank = state().reduce(Action::Blank);
    assert!(
        range_targets(&blank.scenario, None)
            .iter()
            .any(|t| t.target == "costs.1.amount")
    );
    assert!(offered.iter().any(|o| o.starts_with("wellbeing.")));
    assert!(offered.iter().any(|o| o.starts_with("unit_costs.")));
    // `outcomes.*.rate` and `avoided.proceedings-*.count` already cover these.
    let o = &st.scenario.outcomes[0].id;
    assert!(!offered.contains(&format!("outcomes.{o}.rate")), "{offered:?}");
    assert!(!offered.contains(&"avoided.proceedings-court.count".to_string()));
    // Each has the core's label and current value.
    let dr = range_targets(&st.scenario, None)
        .into_iter()
        .find(|t| t.target == "discount_rate")
        .unwrap();
    assert_eq!(dr.central, st.scenario.discount_rate());
    assert_eq!(dr.label, "Discount rate");
}

#[test]
fn adding_a_range_proposes_one_around_the_value_and_leaves_the_figures() {
    let st = on_template("step-together");
    let (before, n, rev) = (st.valuation.clone(), st.scenario.ranges.len(), st.scenario_revision);
    let st = st.reduce(Action::AddRange("discount_rate".into()));
    assert_eq!(st.scenario.ranges.len(), n + 1);
    let r = &st.scenario.ranges[n];
    assert_eq!(
        (r.low, r.high),
        (Some(Decimal::new(175, 4)), Some(Decimal::new(525, 4)))
    );
    assert_eq!(r.distribution, Distribution::Triangular);
    assert!(st.scenario_revision > rev, "the autosave follows");
    assert_eq!(st.valuation, before, "ranges never change the deterministic figures");
    assert!(
        st.range_errors.iter().all(Option::is_none) && st.field_errors.is_empty(),
        "{:?}",
        st.range_errors
    );
    uncertainty::assumptions(&st.scenario, registry()).unwrap();
    // Shares are shown as percentages.
    assert_eq!(field_text(&st.scenario, Field::RangeLow(n)), "1.75");
    // A duration stays whole years in 1–100; a zero share gets a small range above it.
    let st = st.reduce(Action::AddRange("defaults.duration".into()));
    let r = st.scenario.ranges.last().unwrap();
    assert_eq!((r.low, r.high), (Some(Decimal::ONE), Some(Decimal::TWO)));
    let st = st.reduce(Action::AddRange("defaults.displacement".into()));
    let r = st.scenario.ranges.last().unwrap();
    assert_eq!((r.low, r.high), (Some(Decimal::ZERO), Some(Decimal::new(1, 1))));
    assert!(st.range_errors.iter().all(Option::is_none), "{:?}", st.range_errors);
}

#[test]
fn a_proxy_range_starts_from_the_tables_low_and_high() {
    let st = on_template("step-together");
    let table = registry().get(&st.scenario.tables.wellbeing).unwrap();
    let Some(row) = st
        .scenario
        .outcomes
        .iter()
        .filter_map(|o| table.rows.iter().find(|r| r.id == o.proxy))
        .find(|r| r.low.is_some() && r.high.is_some())
    else {
        return;
    };
    let st = st.reduce(Action::AddRange(format!("wellbeing.{}", row.id)));
    let r = st.scenario.ranges.last().unwrap();
    assert_eq!((r.low, r.high), (row.low, row.high));
    assert!(st.range_errors.iter().all(Option::is_none), "{:?}", st.range_errors);
}

#[test]
fn an_invalid_range_shows_the_cores_message_and_keeps_the_last_valid_one() {
    let st = on_template("step-together").reduce(Action::AddRange("discount_rate".into()));
    let i = row_of(&st, "discount_rate");
    let (scenario, valuation, rev) = (st.scenario.clone(), st.valuation.clone(), st.scenario_revision);
    // The current value (3.5 %) outside the range.
    let st = st.reduce(Action::Edit(Field::RangeLow(i), "5".into()));
    let e = st.field_errors.get(&Field::RangeLow(i)).unwrap();
    assert!(
        e.contains(&format!("ranges[{i}]")) && e.contains("outside the range"),
        "{e}"
    );
    assert_eq!(st.scenario, scenario);
    assert_eq!(st.scenario_revision, rev);
    assert_eq!(st.drafts.get(&Field::RangeLow(i)).map(String::as_str), Some("5"));
    // Low above high.
    let st = st.reduce(Action::Edit(Field::RangeLow(i), "6".into()));
    assert!(st.field_errors[&Field::RangeLow(i)].contains("exceeds high"));
    // A share above 1 (typed as a percentage).
    let st = st.reduce(Action::Edit(Field::RangeHigh(i), "150".into()));
    let e = &st.field_errors[&Field::RangeHigh(i)];
    assert!(e.contains("a share in 0–1"), "{e}");
    assert!(
        st.clone()
            .reduce(Action::Edit(Field::RangeHigh(i), "x".into()))
            .field_errors[&Field::RangeHigh(i)]
            .contains("not a number")
    );
    assert_eq!(st.scenario, scenario);
    assert_eq!(st.valuation, valuation);
    // Valid again.
    let st = st.reduce(Action::Edit(Field::RangeLow(i), "2".into()));
    let st = st.reduce(Action::Edit(Field::RangeHigh(i), "6".into()));
    assert!(
        !st.field_errors.contains_key(&Field::RangeLow(i)),
        "{:?}",
        st.field_errors
    );
    assert!(!st.field_errors.contains_key(&Field::RangeHigh(i)));
    assert_eq!(st.scenario.ranges[i].low, Some(Decimal::new(2, 2)));
    assert_eq!(st.scenario.ranges[i].high, Some(Decimal::new(6, 2)));
    assert_eq!(st.valuation, valuation);
}

#[test]
fn distribution_remove_and_settings() {
    let st = on_template("step-together").reduce(Action::AddRange("defaults.duration".into()));
    let i = row_of(&st, "defaults.duration");
    let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "pert".into()));
    assert_eq!(st.scenario.ranges[i].distribution, Distribution::Pert);
    assert_eq!(field_text(&st.scenario, Field::RangeDistribution(i)), "pert");
    let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "normal".into()));
    assert!(st.field_errors.contains_key(&Field::RangeDistribution(i)));
    assert_eq!(st.scenario.ranges[i].distribution, Distribution::Pert);
    let st = st.reduce(Action::Edit(Field::RangeDistribution(i), "uniform".into()));

    let st = st.reduce(Action::Edit(Field::Seed, "7".into()));
    let st = st.reduce(Action::Edit(Field::Draws, "2000".into()));
    let u = st.scenario.uncertainty.clone().unwrap();
    assert_eq!((u.seed, u.draws), (Some(7), Some(2000)));
    let st = st.reduce(Action::Edit(Field::Draws, "0".into()));
    assert!(
        st.field_errors[&Field::Draws].contains("draws must be 1 to"),
        "{:?}",
        st.field_errors
    );
    assert_eq!(st.scenario.uncertainty.as_ref().unwrap().draws, Some(2000));
    let st = st.reduce(Action::Edit(Field::Draws, "2000".into()));
    let st = st.reduce(Action::Edit(Field::TableRanges, "false".into()));
    assert_eq!(st.scenario.uncertainty.as_ref().unwrap().table_ranges, Some(false));
    assert_eq!(field_text(&st.scenario, Field::TableRanges), "false");
    assert!(st.field_errors.is_empty(), "{:?}", st.field_errors);

    // The ranges and settings travel with the scenario (autosave, export, link).
    let back = state().reduce(Action::Import {
        name: "x.json".into(),
        text: st.scenario.to_json(),
    });
    assert_eq!(back.scenario, st.scenario);

    let n = st.scenario.ranges.len();
    let st = st.reduce(Action::RemoveRange(i));
    assert_eq!(st.scenario.ranges.len(), n - 1);
    assert!(st.scenario.ranges.iter().all(|r| r.target != "defaults.duration"));
    assert!(
        range_targets(&st.scenario, None)
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
    assert_eq!(st.scenario.discount_rate(), Decimal::new(1, 1));
    let direct = value(&st.scenario, None).unwrap();
    assert_eq!(st.valuation.as_deref(), Some(&direct));
    assert!(
        st.range_errors[i].as_ref().unwrap().contains("outside the range"),
        "{:?}",
        st.range_errors
    );
    // Widening the range clears it.
    let st = st.reduce(Action::Edit(Field::RangeHigh(i), "12".into()));
    assert!(st.range_errors.iter().all(Option::is_none), "{:?}", st.range_errors);
}

#[test]
fn adjustments_are_the_cores_and_keep_their_field_ids() {
    assert_eq!(Field::Default(Adjustment::DropOff).key(), "default-drop-off");
    assert_eq!(
        Field::OutcomeAdj(2, Adjustment::Deadweight).key(),
        "outcome-2-deadweight"
    );
    assert_eq!(Field::AvoidedAdj(0, Adjustment::Duration).kind(), Kind::Whole);
    let mut s = template("step-together").unwrap();
    apply(&mut s, Field::OutcomeAdj(0, Adjustment::Duration), "4").unwrap();
    assert_eq!(s.outcomes[0].adjustments.duration, Some(4));
    assert_eq!(field_text(&s, Field::OutcomeAdj(0, Adjustment::Duration)), "4");
    // The core's domain: a duration of 0 years is refused, not clamped.
    let e = apply(&mut s, Field::OutcomeAdj(0, Adjustment::Duration), "0").unwrap_err();
    assert!(e.contains("duration"), "{e}");
    assert_eq!(s.outcomes[0].adjustments.duration, Some(4));
}

#[test]
fn a_blank_scenario_uses_the_cores_newest_tables() {
    let s = state().reduce(Action::Blank).scenario.clone();
    let reg = Registry::embedded();
    assert_eq!(
        Some(s.tables.wellbeing.clone()),
        reg.latest(socval::tables::TableKind::Wellbeing)
    );
    assert_eq!(
        Some(s.tables.unit_costs.clone()),
        reg.latest(socval::tables::TableKind::UnitCost)
    );
    assert_eq!(
        Some(s.tables.deflators.clone()),
        reg.latest(socval::tables::TableKind::Deflator)
    );
    // The newest wellbeing rows are uprated as HM Treasury uprates the WELLBY, so the blank
    // scenario names the GDP-per-head series they need: an outcome added to it values.
    assert_eq!(s.tables.gdp_per_head, reg.latest(socval::tables::TableKind::GdpPerHead));
    let mut with_job = (*s).clone();
    with_job.outcomes.push(
        socval::Scenario::from_toml_str(
            "job.toml",
            r#"name = "x"
families = 10
price_year = 2024
[tables]
wellbeing = "wellbeing-open@3.0.0"
unit_costs = "unit-costs-open@3.0.0"
deflators = "gdp-deflator@1.0.0"
[[outcomes]]
id = "job"
proxy = "employment"
people = "1"
"#,
        )
        .unwrap()
        .outcomes
        .remove(0),
    );
    let v = socval::evaluate(&with_job, None, reg).unwrap();
    assert!(v.lines.iter().any(|l| l.uprating.is_some()));
}

#[test]
fn a_template_replacing_work_can_be_undone_until_the_next_edit() {
    let st = state().reduce(Action::Edit(Field::Families, "37".into()));
    let mine = st.scenario.clone();
    let st = st.reduce(Action::Blank);
    assert_ne!(st.scenario, mine);
    assert!(st.undo.is_some() && st.notice.as_ref().is_some_and(|n| n.text.contains("Undo")));
    let back = st.clone().reduce(Action::Undo);
    assert_eq!(back.scenario, mine);
    assert_eq!(back.valuation.as_ref().map(|v| v.families), Some(37));
    assert!(back.undo.is_none());
    // An edit after the replacement ends the offer (undo would lose that edit).
    let edited = st.reduce(Action::Edit(Field::Families, "12".into()));
    assert!(edited.undo.is_none());
    assert_eq!(edited.reduce(Action::Undo).scenario.families, 12);
}

#[test]
fn analysis_reports_of_another_run_are_ignored() {
    use crate::view::Report;
    let st = state().reduce(Action::AnalysisStarted(2));
    let json = |r: &Report| Ok(crate::view::encode(r));
    let st = st.reduce(Action::AnalysisMessage(
        1,
        json(&Report::Progress { done: 5, draws: 9 }),
    ));
    assert_eq!(st.analysis.as_ref().unwrap().done, 0);
    let st = st.reduce(Action::AnalysisMessage(
        2,
        json(&Report::Progress { done: 5, draws: 9 }),
    ));
    assert_eq!(
        (st.analysis.as_ref().unwrap().done, st.analysis.as_ref().unwrap().draws),
        (5, 9)
    );
    let st = st.reduce(Action::AnalysisMessage(2, Err("boom".into())));
    let a = st.analysis.as_ref().unwrap();
    assert!(!a.running && a.monte_carlo == Some(Err("boom".into())));
}

#[test]
fn a_saved_scenario_opens_with_its_records_and_can_be_undone() {
    let st = state();
    let mine = st.scenario.clone();
    let mut other = (*mine).clone();
    other.name = "Plan B".into();
    other.families = 44;
    let st = st.reduce(Action::OpenSaved {
        name: "Plan B".into(),
        text: other.to_json(),
        records: None,
        table: None,
    });
    assert_eq!(st.scenario.families, 44);
    assert!(st.records.is_none());
    assert_eq!(st.clone().reduce(Action::Undo).scenario, mine);
    let bad = st.reduce(Action::OpenSaved {
        name: "Broken".into(),
        text: "{".into(),
        records: None,
        table: None,
    });
    assert_eq!(bad.scenario.families, 44);
    assert!(
        bad.notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("Broken"))
    );
}

#[test]
fn a_field_shows_the_cores_message_without_its_place() {
    let st = state().reduce(Action::Edit(Field::Families, "0".into()));
    let m = st.field_errors.get(&Field::Families).unwrap();
    assert!(m.starts_with("families must be"), "{m}");
    assert!(!m.contains("field `"), "{m}");
}

/// The funder report is offered only for the scenario it was made of; bands only with a finished
/// analysis of the scenario on screen.
#[test]
fn a_funder_report_belongs_to_its_scenario() {
    let st = state().reduce(Action::ReportRequested);
    let asked = st.current_report().expect("asked for");
    assert!(!asked.with_analysis, "no analysis has been run");
    assert!(asked.html.is_none());
    let of = st.scenario.clone();
    let st = st.reduce(Action::ReportReady(of.clone(), Ok("<html>".into())));
    let html = st.current_report().and_then(|r| r.html.clone()).expect("made");
    assert_eq!(html.unwrap().as_str(), "<html>");
    // An answer for another scenario is ignored; a change of the scenario withdraws the report.
    let other = Rc::new((*of).clone());
    let st2 = st.clone().reduce(Action::ReportRequested);
    let st2 = st2.reduce(Action::ReportReady(other, Ok("other".into())));
    assert!(st2.current_report().unwrap().html.is_none());
    let st = st.reduce(Action::Edit(Field::Families, "77".into()));
    assert!(
        st.current_report().is_none(),
        "the report of the old scenario is not offered"
    );
}

/// A named deadweight level chosen on the page is the core's: the scenario carries its id, the
/// figure typed before is cleared, and the value in force names the level.
#[test]
fn a_deadweight_level_is_set_through_the_core() {
    let level = socval::levels::levels_for(Adjustment::Deadweight)
        .next()
        .expect("a cited level");
    let st = state()
        .reduce(Action::Blank)
        .reduce(Action::AddOutcome("high-confidence".into()));
    let st = st.reduce(Action::Edit(Field::Default(Adjustment::Deadweight), "10".into()));
    assert_eq!(st.scenario.defaults.deadweight, Some(Decimal::new(1, 1)));
    let st = st.reduce(Action::DeadweightLevel(None, Some(level.id.to_string())));
    assert_eq!(st.scenario.defaults.deadweight, None);
    assert_eq!(st.scenario.defaults.deadweight_level.as_deref(), Some(level.id));
    assert!(!st.drafts.contains_key(&Field::Default(Adjustment::Deadweight)));
    let f = socval::adjust::in_force(
        &st.scenario,
        Registry::embedded(),
        socval::adjust::ItemRef::Outcome(0),
        Adjustment::Deadweight,
    )
    .unwrap();
    assert_eq!(f.value, level.value);
    assert!(f.words().contains(level.label), "{}", f.words());
    let direct = socval::evaluate_named(PAGE_FILE, &st.scenario, None, Registry::embedded()).unwrap();
    assert_eq!(st.valuation.as_ref().unwrap().display, direct.display);
    // An item's own level, then back to its own figure.
    let st = st.reduce(Action::DeadweightLevel(
        Some(socval::adjust::ItemRef::Outcome(0)),
        Some(level.id.to_string()),
    ));
    assert_eq!(
        st.scenario.outcomes[0].adjustments.deadweight_level.as_deref(),
        Some(level.id)
    );
    let st = st.reduce(Action::DeadweightLevel(Some(socval::adjust::ItemRef::Outcome(0)), None));
    assert_eq!(st.scenario.outcomes[0].adjustments.deadweight_level, None);
}

/// Counts stay fixed when the families change, unless "scale counts with families" is ticked;
/// then the core's `with_families` scales them.
#[test]
fn counts_scale_with_families_only_when_asked() {
    let st = state()
        .reduce(Action::Blank)
        .reduce(Action::AddAvoided("care-proceedings-la".into()));
    let st = st.reduce(Action::Edit(Field::Families, "10".into()));
    let st = st.reduce(Action::Edit(Field::AvoidedCount(0), "2".into()));
    assert_eq!(
        socval::cohort::scaling(&st.scenario, socval::adjust::ItemRef::Avoided(0)),
        socval::cohort::Scaling::FixedCount
    );
    let fixed = st.clone().reduce(Action::Edit(Field::Families, "20".into()));
    assert_eq!(fixed.scenario.avoided[0].count, Some(Decimal::from(2)));
    let st = st.reduce(Action::ScaleCounts(true));
    let want = socval::cohort::with_families(&st.scenario, 20, true).unwrap();
    let scaled = st.reduce(Action::Edit(Field::Families, "20".into()));
    assert_eq!(scaled.scenario.families, 20);
    assert_eq!(scaled.scenario.avoided[0].count, want.avoided[0].count);
    assert_eq!(
        scaled.scenario.avoided[0].count.map(|c| c.normalize()),
        Some(Decimal::from(4))
    );
}

/// Which items' adjustments are open: kept as the person opens and closes them, each once;
/// closed when an item is removed (the others move up) and when the scenario is replaced.
#[test]
fn open_adjustments_follow_the_person_and_close_with_their_items() {
    use socval::adjust::ItemRef;
    let st = state();
    assert!(st.open_adjustments.is_empty(), "closed at the start");
    let st = st
        .reduce(Action::AdjustmentsOpen(ItemRef::Outcome(1), true))
        .reduce(Action::AdjustmentsOpen(ItemRef::Avoided(0), true))
        .reduce(Action::AdjustmentsOpen(ItemRef::Outcome(1), true));
    assert_eq!(st.open_adjustments, vec![ItemRef::Avoided(0), ItemRef::Outcome(1)]);
    let st = st.reduce(Action::AdjustmentsOpen(ItemRef::Avoided(0), false));
    assert_eq!(st.open_adjustments, vec![ItemRef::Outcome(1)]);
    let outcomes = st.scenario.outcomes.len();
    let removed = st.clone().reduce(Action::RemoveOutcome(0));
    assert_eq!(removed.scenario.outcomes.len(), outcomes - 1);
    assert!(removed.open_adjustments.is_empty(), "{:?}", removed.open_adjustments);
    let st = st.reduce(Action::Blank);
    assert!(st.open_adjustments.is_empty(), "{:?}", st.open_adjustments);
}

/// The page reads records as the scenario's `[records]` says (its delimiter, its headers mapped),
/// giving the command line's figures (`Records::stream_named`), and no warning asks for a
/// mapping the scenario already has.
#[test]
fn records_are_read_with_the_scenarios_records_settings_as_the_command_line_reads_them() {
    let st = on_template("step-together");
    let mut s = (*st.scenario).clone();
    let id = s.outcomes[0].id.clone();
    let f = s.records.get_or_insert_with(Default::default);
    f.delimiter = Some(";".into());
    f.columns.insert("Case ref".into(), "family_id".into());
    f.columns.insert("Outcome A".into(), id.clone());
    let csv = "Case ref;members;Outcome A\nF1;mother:25-49;mother\nF2;mother:under-25;\nF3;mother:25-49;mother\n";
    let st = st.reduce(Action::OpenSaved {
        name: "Export".into(),
        text: s.to_json(),
        records: Some(csv.into()),
        table: None,
    });
    assert!(st.records.is_some(), "{:?}", st.notice.as_ref().map(|n| &n.text));
    let v = st.valuation.as_ref().expect("valued");
    let reg = Registry::embedded();
    let cli = Records::stream_named("s.json", "r.csv", std::io::Cursor::new(csv.as_bytes()), &s, reg)
        .and_then(|r| socval::evaluate(&s, Some(&r), reg))
        .unwrap();
    assert_eq!(v.totals, cli.totals);
    assert!(v.totals.social_value > Decimal::ZERO);
    assert!(
        !v.warnings
            .iter()
            .any(|w| w.contains("Outcome A") || w.contains("map a header")),
        "{:?}",
        v.warnings
    );
    // Loaded after the scenario, the same.
    let st = st.reduce(Action::ClearRecords).reduce(Action::Records {
        name: "r.csv".into(),
        text: csv.into(),
    });
    assert_eq!(st.valuation.as_ref().unwrap().totals, cli.totals);
}
