//! The scenario's inputs: template picker, cohort and settings, outcomes, avoided costs,
//! programme costs and adjustments. Labels, values in force and their origins are the core's
//! (`socval::adjust::item_label`, `socval::adjust::in_force`, `socval::adjust::Adjustment`).

use std::rc::Rc;

use socval::uncertainty::Unit;
use socval::{
    Decimal, Registry, Scenario, adjust::Adjustment, adjust::AdjustmentUnit, adjust::ItemRef, tables::TableKind,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Shared;

use super::fields::{NumField, TextField};
use crate::state::{Action, Field, Inputs, field_text};

fn select_value(e: &Event) -> String {
    let s: HtmlSelectElement = e.target_unchecked_into();
    s.value()
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// Which template the scenario started from (`blank`, `imported`, ... or a template id).
    pub origin: AttrValue,
    pub dispatch: Callback<Action>,
}

/// Template picker and blank start.
#[function_component(Picker)]
pub fn picker(p: &PickerProps) -> Html {
    let on_pick = p.dispatch.reform(|e: Event| {
        let v = select_value(&e);
        if v == "blank" {
            Action::Blank
        } else {
            Action::Template(v)
        }
    });
    let origin = p.origin.as_str();
    let templates = socval::templates();
    // A closed list commits only on Enter, Space or a click (which open it) and a choice in
    // it: arrows and typed letters would otherwise replace the scenario at once.
    let on_key = Callback::from(|e: KeyboardEvent| {
        let k = e.key();
        let moves = matches!(
            k.as_str(),
            "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End" | "PageUp" | "PageDown"
        );
        if !e.alt_key() && (moves || (k.chars().count() == 1 && k != " ")) {
            e.prevent_default();
        }
    });
    html! {
        <div class="picker">
            <label for="template">{ "Start from" }</label>
            <select id="template" data-testid="template" onchange={on_pick} onkeydown={on_key}>
                { for templates.iter().map(|t| html! {
                    <option value={t.id} selected={origin == t.id}>{ t.name }</option>
                }) }
                <option value="blank" selected={origin == "blank"}>{ "A blank scenario" }</option>
                if origin == "imported" || origin == "shared" || origin == "restored" {
                    <option value="" selected=true disabled=true>{ format!("({origin})") }</option>
                }
            </select>
        </div>
    }
}

/// Where the value in force of an adjustment comes from, in words.
/// The core's unit of an adjustment's values, for showing one.
fn unit_of(a: Adjustment) -> Unit {
    match a.unit() {
        AdjustmentUnit::Share => Unit::Share,
        AdjustmentUnit::Years => Unit::Years,
    }
}

/// The value in force of an item's adjustment and where it comes from, as its empty field
/// shows it ("20 % (scenario default)", naming a chosen level), and where its slider starts (in the
/// field's units: percent for shares).
fn in_force_hint(s: &Scenario, item: ItemRef, a: Adjustment) -> Option<(String, Decimal)> {
    let f = socval::adjust::in_force(s, Registry::embedded(), item, a).ok()?;
    let unit = unit_of(a);
    let start = if unit.is_percent() {
        f.value * Decimal::ONE_HUNDRED
    } else {
        f.value
    };
    Some((format!("{} ({})", unit.show(f.value), f.words()), start))
}

/// The glossary's term for an adjustment (its id is the anchor of its entry on the page).
fn term_of(a: Adjustment) -> Option<socval::glossary::Term> {
    socval::glossary::glossary().into_iter().find(|t| t.id == a.term_id())
}

/// "own figure" or one of the core's named, cited deadweight levels, for the scenario's default
/// (`item` none) or an item; the value in force then names the level.
fn level_select(s: &Scenario, dispatch: &Callback<Action>, item: Option<ItemRef>, field: Field, of: &str) -> Html {
    let adjustments = match item {
        None => Some(&s.defaults),
        Some(ItemRef::Outcome(i)) => s.outcomes.get(i).map(|o| &o.adjustments),
        Some(ItemRef::Avoided(i)) => s.avoided.get(i).map(|o| &o.adjustments),
    };
    let chosen = adjustments.and_then(|a| a.deadweight_level.clone()).unwrap_or_default();
    let key = format!("{}-level", field.key());
    let onchange = dispatch.reform(move |e: Event| {
        let v = select_value(&e);
        Action::DeadweightLevel(item, Some(v).filter(|v| !v.is_empty()))
    });
    let in_force = match item {
        Some(it) => socval::adjust::in_force(s, Registry::embedded(), it, Adjustment::Deadweight)
            .ok()
            .filter(|f| f.level.is_some())
            .map(|f| f.words()),
        None => Adjustment::Deadweight
            .level(&s.defaults)
            .map(|l| format!("scenario default: {} ({})", l.label, l.status)),
    };
    html! {
        <div class="field level">
            <label for={key.clone()}>{ format!("Deadweight{of}: own figure or a published level") }</label>
            <select id={key.clone()} data-testid={key.clone()} {onchange}>
                <option value="" selected={chosen.is_empty()}>{ "own figure (typed above)" }</option>
                { for socval::levels::levels_for(Adjustment::Deadweight).map(|l| html! {
                    <option value={l.id} selected={chosen == l.id}>{ l.summary() }</option>
                }) }
            </select>
            if let Some(w) = in_force { <p class="hint" data-testid={format!("{key}-in-force")}>{ format!("In force: {w}") }</p> }
        </div>
    }
}

/// The five adjustments of an item, or of the scenario's defaults (`item` none). An item's
/// empty field shows the value in force and where it comes from, and its slider starts there.
/// Each says in plain words what it means (the core's help), with a "?" for the glossary's fuller
/// entry; deadweight offers the core's named levels.
fn adjustments(s: &Scenario, inputs: &Inputs, dispatch: &Callback<Action>, item: Option<ItemRef>) -> Html {
    // An item's fields say which item they belong to ("Deadweight for Confidence").
    let of = item.map(|it| socval::adjust::item_label(s, Registry::embedded(), it));
    html! {
        <div class="adjustments">
            { for Adjustment::ALL.into_iter().map(|a| {
                let field = Field::adjustment(item, a);
                let slider = if a.unit() == AdjustmentUnit::Years { Some((d(1, 0), d(10, 0), d(1, 0))) } else { PERCENT_SLIDER };
                let hint_in_force = item.and_then(|it| in_force_hint(s, it, a));
                let start = hint_in_force.as_ref().map(|h| h.1);
                let placeholder = match (hint_in_force, item) {
                    (Some((text, _)), _) => text,
                    (None, Some(_)) => "default".to_string(),
                    (None, None) => "table default or none".to_string(),
                };
                let label = of.as_ref().map_or_else(|| a.label().to_string(), |l| format!("{} for {l}", a.label()));
                let help = term_of(a).map(|t| (AttrValue::from(t.id), AttrValue::from(t.term), AttrValue::from(t.long)));
                let of_words = of.as_ref().map(|l| format!(" for {l}")).unwrap_or_default();
                html! { <>
                    <NumField field={field} label={label} shown={inputs.shown(s, field)} dispatch={dispatch.clone()}
                        slider={slider} slider_start={start} placeholder={placeholder} hint={a.help()} help={help} />
                    // A default says which items it reaches and which keep their own (the core's).
                    if item.is_none() {
                        <p class="hint reach" data-testid={format!("{}-reach", field.key())}>
                            { socval::adjust::default_reach(s, Registry::embedded(), a).words() }</p>
                    }
                    if a == Adjustment::Deadweight { { level_select(s, dispatch, item, field, &of_words) } }
                </> }
            }) }
        </div>
    }
}

/// An item's adjustments in a `<details>` whose fields are built only while it is open (the
/// reducer keeps which are): closed, the page creates none of them (at the first figures, 667 of
/// the page's 1,777 elements were in these closed sections). It stays open while one of its
/// fields is in error, so that an error is never hidden; what was typed is kept in the reducer's
/// drafts either way.
fn item_adjustments(p: &Props, item: ItemRef, summary: &'static str) -> Html {
    let in_error = Adjustment::ALL
        .into_iter()
        .any(|a| p.inputs.error(Field::adjustment(Some(item), a)).is_some());
    let shown = p.open.contains(&item) || in_error;
    let ontoggle = p.dispatch.reform(move |e: Event| {
        let d: web_sys::Element = e.target_unchecked_into();
        Action::AdjustmentsOpen(item, d.has_attribute("open"))
    });
    html! {
        <details open={shown} {ontoggle}>
            <summary>{ summary }</summary>
            if shown { { adjustments(&p.scenario, &p.inputs, &p.dispatch, Some(item)) } }
        </details>
    }
}

fn table_select(
    s: &Scenario,
    inputs: &Inputs,
    dispatch: &Callback<Action>,
    kind: TableKind,
    label: &'static str,
) -> Html {
    let field = Field::Table(kind);
    let current = field_text(s, field);
    let on_change = dispatch.reform(move |e: Event| Action::Edit(field, select_value(&e)));
    let key = field.key();
    html! {
        <div class="field">
            <label for={key.clone()}>{ label }</label>
            <select id={key.clone()} data-testid={key} onchange={on_change}>
                { for Registry::embedded().list().into_iter().filter(|t| t.kind == kind).map(|t| {
                    let r = format!("{}@{}", t.id, t.version);
                    html! { <option value={r.clone()} selected={r == current}>{ format!("{r}: {}", t.title) }</option> }
                }) }
            </select>
            if let Some(e) = inputs.error(field) { <p class="error" role="alert">{ e }</p> }
        </div>
    }
}

/// The rows of a table a picker offers (id, label).
fn rows_of(kind: TableKind, reference: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Registry::embedded()
        .get(reference)
        .filter(|t| t.kind == kind)
        // Each row with its value, evidence status, grade and source, as the core words it.
        .map(|t| {
            t.rows
                .iter()
                .filter(|r| !r.is_wellby())
                .map(|r| (r.id.clone(), t.row_summary(r)))
                .collect()
        })
        .unwrap_or_default();
    rows.dedup_by(|a, b| a.0 == b.0);
    rows
}

/// A picker that adds an item: dispatches what `action` makes of the chosen row, then resets;
/// the focus moves to the new item's first field (`first`).
fn add_picker(dispatch: &Callback<Action>, action: fn(String) -> Action, first: Field) -> Callback<Event> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: Event| {
        let v = select_value(&e);
        if !v.is_empty() {
            dispatch.emit(action(v));
            crate::browser::focus_soon(first.key());
        }
        let s: HtmlSelectElement = e.target_unchecked_into();
        s.set_value("");
    })
}

/// What an [`AddPicker`] adds: an outcome (a wellbeing row) or an avoided cost (a unit cost row).
#[derive(Clone, Copy, PartialEq)]
enum Adds {
    Outcome,
    Avoided,
}

#[derive(Properties, PartialEq)]
struct AddPickerProps {
    adds: Adds,
    /// The table its rows come from.
    table: AttrValue,
    /// How many items the list has: the new one's index.
    next: usize,
    dispatch: Callback<Action>,
}

/// The picker that adds an item, a choice for each row of its table: a component of its own, so
/// that an edit which changes neither the table nor the number of items does not build its
/// (hundreds of) choices again.
#[function_component(AddPicker)]
fn add_picker_select(p: &AddPickerProps) -> Html {
    let (kind, action, first, id, label): (_, fn(String) -> Action, _, _, _) = match p.adds {
        Adds::Outcome => (
            TableKind::Wellbeing,
            Action::AddOutcome,
            Field::OutcomeRate(p.next),
            "add-outcome",
            "Add an outcome",
        ),
        Adds::Avoided => (
            TableKind::UnitCost,
            Action::AddAvoided,
            Field::AvoidedCount(p.next),
            "add-avoided",
            "Add an avoided cost",
        ),
    };
    html! {
        <>
            <label for={id}>{ label }</label>
            <select id={id} data-testid={id} onchange={add_picker(&p.dispatch, action, first)}>
                <option value="" selected=true>{ "choose…" }</option>
                { for rows_of(kind, &p.table).into_iter().map(|(id, label)| html! { <option value={id}>{ label }</option> }) }
            </select>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Shared<Scenario>,
    /// Drafts and errors of the scenario's fields.
    pub inputs: Rc<Inputs>,
    /// Whether the families field scales the counts with it.
    pub scale_counts: bool,
    /// The items whose adjustments are open.
    pub open: Rc<Vec<ItemRef>>,
    pub dispatch: Callback<Action>,
}

/// How an item follows the families, in the core's words; a count scaled on purpose says so.
fn scaling_words(s: &Scenario, item: ItemRef, scale_counts: bool) -> String {
    let sc = socval::cohort::scaling(s, item);
    match sc {
        socval::cohort::Scaling::FixedCount if scale_counts => {
            "a count: scaled with the families while “Scale counts with families” is ticked".to_string()
        }
        _ => sc.words().to_string(),
    }
}

/// An item's evidence note, as the scenario gives it ("Seed 003: …"), beside the item.
fn evidence(note: &str, key: &str) -> Html {
    let note = note.trim();
    if note.is_empty() {
        return Html::default();
    }
    html! { <p class="evidence" data-testid={format!("{key}-evidence")}><b>{ "Evidence: " }</b>{ note }</p> }
}

/// Every input of the scenario.
/// The families slider's end: fixed, so that a drag cannot move its own scale (a slider whose end
/// followed the value once ran from 34 to 65,804 families in one drag).
const FAMILIES_SLIDER_MAX: i64 = 1000;

/// A decimal `n × 10^-scale`.
const fn d(n: i64, scale: u32) -> Decimal {
    Decimal::from_parts(n as u32, 0, 0, false, scale)
}

/// The slider of a share typed as a percentage: 0 to 100 in steps of 0.5.
const PERCENT_SLIDER: Option<(Decimal, Decimal, Decimal)> = Some((d(0, 0), d(100, 0), d(5, 1)));

/// The programme: its name, families (and whether counts scale with them), people per family
/// and region.
fn programme(p: &Props) -> Html {
    let (s, inputs, dispatch) = (&*p.scenario, &*p.inputs, &p.dispatch);
    let edit = |field: Field| dispatch.reform(move |e: Event| Action::Edit(field, select_value(&e)));
    html! {
        <fieldset>
            <legend>{ "Programme" }</legend>
            <TextField field={Field::Name} shown={inputs.shown(s, Field::Name)} dispatch={dispatch.clone()} label="Name" />
            <NumField field={Field::Families} shown={inputs.shown(s, Field::Families)} dispatch={dispatch.clone()} label="Families" slider={Some((d(1, 0), d(FAMILIES_SLIDER_MAX, 0), d(1, 0)))}
                hint="The slider runs to 1,000 families and does not move its own end while dragged; type a larger number in the box." />
            <div class="field check">
                <input type="checkbox" id="scale-counts" data-testid="scale-counts" checked={p.scale_counts}
                    onchange={dispatch.reform(|e: Event| {
                        let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                        Action::ScaleCounts(i.checked())
                    })} />
                <label for="scale-counts">{ "Scale counts with families (unticked: items given as counts stay fixed when the families change; rates always follow)" }</label>
            </div>
            <NumField field={Field::PeoplePerFamily} shown={inputs.shown(s, Field::PeoplePerFamily)} dispatch={dispatch.clone()} label="People per family (for rates)" placeholder="1" />
            <div class="field">
                <label for="region">{ "Region (values may differ in London)" }</label>
                <select id="region" data-testid="region" onchange={edit(Field::Region)}>
                    { for [("all", "Anywhere"), ("london", "London"), ("outside-london", "Outside London")].iter().map(|(v, l)| html! {
                        <option value={*v} selected={field_text(s, Field::Region) == *v}>{ *l }</option>
                    }) }
                </select>
                if let Some(e) = inputs.error(Field::Region) { <p class="error" role="alert">{ e }</p> }
            </div>
        </fieldset>
    }
}

/// The wellbeing outcomes, each with its figure, adjustments and Remove, and the picker of a new
/// one (which comes with a rate: the reducer's).
fn outcomes(p: &Props) -> Html {
    let (s, inputs, dispatch) = (&*p.scenario, &*p.inputs, &p.dispatch);
    let reg = Registry::embedded();
    // People and events sliders are scaled by the cohort (not by their own value).
    let families = Decimal::from(s.families.max(1));
    html! {
        <fieldset>
            <legend>{ "Wellbeing outcomes" }</legend>
            if s.outcomes.is_empty() { <p class="hint">{ "No outcomes yet: add one below." }</p> }
            { for s.outcomes.iter().enumerate().map(|(i, o)| {
                let label = socval::adjust::item_label(s, reg, ItemRef::Outcome(i));
                let remove = dispatch.reform(move |_| Action::RemoveOutcome(i));
                html! {
                    <div class="item" data-testid={format!("outcome-{i}")}>
                        <h3>{ label.clone() }<span class="proxy">{ format!(" · {}", o.proxy) }</span></h3>
                        <p class="scaling" data-testid={format!("outcome-{i}-scaling")}>{ scaling_words(s, ItemRef::Outcome(i), p.scale_counts) }</p>
                        { evidence(&o.evidence, &format!("outcome-{i}")) }
                        if o.people.is_some() {
                            <NumField field={Field::OutcomePeople(i)} shown={inputs.shown(s, Field::OutcomePeople(i))} dispatch={dispatch.clone()} label={format!("{label}: people")} slider={Some((d(0, 0), families * d(2, 0), d(1, 0)))} />
                        } else {
                            <NumField field={Field::OutcomeRate(i)} shown={inputs.shown(s, Field::OutcomeRate(i))} dispatch={dispatch.clone()} label={format!("{label}: share achieving it")} slider={PERCENT_SLIDER} />
                        }
                        { item_adjustments(p, ItemRef::Outcome(i), "Adjustments for this outcome") }
                        <button type="button" class="remove" onclick={remove} aria-label={format!("Remove {label}")}>{ "Remove" }</button>
                    </div>
                }
            }) }
            <AddPicker adds={Adds::Outcome} table={AttrValue::from(s.tables.wellbeing.clone())} next={s.outcomes.len()} dispatch={dispatch.clone()} />
        </fieldset>
    }
}

/// The avoided public costs, each with its count or rates, adjustments and Remove, and the picker
/// of a new one (which comes with a count: the reducer's).
fn avoided(p: &Props) -> Html {
    let (s, inputs, dispatch) = (&*p.scenario, &*p.inputs, &p.dispatch);
    let reg = Registry::embedded();
    // People and events sliders are scaled by the cohort (not by their own value).
    let families = Decimal::from(s.families.max(1));
    html! {
        <fieldset>
            <legend>{ "Avoided public costs" }</legend>
            if s.avoided.is_empty() { <p class="hint">{ "No avoided costs yet: add one below." }</p> }
            { for s.avoided.iter().enumerate().map(|(i, a)| {
                let label = socval::adjust::item_label(s, reg, ItemRef::Avoided(i));
                let remove = dispatch.reform(move |_| Action::RemoveAvoided(i));
                html! {
                    <div class="item" data-testid={format!("avoided-{i}")}>
                        <h3>{ label.clone() }<span class="proxy">{ format!(" · {}", a.proxy) }</span></h3>
                        <p class="scaling" data-testid={format!("avoided-{i}-scaling")}>{ scaling_words(s, ItemRef::Avoided(i), p.scale_counts) }</p>
                        { evidence(&a.evidence, &format!("avoided-{i}")) }
                        if a.count.is_some() || a.counterfactual_rate.is_none() {
                            <NumField field={Field::AvoidedCount(i)} shown={inputs.shown(s, Field::AvoidedCount(i))} dispatch={dispatch.clone()} label={format!("{label}: events avoided")} slider={Some((d(0, 0), families, d(1, 0)))} />
                        } else {
                            <NumField field={Field::AvoidedCf(i)} shown={inputs.shown(s, Field::AvoidedCf(i))} dispatch={dispatch.clone()} label={format!("{label}: rate without the programme")} slider={PERCENT_SLIDER} />
                            <NumField field={Field::AvoidedObs(i)} shown={inputs.shown(s, Field::AvoidedObs(i))} dispatch={dispatch.clone()} label={format!("{label}: rate observed")} slider={PERCENT_SLIDER} />
                        }
                        { item_adjustments(p, ItemRef::Avoided(i), "Adjustments for this cost") }
                        <button type="button" class="remove" onclick={remove} aria-label={format!("Remove {label}")}>{ "Remove" }</button>
                    </div>
                }
            }) }
            <AddPicker adds={Adds::Avoided} table={AttrValue::from(s.tables.unit_costs.clone())} next={s.avoided.len()} dispatch={dispatch.clone()} />
        </fieldset>
    }
}

/// The programme's costs, each with its amount, year and price year, and Add a cost (which moves
/// the focus to the new cost's first field).
fn costs(p: &Props) -> Html {
    let (s, inputs, dispatch) = (&*p.scenario, &*p.inputs, &p.dispatch);
    let add_cost = {
        let (dispatch, first) = (dispatch.clone(), Field::CostLabel(s.costs.len()));
        Callback::from(move |_| {
            dispatch.emit(Action::AddCost);
            crate::browser::focus_soon(first.key());
        })
    };
    html! {
        <fieldset>
            <legend>{ "Programme cost" }</legend>
            if s.costs.is_empty() { <p class="hint">{ "No programme cost yet: add one to see the value per £1 spent and the number of families needed to break even." }</p> }
            { for s.costs.iter().enumerate().map(|(i, c)| {
                let remove = dispatch.reform(move |_| Action::RemoveCost(i));
                html! {
                    <div class="item">
                        <TextField field={Field::CostLabel(i)} shown={inputs.shown(s, Field::CostLabel(i))} dispatch={dispatch.clone()} label={format!("Cost {}: what it pays for", i + 1)} />
                        <NumField field={Field::CostAmount(i)} shown={inputs.shown(s, Field::CostAmount(i))} dispatch={dispatch.clone()} label={format!("{}: amount (£)", c.label)} />
                        <NumField field={Field::CostYear(i)} shown={inputs.shown(s, Field::CostYear(i))} dispatch={dispatch.clone()} label={format!("{}: year paid", c.label)} placeholder="0 (up front)"
                            hint="0 or empty: paid up front, not discounted; 1, 2, …: paid in that year of the programme, discounted like a benefit in that year." />
                        <NumField field={Field::CostPriceYear(i)} shown={inputs.shown(s, Field::CostPriceYear(i))} dispatch={dispatch.clone()} label={format!("{}: price year of the amount", c.label)}
                            placeholder={s.price_year.to_string()} hint="The year whose prices the amount is in; empty: the scenario's price year." />
                        <button type="button" class="remove" onclick={remove} aria-label={format!("Remove cost {}", i + 1)}>{ "Remove" }</button>
                    </div>
                }
            }) }
            <button type="button" id="add-cost" data-testid="add-cost" onclick={add_cost}>{ "Add a cost" }</button>
        </fieldset>
    }
}

/// The appraisal's settings: discount rates and convention, price year, the combined total and
/// the table versions.
fn appraisal(p: &Props) -> Html {
    let (s, inputs, dispatch) = (&*p.scenario, &*p.inputs, &p.dispatch);
    let edit = |field: Field| dispatch.reform(move |e: Event| Action::Edit(field, select_value(&e)));
    html! {
        <fieldset>
            <legend>{ "Appraisal" }</legend>
            <NumField field={Field::DiscountRate} shown={inputs.shown(s, Field::DiscountRate)} dispatch={dispatch.clone()} label="Discount rate" slider={Some((d(0, 0), d(10, 0), d(1, 1)))}
                placeholder="Green Book standard schedule"
                hint="One flat rate for fiscal savings and costs (and for wellbeing, unless set below). Empty under the Green Book convention: 3.5 % for years 0–30, 3.0 % from year 31, as HM Treasury's schedule." />
            <NumField field={Field::WellbeingDiscountRate} shown={inputs.shown(s, Field::WellbeingDiscountRate)} dispatch={dispatch.clone()} label="Discount rate of wellbeing values"
                placeholder={if s.discount_convention == socval::scenario::DiscountConvention::GreenBook { "Green Book health schedule" } else { "as the discount rate" }}
                hint="Empty: the discount rate above (SROI convention) or HM Treasury's health schedule, 1.5 % for years 0–30 (Green Book convention)." />
            <div class="field">
                <label for="discount-convention">{ "Discounting convention" }</label>
                <select id="discount-convention" data-testid="discount-convention" onchange={edit(Field::Convention)}>
                    <option value="sroi" selected={field_text(s, Field::Convention) == "sroi"}>{ "SROI guide: year 1 discounted" }</option>
                    <option value="green-book" selected={field_text(s, Field::Convention) == "green-book"}>{ "Green Book: year 1 undiscounted" }</option>
                </select>
            </div>
            <NumField field={Field::PriceYear} shown={inputs.shown(s, Field::PriceYear)} dispatch={dispatch.clone()} label="Price year" />
            <div class="field check">
                <input type="checkbox" id="combined-total" data-testid="combined-total" checked={s.combined_total}
                    onchange={dispatch.reform(|e: Event| {
                        let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                        Action::Edit(Field::CombinedTotal, i.checked().to_string())
                    })} />
                <label for="combined-total">{ "Also show a combined total (labelled; social value and fiscal savings stay separate)" }</label>
            </div>
            { table_select(s, inputs, dispatch, TableKind::Wellbeing, "Wellbeing values") }
            { table_select(s, inputs, dispatch, TableKind::UnitCost, "Unit costs") }
            { table_select(s, inputs, dispatch, TableKind::Deflator, "Deflator series") }
        </fieldset>
    }
}

#[function_component(Editor)]
pub fn editor(p: &Props) -> Html {
    let (s, inputs, dispatch) = (&*p.scenario, &*p.inputs, &p.dispatch);
    html! {
        <form class="editor" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} aria-label="Scenario inputs">
            { programme(p) }
            { outcomes(p) }
            { avoided(p) }
            { costs(p) }
            <fieldset>
                <legend>{ "Adjustments (defaults for every item)" }</legend>
                { adjustments(s, inputs, dispatch, None) }
            </fieldset>
            { appraisal(p) }
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Field;

    fn template(id: &str) -> Scenario {
        socval::template(id).unwrap().scenario().unwrap()
    }

    #[test]
    fn an_empty_adjustment_shows_the_value_in_force_and_its_origin() {
        let mut s = template("step-together");
        s.defaults.attribution = Some("0.2".parse().unwrap());
        s.outcomes[0].adjustments.attribution = None;
        let (text, start) = in_force_hint(&s, ItemRef::Outcome(0), Adjustment::Attribution).unwrap();
        assert_eq!(text, "20 % (scenario default)");
        assert_eq!(start, Decimal::from(20));
        // Every item's every adjustment has one, from the core's resolution.
        for i in 0..s.outcomes.len() {
            for a in Adjustment::ALL {
                let f = socval::adjust::in_force(&s, Registry::embedded(), ItemRef::Outcome(i), a).unwrap();
                let (text, _) = in_force_hint(&s, ItemRef::Outcome(i), a).unwrap();
                assert!(text.ends_with(&format!("({})", f.origin.words())), "{text}");
            }
        }
        for i in 0..s.avoided.len() {
            assert!(in_force_hint(&s, ItemRef::Avoided(i), Adjustment::Duration).is_some());
        }
        assert_eq!(
            Field::OutcomeAdj(0, Adjustment::Attribution).key(),
            "outcome-0-attribution"
        );
    }
}
