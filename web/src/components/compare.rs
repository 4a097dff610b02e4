//! The scenario under two table versions, side by side.

use socval::{Comparison, Registry, TableKind, TableRefs, Valuation};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Shared;

use crate::format::money;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The tables the scenario uses.
    pub tables: TableRefs,
    /// The pinned figures, and the figures now (given only while some are pinned).
    pub pinned: Option<Shared<Valuation>>,
    pub current: Option<Shared<Valuation>>,
    /// The other table version chosen (`id@version`), and the core's comparison with it.
    pub compare_with: Option<AttrValue>,
    pub comparison: Option<Result<Shared<Comparison>, String>>,
    pub dispatch: Callback<Action>,
}

#[function_component(Compare)]
pub fn compare(p: &Props) -> Html {
    let t = &p.tables;
    let used = [&t.wellbeing, &t.unit_costs, &t.deflators];
    // Other versions of the tables the scenario uses.
    let options: Vec<String> = Registry::embedded()
        .list()
        .into_iter()
        .filter(|t| matches!(t.kind, TableKind::Wellbeing | TableKind::UnitCost | TableKind::Deflator))
        .map(|t| format!("{}@{}", t.id, t.version))
        .filter(|r| {
            let id = r.split('@').next().unwrap_or("");
            used.iter().any(|u| u.split('@').next() == Some(id)) && !used.contains(&r)
        })
        .collect();
    let on_change = p.dispatch.reform(|e: Event| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        Action::CompareWith(Some(s.value()))
    });
    let pin = p.dispatch.reform(|_| Action::Pin);
    let unpin = p.dispatch.reform(|_| Action::Unpin);
    let pinned = match (&p.pinned, &p.current) {
        (Some(a), Some(b)) => Some(socval::compare(a, b)),
        _ => None,
    };
    html! {
        <section class="compare" aria-label="Compare">
            <h2>{ "Compare two scenarios" }</h2>
            <p class="hint">{ "Pin the figures now on screen, then change the inputs, pick another template or import another scenario: both stay side by side." }</p>
            <div class="buttons">
                <button type="button" data-testid="pin" onclick={pin}>{ if p.pinned.is_some() { "Pin the current figures instead" } else { "Pin these figures" } }</button>
                if p.pinned.is_some() { <button type="button" onclick={unpin}>{ "Unpin" }</button> }
            </div>
            if let Some(c) = pinned { { table(&c, "pinned-comparison", "Pinned", "Now") } }
            <h2>{ "Compare with another table version" }</h2>
            if options.is_empty() {
                <p class="hint">{ "The embedded tables have no other version of the tables this scenario uses." }</p>
            } else {
                <label for="compare-with">{ "Value the same scenario with" }</label>
                <select id="compare-with" data-testid="compare-with" onchange={on_change}>
                    <option value="" selected={p.compare_with.is_none()}>{ "(no comparison)" }</option>
                    { for options.iter().map(|r| html! { <option value={r.clone()} selected={p.compare_with.as_deref() == Some(r.as_str())}>{ r }</option> }) }
                </select>
            }
            { match &p.comparison {
                None => html! {},
                Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                Some(Ok(c)) => table(c, "comparison", "Scenario's tables", "Compared with"),
            } }
        </section>
    }
}

/// Two valuations' figures side by side, with the change.
fn table(c: &socval::Comparison, id: &str, a: &str, b: &str) -> Html {
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label={format!("Comparison: {}", c.a)}>
        <table data-testid={id.to_string()}>
            <caption>{ format!("{}  →  {}", c.a, c.b) }</caption>
            <thead><tr><th scope="col">{ "Figure" }</th><th scope="col" class="num">{ a }</th><th scope="col" class="num">{ b }</th><th scope="col" class="num">{ "Change" }</th></tr></thead>
            <tbody>
                { for c.totals.iter().chain(c.items.iter()).map(|d| {
                    // Ratios as the core rounded them once (4 places); money to the penny.
                    let ratio = d.measure == socval::Measure::Ratio;
                    let f = |x: socval::Decimal| if ratio { x.to_string() } else { money(x) };
                    let mark = if d.moved { " *" } else { "" };
                    html! { <tr class={(!d.change.is_zero()).then_some("changed")}><th scope="row">{ &d.label }</th><td class="num">{ f(d.a) }</td><td class="num">{ f(d.b) }</td><td class="num">{ format!("{}{mark}", f(d.change)) }</td></tr> }
                }) }
            </tbody>
            if c.items.iter().any(|d| d.moved) {
                <tfoot><tr><td colspan="4" class="hint">{ "* a penny moved so that each side's items add up to its total: the change there may be rounding alone." }</td></tr></tfoot>
            }
        </table>
        </div>
    }
}
