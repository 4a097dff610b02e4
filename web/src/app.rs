use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! {
        <>
            <header class="top">
                <h1>{ "socval" }</h1>
                <p>{ "Social value and avoided public costs of family-support programmes. Nothing you type leaves this browser." }</p>
            </header>
            <main id="main">
                <p data-testid="status">{ "The calculator is starting: the valuation engine lands here next." }</p>
            </main>
        </>
    }
}
