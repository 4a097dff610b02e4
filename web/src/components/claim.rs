//! Test a claim: a commissioner types a claimed figure ("£103k per family", "£177,200 of fiscal
//! savings") and sees, for each key assumption alone, the value it would need to reach it beside
//! the value in force and its source, or that no allowed value does. The core answers
//! (`socval::uncertainty::claim`) in the analysis module (`web/analysis`, in a short-lived
//! worker); `claim.js`, imported on the first "Test the claim", reads the form, runs it and writes
//! the core's statements into the live region. This component renders only the form and that
//! region (and the scenario's revision, so that `claim.js` can say when an answer is of an older
//! scenario): the page's wasm carries none of the rest.

use socval::Scenario;
use yew::prelude::*;

use super::Shared;
use crate::browser;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Shared<Scenario>,
    /// The records' CSV text, for the analysis module.
    pub records_csv: Option<Shared<String>>,
    /// The scenario's revision (an answer of an older one is marked stale).
    pub revision: u64,
}

#[function_component(ClaimPanel)]
pub fn claim_panel(p: &Props) -> Html {
    let on_submit = {
        let (scenario, records) = (p.scenario.clone(), p.records_csv.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            browser::test_claim(&scenario.to_json(), records.as_ref().map(|r| r.as_str()));
        })
    };
    html! {
        <section class="claim" id="claim" aria-labelledby="claim-title" data-testid="claim" data-revision={p.revision.to_string()}>
            <h2 id="claim-title">{ "Test a claim" }</h2>
            <p class="hint">{ "Type a figure someone claims for this programme. For each key assumption alone, the others as they are, you see the value it would need to reach the claim beside the value in force and where that comes from, or that no allowed value reaches it." }</p>
            <form onsubmit={on_submit} aria-label="Test a claim">
                <label for="claim-figure">{ "Claimed figure" }</label>
                <select id="claim-figure" data-testid="claim-figure">
                    <option value="social">{ "Social value" }</option>
                    <option value="fiscal">{ "Fiscal savings" }</option>
                    <option value="combined">{ "Social value and fiscal savings combined" }</option>
                </select>
                <label for="claim-amount">{ "Amount claimed (£, present value)" }</label>
                <input id="claim-amount" data-testid="claim-amount" type="text" inputmode="decimal" autocomplete="off" placeholder="103000" required=true />
                <label class="check"><input type="checkbox" id="claim-per-family" data-testid="claim-per-family" />{ " per family" }</label>
                <button type="submit" id="claim-button" data-testid="claim-test">{ "Test the claim" }</button>
            </form>
            <div aria-live="polite" id="claim-answer" data-testid="claim-answer"></div>
        </section>
    }
}
