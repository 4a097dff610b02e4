//! The page: layout, restoring work on load, autosave. `App` only composes: each effect's work is
//! a function of its own (`on_load`, `value_own_table`), and each part of the layout (the notice,
//! the phone's summary strip, the figures, the panels) a function that renders and dispatches.

use std::rc::Rc;

use socval::Scenario;
use yew::prelude::*;

use crate::browser;
use crate::components::{
    Shared,
    charts::Charts,
    claim::ClaimPanel,
    editor::{Editor, Picker},
    glossary::Glossary,
    headline::Headline,
    working::Working,
};
#[cfg(not(feature = "first"))]
use crate::components::{compare::Compare, io::Io, uncertainty::Uncertainty};
use crate::state::{Action, Field, Notice, State};

/// What to restore on load: a scenario in the link wins over the autosave. (Not in the first
/// module, which main.js loads only when there is neither.)
#[cfg(not(feature = "first"))]
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
    let Some(saved) = browser::load(&browser::tab_autosave_key()).or_else(|| browser::load(&browser::autosave_key()))
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
            browser::save(&browser::page_key(browser::CORRUPT_KEY), &saved);
            browser::remove(&browser::autosave_key());
            browser::remove(&browser::tab_autosave_key());
            dispatch.emit(Action::Notice(Some(Notice::error(format!(
                "Your autosaved work could not be read, so it was set aside (kept in this browser under “{}”) and a template was opened instead. {e}",
                browser::page_key(browser::CORRUPT_KEY)
            )))));
        }
    }
}

/// What the page says when the saves this browser kept for the whole origin (before saves were
/// kept per copy of the page) have moved to this copy: `named` scenarios, and the autosave.
fn adopted_notice(named: usize, autosave: bool) -> Notice {
    let what = match (named, autosave) {
        (0, _) => "your autosaved work".to_string(),
        (1, false) => "1 named scenario".to_string(),
        (n, false) => format!("{n} named scenarios"),
        (1, true) => "1 named scenario and your autosaved work".to_string(),
        (n, true) => format!("{n} named scenarios and your autosaved work"),
    };
    Notice::info(format!(
        "Saves are now kept per copy of the page: {what}, saved in this browser for every copy of socval on this site, now belong to this copy ({}) only.{}",
        browser::page_folder(),
        if autosave { " Your last work is open." } else { "" }
    ))
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

/// Runs `f` just after the browser's next frame (a task after its paint): work that can wait
/// until an edit's figures are on screen. In a hidden tab it waits until the tab is shown.
fn after_next_frame(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let later =
        wasm_bindgen::closure::Closure::once_into_js(move || gloo_timers::callback::Timeout::new(0, f).forget());
    let _ = window.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&later));
}

#[derive(Properties, PartialEq)]
struct NotesProps {
    scenario: Shared<Scenario>,
    /// Whether the figures come from per-family records.
    from_records: bool,
}

/// The scenario's notes (`notes`). Whether they still stand after an edit that leaves their text
/// as it was takes the core a reading of the templates, so it is worked out just after the frame
/// that shows the edit's figures (the notes are below them, closed): the edit's frame does not
/// wait for it. A new text (another template, an import) or records are worked out at once.
#[function_component(Notes)]
fn scenario_notes(p: &NotesProps) -> Html {
    let (s, from_records) = (p.scenario.clone(), p.from_records);
    let at_once = use_memo((s.notes.clone(), from_records), {
        let s = s.clone();
        move |(_, from_records)| notes(&s, *from_records)
    });
    // The notes worked out after a frame: of which scenario, from records or not.
    let later = use_state(|| None::<(Shared<Scenario>, bool, Rc<Html>)>);
    let newest = use_mut_ref(|| s.clone());
    *newest.borrow_mut() = s.clone();
    {
        let later = later.clone();
        use_effect_with((s.clone(), from_records), move |(s, from_records)| {
            let (s, from_records) = (s.clone(), *from_records);
            after_next_frame(move || {
                // Only for the newest scenario: an edit since has its own turn.
                if *newest.borrow() == s {
                    let html = Rc::new(notes(&s, from_records));
                    later.set(Some((s, from_records, html)));
                }
            });
        });
    }
    match &*later {
        Some((t, fr, html)) if t.notes == s.notes && *fr == from_records => (**html).clone(),
        _ => (*at_once).clone(),
    }
}

/// On load: saves kept for the whole origin move (once) to this copy, the work is restored, what
/// was typed before the live page started is applied, and the saved scenarios are listed (and
/// kept current when another tab saves one).
fn on_load(dispatch: Callback<Action>) {
    let adopted = browser::adopt_origin_saves();
    // The full module taking over from the first restores the first's state instead.
    #[cfg(not(feature = "first"))]
    if !crate::swap::take(&dispatch) {
        restore(&dispatch);
    }
    if let Some((named, autosave)) = adopted {
        dispatch.emit(Action::Notice(Some(adopted_notice(named, autosave))));
    }
    // What was typed in the first screen before the live page started (none when work was
    // restored: that screen was hidden).
    if browser::replay_early_input() > 0 {
        dispatch.emit(Action::Notice(Some(Notice::info(
            "What you typed while the calculator was starting has been applied.",
        ))));
    }
    dispatch.emit(Action::SavedList(browser::saved_names()));
    // The tables' evidence text, which the live module is built without (the working's sources;
    // `cargo xtask build` writes the file, page.rs's `TABLES_TEXT`). The first module goes
    // without it (its reader is JSON's): the full module fetches it.
    #[cfg(not(feature = "first"))]
    {
        let d = dispatch.clone();
        let done = wasm_bindgen::closure::Closure::once_into_js(move |text: String| d.emit(Action::TablesText(text)));
        browser::fetch_text("tables-text.json", done);
    }
    // The page drawn once more, the same, as soon as it is on screen: its first update's code is
    // compiled now rather than on the person's first edit (which took twice a later one's time).
    let redraw = dispatch.clone();
    gloo_timers::callback::Timeout::new(0, move || redraw.emit(Action::Redraw)).forget();
    browser::on_storage_change(move || dispatch.emit(Action::SavedList(browser::saved_names())));
}

/// A table of the user's own (`table`: its file name and text) is read, and the scenario valued
/// with it beside the open tables, in the analysis module (fetched on first use).
fn value_own_table(
    scenario: &Scenario,
    records: Option<&str>,
    table: (String, Rc<String>),
    revision: u64,
    dispatch: Callback<Action>,
) {
    let (file, text) = table;
    let name = file.clone();
    browser::own_table(&scenario.to_json(), records, &name, &text.clone(), move |result| {
        dispatch.emit(Action::OwnTableRead {
            file,
            text,
            revision,
            result,
        })
    });
}

/// The message above the page, with Undo while a replaced scenario can be taken back.
fn notice_bar(state: &State, dispatch: &Callback<Action>) -> Html {
    let Some(n) = &state.notice else {
        return Html::default();
    };
    let dismiss = dispatch.reform(|_| Action::Notice(None));
    html! {
        <div class={classes!("notice", n.error.then_some("bad"))} role={if n.error { "alert" } else { "status" }} data-testid="notice">
            <span>{ &n.text }</span>
            if state.undo.is_some() && !n.error {
                <button type="button" data-testid="undo" onclick={dispatch.reform(|_| Action::Undo)}>{ "Undo" }</button>
            }
            <button type="button" onclick={dismiss} aria-label="Dismiss message">{ "×" }</button>
        </div>
    }
}

/// A compact strip that stays in view on a phone while the inputs scroll by (the full figures,
/// labelled for screen readers, are in the results).
fn mobile_summary(state: &State) -> Html {
    let Some(v) = &state.work.valuation else {
        return Html::default();
    };
    html! {
        <div class="mobile-summary" aria-hidden="true">
            <span>{ "Social value " }<b>{ crate::format::money(v.display.social_value) }</b></span>
            <span>{ "Savings " }<b>{ crate::format::money(v.display.fiscal_savings) }</b></span>
            <span>{ "Cost " }<b>{ crate::format::money(v.display.programme_cost) }</b></span>
            <span data-testid="mobile-per-family">{ "Per family " }<b>{ crate::format::money(v.display.social_value_per_family) }</b></span>
        </div>
    }
}

/// The figures, or why there are none: the headline, the notes, the charts and the working.
fn figures(state: &State) -> Html {
    let Some(v) = state.work.valuation.clone() else {
        return html! { <p data-testid="status">{ "No figures yet: the scenario is not valid." }</p> };
    };
    // Ranges and the analysis' settings never change the figures: their errors do not make them stale.
    let w = &state.work;
    let stale = w.field_errors.keys().any(|f| !f.is_uncertainty()) || w.error.is_some();
    html! {
        <>
            <Headline valuation={Shared(v.clone())} stale={stale} />
            <Notes scenario={Shared(w.scenario.clone())} from_records={v.from_records} />
            <Charts valuation={Shared(v.clone())} />
            <Working valuation={Shared(v)} />
        </>
    }
}

/// A panel the first module leaves out: its heading, and a line saying it is on its way (the
/// full module draws it once loaded).
#[cfg(feature = "first")]
fn loading_panel(class: &'static str, heading: &'static str) -> Html {
    html! {
        <section class={classes!(class, "lite-panel")} aria-label={heading} data-testid="loading-panel">
            <h2>{ heading }</h2>
            <p class="loading-line">{ "Loading this part of the page…" }</p>
        </section>
    }
}

/// The panels below the figures in the first module: the claim test as in the full page; the
/// analysis, the comparisons and the files loading.
#[cfg(feature = "first")]
fn panels(state: &State, _dispatch: &Callback<Action>) -> Html {
    let w = &state.work;
    html! {
        <>
            { loading_panel("uncertainty", "How sure are these figures?") }
            <ClaimPanel scenario={Shared(w.scenario.clone())} records_csv={None::<Shared<String>>} revision={w.revision} />
            { loading_panel("compare", "Compare two scenarios") }
            { loading_panel("io", "Save, share, load") }
        </>
    }
}

/// The panels below the figures: the uncertainty analysis, the claim test, the comparisons and
/// the files.
#[cfg(not(feature = "first"))]
fn panels(state: &State, dispatch: &Callback<Action>) -> Html {
    let w = &state.work;
    let scenario = Shared(w.scenario.clone());
    let records_csv = state.records_csv().map(Shared);
    let records = state.records.as_ref();
    // The comparison with pinned figures needs the figures now only while some are pinned.
    let c = &state.comparison;
    let current = c.pinned.as_ref().and(w.valuation.clone()).map(Shared);
    let own = &state.own_table;
    let user_table = own
        .table
        .as_ref()
        .map(|u| AttrValue::from(format!("{} ({}) from {}", u.title, u.reference, u.file)));
    html! {
        <>
            <Uncertainty scenario={scenario.clone()} records={records.map(|r| Shared(r.records.clone()))}
                records_csv={records_csv.clone()} analysis={state.analysis.clone().map(Shared)}
                revision={w.revision} range_errors={w.range_errors.clone()}
                uncertainty_error={w.uncertainty_error.clone()} inputs={w.inputs(Field::is_uncertainty)}
                dispatch={dispatch.clone()} />
            <ClaimPanel scenario={scenario.clone()} records_csv={records_csv.clone()} revision={w.revision} />
            <Compare tables={w.scenario.tables.clone()} pinned={c.pinned.clone().map(Shared)} current={current}
                compare_with={c.with.clone().map(AttrValue::from)} comparison={c.result.clone().map(|c| c.map(Shared))}
                user_table={user_table} user_comparison={own.comparison.clone().map(|c| c.map(Shared))}
                import_error={state.import_error.clone()} reading={own.pending.as_ref().map(|(f, _)| AttrValue::from(f.clone()))}
                user_comparison_current={own.comparison_revision == w.revision} dispatch={dispatch.clone()} />
            <Io scenario={scenario} records={records.map(|r| (AttrValue::from(r.name.clone()), r.records.families.len()))}
                records_csv={records_csv} saved={Rc::new(state.saved.clone())}
                report={state.current_report().and(state.funder.clone()).map(Shared)}
                analysis_current={state.analysis_is_current()} user_table={own.table.clone().map(Shared)}
                import_error={state.import_error.clone()} dispatch={dispatch.clone()} />
        </>
    }
}

/// The table of the user's own to value the scenario with (none in the first module, which has
/// no control to choose one).
fn own_table_to_value(state: &State) -> Option<(String, Rc<String>)> {
    if cfg!(feature = "first") {
        None
    } else {
        state.own_table.to_value()
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
        use_effect_with((), move |_| on_load(dispatch));
    }
    // Autosave the scenario whenever it changes (after the first load).
    {
        let scenario = state.work.scenario.clone();
        use_effect_with(state.work.revision, move |rev| {
            if *rev > 0 {
                let json = scenario.to_json();
                browser::save(&browser::tab_autosave_key(), &json);
                browser::save(&browser::autosave_key(), &json);
            }
        });
    }
    // A table of the user's own is valued again whenever the scenario, its records or the table
    // change.
    {
        let (table, records) = (own_table_to_value(&state), state.records_csv());
        let deps = (
            state.work.revision,
            records.clone().map(Shared),
            table.as_ref().map(|(_, t)| Shared(t.clone())),
        );
        let (scenario, dispatch) = (state.work.scenario.clone(), dispatch.clone());
        use_effect_with(deps, move |(revision, _, _)| {
            if let Some(table) = table {
                value_own_table(
                    &scenario,
                    records.as_deref().map(|r| r.as_str()),
                    table,
                    *revision,
                    dispatch,
                );
            }
        });
    }
    // Mark the live page's first figures (the calculator is ready) for the timing measurements;
    // the build-time copy's figures were on screen before.
    use_effect_with(state.work.valuation.is_some(), |has| {
        if *has {
            browser::mark("socval:ready");
        }
    });
    #[cfg(feature = "first")]
    crate::swap::note(&state);
    let w = &state.work;
    html! {
        <>
            <a class="skip" href="#results" data-testid="skip-link">{ "Skip to the results" }</a>
            <header class="top">
                <h1>{ "socval" }</h1>
                <p>{ "Social value and avoided public costs of family-support programmes, worked line by line. Everything runs in this browser: nothing you type or load leaves it." }</p>
            </header>
            { notice_bar(&state, &dispatch) }
            { mobile_summary(&state) }
            // On a phone the form comes first: this link (shown on narrow screens) jumps past it.
            <a class="jump" href="#results" data-testid="jump-results">{ "Jump to the results ↓" }</a>
            <main id="main" class="layout">
                <section class="controls" aria-label="Scenario">
                    <Picker origin={w.origin.clone()} dispatch={dispatch.clone()} />
                    <Editor scenario={Shared(w.scenario.clone())} inputs={w.inputs(|f| !f.is_uncertainty())} scale_counts={w.scale_counts}
                        open={Rc::new(w.open_adjustments.clone())} dispatch={dispatch.clone()} />
                </section>
                <section class="results" id="results" tabindex="-1" aria-label="Results">
                    if let Some(e) = &w.error {
                        <p class="error" role="alert" data-testid="scenario-error">{ e }</p>
                    }
                    { figures(&state) }
                    { panels(&state, &dispatch) }
                    <Glossary />
                </section>
            </main>
            <footer class="foot"><p>{ format!("socval {} · tables embedded at build time · ", env!("CARGO_PKG_VERSION")) }
                { "scenario notes and sources are in the working" }</p></footer>
        </>
    }
}
