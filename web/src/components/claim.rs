//! Test a claim: a commissioner types a claimed figure ("£103k per family", "£177,200 of fiscal
//! savings") and sees, for each key assumption alone, the value it would need to reach it beside
//! the value in force and its source, or that no allowed value does. The core answers
//! (`socval::uncertainty::claim`) in the analysis module (`web/analysis`, in a short-lived
//! worker, fetched from this page's origin on first use), so the first load carries none of it;
//! this component only keeps what was typed and shows the core's statements.

use std::rc::Rc;

use socval::Scenario;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Shared;
use crate::browser;
use crate::view;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Shared<Scenario>,
    /// The records' CSV text, for the analysis module.
    pub records_csv: Option<Shared<String>>,
}

/// The answer to a claim and the scenario it was tested against.
#[derive(Clone, PartialEq)]
struct Answer {
    scenario: Rc<Scenario>,
    result: Result<view::ClaimView, String>,
}

#[function_component(ClaimPanel)]
pub fn claim_panel(p: &Props) -> Html {
    let figure = use_state(|| "social".to_string());
    let amount = use_state(String::new);
    let per_family = use_state(|| false);
    let busy = use_state(|| false);
    let answer = use_state(|| None::<Answer>);
    let on_figure = {
        let figure = figure.clone();
        Callback::from(move |e: Event| figure.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_amount = {
        let amount = amount.clone();
        Callback::from(move |e: InputEvent| amount.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_per_family = {
        let per_family = per_family.clone();
        Callback::from(move |e: Event| per_family.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let on_submit = {
        let (figure, amount, per_family, busy, answer) = (
            figure.clone(),
            amount.clone(),
            per_family.clone(),
            busy.clone(),
            answer.clone(),
        );
        let (scenario, records) = (p.scenario.0.clone(), p.records_csv.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let (busy, answer, tested) = (busy.clone(), answer.clone(), scenario.clone());
            browser::claim(
                &scenario.to_json(),
                records.as_ref().map(|r| r.as_str()),
                &figure,
                &amount,
                *per_family,
                move |r| {
                    let result = r.and_then(|bytes| {
                        view::decode::<view::ClaimView>(&bytes).map_err(|e| format!("the analysis module sent {e}"))
                    });
                    answer.set(Some(Answer {
                        scenario: tested,
                        result,
                    }));
                    busy.set(false);
                },
            );
        })
    };
    let stale = answer.as_ref().is_some_and(|a| !Rc::ptr_eq(&a.scenario, &p.scenario.0));
    html! {
        <section class="claim" aria-labelledby="claim-title" data-testid="claim">
            <h2 id="claim-title">{ "Test a claim" }</h2>
            <p class="hint">{ "Type a figure someone claims for this programme. For each key assumption alone, the others as they are, you see the value it would need to reach the claim beside the value in force and where that comes from, or that no allowed value reaches it." }</p>
            <form onsubmit={on_submit} aria-label="Test a claim">
                <label for="claim-figure">{ "Claimed figure" }</label>
                <select id="claim-figure" data-testid="claim-figure" onchange={on_figure}>
                    <option value="social" selected={*figure == "social"}>{ "Social value" }</option>
                    <option value="fiscal" selected={*figure == "fiscal"}>{ "Fiscal savings" }</option>
                    <option value="combined" selected={*figure == "combined"}>{ "Social value and fiscal savings combined" }</option>
                </select>
                <label for="claim-amount">{ "Amount claimed (£, present value)" }</label>
                <input id="claim-amount" data-testid="claim-amount" type="text" inputmode="decimal" autocomplete="off"
                    placeholder="103000" value={(*amount).clone()} oninput={on_amount} />
                <label class="check"><input type="checkbox" data-testid="claim-per-family" checked={*per_family} onchange={on_per_family} />
                    { " per family" }</label>
                <button type="submit" data-testid="claim-test" disabled={*busy || amount.trim().is_empty()}>{ "Test the claim" }</button>
            </form>
            <div aria-live="polite" data-testid="claim-answer">
                if *busy { <p class="hint">{ "Testing the claim in this browser…" }</p> }
                { match answer.as_ref().map(|a| &a.result) {
                    None => html! {},
                    Some(Err(e)) => html! { <p class="error" role="alert" data-testid="claim-error">{ e }</p> },
                    Some(Ok(v)) => html! {
                        <>
                            if stale { <p class="hint" data-testid="claim-stale">{ "The scenario has changed since: test the claim again for its figures." }</p> }
                            <p data-testid="claim-text">{ &v.text }</p>
                            if !v.reached.is_empty() {
                                <ul data-testid="claim-reached">
                                    { for v.reached.iter().map(|(target, value, text)| html! {
                                        <li data-target={target.clone()} data-value={value.clone()}>{ text }</li>
                                    }) }
                                </ul>
                            }
                            if !v.unreached.is_empty() {
                                <details data-testid="claim-unreached">
                                    <summary>{ format!("{} assumptions no allowed value of which reaches the claim", v.unreached.len()) }</summary>
                                    <ul>{ for v.unreached.iter().map(|t| html! { <li>{ t }</li> }) }</ul>
                                </details>
                            }
                        </>
                    },
                } }
            </div>
        </section>
    }
}
