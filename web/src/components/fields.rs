//! A labelled number field with an optional slider, its error beside it; a labelled text field.
//! Each takes what it shows and the page's dispatcher, so a field re-renders only when its own
//! text, error or placeholder changes.

use socval::Decimal;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, Field, Kind, Shown};

/// Each keystroke in a field goes to the reducer as an edit of that field.
pub fn on_edit(dispatch: &Callback<Action>, field: Field) -> Callback<InputEvent> {
    dispatch.reform(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        Action::Edit(field, input.value())
    })
}

#[derive(Properties, PartialEq)]
pub struct NumProps {
    pub field: Field,
    pub label: AttrValue,
    /// Its text (the draft as typed, else the scenario's value) and error.
    pub shown: Shown,
    pub dispatch: Callback<Action>,
    /// Slider range (min, max, step), in the units shown (percent for shares); no slider when
    /// `None`. The ends are fixed: they never follow the value, so a drag cannot move its own
    /// scale; a value typed beyond an end stays in the box and the thumb rests at the end.
    #[prop_or_default]
    pub slider: Option<(Decimal, Decimal, Decimal)>,
    /// Where the slider stands while the field is empty (the value in force), in the units
    /// shown; the slider's minimum when `None`.
    #[prop_or_default]
    pub slider_start: Option<Decimal>,
    /// Shown when the field is empty (e.g. the value in force and where it comes from).
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub hint: AttrValue,
    /// The glossary's entry for the term (its id, the term, its explanation): a "?" opens it.
    #[prop_or_default]
    pub help: Option<(AttrValue, AttrValue, AttrValue)>,
}

/// A "?" that explains a term in plain words (the glossary's entry), with a link to the glossary.
pub fn help(id: &str, term: &str, text: &str, key: &str, label: &str) -> Html {
    html! {
        <details class="help" data-testid={format!("{key}-help")}>
            <summary aria-label={format!("What “{term}” means ({label})")}>{ "?" }</summary>
            <p>{ text }{ " " }<a href={format!("#glossary-{id}")}>{ "In the glossary" }</a></p>
        </details>
    }
}

/// A number field (with a slider when asked). Percent fields are typed as 0–100.
#[function_component(NumField)]
pub fn num_field(p: &NumProps) -> Html {
    let key = p.field.key();
    let text = &p.shown.text;
    let error = p.shown.error.as_ref();
    let unit = match p.field.kind() {
        Kind::Percent => "%",
        _ => "",
    };
    let on_input = on_edit(&p.dispatch, p.field);
    let err_id = format!("{key}-error");
    let slider = p.slider.map(|(min, max, step)| {
        let typed = text.trim().trim_end_matches('%').trim().parse::<Decimal>().ok();
        let shown = typed.or(p.slider_start).unwrap_or(min).clamp(min, max).normalize();
        html! {
            <input type="range" id={format!("{key}-slider")} data-testid={format!("{key}-slider")}
                min={min.to_string()} max={max.to_string()} step={step.to_string()}
                value={shown.to_string()} oninput={on_input.clone()}
                aria-label={format!("{} (slider)", p.label)} />
        }
    });
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={key.clone()}>{ &p.label }{ if unit.is_empty() { html!{} } else { html!{ <span class="unit">{ format!(" ({unit})") }</span> } } }</label>
            <div class="inputs">
                { slider.unwrap_or_default() }
                <input type="text" inputmode="decimal" id={key.clone()} data-testid={key.clone()} value={text.clone()}
                    placeholder={p.placeholder.clone()} oninput={on_input}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| err_id.clone())} />
            </div>
            if !p.hint.is_empty() { <p class="hint">{ &p.hint }</p> }
            if let Some((id, term, text)) = &p.help { { help(id, term, text, &key, &p.label) } }
            if let Some(e) = error {
                <p class="error" id={err_id} data-testid={format!("{key}-error")} role="alert">{ e }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextProps {
    pub field: Field,
    pub label: AttrValue,
    pub shown: Shown,
    pub dispatch: Callback<Action>,
}

/// A labelled text field.
#[function_component(TextField)]
pub fn text_field(p: &TextProps) -> Html {
    let key = p.field.key();
    let error = p.shown.error.as_ref();
    let on_input = on_edit(&p.dispatch, p.field);
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={key.clone()}>{ &p.label }</label>
            <input type="text" id={key.clone()} data-testid={key.clone()} value={p.shown.text.clone()} oninput={on_input}
                aria-invalid={error.is_some().then_some("true")} />
            if let Some(e) = error { <p class="error" role="alert">{ e }</p> }
        </div>
    }
}
