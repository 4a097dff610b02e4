//! The scenario under two table versions, side by side.

use socval::{Registry, TableKind};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Handle;
use crate::format::{money, number};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Handle,
}

#[function_component(Compare)]
pub fn compare(p: &Props) -> Html {
    let st = &*p.state;
    let s = &st.scenario;
    let used = [&s.tables.wellbeing, &s.tables.unit_costs, &s.tables.deflators];
    // Other versions of the tables the scenario uses.
    let options: Vec<String> = Registry::embedded()
        .list()
        .into_iter()
        .filter(|t| matches!(t.kind, TableKind::Wellbeing | TableKind::UnitCost | TableKind::Deflator))
        .map(|t| format!("{}@{}", t.id, t.version))
        .filter(|r| {
            let id = r.split('@').next().unwrap_or("");
            used.iter().any(|u| u.split('@').next() == Some(id)) && !used.iter().any(|u| *u == r)
        })
        .collect();
    let on_change = {
        let state = p.state.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::CompareWith(Some(s.value())));
        })
    };
    html! {
        <section class="compare" aria-label="Compare table versions">
            <h2>{ "Compare with another table version" }</h2>
            if options.is_empty() {
                <p class="hint">{ "The embedded tables have no other version of the tables this scenario uses." }</p>
            } else {
                <label for="compare-with">{ "Value the same scenario with" }</label>
                <select id="compare-with" data-testid="compare-with" onchange={on_change}>
                    <option value="" selected={st.compare_with.is_none()}>{ "(no comparison)" }</option>
                    { for options.iter().map(|r| html! { <option value={r.clone()} selected={st.compare_with.as_ref() == Some(r)}>{ r }</option> }) }
                </select>
            }
            { match &st.comparison {
                None => html! {},
                Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                Some(Ok(c)) => html! {
                    <div class="table-wrap">
                    <table data-testid="comparison">
                        <caption>{ format!("{}  →  {}", c.a, c.b) }</caption>
                        <thead><tr><th scope="col">{ "Figure" }</th><th scope="col" class="num">{ "Scenario's tables" }</th><th scope="col" class="num">{ "Compared with" }</th><th scope="col" class="num">{ "Change" }</th></tr></thead>
                        <tbody>
                            { for c.totals.iter().chain(c.items.iter()).map(|d| {
                                let ratio = d.name.starts_with("sroi");
                                let f = |x| if ratio { number(x) } else { money(x) };
                                html! { <tr class={(!d.change.is_zero()).then_some("changed")}><th scope="row">{ &d.label }</th><td class="num">{ f(d.a) }</td><td class="num">{ f(d.b) }</td><td class="num">{ f(d.change) }</td></tr> }
                            }) }
                        </tbody>
                    </table>
                    </div>
                },
            } }
        </section>
    }
}
