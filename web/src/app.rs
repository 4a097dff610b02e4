//! The page: layout, restoring work on load, autosave.

use std::rc::Rc;

use socval::Scenario;
use yew::prelude::*;

use crate::browser;
use crate::components::{
    Shared,
    charts::Charts,
    claim::ClaimPanel,
    compare::Compare,
    editor::{Editor, Picker},
    glossary::Glossary,
    headline::Headline,
    io::Io,
    uncertainty::Uncertainty,
    working::Working,
};
use crate::state::{Action, Field, Notice, State};

/// What to restore on load: a scenario in the link wins over the autosave.
fn restore(dispatch: &Callback<Action>) {
    if let Some(shared) = browser::shared_scenario(&browser::hash()) {
        browser::clear_hash();
        match shared.and_then(|t| Scenario::from_json_str("shared link", &t).map_err(|e| e.to_string())) {
            Ok(s) => {
                let n = Notice::info(format!("Opened the scenario “{}” from the link.", s.name));
                dispatch.emit(Action::Restore {
                    scenario: Box::new(s),
                    origin: "shared".into(),
                    notice: Some(n),
                });
            }
            Err(e) => dispatch.emit(Action::Notice(Some(Notice::error(format!(
                "The link's scenario could not be read: {e}"
            ))))),
        }
        return;
    }
    // This tab's own work first (a reload), else the latest work of any tab (a new tab).
    let Some(saved) = browser::load(&browser::tab_autosave_key()).or_else(|| browser::load(browser::AUTOSAVE_KEY))
    else {
        return;
    };
    match Scenario::from_json_str("autosave", &saved) {
        Ok(s) => {
            let n = Notice::info(format!("Restored your last work: “{}”.", s.name));
            dispatch.emit(Action::Restore {
                scenario: Box::new(s),
                origin: "restored".into(),
                notice: Some(n),
            });
        }
        Err(e) => {
            browser::save(browser::CORRUPT_KEY, &saved);
            browser::remove(browser::AUTOSAVE_KEY);
            browser::remove(&browser::tab_autosave_key());
            dispatch.emit(Action::Notice(Some(Notice::error(format!(
                "Your autosaved work could not be read, so it was set aside (kept in this browser under “{}”) and a template was opened instead. {e}",
                browser::CORRUPT_KEY
            )))));
        }
    }
}

/// The scenario's notes as far as the core lets them stand beside these figures: a template's
/// notes only while it is as shipped, else the core's line saying why they are left out; as
/// paragraphs and lists.
fn notes(s: &Scenario, from_records: bool) -> Html {
    let (text, left_out) = match socval::notes::notes_in_force(s, from_records) {
        socval::notes::NotesInForce::None => return Html::default(),
        socval::notes::NotesInForce::Shown(t) => (t, None),
        socval::notes::NotesInForce::LeftOut(line) => (String::new(), Some(line)),
    };
    html! {
        <details class="notes" data-testid="scenario-notes">
            <summary>{ "How this compares with the published figure, and why" }</summary>
            { for socval::notes::note_blocks(&text).into_iter().map(|b| match b {
                socval::notes::NoteBlock::Paragraph(p) => html! { <p>{ p }</p> },
                socval::notes::NoteBlock::List(items) => html! { <ul>{ for items.into_iter().map(|i| html! { <li>{ i }</li> }) }</ul> },
            }) }
            if let Some(line) = left_out { <p data-testid="notes-left-out"><em>{ line }</em></p> }
        </details>
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::initial);
    // One dispatcher for the page's life: components given it compare equal across renders.
    let dispatch = {
        let d = state.dispatcher();
        use_callback((), move |a: Action, _| d.dispatch(a))
    };

    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            restore(&dispatch);
            // What was typed in the first screen before the live page started (none when work
            // was restored: that screen was hidden).
            if browser::replay_early_input() > 0 {
                dispatch.emit(Action::Notice(Some(Notice::info(
                    "What you typed while the calculator was starting has been applied.",
                ))));
            }
            // The scenarios saved in this browser, kept current when another tab saves one.
            dispatch.emit(Action::SavedList(browser::saved_names()));
            browser::on_storage_change(move || dispatch.emit(Action::SavedList(browser::saved_names())));
        });
    }
    // Autosave the scenario whenever it changes (after the first load).
    {
        let scenario = state.scenario.clone();
        use_effect_with(state.scenario_revision, move |rev| {
            if *rev > 0 {
                let json = scenario.to_json();
                browser::save(&browser::tab_autosave_key(), &json);
                browser::save(browser::AUTOSAVE_KEY, &json);
            }
        });
    }
    // A table of the user's own is read, and the scenario valued with it beside the open tables,
    // in the analysis module (fetched on first use): again whenever the scenario, its records or
    // the table change.
    {
        let table = state.table_to_value();
        let deps = (
            state.scenario_revision,
            state.records_csv.clone().map(Shared),
            table.as_ref().map(|(_, t)| Shared(t.clone())),
        );
        let (scenario, records, dispatch) = (state.scenario.clone(), state.records_csv.clone(), dispatch.clone());
        use_effect_with(deps, move |(revision, _, _)| {
            if let Some((file, text)) = table {
                let revision = *revision;
                let name = file.clone();
                browser::own_table(
                    &scenario.to_json(),
                    records.as_deref().map(|r| r.as_str()),
                    &name,
                    &text.clone(),
                    move |result| {
                        dispatch.emit(Action::OwnTableRead {
                            file,
                            text,
                            revision,
                            result,
                        })
                    },
                );
            }
        });
    }
    // Mark the live page's first figures (the calculator is ready) for the timing measurements;
    // the build-time copy's figures were on screen before.
    {
        let has = state.valuation.is_some();
        use_effect_with(has, move |has| {
            if *has {
                browser::mark("socval:ready");
            }
        });
    }

    // The notes, worked out again only when the scenario or where its facts come from changes.
    let notes_html = use_memo(
        (
            Shared(state.scenario.clone()),
            state.valuation.as_ref().is_some_and(|v| v.from_records),
        ),
        |(s, from_records)| notes(s, *from_records),
    );
    // Ranges and the analysis' settings never change the figures: their errors do not make them stale.
    let stale = state.field_errors.keys().any(|f| !f.is_uncertainty()) || state.error.is_some();
    let dismiss = dispatch.reform(|_| Action::Notice(None));
    let valuation: Option<Rc<socval::Valuation>> = state.valuation.clone();
    let records = state.records.as_ref().map(|(name, r)| (name, r.clone()));
    let scenario = Shared(state.scenario.clone());
    // The comparison with pinned figures needs the figures now only while some are pinned.
    let current = state.pinned.as_ref().and(valuation.clone()).map(Shared);
    let comparison = state.comparison.clone().map(|c| c.map(Shared));
    let user_comparison = state.user_comparison.clone().map(|c| c.map(Shared));
    let user_table = state
        .user_table
        .as_ref()
        .map(|u| AttrValue::from(format!("{} ({}) from {}", u.title, u.reference, u.file)));
    let reading = state
        .user_table_pending
        .as_ref()
        .map(|(f, _)| AttrValue::from(f.clone()));
    html! {
        <>
            <a class="skip" href="#results" data-testid="skip-link">{ "Skip to the results" }</a>
            <header class="top">
                <h1>{ "socval" }</h1>
                <p>{ "Social value and avoided public costs of family-support programmes, worked line by line. Everything runs in this browser: nothing you type or load leaves it." }</p>
            </header>
            if let Some(n) = &state.notice {
                <div class={classes!("notice", n.error.then_some("bad"))} role={if n.error { "alert" } else { "status" }} data-testid="notice">
                    <span>{ &n.text }</span>
                    if state.undo.is_some() && !n.error {
                        <button type="button" data-testid="undo" onclick={dispatch.reform(|_| Action::Undo)}>{ "Undo" }</button>
                    }
                    <button type="button" onclick={dismiss} aria-label="Dismiss message">{ "×" }</button>
                </div>
            }
            if let Some(v) = &state.valuation {
                // A compact strip that stays in view on a phone while the inputs scroll by
                // (the full figures, labelled for screen readers, are in the results).
                <div class="mobile-summary" aria-hidden="true">
                    <span>{ "Social value " }<b>{ crate::format::money(v.display.social_value) }</b></span>
                    <span>{ "Savings " }<b>{ crate::format::money(v.display.fiscal_savings) }</b></span>
                    <span>{ "Cost " }<b>{ crate::format::money(v.display.programme_cost) }</b></span>
                    <span data-testid="mobile-per-family">{ "Per family " }<b>{ crate::format::money(v.display.social_value_per_family) }</b></span>
                </div>
            }
            // On a phone the form comes first: this link (shown on narrow screens) jumps past it.
            <a class="jump" href="#results" data-testid="jump-results">{ "Jump to the results ↓" }</a>
            <main id="main" class="layout">
                <section class="controls" aria-label="Scenario">
                    <Picker origin={state.origin.clone()} dispatch={dispatch.clone()} />
                    <Editor scenario={scenario.clone()} inputs={state.inputs(|f| !f.is_uncertainty())} scale_counts={state.scale_counts}
                        open={Rc::new(state.open_adjustments.clone())} dispatch={dispatch.clone()} />
                </section>
                <section class="results" id="results" tabindex="-1" aria-label="Results">
                    if let Some(e) = &state.error {
                        <p class="error" role="alert" data-testid="scenario-error">{ e }</p>
                    }
                    if let Some(v) = valuation {
                        <Headline valuation={Shared(v.clone())} stale={stale} />
                        { (*notes_html).clone() }
                        <Charts valuation={Shared(v.clone())} />
                        <Working valuation={Shared(v)} />
                    } else {
                        <p data-testid="status">{ "No figures yet: the scenario is not valid." }</p>
                    }
                    <Uncertainty scenario={scenario.clone()} records={records.as_ref().map(|(_, r)| Shared(r.clone()))}
                        records_csv={state.records_csv.clone().map(Shared)} analysis={state.analysis.clone().map(Shared)}
                        revision={state.scenario_revision} range_errors={state.range_errors.clone()}
                        uncertainty_error={state.uncertainty_error.clone()} inputs={state.inputs(Field::is_uncertainty)}
                        dispatch={dispatch.clone()} />
                    <ClaimPanel scenario={scenario.clone()} records_csv={state.records_csv.clone().map(Shared)} revision={state.scenario_revision} />
                    <Compare tables={state.scenario.tables.clone()} pinned={state.pinned.clone().map(Shared)} current={current}
                        compare_with={state.compare_with.clone().map(AttrValue::from)} comparison={comparison}
                        user_table={user_table} user_comparison={user_comparison} import_error={state.import_error.clone()}
                        reading={reading} user_comparison_current={state.user_comparison_revision == state.scenario_revision}
                        dispatch={dispatch.clone()} />
                    <Io scenario={scenario} records={records.map(|(name, r)| (AttrValue::from(name.clone()), r.families.len()))}
                        records_csv={state.records_csv.clone().map(Shared)} saved={Rc::new(state.saved.clone())}
                        report={state.current_report().and(state.funder.clone()).map(Shared)}
                        analysis_current={state.analysis_is_current()} user_table={state.user_table.clone().map(Shared)}
                        import_error={state.import_error.clone()} dispatch={dispatch.clone()} />
                    <Glossary />
                </section>
            </main>
            <footer class="foot"><p>{ format!("socval {} · tables embedded at build time · ", env!("CARGO_PKG_VERSION")) }
                { "scenario notes and sources are in the working" }</p></footer>
        </>
    }
}
