//! How sure are the figures? The core's uncertainty analysis on the page: a tornado of the
//! assumptions that move each total most, a Monte Carlo band (P5 / P50 / P95) with a
//! histogram, run in chunks with progress and a cancel button, and break-even values.
//! Every figure is the core's (`socval::uncertainty`); this component only runs and draws it.

use std::cell::Cell;
use std::rc::Rc;

use socval::uncertainty::{self, BreakEven, MonteCarlo, MonteCarloRun, Tornado};
use socval::{Decimal, Registry};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::Handle;
use crate::format::{money, number};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Handle,
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
    break_even: Result<Vec<BreakEven>, String>,
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
    let (label_w, plot_w, row_h) = (230.0, 290.0, 24.0);
    let x = |v: f64| label_w + (v - lo) / span * plot_w;
    let height = row_h * t.bars.len() as f64 + 24.0;
    html! {
        <figure class="chart" data-testid={format!("tornado-{}", if title == "Social value" { "social" } else { "fiscal" })}>
            <figcaption>{ format!("{title}: what moves it most (each assumption at its low and high, the others central; base {})", money(t.base)) }</figcaption>
            <svg viewBox={format!("0 0 640 {height}")} role="img" aria-label={format!("Tornado chart of {title}")}>
                <line x1={format!("{:.1}", x(base))} x2={format!("{:.1}", x(base))} y1="0" y2={format!("{height}")} class="axis" />
                { for t.bars.iter().enumerate().map(|(i, b)| {
                    let y = 4.0 + i as f64 * row_h;
                    let (a, c) = (x(to_f64(b.at_low)), x(to_f64(b.at_high)));
                    let label: String = if b.label.chars().count() > 31 { b.label.chars().take(30).chain(['…']).collect() } else { b.label.clone() };
                    html! {
                        <g>
                            <title>{ format!("{}: low {} gives {}, high {} gives {}", b.label, number(b.low), money(b.at_low), number(b.high), money(b.at_high)) }</title>
                            <text x={(label_w - 6.0).to_string()} y={(y + 15.0).to_string()} text-anchor="end" class="bar-label">{ label }</text>
                            <rect x={format!("{:.1}", a.min(c))} y={(y + 3.0).to_string()} width={format!("{:.1}", (a - c).abs().max(1.0))} height={(row_h - 8.0).to_string()} class="bar swing" />
                            <text x={format!("{:.1}", a.max(c) + 4.0)} y={(y + 15.0).to_string()} class="bar-value">{ format!("± {}", money(b.swing / Decimal::TWO)) }</text>
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

#[function_component(Uncertainty)]
pub fn uncertainty_panel(p: &Props) -> Html {
    let st = &*p.state;
    let analysis = use_state(|| None::<Analysis>);
    let run = use_state(|| None::<Run>);
    // Each run has a generation; a newer run or a cancel ends the older one at its next chunk.
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let draws = use_state(|| uncertainty::DEFAULT_DRAWS.to_string());
    let seed = use_state(|| {
        st.scenario
            .uncertainty
            .as_ref()
            .and_then(|u| u.seed)
            .unwrap_or(1)
            .to_string()
    });
    let problem = use_state(|| None::<String>);

    let analyse = {
        let (state, analysis, run, generation, draws, seed, problem) = (
            p.state.clone(),
            analysis.clone(),
            run.clone(),
            generation.clone(),
            draws.clone(),
            seed.clone(),
            problem.clone(),
        );
        Callback::from(move |_| {
            let n: u32 = match draws.trim().parse() {
                Ok(n) if (1..=uncertainty::MAX_DRAWS).contains(&n) => n,
                _ => {
                    problem.set(Some(format!(
                        "draws must be a whole number from 1 to {}",
                        uncertainty::MAX_DRAWS
                    )));
                    return;
                }
            };
            let Ok(seed_value) = seed.trim().parse::<u64>() else {
                problem.set(Some("the seed must be a whole number".into()));
                return;
            };
            problem.set(None);
            let mut scenario = state.scenario.clone();
            let mut settings = scenario.uncertainty.clone().unwrap_or_default();
            settings.seed = Some(seed_value);
            scenario.uncertainty = Some(settings);
            let records = state.records.as_ref().map(|(_, r)| r.clone());
            let revision = state.scenario_revision;
            let reg = Registry::embedded();
            analysis.set(Some(Analysis {
                revision,
                tornado: uncertainty::tornado(&scenario, records.as_deref(), reg).map_err(|e| e.to_string()),
                break_even: uncertainty::break_even(&scenario, records.as_deref(), reg).map_err(|e| e.to_string()),
            }));
            let token = generation.borrow().clone();
            let mine = token.get() + 1;
            token.set(mine);
            run.set(Some(Run {
                revision,
                done: 0,
                draws: n,
                result: None,
                running: true,
            }));
            let run = run.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mc = match MonteCarloRun::new(&scenario, records.as_deref(), reg) {
                    Ok(r) => r.with_draws(n),
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
                let mut mc = mc;
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
                        result: Some(Ok(mc.result())),
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
    let on_draws = {
        let draws = draws.clone();
        Callback::from(move |e: InputEvent| draws.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_seed = {
        let seed = seed.clone();
        Callback::from(move |e: InputEvent| seed.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let stale = analysis.as_ref().is_some_and(|a| a.revision != st.scenario_revision);
    let running = run.as_ref().is_some_and(|r| r.running);
    html! {
        <section class="uncertainty" aria-label="How sure are these figures">
            <h2>{ "How sure are these figures?" }</h2>
            <p class="hint">{ "Ranges come from the tables' low and high values and from the scenario's own ranges. The analysis runs here, in this browser." }</p>
            <div class="buttons">
                <span class="field"><label for="mc-draws">{ "Draws" }</label><input id="mc-draws" data-testid="mc-draws" type="text" inputmode="numeric" value={(*draws).clone()} oninput={on_draws} /></span>
                <span class="field"><label for="mc-seed">{ "Seed" }</label><input id="mc-seed" data-testid="mc-seed" type="text" inputmode="numeric" value={(*seed).clone()} oninput={on_seed} /></span>
                <button type="button" data-testid="analyse" onclick={analyse} disabled={running}>{ "Analyse uncertainty" }</button>
                if running { <button type="button" data-testid="cancel" onclick={cancel}>{ "Cancel" }</button> }
            </div>
            if let Some(e) = &*problem { <p class="error" role="alert">{ e }</p> }
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
                    Ok(bs) if !bs.is_empty() => html! {
                        <div data-testid="break-even">
                            <h3>{ "Break-even values" }</h3>
                            <ul>{ for bs.iter().map(|b| html! { <li>{ &b.text }</li> }) }</ul>
                        </div>
                    },
                    Ok(_) => html! { <p class="hint">{ "No break-even values: the scenario has no programme cost." }</p> },
                    Err(e) => html! { <p class="error" role="alert">{ e }</p> },
                } }
            }
        </section>
    }
}
