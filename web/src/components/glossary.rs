//! The glossary: each term the page uses, in plain words with an example, and a worked example
//! of the method — all the core's (`socval::glossary`, `socval::glossary::worked_example`). Each entry's
//! anchor (`#glossary-<id>`) is where the "?" beside a field or figure leads.

use yew::prelude::*;

#[function_component(Glossary)]
pub fn glossary() -> Html {
    let terms = use_memo((), |_| socval::glossary::glossary());
    let example = use_memo((), |_| socval::glossary::worked_example());
    html! {
        <section class="glossary" id="glossary" aria-labelledby="glossary-heading" data-testid="glossary">
            <h2 id="glossary-heading">{ "Glossary, in plain words" }</h2>
            <dl>
                { for terms.iter().map(|t| html! { <>
                    <dt id={format!("glossary-{}", t.id)}>{ t.term }</dt>
                    <dd><p>{ &t.short }</p><p class="hint">{ &t.long }</p></dd>
                </> }) }
            </dl>
            <h3>{ "A worked example" }</h3>
            <p>{ &example.situation }</p>
            <table class="worked" data-testid="worked-example">
                <caption class="sr-only">{ "The worked example, step by step" }</caption>
                <thead><tr><th scope="col">{ "Step" }</th><th scope="col">{ "Running figure" }</th></tr></thead>
                <tbody>
                    { for example.steps.iter().map(|(what, fig)| html! { <tr><th scope="row">{ what }</th><td class="n">{ fig }</td></tr> }) }
                </tbody>
                <tfoot><tr><th scope="row">{ "Present value" }</th><td class="n">{ &example.total }</td></tr></tfoot>
            </table>
        </section>
    }
}
