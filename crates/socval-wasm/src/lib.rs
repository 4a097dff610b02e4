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
//! text, naming the file, the line or item and the field. Nothing here panics: the core
//! returns `Result`s and this layer only converts them.

use socval::{Records, Registry, Scenario};
use wasm_bindgen::prelude::*;

/// The name inputs get in error messages.
const SCENARIO_FILE: &str = "scenario.json";
const RECORDS_FILE: &str = "records.csv";

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Parses and checks a scenario (shape, ranges) without the tables.
fn parse(scenario_json: &str) -> Result<Scenario, socval::Error> {
    Scenario::from_json_str(SCENARIO_FILE, scenario_json)
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
/// Throws an `Error` naming the field on bad input.
#[wasm_bindgen]
pub fn evaluate(scenario_json: &str, records_csv: Option<String>) -> Result<String, JsError> {
    evaluate_json(scenario_json, records_csv.as_deref()).map_err(js_error)
}

/// How sure the figures are: tornado, Monte Carlo percentiles (the scenario's
/// `uncertainty.seed` and `uncertainty.draws`) and break-even values, as JSON. Throws an
/// `Error` naming the field on bad input (a range whose low exceeds its high, ...).
#[wasm_bindgen]
pub fn uncertainty(scenario_json: &str, records_csv: Option<String>) -> Result<String, JsError> {
    uncertainty_json(scenario_json, records_csv.as_deref()).map_err(js_error)
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
pub fn validate(scenario_json: &str) -> Result<String, JsError> {
    validate_json(scenario_json).map_err(js_error)
}

/// The JSON Schema of a file format: `"scenario"` or `"table"`. Throws for another name.
#[wasm_bindgen]
pub fn schema(name: &str) -> Result<String, JsError> {
    let value = match name {
        "scenario" => socval::schema::scenario(),
        "table" => socval::schema::table(),
        other => {
            return Err(JsError::new(&format!(
                "no schema named {other:?}: use \"scenario\" or \"table\""
            )));
        }
    };
    serde_json::to_string_pretty(&value).map_err(js_error)
}

/// The shipped scenarios: a JSON array of `{ id, file, scenario }`, `scenario` being the
/// template as a scenario object (the shape `evaluate` takes).
#[wasm_bindgen]
pub fn templates() -> Result<String, JsError> {
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
}
