//! socval for JavaScript: thin JSON-in / JSON-out functions over the core crate.
//!
//! Built with `wasm-bindgen --target nodejs` (or `--target web`), this module gives other
//! JavaScript code the same engine as the page and the command line:
//!
//! ```js
//! const socval = require('./socval_wasm.js');
//! const valuation = JSON.parse(socval.evaluate(scenarioJson));   // the CLI's `--format json`
//! console.log(valuation.display.social_value);                     // "123456.78"
//! ```
//!
//! Every error reaches JavaScript as a thrown `Error` whose message is the core error's
//! text, naming the file, the line or item and the field. An argument of the wrong type (a
//! number or an object where a string is expected, or a missing one) throws a `TypeError`
//! naming the argument, and a text beyond the API's limits an `Error` saying the limit.
//! Money, rates and other decimals in a scenario are strings: a JSON number in one is
//! refused, naming the field (see `numbers.rs`).
//!
//! Nothing here panics: the core returns `Result`s and this layer only converts them. Should a
//! panic or a trap ever happen all the same (the release build aborts on panic, and a trap cannot
//! be caught inside the module), the JavaScript wrapper shipped beside the generated package
//! (`socval.js`) catches it, starts a fresh instance and throws an `Error`: the next call works.

mod numbers;

use socval::{Records, Registry, Scenario};
use wasm_bindgen::prelude::*;

/// The name inputs get in error messages.
const SCENARIO_FILE: &str = "scenario.json";
const RECORDS_FILE: &str = "records.csv";

/// Longest scenario text the API reads, in UTF-16 code units (the CLI reads scenario files of up
/// to 16 MiB; a scenario at the core's item limits is well under 1 MiB).
pub const MAX_SCENARIO_CHARS: u32 = 16 * 1024 * 1024;
/// Longest records CSV the API reads, in UTF-16 code units. Lower than the CLI's 1 GiB: a wasm
/// module has 4 GiB of memory in all, and the text is copied and parsed inside it.
pub const MAX_RECORDS_CHARS: u32 = 256 * 1024 * 1024;

fn js_error(e: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&e.to_string()).into()
}

/// What a JavaScript value is, for a `TypeError`'s message.
fn kind_of(value: &JsValue) -> String {
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
/// `Error` when it is longer than `limit` UTF-16 code units (checked before it is copied in).
fn string_arg(function: &str, name: &str, what: &str, value: &JsValue, limit: u32) -> Result<String, JsValue> {
    let Some(s) = value.dyn_ref::<js_sys::JsString>() else {
        return Err(js_sys::TypeError::new(&format!(
            "{function}: the argument {name} must be a string ({what}), but is {}",
            kind_of(value)
        ))
        .into());
    };
    if s.length() > limit {
        return Err(js_error(format!(
            "{function}: the argument {name} is {} characters long; the most the JS API reads is {} MiB",
            s.length(),
            limit / (1024 * 1024)
        )));
    }
    Ok(value.as_string().unwrap_or_default())
}

/// The scenario argument (JSON text) of `function`.
fn scenario_arg(function: &str, value: &JsValue) -> Result<String, JsValue> {
    string_arg(
        function,
        "scenario_json",
        "the scenario as JSON text, e.g. JSON.stringify(scenario)",
        value,
        MAX_SCENARIO_CHARS,
    )
}

/// The optional records argument (CSV text) of `function`: absent, `undefined` or `null` is none.
fn records_arg(function: &str, value: Option<JsValue>) -> Result<Option<String>, JsValue> {
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

/// Parses and checks a scenario (shape, ranges) without the tables, refusing JSON numbers where
/// the scenario takes a decimal string.
fn parse(scenario_json: &str) -> Result<Scenario, socval::Error> {
    let scenario = Scenario::from_json_str(SCENARIO_FILE, scenario_json)?;
    numbers::refuse_numbers_for_strings(SCENARIO_FILE, scenario_json, &socval::schema::scenario())?;
    Ok(scenario)
}

/// Values a scenario on the embedded tables. Returns the valuation as JSON, exactly as
/// `socval evaluate FILE --format json` prints it (money as decimal strings). With
/// `records_csv`, the facts come from per-family records (one CSV row per family).
pub fn evaluate_json(scenario_json: &str, records_csv: Option<&str>) -> Result<String, socval::Error> {
    let scenario = parse(scenario_json)?;
    let records = records_csv
        .map(|csv| Records::from_csv_str(RECORDS_FILE, csv))
        .transpose()?;
    let v = socval::evaluate_named(SCENARIO_FILE, &scenario, records.as_ref(), Registry::embedded())?;
    Ok(v.to_json())
}

/// The uncertainty analysis (tornado, Monte Carlo with the scenario's seed and draws,
/// break-even values) as JSON, as `socval uncertainty FILE --format json` prints it.
pub fn uncertainty_json(scenario_json: &str, records_csv: Option<&str>) -> Result<String, socval::Error> {
    let scenario = parse(scenario_json)?;
    let records = records_csv
        .map(|csv| Records::from_csv_str(RECORDS_FILE, csv))
        .transpose()?;
    let a = socval::uncertainty::analyse_named(SCENARIO_FILE, &scenario, records.as_ref(), Registry::embedded())?;
    Ok(serde_json::to_string_pretty(&a).unwrap_or_default())
}

/// Checks a scenario fully (against the tables it names, and its `ranges` and `uncertainty`
/// settings as the analysis uses them) and returns it as canonical JSON.
pub fn validate_json(scenario_json: &str) -> Result<String, socval::Error> {
    let scenario = parse(scenario_json)?;
    socval::evaluate_named(SCENARIO_FILE, &scenario, None, Registry::embedded())?;
    socval::uncertainty::validate_named(SCENARIO_FILE, &scenario, None, Registry::embedded())?;
    Ok(scenario.to_json())
}

/// Values a scenario (JSON text) on the embedded tables; `recordsCsv` optionally gives
/// per-family records. Returns the valuation JSON (the CLI's `--format json`).
/// Throws an `Error` naming the field on bad input, a `TypeError` naming the argument when an
/// argument is not a string.
#[wasm_bindgen]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "string")] scenario_json: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] records_csv: Option<JsValue>,
) -> Result<String, JsValue> {
    let scenario = scenario_arg("evaluate", &scenario_json)?;
    let records = records_arg("evaluate", records_csv)?;
    evaluate_json(&scenario, records.as_deref()).map_err(js_error)
}

/// How sure the figures are: tornado, Monte Carlo percentiles (the scenario's
/// `uncertainty.seed` and `uncertainty.draws`) and break-even values, as JSON. Throws an
/// `Error` naming the field on bad input (a range whose low exceeds its high, ...), a
/// `TypeError` naming the argument when an argument is not a string.
#[wasm_bindgen]
pub fn uncertainty(
    #[wasm_bindgen(unchecked_param_type = "string")] scenario_json: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] records_csv: Option<JsValue>,
) -> Result<String, JsValue> {
    let scenario = scenario_arg("uncertainty", &scenario_json)?;
    let records = records_arg("uncertainty", records_csv)?;
    uncertainty_json(&scenario, records.as_deref()).map_err(js_error)
}

/// The embedded tables: a JSON array of `{ id, version, kind, title, sha256, rows, embedded, changelog }`.
#[wasm_bindgen(js_name = listTables)]
pub fn list_tables() -> String {
    serde_json::to_string_pretty(&Registry::embedded().list()).unwrap_or_else(|_| "[]".into())
}

/// Checks a scenario (JSON text) against its shape, the tables it names, and its `ranges` and
/// `uncertainty` settings: a scenario it accepts is accepted by `evaluate` and `uncertainty`.
/// Returns the scenario as canonical JSON; throws an `Error` naming the field when invalid.
#[wasm_bindgen]
pub fn validate(#[wasm_bindgen(unchecked_param_type = "string")] scenario_json: JsValue) -> Result<String, JsValue> {
    let scenario = scenario_arg("validate", &scenario_json)?;
    validate_json(&scenario).map_err(js_error)
}

/// The JSON Schema of a file format: `"scenario"` or `"table"`. Throws for another name.
#[wasm_bindgen]
pub fn schema(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<String, JsValue> {
    let name = string_arg("schema", "name", "\"scenario\" or \"table\"", &name, 64)?;
    let value = match name.as_str() {
        "scenario" => socval::schema::scenario(),
        "table" => socval::schema::table(),
        other => {
            return Err(js_error(format!(
                "schema: no schema named {other:?}: use \"scenario\" or \"table\""
            )));
        }
    };
    serde_json::to_string_pretty(&value).map_err(js_error)
}

/// The shipped scenarios: a JSON array of `{ id, file, scenario }`, `scenario` being the
/// template as a scenario object (the shape `evaluate` takes).
#[wasm_bindgen]
pub fn templates() -> Result<String, JsValue> {
    let mut out = Vec::new();
    for t in socval::templates() {
        let s = t.scenario().map_err(js_error)?;
        out.push(serde_json::json!({ "id": t.id, "file": t.file, "scenario": s }));
    }
    serde_json::to_string_pretty(&out).map_err(js_error)
}

/// The version of socval this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_evaluates_like_the_core() {
        for t in socval::templates() {
            let s = t.scenario().expect("template parses");
            let direct = socval::evaluate_named(SCENARIO_FILE, &s, None, Registry::embedded()).expect("evaluates");
            assert_eq!(evaluate_json(&s.to_json(), None).expect("evaluates"), direct.to_json());
        }
    }

    #[test]
    fn validate_checks_ranges_and_settings() {
        let mut s = socval::templates()[0].scenario().expect("template parses");
        assert!(validate_json(&s.to_json()).is_ok());
        s.ranges[0].low = Some(socval::Decimal::from(5));
        let e = validate_json(&s.to_json()).unwrap_err();
        assert_eq!(
            e.place().location.to_string(),
            format!("ranges[0] ({})", s.ranges[0].target)
        );
        let mut s = socval::templates()[0].scenario().expect("template parses");
        s.uncertainty.get_or_insert_with(Default::default).draws = Some(0);
        let e = validate_json(&s.to_json()).unwrap_err();
        assert_eq!(e.place().field, "draws");
    }

    #[test]
    fn errors_name_the_field() {
        let e = evaluate_json(r#"{"name": "x"}"#, None).unwrap_err().to_string();
        assert!(e.contains("families"), "{e}");
        let e = validate_json("{").unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn decimals_are_strings() {
        let example = |amount: &str| {
            format!(
                r#"{{"name": "Example", "families": 10, "price_year": 2024,
  "tables": {{"wellbeing": "wellbeing-open@1.0.0", "unit_costs": "unit-costs-open@1.0.0", "deflators": "gdp-deflator@1.0.0"}},
  "costs": [{{"label": "Programme", "amount": {amount}}}],
  "outcomes": [{{"id": "confidence", "proxy": "high-confidence", "rate": "0.5"}}]}}"#
            )
        };
        assert!(evaluate_json(&example("\"50000\""), None).is_ok());
        for e in [
            evaluate_json(&example("50000"), None).unwrap_err(),
            uncertainty_json(&example("50000"), None).unwrap_err(),
            validate_json(&example("50000")).unwrap_err(),
            // A fraction is refused by the core itself, before the scenario is read.
            evaluate_json(&example("50000.5"), None).unwrap_err(),
        ] {
            assert_eq!(e.place().field, "amount", "{e}");
            assert_eq!(
                e.place().location,
                socval::Location::Line {
                    line: 3,
                    column: Some(46)
                },
                "{e}"
            );
        }
    }
}
