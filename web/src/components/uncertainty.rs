//! How sure are the figures? The core's uncertainty analysis on the page: a tornado of the
//! assumptions that move each total most, a Monte Carlo band (P5 / P50 / P95) with a
//! histogram, run in chunks with progress and a cancel button, and break-even values.
//! Every figure is the core's (`socval::uncertainty`); this component only runs and draws it.

use std::cell::Cell;
use std::rc::Rc;

use socval::uncertainty::{self, BreakEvens, MonteCarlo, MonteCarloRun, TargetInfo, Tornado};
use socval::{Decimal, Records, Registry, Scenario};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Shared;

use super::fields::{NumField, on_edit};
use crate::format::money;
use crate::state::{self, Action, DISTRIBUTIONS, Field, Inputs, field_text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Shared<Scenario>,
    pub records: Option<Shared<Records>>,
    /// The scenario's revision (an analysis of an older one is marked stale).
    pub revision: u64,
    /// What the core says is wrong with each range, and with the `[uncertainty]` settings.
    pub range_errors: Vec<Option<String>>,
    pub uncertainty_error: Option<String>,
    /// Drafts and errors of the ranges' and settings' fields.
    pub inputs: Rc<Inputs>,
    pub dispatch: Callback<Action>,
}

/// Draws per step; steps repeat for up to `FRAME_MS` before yielding to the browser.
const CHUNK: u32 = 50;
const FRAME_MS: f64 = 12.0;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

#[derive(Clone, PartialEq)]
struct Analysis {
    /// The scenario revision analysed.
    revision: u64,
    tornado: Result<Vec<Tornado>, String>,
    break_even: Result<BreakEvens, String>,
}

#[derive(Clone, PartialEq)]
struct Run {
    revision: u64,
    done: u32,
    draws: u32,
    result: Option<Result<MonteCarlo, String>>,
    running: bool,
}

fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

fn tornado_chart(t: &Tornado) -> Html {
    let title = match t.total {
        uncertainty::Total::SocialValue => "Social value",
        uncertainty::Total::FiscalSavings => "Fiscal savings",
    };
    if t.bars.is_empty() {
        return html! { <p class="hint">{ format!("{title}: no ranged assumption moves it.") }</p> };
    }
    let base = to_f64(t.base);
    let lo = t
        .bars
        .iter()
        .map(|b| to_f64(b.at_low).min(to_f64(b.at_high)))
        .fold(base, f64::min);
    let hi = t
        .bars
        .iter()
        .map(|b| to_f64(b.at_low).max(to_f64(b.at_high)))
        .fold(base, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let (label_w, plot_w, row_h) = (210.0, 300.0, 24.0);
    let x = |v: f64| label_w + (v - lo) / span * plot_w;
    let height = row_h * t.bars.len() as f64 + 24.0;
    html! {
        <figure class="chart" data-testid={format!("tornado-{}", if title == "Social value" { "social" } else { "fiscal" })}>
            <figcaption>{ format!("{title}: what moves it most (each assumption at its low and high, the others central; base {})", money(t.base)) }</figcaption>
            <svg viewBox={format!("0 0 760 {height}")} role="img" aria-label={format!("Tornado chart of {title}")}>
                <line x1={format!("{:.1}", x(base))} x2={format!("{:.1}", x(base))} y1="0" y2={format!("{height}")} class="axis" />
                { for t.bars.iter().enumerate().map(|(i, b)| {
                    let y = 4.0 + i as f64 * row_h;
                    let unit = state::range_unit(&b.target);
                    let (a, c) = (x(to_f64(b.at_low)), x(to_f64(b.at_high)));
                    let label: String = if b.label.chars().count() > 31 { b.label.chars().take(30).chain(['…']).collect() } else { b.label.clone() };
                    html! {
                        <g>
                            <title>{ format!("{}: low {} gives {}, high {} gives {}", b.label, unit.show(b.low), money(b.at_low), unit.show(b.high), money(b.at_high)) }</title>
                            <text x={(label_w - 6.0).to_string()} y={(y + 15.0).to_string()} text-anchor="end" class="bar-label">{ label }</text>
                            <rect x={format!("{:.1}", a.min(c))} y={(y + 3.0).to_string()} width={format!("{:.1}", (a - c).abs().max(1.0))} height={(row_h - 8.0).to_string()} class="bar swing" />
                            <text x={(label_w + plot_w + 10.0).to_string()} y={(y + 15.0).to_string()} class="bar-value">{ format!("{} – {}", money(b.at_low.min(b.at_high)), money(b.at_low.max(b.at_high))) }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

fn histogram(h: &uncertainty::Histogram) -> Html {
    let max = h.counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let n = h.counts.len().max(1) as f64;
    let (w, ht) = (600.0, 120.0);
    let first = h.edges.first().copied().unwrap_or_default();
    let last = h.edges.last().copied().unwrap_or_default();
    html! {
        <figure class="chart" data-testid={format!("histogram-{}", h.name)}>
            <figcaption>{ format!("{}: distribution of the draws ({} to {})", h.name.replace('_', " "), money(first), money(last)) }</figcaption>
            <svg viewBox={format!("0 0 {w} {}", ht + 4.0)} role="img" aria-label={format!("Histogram of {}", h.name.replace('_', " "))}>
                { for h.counts.iter().enumerate().map(|(i, c)| {
                    let bw = w / n;
                    let bh = f64::from(*c) / max * ht;
                    html! { <rect x={format!("{:.1}", i as f64 * bw)} y={format!("{:.1}", ht - bh)} width={format!("{:.1}", (bw - 1.0).max(0.5))} height={format!("{bh:.1}")} class="bar social">
                        <title>{ format!("{} to {}: {} draws", money(h.edges[i]), money(h.edges.get(i + 1).copied().unwrap_or_default()), c) }</title></rect> }
                }) }
            </svg>
        </figure>
    }
}

fn monte_carlo_view(mc: &MonteCarlo) -> Html {
    html! {
        <div data-testid="monte-carlo">
            <table>
                <caption>{ format!("Monte Carlo: {} draws, seed {}", mc.draws, mc.seed) }</caption>
                <thead><tr><th scope="col">{ "Figure" }</th>
                    { for mc.spreads.first().map(|s| s.percentiles.clone()).unwrap_or_default().iter().map(|(p, _)| html! { <th scope="col" class="num">{ format!("P{}", (p * Decimal::ONE_HUNDRED).normalize()) }</th> }) }
                    <th scope="col" class="num">{ "Mean" }</th></tr></thead>
                <tbody>
                    { for mc.spreads.iter().map(|s| html! {
                        <tr><th scope="row">{ s.name.replace('_', " ") }</th>
                            { for s.percentiles.iter().map(|(_, v)| html! { <td class="num">{ money(*v) }</td> }) }
                            <td class="num">{ money(s.mean) }</td></tr>
                    }) }
                </tbody>
            </table>
            <p>
                if let Some(p) = mc.p_social_exceeds_cost { { format!("Probability that social value exceeds the programme cost: {} %. ", (p * Decimal::ONE_HUNDRED).round_dp(1).normalize()) } }
                if let Some(p) = mc.p_fiscal_exceeds_cost { { format!("Probability that fiscal savings exceed it: {} %.", (p * Decimal::ONE_HUNDRED).round_dp(1).normalize()) } }
            </p>
            { for mc.histograms.iter().map(histogram) }
        </div>
    }
}

fn select_value(e: &Event) -> String {
    let s: HtmlSelectElement = e.target_unchecked_into();
    s.value()
}

/// One range end: a labelled text field in the target's units, its draft kept as typed.
fn range_end(p: &Props, field: Field, label: &str, unit: &str, placeholder: String, err_id: &str, bad: bool) -> Html {
    let key = field.key();
    let text = p.inputs.shown(&p.scenario, field).text;
    let on_input = on_edit(&p.dispatch, field);
    html! {
        <span class="field">
            <label for={key.clone()}>{ label }{ if unit.is_empty() { html! {} } else { html! { <span class="unit">{ format!(" ({unit})") }</span> } } }</label>
            <input type="text" inputmode="decimal" id={key.clone()} data-testid={key} value={text} placeholder={placeholder}
                oninput={on_input} aria-invalid={bad.then_some("true")} aria-describedby={bad.then(|| err_id.to_string())} />
        </span>
    }
}

/// The scenario's own ranges: one row each, and a control to add one.
fn ranges_editor(p: &Props, targets: &[TargetInfo], labels: &[Option<TargetInfo>]) -> Html {
    let s = &*p.scenario;
    let add = {
        let dispatch = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            if !v.is_empty() {
                dispatch.emit(Action::AddRange(v));
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
                            { range_end(p, Field::RangeLow(i), "Low", unit.symbol(), ph(true), &err_id, bad) }
                            { range_end(p, Field::RangeHigh(i), "High", unit.symbol(), ph(false), &err_id, bad) }
                            <span class="field">
                                <label for={dist_id.clone()}>{ "Distribution" }</label>
                                <select id={dist_id.clone()} data-testid={dist_id} onchange={on_dist}>
                                    { for DISTRIBUTIONS.iter().map(|(d, name)| {
                                        let k = state::distribution_key(*d);
                                        html! { <option value={k.clone()} selected={dist == k}>{ *name }</option> }
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
    let analysis = use_state(|| None::<Analysis>);
    let run = use_state(|| None::<Run>);
    // Each run has a generation; a newer run or a cancel ends the older one at its next chunk.
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u64)));
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

    let analyse = {
        let (scenario, records, revision) = (p.scenario.clone(), p.records.clone(), p.revision);
        let (analysis, run, generation) = (analysis.clone(), run.clone(), generation.clone());
        Callback::from(move |_| {
            // The scenario as it is, with its own seed and draws: what an export gives the CLI.
            let (scenario, records) = (scenario.clone(), records.clone());
            let reg = Registry::embedded();
            analysis.set(Some(Analysis {
                revision,
                tornado: uncertainty::tornado(&scenario, records.as_deref(), reg).map_err(|e| e.to_string()),
                break_even: uncertainty::break_even(&scenario, records.as_deref(), reg).map_err(|e| e.to_string()),
            }));
            let token = generation.borrow().clone();
            let mine = token.get() + 1;
            token.set(mine);
            let n = scenario
                .uncertainty
                .as_ref()
                .and_then(|u| u.draws)
                .unwrap_or(uncertainty::DEFAULT_DRAWS);
            run.set(Some(Run {
                revision,
                done: 0,
                draws: n,
                result: None,
                running: true,
            }));
            let run = run.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut mc = match MonteCarloRun::new(&scenario, records.as_deref(), reg) {
                    Ok(r) => r,
                    Err(e) => {
                        run.set(Some(Run {
                            revision,
                            done: 0,
                            draws: n,
                            result: Some(Err(e.to_string())),
                            running: false,
                        }));
                        return;
                    }
                };
                let n = mc.draws();
                while !mc.done() {
                    if token.get() != mine {
                        return;
                    }
                    // Draw for about one frame's worth of time, then let the browser paint and
                    // handle input (and a Cancel click).
                    let started = now();
                    while !mc.done() && now() - started < FRAME_MS {
                        if let Err(e) = mc.step(CHUNK) {
                            run.set(Some(Run {
                                revision,
                                done: mc.done_draws(),
                                draws: n,
                                result: Some(Err(e.to_string())),
                                running: false,
                            }));
                            return;
                        }
                    }
                    run.set(Some(Run {
                        revision,
                        done: mc.done_draws(),
                        draws: n,
                        result: None,
                        running: true,
                    }));
                    gloo_timers::future::TimeoutFuture::new(0).await;
                }
                if token.get() == mine {
                    run.set(Some(Run {
                        revision,
                        done: mc.done_draws(),
                        draws: n,
                        result: Some(mc.result().map_err(|e| e.to_string())),
                        running: false,
                    }));
                }
            });
        })
    };
    let cancel = {
        let (run, generation) = (run.clone(), generation.clone());
        Callback::from(move |_| {
            let token = generation.borrow().clone();
            token.set(token.get() + 1);
            if let Some(r) = (*run).clone() {
                run.set(Some(Run { running: false, ..r }));
            }
        })
    };
    let stale = analysis.as_ref().is_some_and(|a| a.revision != p.revision);
    let running = run.as_ref().is_some_and(|r| r.running);
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
            if let Some(r) = &*run {
                if r.running || r.result.is_none() {
                    <p role="status"><label for="mc-progress">{ format!("Monte Carlo: {} of {} draws ", r.done, r.draws) }</label>
                        <progress id="mc-progress" data-testid="mc-progress" max={r.draws.to_string()} value={r.done.to_string()}></progress>
                        if !r.running { { " (cancelled)" } }</p>
                }
                { match &r.result { Some(Ok(mc)) => monte_carlo_view(mc), Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> }, None => html! {} } }
            }
            if let Some(a) = &*analysis {
                { match &a.tornado { Ok(ts) => html! { <>{ for ts.iter().map(tornado_chart) }</> }, Err(e) => html! { <p class="error" role="alert">{ e }</p> } } }
                { match &a.break_even {
                    // The core's statements, as the command line prints them.
                    Ok(bs) => html! {
                        <div data-testid="break-even">
                            <h3>{ "Break-even values" }</h3>
                            <p class="hint" data-testid="break-even-note">{ &bs.text }</p>
                            if !bs.values.is_empty() {
                                <ul>{ for bs.values.iter().map(|b| html! { <li>{ &b.text }</li> }) }</ul>
                            }
                        </div>
                    },
                    Err(e) => html! { <p class="error" role="alert">{ e }</p> },
                } }
            }
        </section>
    }
}
