//! The browser's storage, address and files, wrapped so that components stay plain.
//! Nothing here sends anything anywhere: files are read in the browser and the scenario
//! travels only in `localStorage` and the address's fragment (which browsers never send).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the latest work of any tab is autosaved (a new tab starts from it). Like every key
/// below, it is kept per copy of the page: `<key>@<the page's folder>` (`page_key`), so that two
/// copies of the page on one origin (GitHub Pages project sites share one) keep their own work.
pub const AUTOSAVE_KEY: &str = "socval.autosave.v1";
/// Scenarios saved under a name: one key each (`<prefix>@<folder>:<name>`), so that two tabs
/// saving different names never overwrite each other; the records saved with one (this browser
/// only) under the second prefix.
pub const SAVED_PREFIX: &str = "socval.saved.v1";
pub const SAVED_RECORDS_PREFIX: &str = "socval.saved-records.v1";
/// A table of the user's own saved with a named scenario: its file name, a newline, its text.
pub const SAVED_TABLE_PREFIX: &str = "socval.saved-table.v1";
/// Where an autosave that could not be read is set aside.
pub const CORRUPT_KEY: &str = "socval.autosave.corrupt";
/// The fragment's prefix for a shared scenario.
pub const SHARE_PREFIX: &str = "#scenario=";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The page's folder on its origin: `/socval/` for `https://someone.github.io/socval/` and for
/// its `index.html` alike. Saves are kept per folder.
pub fn page_folder() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into());
    path.rfind('/').map_or_else(|| "/".into(), |i| path[..=i].to_string())
}

/// `key` as this copy of the page keeps it: `<key>@<folder>`. `boot.js` builds the autosave's
/// the same way.
pub fn page_key(key: &str) -> String {
    format!("{key}@{}", page_folder())
}

/// This copy's autosave of the latest work of any tab.
pub fn autosave_key() -> String {
    page_key(AUTOSAVE_KEY)
}

/// The key of the scenario (or its records, or its table: `prefix`) saved under `name`.
fn named_key(prefix: &str, name: &str) -> String {
    format!("{}:{name}", page_key(prefix))
}

/// This tab's own autosave key: each tab reloads its own work, whatever other tabs did since.
/// The tab's id lives in `sessionStorage`, which is per tab and survives a reload.
pub fn tab_autosave_key() -> String {
    let session = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    let id = session
        .as_ref()
        .and_then(|s| s.get_item("socval.tab").ok().flatten())
        .unwrap_or_else(|| {
            let id = ((js_sys::Math::random() * 1e15) as u64).to_string();
            if let Some(s) = &session {
                let _ = s.set_item("socval.tab", &id);
            }
            id
        });
    format!("{}.tab-{id}", autosave_key())
}

/// Saves kept for the whole origin (before saves were kept per copy of the page) move, once, to
/// this copy: the first one opened takes them. Answers how many named scenarios moved and
/// whether an autosave did (none: nothing to move).
pub fn adopt_origin_saves() -> Option<(usize, bool)> {
    let s = storage()?;
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .collect();
    let tab_prefix = format!("{AUTOSAVE_KEY}.tab-");
    let (mut named, mut autosave) = (0, false);
    for old in keys {
        let new = if old == AUTOSAVE_KEY || old == CORRUPT_KEY {
            page_key(&old)
        } else if let Some(tab) = old.strip_prefix(&tab_prefix) {
            format!("{}.tab-{tab}", autosave_key())
        } else if let Some((prefix, name)) = [SAVED_PREFIX, SAVED_RECORDS_PREFIX, SAVED_TABLE_PREFIX]
            .into_iter()
            .find_map(|p| old.strip_prefix(p).and_then(|r| r.strip_prefix(':')).map(|n| (p, n)))
        {
            named_key(prefix, name)
        } else {
            continue;
        };
        // A save this copy already has under the same key is kept, and the old one left where
        // it is (nothing is lost; another copy may take it).
        let (Ok(None), Ok(Some(value))) = (s.get_item(&new), s.get_item(&old)) else {
            continue;
        };
        if s.set_item(&new, &value).is_ok() {
            let _ = s.remove_item(&old);
            autosave |= old == AUTOSAVE_KEY;
            named += usize::from(old.starts_with(&format!("{SAVED_PREFIX}:")));
        }
    }
    (named > 0 || autosave).then_some((named, autosave))
}

/// The names of the scenarios saved in this browser, sorted.
pub fn saved_names() -> Vec<String> {
    let Some(s) = storage() else { return Vec::new() };
    // A set, filled one by one (a `sort` would compile one of its own); the keys are unique.
    let mut names = std::collections::BTreeSet::new();
    let prefix = named_key(SAVED_PREFIX, "");
    for k in (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()) {
        if let Some(name) = k.strip_prefix(&prefix) {
            names.insert(name.to_string());
        }
    }
    names.into_iter().collect()
}

/// Saves a scenario under `name` (and its records, kept in this browser only). Returns whether
/// the records fitted in the browser's storage.
pub fn save_named(name: &str, scenario_json: &str, records_csv: Option<&str>) -> Result<bool, String> {
    let s = storage().ok_or("this browser keeps no storage for this page")?;
    s.set_item(&named_key(SAVED_PREFIX, name), scenario_json)
        .map_err(|_| "the browser's storage for this page is full".to_string())?;
    let key = named_key(SAVED_RECORDS_PREFIX, name);
    let _ = s.remove_item(&key);
    Ok(match records_csv {
        Some(r) => s.set_item(&key, r).is_ok(),
        None => true,
    })
}

/// A saved scenario's JSON and the records saved with it.
pub fn load_named(name: &str) -> Option<(String, Option<String>)> {
    let json = load(&named_key(SAVED_PREFIX, name))?;
    Some((json, load(&named_key(SAVED_RECORDS_PREFIX, name))))
}

/// Saves (or, with none, forgets) the table of the user's own (file name, text) with the named
/// scenario, in this browser only; false when the browser's storage is full.
pub fn save_named_table(name: &str, table: Option<(&str, &str)>) -> bool {
    let key = named_key(SAVED_TABLE_PREFIX, name);
    remove(&key);
    table.is_none_or(|(file, text)| storage().is_some_and(|s| s.set_item(&key, &format!("{file}\n{text}")).is_ok()))
}

/// The table of the user's own saved with a named scenario: its file name and text.
pub fn load_named_table(name: &str) -> Option<(String, String)> {
    load(&named_key(SAVED_TABLE_PREFIX, name))?
        .split_once('\n')
        .map(|(f, t)| (f.to_string(), t.to_string()))
}

pub fn delete_named(name: &str) {
    remove(&named_key(SAVED_PREFIX, name));
    remove(&named_key(SAVED_RECORDS_PREFIX, name));
    remove(&named_key(SAVED_TABLE_PREFIX, name));
}

/// Calls `f` whenever another tab changes this page's storage (a save, a deletion).
/// Points an input of the page (by id) at a message that concerns it (by id), or, with no
/// message, stops; nothing when the page has no such input. For an import error that names a
/// field the page has.
pub fn describe_input(input: &str, message: Option<&str>) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(input))
    {
        let _ = match message {
            Some(m) => el.set_attribute("aria-describedby", m),
            None => el.remove_attribute("aria-describedby"),
        };
    }
}

pub fn on_storage_change(f: impl Fn() + 'static) {
    if let Some(w) = web_sys::window() {
        let c = Closure::<dyn FnMut(JsValue)>::new(move |_| f());
        let _ = w.add_event_listener_with_callback("storage", c.as_ref().unchecked_ref());
        c.forget();
    }
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The address's fragment (with its `#`).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Clears the fragment without adding a history entry.
pub fn clear_hash() {
    if let Some(w) = web_sys::window() {
        let path = w.location().pathname().unwrap_or_else(|_| "/".into());
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&path));
        }
    }
}

/// JSON without the whitespace between its tokens (strings kept as they are): the page writes
/// scenarios with one serialiser (the core's pretty `Scenario::to_json`) and shortens the link's.
pub fn compact_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_ascii_whitespace() {
            out.push(c);
        }
    }
    out
}

/// A link to this page carrying `scenario_json` (compacted) in its fragment.
pub fn share_link(scenario_json: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default();
    format!(
        "{base}{SHARE_PREFIX}{}",
        String::from(js_sys::encode_uri_component(&compact_json(scenario_json)))
    )
}

/// The scenario JSON a fragment carries, if any.
pub fn shared_scenario(hash: &str) -> Option<Result<String, String>> {
    let encoded = hash.strip_prefix(SHARE_PREFIX)?;
    Some(
        js_sys::decode_uri_component(encoded)
            .map(String::from)
            .map_err(|_| "the link's scenario is not correctly encoded".to_string()),
    )
}

/// Reads the first file chosen in an `<input type="file">`: its name and text.
/// Largest file the page reads (a scenario, or a records CSV of about 200,000 families): a larger
/// one could run the browser tab out of memory, which ends the page. The CLI reads up to 1 GiB.
pub const MAX_FILE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

pub async fn read_file(input: &web_sys::HtmlInputElement) -> Option<(String, Result<String, String>)> {
    let file = input.files()?.get(0)?;
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        input.set_value("");
        // Tenths of a MB in whole numbers: the page carries no float formatting.
        let tenths = (file.size() / 104_857.6) as u64;
        return Some((
            name,
            Err(format!(
                "the file is {}.{} MB; the page reads files up to {} MB (the command line reads larger records files)",
                tenths / 10,
                tenths % 10,
                MAX_FILE_BYTES as u64 / 1_048_576
            )),
        ));
    }
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{e:?}"))
        .and_then(|v| v.as_string().ok_or_else(|| "the file is not text".to_string()));
    input.set_value("");
    Some((name, text))
}

/// Offers `text` as a file download (made in the browser from a blob).
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Moves the keyboard focus to the element with this id, if the page has it.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Moves the focus to the element with this id once the page has drawn what was just asked
/// for (a new item's first field); nothing when it is not there (the change was refused).
pub fn focus_soon(id: String) {
    gloo_timers::callback::Timeout::new(0, move || focus(&id)).forget();
}

/// Applies what was typed, dragged or chosen in the build-time copy of the first screen before
/// the live page started (kept by `boot.js`): the same events on the live page's fields, through
/// their own handlers. Returns how many fields it applied.
pub fn replay_early_input() -> u32 {
    let Some(w) = web_sys::window() else { return 0 };
    js_sys::Reflect::get(&w, &"socvalReplay".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&w).ok())
        .and_then(|n| n.as_f64())
        .map_or(0, |n| n as u32)
}

/// Marks a moment for the page's timing measurements (`performance.mark`).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// The worker that runs the uncertainty analysis (`analysis-worker.js`, which loads the second
/// wasm module), with its message handlers; started on first use, ended to cancel a run.
type Handler = Closure<dyn FnMut(JsValue)>;
thread_local! {
    static ANALYSIS: RefCell<Option<(web_sys::Worker, Handler, Handler)>> = const { RefCell::new(None) };
    static RUN: Cell<u32> = const { Cell::new(0) };
}

/// What the analysis worker sent for a run: a `view::Report` in `view::encode`'s form, or why it
/// failed.
pub type WorkerMessage = (u32, Result<Vec<u8>, String>);

/// The bytes of a `Uint8Array` (what the analysis module sends), if `v` is one.
fn bytes_of(v: JsValue) -> Option<Vec<u8>> {
    v.dyn_into::<js_sys::Uint8Array>().ok().map(|a| a.to_vec())
}

fn analysis_worker(on_message: impl Fn(WorkerMessage) + Clone + 'static) -> Result<web_sys::Worker, JsValue> {
    if let Some(w) = ANALYSIS.with_borrow(|a| a.as_ref().map(|(w, ..)| w.clone())) {
        return Ok(w);
    }
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options("analysis-worker.js", &options)?;
    let on = on_message.clone();
    let message = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let data = js_sys::Reflect::get(&e, &"data".into()).unwrap_or_default();
        let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
        let run = field("run").and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
        match field("bytes").and_then(bytes_of) {
            Some(bytes) => on((run, Ok(bytes))),
            None => on((run, Err(field("error").and_then(|v| v.as_string()).unwrap_or_default()))),
        }
    });
    let error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        on_message((
            RUN.get(),
            Err("the analysis could not be loaded in this browser".into()),
        ))
    });
    worker.set_onmessage(Some(message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(error.as_ref().unchecked_ref()));
    ANALYSIS.set(Some((worker.clone(), message, error)));
    Ok(worker)
}

/// Starts the uncertainty analysis of a scenario (and the page's records) in the analysis
/// worker, in this browser; each message of the run goes to `on_message`. Returns the run's
/// number, which its messages carry.
pub fn analyse(
    scenario_json: &str,
    records_csv: Option<&str>,
    on_message: impl Fn(WorkerMessage) + Clone + 'static,
) -> Result<u32, String> {
    let run = RUN.get() + 1;
    RUN.set(run);
    let worker = analysis_worker(on_message).map_err(|e| format!("the analysis could not start: {e:?}"))?;
    let msg = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&msg, &k.into(), &v).map(|_| ());
    set("run", run.into())
        .and_then(|()| set("scenario", scenario_json.into()))
        .and_then(|()| set("records", records_csv.map(JsValue::from).unwrap_or(JsValue::NULL)))
        .and_then(|()| worker.post_message(&msg))
        .map_err(|e| format!("the analysis could not start: {e:?}"))?;
    Ok(run)
}

/// Ends a running analysis (the worker is started again for the next one).
pub fn cancel_analysis() {
    if let Some((w, ..)) = ANALYSIS.take() {
        w.terminate();
    }
}

/// Today's date (UTC, `YYYY-MM-DD`), printed on the funder report as the command line prints it.
pub fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}

thread_local! {
    /// The object URL of the last funder report (released when the next one is made).
    static REPORT_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Asks the analysis module one question in its own short-lived worker (so a running analysis is
/// not disturbed, and the first load carries none of the module's code): posts `fields` beside
/// the scenario and records, and gives `done` the answer's field `answer` as `read` reads it, the
/// module's `error`, or `failed` when the worker could not start or run. Nothing leaves the
/// browser.
fn one_off_analysis<T: 'static>(
    scenario_json: &str,
    records_csv: Option<&str>,
    fields: &[(&str, JsValue)],
    (answer, read): (&'static str, fn(JsValue) -> Option<T>),
    failed: &'static str,
    done: impl FnOnce(Result<T, String>) + 'static,
) {
    type Done<T> = Rc<RefCell<Option<Box<dyn FnOnce(Result<T, String>)>>>>;
    let done: Done<T> = Rc::new(RefCell::new(Some(Box::new(done))));
    let finish = |d: &Done<T>, w: &web_sys::Worker, r: Result<T, String>| {
        w.terminate();
        if let Some(f) = d.borrow_mut().take() {
            f(r);
        }
    };
    let start = |done: Done<T>| -> Result<(), JsValue> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options("analysis-worker.js", &options)?;
        let (w, d) = (worker.clone(), done.clone());
        let message = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let data = js_sys::Reflect::get(&e, &"data".into()).unwrap_or_default();
            let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
            let error = || field("error").and_then(|v| v.as_string()).unwrap_or_default();
            finish(&d, &w, field(answer).and_then(read).ok_or_else(error));
        });
        let (w, d) = (worker.clone(), done);
        let error =
            Closure::<dyn FnMut(JsValue)>::new(move |_| finish(&d, &w, Err(format!("{failed} in this browser"))));
        worker.set_onmessage(Some(message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(error.as_ref().unchecked_ref()));
        message.forget();
        error.forget();
        let msg = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&msg, &k.into(), v).map(|_| ());
        for (k, v) in fields {
            set(k, v)?;
        }
        set("run", &0.into())?;
        set("scenario", &scenario_json.into())?;
        set("records", &records_csv.map(JsValue::from).unwrap_or(JsValue::NULL))?;
        worker.post_message(&msg)
    };
    if let Err(e) = start(done.clone())
        && let Some(f) = done.borrow_mut().take()
    {
        f(Err(format!("{failed}: {e:?}")));
    }
}

/// Builds the funder report in the analysis module, in this browser; `done` gets the report's
/// HTML or why it failed.
pub fn funder_report(
    scenario_json: &str,
    records_csv: Option<&str>,
    with_analysis: bool,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    let fields = [
        ("report", true.into()),
        ("date", today().into()),
        ("withAnalysis", with_analysis.into()),
    ];
    one_off_analysis(
        scenario_json,
        records_csv,
        &fields,
        ("html", |v| v.as_string()),
        "the report could not be made",
        done,
    );
}

/// Reads a table of the user's own (`file`, `text`) in the analysis module (the first load
/// carries no table parser) and values the scenario (with the page's records) with it beside the
/// open tables; `done` gets a `view::OwnTable` in `view::encode`'s form, or why the table could
/// not be read.
pub fn own_table(
    scenario_json: &str,
    records_csv: Option<&str>,
    file: &str,
    text: &str,
    done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) {
    let table = js_sys::Object::new();
    let set = |k: &str, v: &str| js_sys::Reflect::set(&table, &k.into(), &v.into()).map(|_| ());
    if let Err(e) = set("file", file).and_then(|_| set("text", text)) {
        done(Err(format!("the table could not be read: {e:?}")));
        return;
    }
    let fields = [("table", table.into())];
    one_off_analysis(
        scenario_json,
        records_csv,
        &fields,
        ("bytes", bytes_of),
        "the table could not be read",
        done,
    );
}

/// An object URL for the report's HTML (made in the browser from a blob; the previous one is
/// released).
pub fn report_url(html: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(html));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type("text/html;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    if let Some(old) = REPORT_URL.replace(Some(url.clone())) {
        let _ = web_sys::Url::revoke_object_url(&old);
    }
    Some(url)
}

/// Opens a report's HTML in a new tab (from a blob: nothing is sent anywhere), printing it there
/// when `print`; false if the browser refused the new tab (the page then offers the link).
pub fn open_report(html: &str, print: bool) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(html));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type("text/html;charset=utf-8");
    let Some(url) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props)
        .and_then(|b| web_sys::Url::create_object_url_with_blob(&b))
        .ok()
    else {
        return false;
    };
    let Some(w) = web_sys::window().and_then(|w| w.open_with_url_and_target(&url, "_blank").ok().flatten()) else {
        return false;
    };
    if print {
        let tab = w.clone();
        let on_load = Closure::once_into_js(move || {
            let _ = tab.print();
        });
        let _ = w.add_event_listener_with_callback("load", on_load.unchecked_ref());
    }
    true
}

/// The chart styles, written into a downloaded SVG (it has no page style sheet around it).
const CHART_STYLE: &str = ".bar.social{fill:#2e7d32}.bar.fiscal{fill:#1d5c96}.bar.swing{fill:#b26a00}text{font:12px 'DejaVu Sans',sans-serif;fill:#1b1b1b}.axis{stroke:#1b1b1b;stroke-width:1}.mark{stroke-width:1.5;stroke-dasharray:4 3}.mark.band{stroke:#6a1b9a}.mark.cost{stroke:#b00020}.mark-label,.tick,.axis-title{font-size:11px}";

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function svg_to_png(svg, w, h, name) {
  const img = new Image();
  img.onload = () => {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const g = c.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, w, h); g.drawImage(img, 0, 0, w, h);
    c.toBlob((b) => {
      const u = URL.createObjectURL(b);
      const a = document.createElement('a');
      a.href = u; a.download = name; a.click();
      setTimeout(() => URL.revokeObjectURL(u), 1000);
    }, 'image/png');
  };
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
}
export function workbook_download(kind, scenario, records, recordsFile, name) {
  const what = kind === 'csv' ? 'The CSV of the working' : 'The workbook';
  const [status, button] = ['workbook-status', kind + '-button'].map((id) => document.getElementById(id));
  status.textContent = 'Making ' + what.toLowerCase() + '…';
  button.disabled = true;
  import(new URL('workbook.js', document.baseURI).href)
    .then((m) => m.download(kind, scenario, records, recordsFile, [], name, status))
    .catch((e) => { status.textContent = what + ' could not be made: ' + (e && e.message || e); })
    .finally(() => { button.disabled = false; });
}
export function claim_test(scenario, records) {
  import(new URL('claim.js', document.baseURI).href)
    .then((m) => m.test(scenario, records))
    .catch((e) => { document.getElementById('claim-answer').textContent = 'The claim could not be tested: ' + (e && e.message || e); });
}")]
extern "C" {
    fn svg_to_png(svg: &str, w: u32, h: u32, name: &str);
    fn workbook_download(kind: &str, scenario: &str, records: Option<&str>, records_file: Option<&str>, name: &str);
    fn claim_test(scenario: &str, records: Option<&str>);
}

/// Tests the claim typed in the panel `#claim` against the scenario (with the page's records):
/// the inline script above imports `claim.js` on first use, which runs the analysis module in a
/// short-lived worker and writes the core's statements into `#claim-answer`, so that none of it
/// weighs on the page's wasm. Nothing leaves the browser.
pub fn test_claim(scenario_json: &str, records_csv: Option<&str>) {
    claim_test(scenario_json, records_csv);
}

/// Makes the working's Excel workbook of a scenario (with the records the page values with, as
/// their file's name and text) and offers it as the download `file_name`: the inline script above
/// imports `workbook.js` on first use, which loads the workbook module (`web/workbook`:
/// socval-xlsx, as the CLI writes it) from this page's origin, once. The script says what it is
/// doing in the live region `#workbook-status` and disables `#xlsx-button` meanwhile, so that
/// none of it weighs on the page's first-load wasm. On the main thread: the bytes are needed here
/// for the download, and making them costs about one valuation, which the page makes on every
/// edit. Nothing leaves the browser.
///
/// `csv` asks for the working as CSV instead (the CLI's `--format csv`), from the same module,
/// reported in the same live region and disabling `#csv-button`.
pub fn download_workbook(scenario_json: &str, records: Option<(&str, &str)>, file_name: &str, csv: bool) {
    let kind = if csv { "csv" } else { "xlsx" };
    workbook_download(
        kind,
        scenario_json,
        records.map(|r| r.1),
        records.map(|r| r.0),
        file_name,
    );
}

/// Offers the chart drawn in `<svg id=svg_id>` as `name.svg`, or as `name.png` drawn through a
/// canvas (`width`, `height` in tenths of a unit: the PNG is twice the SVG's size). All in the
/// browser.
pub fn download_chart(svg_id: &str, name: &str, width: i64, height: i64, png: bool) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(svg_id))
    else {
        return;
    };
    let (w, h) = (width / 10, height / 10);
    let inner = el.outer_html();
    let Some(rest) = inner.strip_prefix("<svg") else { return };
    let Some(close) = rest.find('>') else { return };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\"{}><style>{CHART_STYLE}</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>{}",
        &rest[..close],
        &rest[close + 1..]
    );
    if png {
        svg_to_png(&svg, (w * 2) as u32, (h * 2) as u32, &format!("{name}.png"));
    } else {
        let _ = download(&format!("{name}.svg"), "image/svg+xml", &svg);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn compact_json_keeps_strings() {
        let s = socval::templates()[0].scenario().unwrap();
        let pretty = s.to_json();
        let compact = super::compact_json(&pretty);
        assert!(compact.len() < pretty.len());
        assert_eq!(socval::Scenario::from_json_str("x", &compact).unwrap(), s);
        assert_eq!(
            super::compact_json("{ \"a b\\\" c\" : [1, 2] }"),
            "{\"a b\\\" c\":[1,2]}"
        );
    }
}
