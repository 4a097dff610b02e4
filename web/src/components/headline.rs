//! The headline figures: social value and fiscal savings (separately), per family, SROI
//! ratios, NPV, break-even families, savings by agency.

use socval::{Decimal, Valuation};
use yew::prelude::*;

use super::Shared;

use crate::format::money;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub valuation: Shared<Valuation>,
    /// True while the inputs are invalid and these are the last valid figures.
    pub stale: bool,
}

fn figure(id: &str, label: &str, value: String, note: Option<&str>) -> Html {
    let working = if id.starts_with("social-value") || id.starts_with("sroi-social") || id.ends_with("-social") {
        "working-social-value"
    } else if id.starts_with("programme-cost") {
        "working-programme-cost"
    } else {
        "working-fiscal-savings"
    };
    html! {
        <div class="figure">
            <dt id={format!("{id}-label")}>{ label }<a class="see" href={format!("#{working}")} aria-label={format!("See the working of {label}")}>{ "i" }</a>
                if let Some(t) = term_of(id) { { super::fields::help(t.id, t.term, &t.short, id, label) } }</dt>
            <dd><output data-testid={id.to_string()} aria-labelledby={format!("{id}-label")}>{ value }</output>
                if let Some(n) = note { <span class="note">{ n }</span> }
            </dd>
        </div>
    }
}

/// The glossary's entry that explains a figure (the "?" beside its information icon, which goes
/// to the working). The icon is the letter "i" in a drawn circle (style.css): every font has it,
/// where a glyph such as ⓘ is an empty box in fonts that lack it.
fn term_of(id: &str) -> Option<socval::glossary::Term> {
    let term = if id.starts_with("social-value") {
        "social-value"
    } else if id.starts_with("fiscal-savings") {
        "fiscal-savings"
    } else if id.starts_with("cashable") {
        "cashable"
    } else if id.starts_with("sroi") {
        "ratio"
    } else if id.starts_with("npv") {
        "present-value"
    } else if id.starts_with("break-even") {
        "break-even"
    } else {
        return None;
    };
    socval::glossary::glossary().into_iter().find(|t| t.id == term)
}

/// A ratio from its exact figure, rounded once (the core's format): `£1.31 per £1`.
fn ratio(r: Option<Decimal>) -> String {
    socval::money::format_ratio_or_na(r)
}

/// Break-even families in the core's words ("n/a" only without a cost, "never" only without value).
fn families(r: Option<Decimal>, cost: Decimal) -> String {
    socval::money::format_break_even(r, cost)
}

#[function_component(Headline)]
pub fn headline(p: &Props) -> Html {
    let v = &p.valuation;
    let d = &v.display;
    let t = &v.totals;
    // Ratios and break-even need a cost (the core's figures are none without one).
    let has_cost = !t.programme_cost.is_zero();
    // The evidence behind each figure, in the core's words, beside it (`of which … rests on
    // assumed values`); a minimum evidence status's note is among the warnings.
    let e = &v.evidence;
    let words = |parts: &[socval::evidence::EvidencePart]| socval::evidence::evidence_words(parts);
    let (ev_social, ev_fiscal, ev_cash) = (
        words(&e.social_value),
        words(&e.fiscal_savings),
        words(&e.cashable_savings),
    );
    let ev_combined = e.combined.as_deref().and_then(words);
    html! {
        <section class={classes!("headline", p.stale.then_some("stale"))} aria-label="Headline figures">
            // Only the headline, announced politely when it changes (not the whole block).
            <p class="sr-only" aria-live="polite" data-testid="announce">{ if p.stale { String::new() } else { format!(
                "Social value {}, fiscal savings {}, programme cost {}.", money(d.social_value), money(d.fiscal_savings), money(d.programme_cost)) } }</p>
            <h2>{ format!("{} · {} families · £ at {} prices", v.scenario, v.families, v.price_year) }</h2>
            if p.stale { <p class="stale-note" role="status">{ "These are the last valid figures: correct the field marked in red to update them." }</p> }
            // The figures a fundraiser quotes first, large: each value, per family and per £1.
            <dl class={classes!("figures", "lead", (!has_cost).then_some("no-cost"))} data-testid="headline-lead">
                { figure("social-value", "Social value (wellbeing)", money(d.social_value), ev_social.as_deref()) }
                { figure("social-value-per-family", "Social value per family", money(d.social_value_per_family), None) }
                if has_cost { { figure("sroi-social", "Social value per £1 spent", ratio(t.sroi_social), Some("SROI ratio")) } }
                { figure("fiscal-savings", "Fiscal savings (avoided public costs)", money(d.fiscal_savings), ev_fiscal.as_deref()) }
                { figure("fiscal-savings-per-family", "Fiscal savings per family", money(d.fiscal_savings_per_family), None) }
                if has_cost { { figure("sroi-fiscal", "Fiscal savings per £1 spent", ratio(t.sroi_fiscal), None) } }
            </dl>
            if !has_cost {
                // Without a cost, one invitation instead of a "n/a" for each ratio and break-even.
                <p class="invite" data-testid="cost-invite">{ "Add a programme cost to see the value per £1 spent and the number of families needed to break even: " }
                    <a href="#add-cost">{ "Programme cost" }</a></p>
            }
            <dl class="figures secondary">
                { figure("cashable-savings", "of which cashable", money(d.cashable_savings), ev_cash.as_deref()) }
                { figure("programme-cost", "Programme cost", money(d.programme_cost), None) }
                if has_cost {
                    { figure("cost-per-family", "Programme cost per family", money(d.cost_per_family), None) }
                }
                { figure("npv-social", "Net present value (social)", money(d.npv_social), None) }
                { figure("npv-fiscal", "Net present value (fiscal)", money(d.npv_fiscal), None) }
                if has_cost {
                    { figure("break-even-social", "Break-even families (social value)", families(d.break_even_families_social, t.programme_cost), None) }
                    { figure("break-even-fiscal", "Break-even families (fiscal savings)", families(d.break_even_families_fiscal, t.programme_cost), None) }
                }
                if let Some(c) = d.combined {
                    { figure("combined", "Combined total (social value + fiscal savings, as the scenario asks)", money(c), ev_combined.as_deref()) }
                    { figure("combined-per-family", "Combined per family", money(d.combined_per_family.unwrap_or_default()), None) }
                    if has_cost { { figure("sroi-combined", "Combined value per £1 spent", ratio(t.sroi_combined), None) } }
                    { figure("npv-combined", "Net present value (combined)", money(d.npv_combined.unwrap_or_default()), None) }
                }
            </dl>
            if let Some(note) = v.rounding_note() {
                <p class="note" data-testid="rounding-note">{ note }</p>
            }
            if !v.by_agency.is_empty() {
                <table class="agencies" data-testid="by-agency">
                    <caption>{ "Fiscal savings by agency (present value)" }</caption>
                    <thead><tr><th scope="col">{ "Agency" }</th><th scope="col" class="num">{ "Savings" }</th><th scope="col" class="num">{ "Cashable" }</th></tr></thead>
                    <tbody>
                        { for v.by_agency.iter().map(|a| html! {
                            <tr><th scope="row">{ socval::agency_name(&a.agency) }</th><td class="num">{ money(a.rounded) }</td><td class="num">{ money(a.cashable_rounded) }</td></tr>
                        }) }
                    </tbody>
                    <tfoot><tr><th scope="row">{ "Total" }</th><td class="num">{ money(d.fiscal_savings) }</td><td class="num">{ money(d.cashable_savings) }</td></tr></tfoot>
                </table>
            }
            if !v.warnings.is_empty() {
                <ul class="warnings">{ for v.warnings.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
            }
        </section>
    }
}
