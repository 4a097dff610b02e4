//! A labelled number field with an optional slider, its error beside it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::Handle;
use crate::state::{Action, Field, Kind, field_text};

/// What a field shows: the person's draft while they type, else the scenario's value.
fn shown_text(st: &crate::state::State, field: Field) -> String {
    st.drafts
        .get(&field)
        .cloned()
        .unwrap_or_else(|| field_text(&st.scenario, field))
}

/// Each keystroke in a field goes to the reducer as an edit of that field.
fn on_edit(state: &Handle, field: Field) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        state.dispatch(Action::Edit(field, input.value()));
    })
}

#[derive(Properties, PartialEq)]
pub struct NumProps {
    pub state: Handle,
    pub field: Field,
    pub label: AttrValue,
    /// Slider range, in the units shown (percent for shares); no slider when `None`.
    #[prop_or_default]
    pub slider: Option<(f64, f64, f64)>,
    /// Shown when the field is empty (e.g. "default").
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub hint: AttrValue,
}

/// A number field (with a slider when asked). Percent fields are typed as 0–100.
#[function_component(NumField)]
pub fn num_field(p: &NumProps) -> Html {
    let st = &*p.state;
    let key = p.field.key();
    let text = shown_text(st, p.field);
    let error = st.field_errors.get(&p.field);
    let unit = match p.field.kind() {
        Kind::Percent => "%",
        _ => "",
    };
    let on_input = on_edit(&p.state, p.field);
    let err_id = format!("{key}-error");
    let slider = p.slider.map(|(min, max, step)| {
        let shown: f64 = text.trim().parse().unwrap_or(min);
        let max = if shown > max { shown } else { max };
        html! {
            <input type="range" id={format!("{key}-slider")} data-testid={format!("{key}-slider")}
                min={min.to_string()} max={max.to_string()} step={step.to_string()}
                value={text.clone()} oninput={on_input.clone()}
                aria-label={format!("{} (slider)", p.label)} />
        }
    });
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={key.clone()}>{ &p.label }{ if unit.is_empty() { html!{} } else { html!{ <span class="unit">{ format!(" ({unit})") }</span> } } }</label>
            <div class="inputs">
                { slider.unwrap_or_default() }
                <input type="text" inputmode="decimal" id={key.clone()} data-testid={key.clone()} value={text}
                    placeholder={p.placeholder.clone()} oninput={on_input}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| err_id.clone())} />
            </div>
            if !p.hint.is_empty() { <p class="hint">{ &p.hint }</p> }
            if let Some(e) = error {
                <p class="error" id={err_id} data-testid={format!("{key}-error")} role="alert">{ e }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextProps {
    pub state: Handle,
    pub field: Field,
    pub label: AttrValue,
}

/// A labelled text field.
#[function_component(TextField)]
pub fn text_field(p: &TextProps) -> Html {
    let st = &*p.state;
    let key = p.field.key();
    let text = shown_text(st, p.field);
    let error = st.field_errors.get(&p.field);
    let on_input = on_edit(&p.state, p.field);
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={key.clone()}>{ &p.label }</label>
            <input type="text" id={key.clone()} data-testid={key.clone()} value={text} oninput={on_input}
                aria-invalid={error.is_some().then_some("true")} />
            if let Some(e) = error { <p class="error" role="alert">{ e }</p> }
        </div>
    }
}
