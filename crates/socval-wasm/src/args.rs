//! The JS API's arguments and errors: each argument checked for its type and size (a
//! `TypeError` naming it, or an `Error` saying the limit), and a core error as a JavaScript
//! `Error` with `kind`, `file`, `location` and `field`.

use crate::{MAX_RECORDS_CHARS, MAX_SCENARIO_CHARS};
use wasm_bindgen::prelude::*;

/// A limit in words: `16 MiB`, or `1,024 bytes` below a mebibyte (never "0 MiB").
pub(crate) fn size_words(bytes: u32) -> String {
    const MIB: u32 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

pub(crate) fn js_error(e: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&e.to_string()).into()
}

/// A core error as a JavaScript `Error` whose message is the error's text and whose properties
/// `kind` (`syntax`, `invalid`, `unknown`, `hash-mismatch`, `overflow`, `stopped`), `file`, `location` (as
/// the message words it: `line 3, column 46`, `outcomes[0] (confidence)`, ...) and `field` say
/// where, so that JavaScript need not parse the message.
pub(crate) fn core_error(e: socval::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let kind = serde_json::to_value(&e)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default();
    let place = e.place();
    for (key, value) in [
        ("kind", kind),
        ("file", place.file.clone()),
        ("location", place.location.to_string()),
        ("field", place.field.clone()),
    ] {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(key), &JsValue::from_str(&value));
    }
    err.into()
}

/// The optional user tables argument of `function`: a JSON array of `{ name, text }`.
pub(crate) fn tables_arg(function: &str, value: Option<JsValue>) -> Result<Option<String>, JsValue> {
    match value {
        None => Ok(None),
        Some(v) if v.is_null() || v.is_undefined() => Ok(None),
        Some(v) => string_arg(
            function,
            "tables_json",
            "the user tables as JSON text: [{ name, text }], or null",
            &v,
            MAX_SCENARIO_CHARS,
        )
        .map(Some),
    }
}

/// What a JavaScript value is, for a `TypeError`'s message.
pub(crate) fn kind_of(value: &JsValue) -> String {
    if value.is_undefined() {
        "nothing (the argument is missing)".into()
    } else if value.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(value) {
        "an array".into()
    } else {
        let t = value.js_typeof().as_string().unwrap_or_default();
        match t.as_str() {
            "object" => "an object".into(),
            "number" | "bigint" | "boolean" | "symbol" | "function" => format!("a {t}"),
            _ => t,
        }
    }
}

/// A string argument of `function`: a `TypeError` naming it when `value` is not a string, an
/// `Error` when its UTF-8 text is longer than `limit` bytes. The bytes are counted as the text is
/// copied in, a mebibyte at a time, so no more than `limit` bytes and one piece are ever copied.
pub(crate) fn string_arg(
    function: &str,
    name: &str,
    what: &str,
    value: &JsValue,
    limit: u32,
) -> Result<String, JsValue> {
    let Some(s) = value.dyn_ref::<js_sys::JsString>() else {
        return Err(js_sys::TypeError::new(&format!(
            "{function}: the argument {name} must be a string ({what}), but is {}",
            kind_of(value)
        ))
        .into());
    };
    let too_long = |bytes: String| {
        js_error(format!(
            "{function}: the argument {name} is {bytes} long (UTF-8); the most the JS API reads is {}",
            size_words(limit)
        ))
    };
    let units = s.length();
    // A UTF-16 code unit takes 1 to 3 bytes of UTF-8: more units than `limit` is too long, and
    // a third of it at most always fits.
    if units > limit {
        return Err(too_long(format!("at least {units} bytes")));
    }
    if units <= limit / 3 {
        return Ok(value.as_string().unwrap_or_default());
    }
    const PIECE: u32 = 1024 * 1024;
    let mut out = String::new();
    let mut start = 0;
    while start < units {
        let mut end = start.saturating_add(PIECE).min(units);
        // Never split a surrogate pair.
        if end < units && (0xD800..0xDC00).contains(&(s.char_code_at(end - 1) as u32)) {
            end -= 1;
        }
        let piece = s.slice(start, end).as_string().unwrap_or_default();
        if out.len() + piece.len() > limit as usize {
            return Err(too_long(format!("more than {limit} bytes")));
        }
        out.push_str(&piece);
        start = end;
    }
    Ok(out)
}

/// A scenario as the JS API received it: JSON text, or a plain JavaScript object (as the npm
/// package passes its scenario objects) serialized here.
pub(crate) struct ScenarioArg {
    text: String,
    data: bool,
}

impl ScenarioArg {
    /// The JSON, marked as text or as serialized from data (whose errors name a path).
    pub(crate) fn json(&self) -> crate::ScenarioJson<'_> {
        if self.data {
            crate::ScenarioJson::Data(&self.text)
        } else {
            crate::ScenarioJson::Text(&self.text)
        }
    }
}

/// Whether `value` is a plain object (`{ … }`: its prototype `Object.prototype`, or none).
fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return false;
    }
    let proto: JsValue = js_sys::Object::get_prototype_of(value).into();
    let object_proto: JsValue = js_sys::Object::get_prototype_of(&js_sys::Object::new()).into();
    proto.is_null() || proto == object_proto
}

/// The scenario argument `name` of `function`: JSON text, or a plain object, serialized here so
/// that its errors name the path to the value (`outcomes[2].deadweight`) rather than a line of a
/// text the caller never saw.
pub(crate) fn scenario_arg_named(function: &str, name: &str, value: &JsValue) -> Result<ScenarioArg, JsValue> {
    let what = "the scenario as JSON text, e.g. JSON.stringify(scenario), or as a plain object";
    if is_plain_object(value) {
        let json = js_sys::JSON::stringify(value).map_err(|_| {
            JsValue::from(js_sys::TypeError::new(&format!(
                "{function}: the argument {name} is an object that JSON.stringify cannot write (a cycle, or a BigInt)"
            )))
        })?;
        let text = string_arg(function, name, what, &json.into(), MAX_SCENARIO_CHARS)?;
        return Ok(ScenarioArg { text, data: true });
    }
    let text = string_arg(function, name, what, value, MAX_SCENARIO_CHARS)?;
    Ok(ScenarioArg { text, data: false })
}

/// The scenario argument (`scenario_json`) of `function`.
pub(crate) fn scenario_arg(function: &str, value: &JsValue) -> Result<ScenarioArg, JsValue> {
    scenario_arg_named(function, "scenario_json", value)
}

/// The optional records argument (CSV text) of `function`: absent, `undefined` or `null` is none.
pub(crate) fn records_arg(function: &str, value: Option<JsValue>) -> Result<Option<String>, JsValue> {
    match value {
        None => Ok(None),
        Some(v) if v.is_null() || v.is_undefined() => Ok(None),
        Some(v) => string_arg(
            function,
            "records_csv",
            "per-family records as CSV text, or null",
            &v,
            MAX_RECORDS_CHARS,
        )
        .map(Some),
    }
}

/// The optional progress callback of `function`: absent, `undefined` or `null` is none; anything
/// but a function is a `TypeError` naming it.
pub(crate) fn progress_arg(function: &str, value: Option<JsValue>) -> Result<Option<js_sys::Function>, JsValue> {
    match value {
        None => Ok(None),
        Some(v) if v.is_null() || v.is_undefined() => Ok(None),
        Some(v) => match v.dyn_into::<js_sys::Function>() {
            Ok(f) => Ok(Some(f)),
            Err(v) => Err(js_sys::TypeError::new(&format!(
                "{function}: the argument progress must be a function (done, total) => boolean, or null, but is {}",
                kind_of(&v)
            ))
            .into()),
        },
    }
}
