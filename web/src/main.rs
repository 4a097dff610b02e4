//! The socval page: a Yew scenario modeller that calls the core crate directly (no JSON
//! round trip). `state.rs` holds the one reducer (scenario, last valid valuation, field
//! errors); `components/` only render and dispatch; `browser.rs` wraps the browser's storage,
//! location and files.
//!
//! The same page is built twice. Natively (`cargo run -p socval-web`, called by `cargo xtask
//! build`) it renders its first screen, the first template valued on the embedded tables, into
//! `index.html`: the first figures arrive with the document. In the browser (wasm) it then
//! replaces that copy with the live page, fetched right after the first paint, and applies what
//! was typed in the copy meanwhile.

// The first module is this crate with the panels, import and the scenario reader left out
// (the `first` feature): what they alone use is unused there.
#![cfg_attr(feature = "first", allow(dead_code, unused_imports))]

mod app;
mod browser;
mod components;
mod format;
mod state;
mod swap;
mod view;

/// The page's `index.html` with its first screen rendered in: `web/index.html` with the app's
/// HTML at `<!--prerendered-->` and the browser keys its loader script (`boot.js`) reads at the
/// `{{…}}` marks.
#[cfg(not(target_arch = "wasm32"))]
fn prerendered_index() -> String {
    let app = futures::executor::block_on(yew::LocalServerRenderer::<app::App>::new().hydratable(false).render());
    include_str!("../index.html")
        .replace("{{AUTOSAVE_KEY}}", browser::AUTOSAVE_KEY)
        .replace("{{SHARE_PREFIX}}", browser::SHARE_PREFIX)
        .replace("<!--prerendered-->", &app)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // `cargo xtask build` writes this beside the page as `tables-text.json`: the tables' evidence
    // text, which the live module fetches once it answers edits (it is built without it).
    if std::env::args().nth(1).as_deref() == Some("tables-text") {
        print!("{}", socval::tables::embedded_text());
        return;
    }
    print!("{}", prerendered_index());
}

#[cfg(target_arch = "wasm32")]
fn main() {
    browser::mark("socval:wasm-start");
    // The full module after the first: main.js mounts it (`swap::socval_mount`) when the first
    // app gives way.
    #[cfg(not(feature = "first"))]
    if swap::pending() {
        return;
    }
    mount();
}

/// Which module this is, on `#app` (`data-module`): the tests wait for the full one.
#[cfg(target_arch = "wasm32")]
const MODULE: &str = if cfg!(feature = "first") { "first" } else { "full" };

/// The live page rendered into `#app`, in place of the build-time copy.
#[cfg(target_arch = "wasm32")]
fn mount() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    mount_into(root);
}

/// The live page rendered into `root` (the document's `#app`, or the element main.js puts in
/// the first module's place), or into the body when there is none.
#[cfg(target_arch = "wasm32")]
fn mount_into(root: Option<web_sys::Element>) {
    let handle = match root {
        Some(root) => {
            // The build-time copy of the first screen gives way to the live page; what was typed
            // in it is applied once the live page has rendered (boot.js, `App`).
            if let Some(first) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("first"))
            {
                first.remove();
            }
            let _ = root.remove_attribute("inert");
            let _ = root.set_attribute("data-module", MODULE);
            yew::Renderer::<app::App>::with_root(root).render()
        }
        None => yew::Renderer::<app::App>::new().render(),
    };
    #[cfg(feature = "first")]
    swap::keep(Box::new(move || handle.destroy()));
    #[cfg(not(feature = "first"))]
    drop(handle);
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    /// The first screen rendered at build time shows the first template's figures (Securing
    /// Change: £43,785.03 of social value for 20 families, £2,189.25 each; the core's golden tests
    /// work them by hand) in `#first`, the copy the live page replaces (it renders into `#app`).
    #[test]
    fn the_prerendered_page_holds_the_first_templates_figures() {
        let html = super::prerendered_index();
        assert_eq!(socval::templates()[0].id, "securing-change");
        assert!(html.contains(">£43,785.03</output>"), "the social value");
        assert!(html.contains(">£2,189.25</output>"), "per family");
        assert!(html.contains("data-testid=\"social-value\""));
        assert!(html.contains("<div id=\"app\" inert></div>"));
        let first = html.find("<div id=\"first\">").expect("the copy");
        assert!(
            html.find(">£43,785.03</output>").unwrap() > first,
            "the figures are in the copy"
        );
        assert!(!html.contains("<!--prerendered-->") && !html.contains("{{"));
        assert!(html.contains(&format!("data-autosave-key=\"{}\"", super::browser::AUTOSAVE_KEY)));
        assert!(html.contains(&format!("data-share-prefix=\"{}\"", super::browser::SHARE_PREFIX)));
    }
}
