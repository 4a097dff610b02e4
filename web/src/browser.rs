//! The browser's storage, address and files, wrapped so that components stay plain.
//! Nothing here sends anything anywhere: files are read in the browser and the scenario
//! travels only in `localStorage` and the address's fragment (which browsers never send).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where work is autosaved.
pub const AUTOSAVE_KEY: &str = "socval.autosave.v1";
/// Where an autosave that could not be read is set aside.
pub const CORRUPT_KEY: &str = "socval.autosave.corrupt";
/// The fragment's prefix for a shared scenario.
pub const SHARE_PREFIX: &str = "#scenario=";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
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

/// A link to this page carrying `scenario_json` in its fragment.
pub fn share_link(scenario_json: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default();
    format!(
        "{base}{SHARE_PREFIX}{}",
        String::from(js_sys::encode_uri_component(scenario_json))
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
        return Some((
            name,
            Err(format!(
                "the file is {:.1} MB; the page reads files up to {} MB (the command line reads larger records files)",
                file.size() / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576.0
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

/// Marks a moment for the page's timing measurements (`performance.mark`).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
