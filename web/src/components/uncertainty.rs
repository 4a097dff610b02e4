//! How sure are the figures? The ranges the scenario carries, and the core's uncertainty
//! analysis: a tornado of the assumptions that move each total most, a Monte Carlo band
//! (P5 / P50 / P95) with a histogram, with progress and a cancel button, and break-even values.
//! The analysis runs in a second wasm module in a Web Worker (`web/analysis`), fetched from
//! this page's origin on the first click; its reports go through the reducer and are drawn here.
//! Every figure is the core's (`socval::uncertainty`).

use std::rc::Rc;

use socval::Scenario;
use socval::records::Records;
use socval::uncertainty::{self, TargetInfo};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Shared;
use super::chart::chart;

use super::fields::{NumField, on_edit};
use crate::browser;
use crate::state::{self, Action, Analysis, DISTRIBUTIONS, Field, Inputs, Notice, field_text};
use crate::view;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Shared<Scenario>,
    pub records: Option<Shared<Records>>,
    /// The records' CSV text, for the analysis module.
    pub records_csv: Option<Shared<String>>,
    /// The analysis, while it runs and after.
    pub analysis: Option<Shared<Analysis>>,
    /// The scenario's revision (an analysis of an older one is marked stale).
    pub revision: u64,
    /// What the core says is wrong with each range, and with the `[uncertainty]` settings.
    pub range_errors: Vec<Option<String>>,
    pub uncertainty_error: Option<String>,
    /// Drafts and errors of the ranges' and settings' fields.
    pub inputs: Rc<Inputs>,
    pub dispatch: Callback<Action>,
}

/// The tornado charts and break-even values of an analysis, as the worker laid them out.
fn sensitivity(a: &Analysis) -> Html {
    html! {
        <>
            { match &a.tornado {
                Some(Ok(charts)) => html! { <>{ for charts.iter().map(|c| if c.bars.is_empty() {
                    html! { <p class="hint">{ &c.caption }</p> }
                } else {
                    chart(c)
                }) }</> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                None => html! {},
            } }
            { match &a.break_even {
                // The core's statements, as the command line prints them.
                Some(Ok(bs)) => html! {
                    <div data-testid="break-even">
                        <h3>{ "Break-even values" }</h3>
                        <p class="hint" data-testid="break-even-note">{ &bs.text }</p>
                        if !bs.values.is_empty() {
                            <ul>{ for bs.values.iter().map(|b| html! { <li>{ b }</li> }) }</ul>
                        }
                    </div>
                },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                None => html! {},
            } }
        </>
    }
}

fn monte_carlo_view(mc: &view::MonteCarlo) -> Html {
    html! {
        <div data-testid="monte-carlo">
            <table>
                <caption>{ &mc.caption }</caption>
                <thead><tr><th scope="col">{ "Figure" }</th>
                    { for mc.heads.iter().map(|h| html! { <th scope="col" class="num">{ h }</th> }) }</tr></thead>
                <tbody>
                    { for mc.rows.iter().map(|(name, cells)| html! {
                        <tr><th scope="row">{ name }</th>
                            { for cells.iter().map(|c| html! { <td class="num">{ c }</td> }) }</tr>
                    }) }
                </tbody>
            </table>
            <p>{ &mc.note }</p>
            { for mc.histograms.iter().map(chart) }
        </div>
    }
}

fn select_value(e: &Event) -> String {
    let s: HtmlSelectElement = e.target_unchecked_into();
    s.value()
}

/// One range end: a labelled text field in the target's units, its draft kept as typed.
/// `error`: the id of the row's error message, when it has one.
fn range_end(
    p: &Props,
    field: Field,
    label: &str,
    of: &str,
    unit: &str,
    placeholder: String,
    error: Option<&str>,
) -> Html {
    let key = field.key();
    let text = p.inputs.shown(&p.scenario, field).text;
    let on_input = on_edit(&p.dispatch, field);
    html! {
        <span class="field">
            <label for={key.clone()}>{ label }{ if unit.is_empty() { html! {} } else { html! { <span class="unit">{ format!(" ({unit})") }</span> } } }</label>
            <input type="text" inputmode="decimal" id={key.clone()} data-testid={key} value={text} placeholder={placeholder}
                aria-label={format!("{label} end of the range on {of}{}", if unit.is_empty() { String::new() } else { format!(" ({unit})") })}
                oninput={on_input} aria-invalid={error.is_some().then_some("true")} aria-describedby={error.map(str::to_string)} />
        </span>
    }
}

/// The scenario's own ranges: one row each, and a control to add one.
fn ranges_editor(p: &Props, targets: &[TargetInfo], labels: &[Option<TargetInfo>]) -> Html {
    let s = &*p.scenario;
    let add = {
        let (dispatch, first) = (p.dispatch.clone(), Field::RangeLow(s.ranges.len()));
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            if !v.is_empty() {
                dispatch.emit(Action::AddRange(v));
                // The focus moves to the new range's first field.
                crate::browser::focus_soon(first.key());
            }
            let s: HtmlSelectElement = e.target_unchecked_into();
            s.set_value("");
        })
    };
    let on_table_ranges = p.dispatch.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        Action::Edit(Field::TableRanges, input.checked().to_string())
    });
    let table_ranges = field_text(s, Field::TableRanges) == "true";
    let mut groups: Vec<String> = Vec::new();
    for t in targets {
        if !groups.contains(&t.group) {
            groups.push(t.group.clone());
        }
    }
    let add_error = p.inputs.error(Field::NewRange);
    html! {
        <fieldset class="ranges" data-testid="ranges">
            <legend>{ "Ranges" }</legend>
            <p class="hint">{ "Each range gives an assumption a low and a high end around its current value; the figures above stay at the current values." }</p>
            if s.ranges.is_empty() { <p class="hint">{ "The scenario has no ranges of its own." }</p> }
            { for s.ranges.iter().enumerate().map(|(i, r)| {
                let info = labels.get(i).cloned().flatten();
                let label = info.as_ref().map(|a| a.label.clone()).unwrap_or_else(|| r.target.clone());
                let unit = state::range_unit(&r.target);
                let now = info.as_ref().map(|a| format!("now {}", unit.show(a.central)));
                // The messages of what was typed, else what the core says of the row as it is.
                let mut messages: Vec<&String> = Vec::new();
                for f in [Field::RangeLow(i), Field::RangeHigh(i), Field::RangeDistribution(i)] {
                    if let Some(m) = p.inputs.error(f).filter(|m| !messages.contains(m)) {
                        messages.push(m);
                    }
                }
                let error = (!messages.is_empty())
                    .then(|| messages.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(" "))
                    .or_else(|| p.range_errors.get(i).cloned().flatten());
                let err_id = format!("range-{i}-error");
                let bad = error.is_some();
                let remove = p.dispatch.reform(move |_| Action::RemoveRange(i));
                let on_dist = p.dispatch.reform(move |e: Event| Action::Edit(Field::RangeDistribution(i), select_value(&e)));
                let dist = field_text(s, Field::RangeDistribution(i));
                let dist_id = Field::RangeDistribution(i).key();
                let proxy = state::is_proxy(&r.target);
                let ph = |lh: bool| if proxy { if lh { "table low".to_string() } else { "table high".to_string() } } else { String::new() };
                html! {
                    <div class={classes!("item", "range", bad.then_some("invalid"))} data-testid={format!("range-{i}")} role="group" aria-label={format!("Range on {label}")}>
                        <h3>{ label.clone() }<span class="proxy">{ format!(" · {}", r.target) }</span>
                            if let Some(n) = now { <span class="proxy">{ format!(" · {n}") }</span> }</h3>
                        <div class="range-fields">
                            { range_end(p, Field::RangeLow(i), "Low", &label, unit.symbol(), ph(true), bad.then_some(err_id.as_str())) }
                            { range_end(p, Field::RangeHigh(i), "High", &label, unit.symbol(), ph(false), bad.then_some(err_id.as_str())) }
                            <span class="field">
                                <label for={dist_id.clone()}>{ "Distribution" }</label>
                                <select id={dist_id.clone()} data-testid={dist_id} onchange={on_dist} aria-label={format!("Distribution of the range on {label}")}>
                                    { for DISTRIBUTIONS.iter().map(|(d, name)| {
                                        let k = d.key();
                                        html! { <option value={k} selected={dist == k}>{ *name }</option> }
                                    }) }
                                </select>
                            </span>
                            <button type="button" class="remove" data-testid={format!("range-{i}-remove")} onclick={remove} aria-label={format!("Remove the range on {label}")}>{ "Remove" }</button>
                        </div>
                        if !r.note.is_empty() { <p class="hint">{ &r.note }</p> }
                        if let Some(e) = error { <p class="error" id={err_id.clone()} data-testid={err_id} role="alert">{ e }</p> }
                    </div>
                }
            }) }
            <div class="field add-range">
                <label for="add-range">{ "Add a range" }</label>
                <select id="add-range" data-testid="add-range" onchange={add}>
                    <option value="" selected=true>{ "choose an assumption…" }</option>
                    { for groups.iter().map(|g| html! {
                        <optgroup label={g.clone()}>
                            { for targets.iter().filter(|t| t.group == *g).map(|t| html! {
                                <option value={t.target.clone()}>{ format!("{} (now {})", t.label, t.unit.show(t.central)) }</option>
                            }) }
                        </optgroup>
                    }) }
                </select>
                if let Some(e) = add_error { <p class="error" role="alert" data-testid="add-range-error">{ e }</p> }
            </div>
            <div class="field">
                <label><input type="checkbox" id="table-ranges" data-testid="table-ranges" checked={table_ranges} onchange={on_table_ranges} />
                    { " Also use the low and high values the proxy tables give" }</label>
            </div>
        </fieldset>
    }
}

#[function_component(Uncertainty)]
pub fn uncertainty_panel(p: &Props) -> Html {
    // What the core says of the ranges: the targets on offer, and each row's label and value.
    let offer = {
        let scenario = p.scenario.clone();
        let records = p.records.clone();
        use_memo((p.revision, records.is_some()), move |_| {
            let records = records.as_deref();
            let labels: Vec<_> = scenario
                .ranges
                .iter()
                .map(|r| state::describe(&scenario, records, &r.target))
                .collect();
            (state::range_targets(&scenario, records), labels)
        })
    };

    // The analysis runs in its own module and worker, fetched from this page's origin on the
    // first click; the scenario as it is, with its own seed and draws (what an export gives the
    // CLI), and the records in this browser.
    let analyse = {
        let (scenario, records_csv, dispatch) = (p.scenario.clone(), p.records_csv.clone(), p.dispatch.clone());
        Callback::from(move |_| {
            let d = dispatch.clone();
            let records = records_csv.as_ref().map(|r| r.as_str());
            match browser::analyse(&scenario.to_json(), records, move |(run, m)| {
                d.emit(Action::AnalysisMessage(run, m))
            }) {
                Ok(run) => dispatch.emit(Action::AnalysisStarted(run)),
                Err(e) => dispatch.emit(Action::Notice(Some(Notice::error(e)))),
            }
        })
    };
    let cancel = p.dispatch.reform(|_| {
        browser::cancel_analysis();
        Action::AnalysisCancelled
    });
    let analysis = p.analysis.as_deref();
    let stale = analysis.is_some_and(|a| a.revision != p.revision);
    let running = analysis.is_some_and(|a| a.running);
    // The analysis runs only on ranges and settings the core accepts; until then the last
    // analysis stays on screen.
    let blocked = p.range_errors.iter().any(Option::is_some)
        || p.uncertainty_error.is_some()
        || p.inputs
            .errors
            .keys()
            .any(|f| f.is_uncertainty() && *f != Field::NewRange);
    html! {
        <section class="uncertainty" aria-label="How sure are these figures">
            <h2>{ "How sure are these figures?" }</h2>
            <p class="hint">{ "Ranges come from the scenario's own ranges below and, when ticked, from the tables' low and high values. The analysis runs here, in this browser." }</p>
            { ranges_editor(p, &offer.0, &offer.1) }
            <div class="buttons">
                <NumField field={Field::Draws} shown={p.inputs.shown(&p.scenario, Field::Draws)} dispatch={p.dispatch.clone()} label="Draws" placeholder={uncertainty::DEFAULT_DRAWS.to_string()} />
                <NumField field={Field::Seed} shown={p.inputs.shown(&p.scenario, Field::Seed)} dispatch={p.dispatch.clone()} label="Seed" placeholder="1" />
                <button type="button" data-testid="analyse" onclick={analyse} disabled={running || blocked}>{ "Analyse uncertainty" }</button>
                if running { <button type="button" data-testid="cancel" onclick={cancel}>{ "Cancel" }</button> }
            </div>
            if let Some(e) = &p.uncertainty_error { <p class="error" role="alert" data-testid="uncertainty-error">{ e }</p> }
            if blocked { <p class="hint" data-testid="analysis-blocked">{ "Correct the ranges or settings marked above to run the analysis; the last analysis stays below." }</p> }
            if stale { <p class="stale-note" role="status">{ "The scenario has changed since this analysis: run it again to update it." }</p> }
            if let Some(a) = analysis {
                if a.running || a.monte_carlo.is_none() {
                    <p role="status"><label for="mc-progress">{ format!("Monte Carlo: {} of {} draws ", a.done, a.draws) }</label>
                        <progress id="mc-progress" data-testid="mc-progress" max={a.draws.to_string()} value={a.done.to_string()}></progress>
                        if !a.running { { " (cancelled)" } }</p>
                }
                { match &a.monte_carlo { Some(Ok(mc)) => monte_carlo_view(mc), Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> }, None => html! {} } }
                { sensitivity(a) }
            }
        </section>
    }
}
