//! The scenario's fields: what each shows and applies, edits valued by the core, errors beside
//! their fields, levels, scaling with the families, open adjustments.

use socval::{Decimal, Registry, adjust::Adjustment};
use yew::Reducible;

use super::state;
use crate::state::fields::{apply, parse_percent};
use crate::state::work::template;
use crate::state::*;

#[test]
fn starts_on_a_template_with_figures() {
    let st = state();
    assert!(st.work.valuation.is_some(), "{:?}", st.work.error);
    assert_ne!(st.work.origin, "");
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
        *st.work.scenario,
        socval::Scenario::from_json_str("blank.json", &text).unwrap()
    );
    assert_eq!(
        (st.work.origin.as_str(), st.work.scenario.costs[0].amount),
        ("blank", Decimal::new(50000, 0))
    );
    let v = st.work.valuation.as_deref().expect("the blank scenario values");
    assert_eq!(v.display.programme_cost, Decimal::new(50000, 0));
}

#[test]
fn an_edit_revalues_with_the_core() {
    let st = state().reduce(Action::Blank);
    let st = st.reduce(Action::AddOutcome("high-confidence".into()));
    let st = st.reduce(Action::Edit(Field::OutcomeRate(0), "40".into()));
    assert_eq!(st.work.scenario.outcomes[0].rate, Some(Decimal::new(4, 1)));
    let direct = socval::evaluate_named(PAGE_FILE, &st.work.scenario, None, Registry::embedded()).unwrap();
    assert_eq!(st.work.valuation.as_deref(), Some(&direct));
    assert!(st.work.field_errors.is_empty());
}

#[test]
fn an_invalid_field_keeps_the_last_valid_scenario_and_figures() {
    let st = state();
    let before = st.work.valuation.clone();
    let scenario = st.work.scenario.clone();
    let st = st.reduce(Action::Edit(Field::Families, "0".into()));
    assert!(st.work.field_errors.get(&Field::Families).unwrap().contains("families"));
    assert_eq!(st.work.scenario, scenario);
    assert_eq!(st.work.valuation, before);
    assert_eq!(st.work.drafts.get(&Field::Families).map(String::as_str), Some("0"));
    let st = st.reduce(Action::Edit(Field::Families, "not a number".into()));
    assert!(st.work.field_errors.contains_key(&Field::Families));
    let st = st.reduce(Action::Edit(Field::Families, "12".into()));
    assert!(st.work.field_errors.is_empty());
    assert_eq!(st.work.scenario.families, 12);
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
    let s = state().reduce(Action::Blank).work.scenario.clone();
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
fn a_field_shows_the_cores_message_without_its_place() {
    let st = state().reduce(Action::Edit(Field::Families, "0".into()));
    let m = st.work.field_errors.get(&Field::Families).unwrap();
    assert!(m.starts_with("families must be"), "{m}");
    assert!(!m.contains("field `"), "{m}");
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
    assert_eq!(st.work.scenario.defaults.deadweight, Some(Decimal::new(1, 1)));
    let st = st.reduce(Action::DeadweightLevel(None, Some(level.id.to_string())));
    assert_eq!(st.work.scenario.defaults.deadweight, None);
    assert_eq!(st.work.scenario.defaults.deadweight_level.as_deref(), Some(level.id));
    assert!(!st.work.drafts.contains_key(&Field::Default(Adjustment::Deadweight)));
    let f = socval::adjust::in_force(
        &st.work.scenario,
        Registry::embedded(),
        socval::adjust::ItemRef::Outcome(0),
        Adjustment::Deadweight,
    )
    .unwrap();
    assert_eq!(f.value, level.value);
    assert!(f.words().contains(level.label), "{}", f.words());
    let direct = socval::evaluate_named(PAGE_FILE, &st.work.scenario, None, Registry::embedded()).unwrap();
    assert_eq!(st.work.valuation.as_ref().unwrap().display, direct.display);
    // An item's own level, then back to its own figure.
    let st = st.reduce(Action::DeadweightLevel(
        Some(socval::adjust::ItemRef::Outcome(0)),
        Some(level.id.to_string()),
    ));
    assert_eq!(
        st.work.scenario.outcomes[0].adjustments.deadweight_level.as_deref(),
        Some(level.id)
    );
    let st = st.reduce(Action::DeadweightLevel(Some(socval::adjust::ItemRef::Outcome(0)), None));
    assert_eq!(st.work.scenario.outcomes[0].adjustments.deadweight_level, None);
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
        socval::cohort::scaling(&st.work.scenario, socval::adjust::ItemRef::Avoided(0)),
        socval::cohort::Scaling::FixedCount
    );
    let fixed = st.clone().reduce(Action::Edit(Field::Families, "20".into()));
    assert_eq!(fixed.work.scenario.avoided[0].count, Some(Decimal::from(2)));
    let st = st.reduce(Action::ScaleCounts(true));
    let want = socval::cohort::with_families(&st.work.scenario, 20, true).unwrap();
    let scaled = st.reduce(Action::Edit(Field::Families, "20".into()));
    assert_eq!(scaled.work.scenario.families, 20);
    assert_eq!(scaled.work.scenario.avoided[0].count, want.avoided[0].count);
    assert_eq!(
        scaled.work.scenario.avoided[0].count.map(|c| c.normalize()),
        Some(Decimal::from(4))
    );
}

/// Which items' adjustments are open: kept as the person opens and closes them, each once;
/// closed when an item is removed (the others move up) and when the scenario is replaced.
#[test]
fn open_adjustments_follow_the_person_and_close_with_their_items() {
    use socval::adjust::ItemRef;
    let st = state();
    assert!(st.work.open_adjustments.is_empty(), "closed at the start");
    let st = st
        .reduce(Action::AdjustmentsOpen(ItemRef::Outcome(1), true))
        .reduce(Action::AdjustmentsOpen(ItemRef::Avoided(0), true))
        .reduce(Action::AdjustmentsOpen(ItemRef::Outcome(1), true));
    assert_eq!(st.work.open_adjustments, vec![ItemRef::Avoided(0), ItemRef::Outcome(1)]);
    let st = st.reduce(Action::AdjustmentsOpen(ItemRef::Avoided(0), false));
    assert_eq!(st.work.open_adjustments, vec![ItemRef::Outcome(1)]);
    let outcomes = st.work.scenario.outcomes.len();
    let removed = st.clone().reduce(Action::RemoveOutcome(0));
    assert_eq!(removed.work.scenario.outcomes.len(), outcomes - 1);
    assert!(
        removed.work.open_adjustments.is_empty(),
        "{:?}",
        removed.work.open_adjustments
    );
    let st = st.reduce(Action::Blank);
    assert!(st.work.open_adjustments.is_empty(), "{:?}", st.work.open_adjustments);
}

/// A redraw (sent once the live page is on screen) gives the components new identities to draw
/// again, with the same scenario and the same figures, and is no change of the work: the
/// revision stays, so nothing is autosaved, and an undo offer stands.
#[test]
fn a_redraw_draws_the_same_figures_again_without_changing_the_work() {
    let st = state();
    let before = (
        st.work.scenario.clone(),
        st.work.valuation.clone().unwrap(),
        st.work.revision,
    );
    let after = st.reduce(Action::Redraw);
    let v = after.work.valuation.clone().unwrap();
    assert!(!std::rc::Rc::ptr_eq(&after.work.scenario, &before.0), "a new identity");
    assert!(!std::rc::Rc::ptr_eq(&v, &before.1), "a new identity");
    assert_eq!(*after.work.scenario, *before.0);
    assert_eq!(v.display.social_value, before.1.display.social_value);
    assert_eq!(*v, *before.1);
    assert_eq!(after.work.revision, before.2);
}
