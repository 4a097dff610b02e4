//! The socval page: a Yew scenario modeller that calls the core crate directly (no JSON
//! round trip). `state.rs` holds the one reducer (scenario, last valid valuation, field
//! errors); `components/` only render and dispatch; `browser.rs` wraps the browser's storage,
//! location and files.

mod app;
mod browser;
mod components;
mod format;
mod state;
mod view;

fn main() {
    browser::mark("socval:wasm-start");
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
