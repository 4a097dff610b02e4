//! The scenario's inputs: template picker, cohort and settings, outcomes, avoided costs,
//! programme costs and adjustments.

use socval::{Adjustment, Registry, TableKind};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Handle;
use super::fields::{NumField, TextField};
use crate::state::{Action, Field, field_text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Handle,
}

fn select_value(e: &Event) -> String {
    let s: HtmlSelectElement = e.target_unchecked_into();
    s.value()
}

/// Template picker and blank start.
#[function_component(Picker)]
pub fn picker(p: &Props) -> Html {
    let st = &*p.state;
    let on_pick = {
        let state = p.state.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            state.dispatch(if v == "blank" {
                Action::Blank
            } else {
                Action::Template(v)
            });
        })
    };
    let templates = socval::templates();
    html! {
        <div class="picker">
            <label for="template">{ "Start from" }</label>
            <select id="template" data-testid="template" onchange={on_pick}>
                { for templates.iter().map(|t| {
                    let name = t.scenario().map(|s| s.name).unwrap_or_else(|_| t.id.to_string());
                    html! { <option value={t.id} selected={st.origin == t.id}>{ name }</option> }
                }) }
                <option value="blank" selected={st.origin == "blank"}>{ "A blank scenario" }</option>
                if st.origin == "imported" || st.origin == "shared" || st.origin == "restored" {
                    <option value="" selected=true disabled=true>{ format!("({})", st.origin) }</option>
                }
            </select>
        </div>
    }
}

fn adjustments(state: &Handle, field: impl Fn(Adjustment) -> Field, placeholder: &'static str) -> Html {
    html! {
        <div class="adjustments">
            { for Adjustment::ALL.iter().map(|&a| {
                let slider = if a == Adjustment::Duration { Some((1.0, 10.0, 1.0)) } else { Some((0.0, 100.0, 0.5)) };
                html! { <NumField state={state.clone()} field={field(a)} label={a.label()} slider={slider} placeholder={placeholder} /> }
            }) }
        </div>
    }
}

fn table_select(state: &Handle, kind: TableKind, label: &'static str) -> Html {
    let st = &**state;
    let field = Field::Table(kind);
    let current = field_text(&st.scenario, field);
    let on_change = {
        let state = state.clone();
        Callback::from(move |e: Event| state.dispatch(Action::Edit(field, select_value(&e))))
    };
    let key = field.key();
    let error = st.field_errors.get(&field);
    html! {
        <div class="field">
            <label for={key.clone()}>{ label }</label>
            <select id={key.clone()} data-testid={key} onchange={on_change}>
                { for Registry::embedded().list().into_iter().filter(|t| t.kind == kind).map(|t| {
                    let r = format!("{}@{}", t.id, t.version);
                    html! { <option value={r.clone()} selected={r == current}>{ format!("{r}: {}", t.title) }</option> }
                }) }
            </select>
            if let Some(e) = error { <p class="error" role="alert">{ e }</p> }
        </div>
    }
}

fn rows_of(kind: TableKind, reference: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Registry::embedded()
        .get(reference)
        .filter(|t| t.kind == kind)
        .map(|t| t.rows.iter().map(|r| (r.id.clone(), r.label.clone())).collect())
        .unwrap_or_default();
    rows.dedup_by(|a, b| a.0 == b.0);
    rows
}

/// Every input of the scenario.
#[function_component(Editor)]
pub fn editor(p: &Props) -> Html {
    let state = &p.state;
    let st = &**state;
    let s = &st.scenario;
    let families = f64::from(s.families.max(1));
    let convention = {
        let state = state.clone();
        Callback::from(move |e: Event| state.dispatch(Action::Edit(Field::Convention, select_value(&e))))
    };
    let add_outcome = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            if !v.is_empty() {
                state.dispatch(Action::AddOutcome(v));
            }
            let s: HtmlSelectElement = e.target_unchecked_into();
            s.set_value("");
        })
    };
    let add_avoided = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            if !v.is_empty() {
                state.dispatch(Action::AddAvoided(v));
            }
            let s: HtmlSelectElement = e.target_unchecked_into();
            s.set_value("");
        })
    };
    let wellbeing_rows = rows_of(TableKind::Wellbeing, &s.tables.wellbeing);
    let cost_rows = rows_of(TableKind::UnitCost, &s.tables.unit_costs);
    let label_of = |rows: &[(String, String)], proxy: &str, label: &Option<String>| {
        label
            .clone()
            .or_else(|| rows.iter().find(|r| r.0 == proxy).map(|r| r.1.clone()))
            .unwrap_or_else(|| proxy.to_string())
    };
    html! {
        <form class="editor" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} aria-label="Scenario inputs">
            <fieldset>
                <legend>{ "Programme" }</legend>
                <TextField state={state.clone()} field={Field::Name} label="Name" />
                <NumField state={state.clone()} field={Field::Families} label="Families" slider={Some((1.0, (families * 2.0).max(200.0), 1.0))} />
                <NumField state={state.clone()} field={Field::PeoplePerFamily} label="People per family (for rates)" placeholder="1" />
                <div class="field">
                    <label for="region">{ "Region (values may differ in London)" }</label>
                    <select id="region" data-testid="region" onchange={{ let state = state.clone(); Callback::from(move |e: Event| state.dispatch(Action::Edit(Field::Region, select_value(&e)))) }}>
                        { for [("all", "Anywhere"), ("london", "London"), ("outside-london", "Outside London")].iter().map(|(v, l)| html! {
                            <option value={*v} selected={field_text(s, Field::Region) == *v}>{ *l }</option>
                        }) }
                    </select>
                    if let Some(e) = st.field_errors.get(&Field::Region) { <p class="error" role="alert">{ e }</p> }
                </div>
            </fieldset>

            <fieldset>
                <legend>{ "Wellbeing outcomes" }</legend>
                if s.outcomes.is_empty() { <p class="hint">{ "No outcomes yet: add one below." }</p> }
                { for s.outcomes.iter().enumerate().map(|(i, o)| {
                    let label = label_of(&wellbeing_rows, &o.proxy, &o.label);
                    let remove = { let state = state.clone(); Callback::from(move |_| state.dispatch(Action::RemoveOutcome(i))) };
                    html! {
                        <div class="item" data-testid={format!("outcome-{i}")}>
                            <h3>{ label.clone() }<span class="proxy">{ format!(" · {}", o.proxy) }</span></h3>
                            if o.people.is_some() {
                                <NumField state={state.clone()} field={Field::OutcomePeople(i)} label={format!("{label}: people")} slider={Some((0.0, families * 2.0, 1.0))} />
                            } else {
                                <NumField state={state.clone()} field={Field::OutcomeRate(i)} label={format!("{label}: share achieving it")} slider={Some((0.0, 100.0, 0.5))} />
                            }
                            <details>
                                <summary>{ "Adjustments for this outcome" }</summary>
                                { adjustments(state, |a| Field::OutcomeAdj(i, a), "default") }
                            </details>
                            <button type="button" class="remove" onclick={remove} aria-label={format!("Remove {label}")}>{ "Remove" }</button>
                        </div>
                    }
                }) }
                <label for="add-outcome">{ "Add an outcome" }</label>
                <select id="add-outcome" onchange={add_outcome}>
                    <option value="" selected=true>{ "choose…" }</option>
                    { for wellbeing_rows.iter().map(|(id, label)| html! { <option value={id.clone()}>{ label }</option> }) }
                </select>
            </fieldset>

            <fieldset>
                <legend>{ "Avoided public costs" }</legend>
                if s.avoided.is_empty() { <p class="hint">{ "No avoided costs yet: add one below." }</p> }
                { for s.avoided.iter().enumerate().map(|(i, a)| {
                    let label = label_of(&cost_rows, &a.proxy, &a.label);
                    let remove = { let state = state.clone(); Callback::from(move |_| state.dispatch(Action::RemoveAvoided(i))) };
                    html! {
                        <div class="item" data-testid={format!("avoided-{i}")}>
                            <h3>{ label.clone() }<span class="proxy">{ format!(" · {}", a.proxy) }</span></h3>
                            if a.count.is_some() || a.counterfactual_rate.is_none() {
                                <NumField state={state.clone()} field={Field::AvoidedCount(i)} label={format!("{label}: events avoided")} slider={Some((0.0, families, 1.0))} />
                            } else {
                                <NumField state={state.clone()} field={Field::AvoidedCf(i)} label={format!("{label}: rate without the programme")} slider={Some((0.0, 100.0, 0.5))} />
                                <NumField state={state.clone()} field={Field::AvoidedObs(i)} label={format!("{label}: rate observed")} slider={Some((0.0, 100.0, 0.5))} />
                            }
                            <details>
                                <summary>{ "Adjustments for this cost" }</summary>
                                { adjustments(state, |x| Field::AvoidedAdj(i, x), "default") }
                            </details>
                            <button type="button" class="remove" onclick={remove} aria-label={format!("Remove {label}")}>{ "Remove" }</button>
                        </div>
                    }
                }) }
                <label for="add-avoided">{ "Add an avoided cost" }</label>
                <select id="add-avoided" onchange={add_avoided}>
                    <option value="" selected=true>{ "choose…" }</option>
                    { for cost_rows.iter().map(|(id, label)| html! { <option value={id.clone()}>{ label }</option> }) }
                </select>
            </fieldset>

            <fieldset>
                <legend>{ "Programme cost" }</legend>
                { for s.costs.iter().enumerate().map(|(i, c)| {
                    let remove = { let state = state.clone(); Callback::from(move |_| state.dispatch(Action::RemoveCost(i))) };
                    html! {
                        <div class="item">
                            <TextField state={state.clone()} field={Field::CostLabel(i)} label={format!("Cost {}: what it pays for", i + 1)} />
                            <NumField state={state.clone()} field={Field::CostAmount(i)} label={format!("{}: amount (£)", c.label)} />
                            <NumField state={state.clone()} field={Field::CostYear(i)} label={format!("{}: year paid", c.label)} placeholder="0 (up front)"
                                hint="0 or empty: paid up front, not discounted; 1, 2, …: paid in that year of the programme, discounted like a benefit in that year." />
                            <NumField state={state.clone()} field={Field::CostPriceYear(i)} label={format!("{}: price year of the amount", c.label)}
                                placeholder={s.price_year.to_string()} hint="The year whose prices the amount is in; empty: the scenario's price year." />
                            <button type="button" class="remove" onclick={remove} aria-label={format!("Remove cost {}", i + 1)}>{ "Remove" }</button>
                        </div>
                    }
                }) }
                <button type="button" onclick={{ let state = state.clone(); Callback::from(move |_| state.dispatch(Action::AddCost)) }}>{ "Add a cost" }</button>
            </fieldset>

            <fieldset>
                <legend>{ "Adjustments (defaults for every item)" }</legend>
                { adjustments(state, Field::Default, "table default or none") }
            </fieldset>

            <fieldset>
                <legend>{ "Appraisal" }</legend>
                <NumField state={state.clone()} field={Field::DiscountRate} label="Discount rate" slider={Some((0.0, 10.0, 0.1))}
                    placeholder="Green Book standard schedule"
                    hint="One flat rate for fiscal savings and costs (and for wellbeing, unless set below). Empty under the Green Book convention: 3.5 % for years 0–30, 3.0 % from year 31, as HM Treasury's schedule." />
                <NumField state={state.clone()} field={Field::WellbeingDiscountRate} label="Discount rate of wellbeing values"
                    placeholder={if s.discount_convention == socval::DiscountConvention::GreenBook { "Green Book health schedule" } else { "as the discount rate" }}
                    hint="Empty: the discount rate above (SROI convention) or HM Treasury's health schedule, 1.5 % for years 0–30 (Green Book convention)." />
                <div class="field">
                    <label for="discount-convention">{ "Discounting convention" }</label>
                    <select id="discount-convention" data-testid="discount-convention" onchange={convention}>
                        <option value="sroi" selected={field_text(s, Field::Convention) == "sroi"}>{ "SROI guide: year 1 discounted" }</option>
                        <option value="green-book" selected={field_text(s, Field::Convention) == "green-book"}>{ "Green Book: year 1 undiscounted" }</option>
                    </select>
                </div>
                <NumField state={state.clone()} field={Field::PriceYear} label="Price year" />
                <div class="field check">
                    <input type="checkbox" id="combined-total" data-testid="combined-total" checked={s.combined_total}
                        onchange={{ let state = state.clone(); Callback::from(move |e: Event| {
                            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                            state.dispatch(Action::Edit(Field::CombinedTotal, i.checked().to_string()));
                        }) }} />
                    <label for="combined-total">{ "Also show a combined total (labelled; social value and fiscal savings stay separate)" }</label>
                </div>
                { table_select(state, TableKind::Wellbeing, "Wellbeing values") }
                { table_select(state, TableKind::UnitCost, "Unit costs") }
                { table_select(state, TableKind::Deflator, "Deflator series") }
            </fieldset>
        </form>
    }
}
