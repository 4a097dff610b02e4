//! The rest of the page's state: importing and exporting, records, a table of the user's own,
//! undo, saves, the analysis' reports and the funder report.

use std::rc::Rc;

use socval::{Decimal, Registry, records::Records};
use yew::Reducible;

use super::{fixture, on_template, state};
use crate::state::*;

#[test]
fn a_bad_import_leaves_the_scenario_unchanged() {
    let st = state();
    let scenario = st.work.scenario.clone();
    let st = st.reduce(Action::Import {
        name: "bad.json".into(),
        text: "{\n \"name\": 3\n}".into(),
    });
    assert_eq!(st.work.scenario, scenario);
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
    let (file, text) = st.own_table.to_value().unwrap();
    assert_eq!(file, name);
    let (revision, result) = (st.work.revision, result(&st));
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
    let st = read_table(st, "mine.json", |st| Ok(own_table_bytes(&st.work.scenario)));
    assert!(st.import_error.is_none() && st.own_table.pending.is_none());
    let u = st.own_table.table.clone().unwrap();
    assert_eq!(u.reference, "licensed-unit-costs@2025.1");
    let c = st.own_table.comparison.clone().unwrap().unwrap();
    assert!(c.caption.contains("licensed-unit-costs@2025.1"), "{}", c.caption);
    assert_eq!(st.own_table.comparison_revision, st.work.revision);
    // After an edit the table is valued again; an answer for an older revision is not shown.
    let st = st.reduce(Action::Edit(Field::Families, "80".into()));
    assert_eq!(
        st.own_table.to_value().map(|(_, t)| Rc::ptr_eq(&t, &u.text)),
        Some(true)
    );
    let (old, json) = (st.work.revision - 1, own_table_bytes(&st.work.scenario));
    let st = st.reduce(Action::OwnTableRead {
        file: u.file.clone(),
        text: u.text.clone(),
        revision: old,
        result: Ok(json),
    });
    assert_ne!(st.own_table.comparison_revision, st.work.revision);
    // Never in the scenario; gone when asked.
    assert!(!st.work.scenario.to_json().contains("licensed-unit-costs"));
    let st = st.reduce(Action::ClearUserTable);
    assert!(st.own_table.table.is_none() && st.own_table.comparison.is_none() && st.own_table.to_value().is_none());
}

#[test]
fn a_bad_table_file_leaves_the_scenario_and_tables_as_they_were_with_the_error_beside_its_control() {
    let st = read_table(on_template("step-together"), "mine.json", |st| {
        Ok(own_table_bytes(&st.work.scenario))
    });
    let (scenario, table, figures) = (
        st.work.scenario.clone(),
        st.own_table.table.clone().unwrap(),
        st.work.valuation.clone(),
    );
    let bad = read_table(st, "bad.json", |_| {
        Err("bad.json: line 149, rows[1] (id \"care-proceedings-court\"): field `value`: a proxy value must not be negative".into())
    });
    assert_eq!(bad.work.scenario, scenario);
    assert_eq!(bad.work.valuation, figures);
    assert!(Rc::ptr_eq(bad.own_table.table.as_ref().unwrap(), &table));
    assert!(bad.own_table.pending.is_none());
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
    let json = st.work.scenario.to_json();
    let back = state().reduce(Action::Blank).reduce(Action::Import {
        name: "x.json".into(),
        text: json,
    });
    assert_eq!(back.work.scenario, st.work.scenario);
    assert_eq!(back.work.valuation, st.work.valuation);
}

#[test]
fn a_template_replacing_work_can_be_undone_until_the_next_edit() {
    let st = state().reduce(Action::Edit(Field::Families, "37".into()));
    let mine = st.work.scenario.clone();
    let st = st.reduce(Action::Blank);
    assert_ne!(st.work.scenario, mine);
    assert!(st.undo.is_some() && st.notice.as_ref().is_some_and(|n| n.text.contains("Undo")));
    let back = st.clone().reduce(Action::Undo);
    assert_eq!(back.work.scenario, mine);
    assert_eq!(back.work.valuation.as_ref().map(|v| v.families), Some(37));
    assert!(back.undo.is_none());
    // An edit after the replacement ends the offer (undo would lose that edit).
    let edited = st.reduce(Action::Edit(Field::Families, "12".into()));
    assert!(edited.undo.is_none());
    assert_eq!(edited.reduce(Action::Undo).work.scenario.families, 12);
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
    let mine = st.work.scenario.clone();
    let mut other = (*mine).clone();
    other.name = "Plan B".into();
    other.families = 44;
    let st = st.reduce(Action::OpenSaved {
        name: "Plan B".into(),
        text: other.to_json(),
        records: None,
        table: None,
    });
    assert_eq!(st.work.scenario.families, 44);
    assert!(st.records.is_none());
    assert_eq!(st.clone().reduce(Action::Undo).work.scenario, mine);
    let bad = st.reduce(Action::OpenSaved {
        name: "Broken".into(),
        text: "{".into(),
        records: None,
        table: None,
    });
    assert_eq!(bad.work.scenario.families, 44);
    assert!(
        bad.notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("Broken"))
    );
}

/// The funder report is offered only for the scenario it was made of; bands only with a finished
/// analysis of the scenario on screen.
#[test]
fn a_funder_report_belongs_to_its_scenario() {
    let st = state().reduce(Action::ReportRequested);
    let asked = st.current_report().expect("asked for");
    assert!(!asked.with_analysis, "no analysis has been run");
    assert!(asked.html.is_none());
    let of = st.work.scenario.clone();
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

/// The page reads records as the scenario's `[records]` says (its delimiter, its headers mapped),
/// giving the command line's figures (`Records::stream_named`), and no warning asks for a
/// mapping the scenario already has.
#[test]
fn records_are_read_with_the_scenarios_records_settings_as_the_command_line_reads_them() {
    let st = on_template("step-together");
    let mut s = (*st.work.scenario).clone();
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
    let v = st.work.valuation.as_ref().expect("valued");
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
    assert_eq!(st.work.valuation.as_ref().unwrap().totals, cli.totals);
}
