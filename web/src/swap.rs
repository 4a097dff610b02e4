//! The first module giving way to the full one (`web/main.js` drives it). A new visitor's page
//! starts on the first module (the `first` feature: the calculator without the panels, import,
//! records or the scenario reader); once the full module is compiled, main.js takes the first
//! app's state (`socval_handover`) and mounts the full app (`socval_mount`) into a fresh element,
//! not yet in the document, which restores that state (`take`) and then asks main.js to put it
//! in the first app's place: main.js destroys the first app (`socval_destroy`) and carries over
//! what its fields, open sections, focus and scroll showed, in the same task (no paint between).

#[cfg(feature = "first")]
pub use first::*;
#[cfg(not(feature = "first"))]
pub use full::*;

#[cfg(feature = "first")]
mod first {
    use std::cell::RefCell;
    use std::rc::Rc;

    use socval::Scenario;
    use wasm_bindgen::prelude::*;

    use crate::state::{Notice, State};

    /// What the first app hands on: the scenario once changed, where it came from, what Undo
    /// would bring back, whether counts scale with the families, and the message on screen.
    struct Handover {
        scenario: Option<Rc<Scenario>>,
        origin: String,
        undo: Option<(Rc<Scenario>, String)>,
        scale_counts: bool,
        notice: Option<Notice>,
    }

    thread_local! {
        /// Ends the first app (its `AppHandle::destroy`), kept by `main.rs` through `keep`.
        static APP: RefCell<Option<Box<dyn FnOnce()>>> = const { RefCell::new(None) };
        static LATEST: RefCell<Option<Handover>> = const { RefCell::new(None) };
    }

    /// Keeps what ends the first app (its handle's `destroy`), for `socval_destroy`.
    pub fn keep(destroy: Box<dyn FnOnce()>) {
        APP.with(|a| *a.borrow_mut() = Some(destroy));
    }

    /// Notes the state the first app shows (each render: a few reference counts).
    pub fn note(state: &State) {
        let w = &state.work;
        let h = Handover {
            scenario: (w.revision > 0).then(|| w.scenario.clone()),
            origin: w.origin.clone(),
            undo: state.undo.clone(),
            scale_counts: w.scale_counts,
            notice: state.notice.clone(),
        };
        LATEST.with(|l| *l.borrow_mut() = Some(h));
    }

    /// The first app's state for the full one: `[scenario JSON or null, origin, scale counts,
    /// notice text or null, notice is an error, Undo's scenario JSON or null, its origin]`.
    #[wasm_bindgen]
    pub fn socval_handover() -> js_sys::Array {
        let out = js_sys::Array::new();
        LATEST.with(|l| {
            if let Some(h) = &*l.borrow() {
                let json = h.scenario.as_ref().map_or(JsValue::NULL, |s| s.to_json().into());
                let text = h.notice.as_ref().map_or(JsValue::NULL, |n| n.text.clone().into());
                out.push(&json);
                out.push(&h.origin.clone().into());
                out.push(&h.scale_counts.into());
                out.push(&text);
                out.push(&h.notice.as_ref().is_some_and(|n| n.error).into());
                out.push(&h.undo.as_ref().map_or(JsValue::NULL, |(s, _)| s.to_json().into()));
                out.push(&h.undo.as_ref().map_or(JsValue::NULL, |(_, o)| o.clone().into()));
            }
        });
        out
    }

    /// Ends the first app (its effects and listeners); main.js then replaces its element.
    #[wasm_bindgen]
    pub fn socval_destroy() {
        if let Some(destroy) = APP.with(|a| a.borrow_mut().take()) {
            destroy();
        }
    }
}

#[cfg(not(feature = "first"))]
mod full {
    use socval::Scenario;
    use wasm_bindgen::{JsCast, JsValue};
    use yew::Callback;

    use crate::state::{Action, Notice};

    fn window_get(name: &str) -> Option<JsValue> {
        let w = web_sys::window()?;
        js_sys::Reflect::get(&w, &name.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    /// Whether main.js mounts this module itself, once the first module gives way.
    #[cfg(target_arch = "wasm32")]
    pub fn pending() -> bool {
        window_get("socvalSwapPending").is_some_and(|v| v.is_truthy())
    }

    /// The full app mounted into `root`, an element main.js puts in the first app's place once
    /// this one has drawn the first's state (`take`).
    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn socval_mount(root: web_sys::Element) {
        crate::mount_into(Some(root));
    }

    /// On load: the first app's state, if main.js handed one on (`window.socvalHandover`),
    /// restored as it was (no message of a restore); then, once that is drawn, main.js puts this
    /// app in the first's place and carries over the fields' text, focus and scroll
    /// (`window.socvalSwapReplay`). False when there was none (the page restores the link's
    /// scenario or the autosave instead).
    pub fn take(dispatch: &Callback<Action>) -> bool {
        let Some(h) = window_get("socvalHandover") else {
            return false;
        };
        if let Some(w) = web_sys::window() {
            let _ = js_sys::Reflect::delete_property(&w, &"socvalHandover".into());
        }
        let Ok(a) = h.dyn_into::<js_sys::Array>() else {
            return false;
        };
        let read = |i: u32| {
            a.get(i)
                .as_string()
                .and_then(|j| Scenario::from_json_str("page", &j).ok())
        };
        let text = a.get(3).as_string();
        dispatch.emit(Action::Handover {
            scenario: read(0).map(Box::new),
            origin: a.get(1).as_string().unwrap_or_default(),
            undo: read(5).map(|s| (Box::new(s), a.get(6).as_string().unwrap_or_default())),
            notice: text.map(|t| {
                if a.get(4).as_bool() == Some(true) {
                    Notice::error(t)
                } else {
                    Notice::info(t)
                }
            }),
            scale_counts: a.get(2).as_bool() == Some(true),
        });
        // After the restored page is drawn (Yew renders in a microtask; this runs after it).
        wasm_bindgen_futures::spawn_local(async {
            if let Some(f) = window_get("socvalSwapReplay").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
                let _ = f.call0(&JsValue::NULL);
            }
        });
        true
    }
}
