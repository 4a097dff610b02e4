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
//! be caught inside the module), the JavaScript guard shipped beside the generated package
//! (`socval.js` in Node, `guard.mjs` in browsers, both written from `js/guard.js`) catches it,
//! resets the module to a fresh instance and throws an `Error`: the next call works.

mod arena;
mod args;
mod node;
mod numbers;

use args::{core_error, js_error, progress_arg, records_arg, scenario_arg, scenario_arg_named, string_arg, tables_arg};

use socval::records::Records;
use socval::{Registry, Scenario};
use wasm_bindgen::prelude::*;

/// The name inputs get in error messages.
const SCENARIO_FILE: &str = "scenario.json";
const RECORDS_FILE: &str = "records.csv";

/// Longest scenario text the API reads, in bytes of UTF-8 (the CLI reads scenario files of up
/// to 16 MiB; a scenario at the core's item limits is well under 1 MiB).
pub const MAX_SCENARIO_CHARS: u32 = 16 * 1024 * 1024;
/// Longest records CSV the API reads, in bytes of UTF-8 (as the text is held inside the module,
/// whatever its characters: a character may take up to 3 bytes). Lower than the CLI's 1 GiB: a
/// wasm module has 4 GiB of memory in all, and the text is copied and parsed inside it.
pub const MAX_RECORDS_CHARS: u32 = 256 * 1024 * 1024;

/// One user table: a file name (used in errors) and its text, TOML or JSON.
#[derive(serde::Deserialize)]
struct UserTable {
    name: String,
    text: String,
}

/// The embedded tables plus the user's (`tables_json`: a JSON array of `{ "name", "text" }`,
/// each text a table file in TOML or JSON, recognised by its first character).
pub fn registry_with(tables_json: Option<&str>) -> Result<std::borrow::Cow<'static, Registry>, socval::Error> {
    let Some(json) = tables_json else {
        return Ok(std::borrow::Cow::Borrowed(Registry::embedded()));
    };
    let tables: Vec<UserTable> = serde_json::from_str(json).map_err(|e| socval::Error::Syntax {
        place: Box::new(socval::Place {
            file: "tables".into(),
            location: socval::Location::Line {
                line: e.line(),
                column: Some(e.column()),
            },
            field: String::new(),
        }),
        message: format!("the user tables must be an array of {{ name, text }} objects: {e}"),
    })?;
    let mut reg = Registry::embedded().clone();
    for t in &tables {
        if t.text.trim_start_matches('\u{feff}').trim_start().starts_with('{') {
            let table = socval::tables::ProxyTable::from_json_str(&t.name, &t.text)?;
            reg.add(&t.name, table)?;
        } else {
            reg.add_toml(&t.name, &t.text)?;
        }
    }
    Ok(std::borrow::Cow::Owned(reg))
}

/// A scenario's JSON as the JS API received it.
#[derive(Debug, Clone, Copy)]
pub enum ScenarioJson<'a> {
    /// Text a person wrote or kept: errors name its line and column.
    Text(&'a str),
    /// Serialized here from a JavaScript object: errors name the path to the value
    /// (`outcomes[2].deadweight`), as the caller never saw the text.
    Data(&'a str),
}

impl<'a> From<&'a str> for ScenarioJson<'a> {
    fn from(text: &'a str) -> Self {
        ScenarioJson::Text(text)
    }
}

impl<'a> From<&'a String> for ScenarioJson<'a> {
    fn from(text: &'a String) -> Self {
        ScenarioJson::Text(text)
    }
}

/// Parses and checks a scenario (shape, ranges) without the tables, refusing JSON numbers where
/// the scenario takes a decimal string; `file` names it in errors.
fn parse_as(file: &str, input: ScenarioJson<'_>) -> Result<Scenario, socval::Error> {
    let (text, data) = match input {
        ScenarioJson::Text(t) => (t, false),
        ScenarioJson::Data(t) => (t, true),
    };
    let schema = numbers::scenario_schema();
    if text.starts_with('\u{feff}') {
        // The core reads the text after its byte-order mark; the refusal's column counts it.
        let scenario = if data {
            Scenario::from_json_data(file, text)?
        } else {
            Scenario::from_json_str(file, text)?
        };
        numbers::refuse_numbers_for_strings(file, text, schema, data)?;
        return Ok(scenario);
    }
    // One scan of the numbers for the core's check and this refusal (BENCHMARKS.md, issue 26).
    let (scenario, picked) =
        Scenario::from_json_picking(file, text, data, &mut |n| numbers::in_decimal_field(schema, n))?;
    match picked {
        Some(n) => Err(numbers::refusal(file, &n, data)),
        None => Ok(scenario),
    }
}

/// [`parse_as`] for the one scenario of a call.
fn parse(input: ScenarioJson<'_>) -> Result<Scenario, socval::Error> {
    parse_as(SCENARIO_FILE, input)
}

/// Values a scenario on the embedded tables. Returns the valuation as JSON, exactly as
/// `socval evaluate FILE --format json` prints it (money as decimal strings). With
/// `records_csv`, the facts come from per-family records (one CSV row per family).
pub fn evaluate_json<'a>(
    scenario_json: impl Into<ScenarioJson<'a>>,
    records_csv: Option<&str>,
) -> Result<String, socval::Error> {
    evaluate_with(scenario_json, records_csv, None)
}

/// [`evaluate_json`] with the user's tables beside the embedded ones (see [`registry_with`]).
pub fn evaluate_with<'a>(
    scenario_json: impl Into<ScenarioJson<'a>>,
    records_csv: Option<&str>,
    tables_json: Option<&str>,
) -> Result<String, socval::Error> {
    valuation_with(scenario_json, records_csv, tables_json).map(|v| v.to_json())
}

/// [`evaluate_with`]'s valuation, before it is written as JSON (Node's `evaluate` writes it as
/// UTF-16 itself: `node.rs`).
pub(crate) fn valuation_with<'a>(
    scenario_json: impl Into<ScenarioJson<'a>>,
    records_csv: Option<&str>,
    tables_json: Option<&str>,
) -> Result<socval::Valuation, socval::Error> {
    let reg = registry_with(tables_json)?;
    let scenario = parse(scenario_json.into())?;
    let records = records_csv
        .map(|csv| Records::read(RECORDS_FILE, csv, socval::records::MAX_RECORD_ROWS, &scenario))
        .transpose()?;
    socval::evaluate_named(SCENARIO_FILE, &scenario, records.as_ref(), &reg)
}

/// The rows of one table (`id@version`), embedded or the user's, as JSON (`socval show
/// --format json`).
pub fn show_json(reference: &str, tables_json: Option<&str>) -> Result<String, socval::Error> {
    let reg = registry_with(tables_json)?;
    let t = reg.get(reference).ok_or_else(|| socval::Error::Unknown {
        place: Box::new(socval::Place {
            file: "show".into(),
            location: socval::Location::Whole,
            field: "reference".into(),
        }),
        message: format!(
            "no table {reference:?}; tables: {}",
            reg.tables().map(|t| t.reference()).collect::<Vec<_>>().join(", ")
        ),
    })?;
    Ok(serde_json::to_string_pretty(t).unwrap_or_default())
}

/// What changes in a scenario's figures between two versions of a table (`socval diff
/// --format json`): the base is the scenario's own version, or `from`.
pub fn diff_json<'a>(
    scenario_json: impl Into<ScenarioJson<'a>>,
    to: &str,
    from: Option<&str>,
    tables_json: Option<&str>,
) -> Result<String, socval::Error> {
    let reg = registry_with(tables_json)?;
    let mut scenario = parse(scenario_json.into())?;
    let swap = |s: &Scenario, reference: &str| {
        socval::with_table(s, reference).ok_or_else(|| socval::Error::Unknown {
            place: Box::new(socval::Place {
                file: SCENARIO_FILE.into(),
                location: socval::Location::Whole,
                field: "tables".into(),
            }),
            message: format!(
                "the scenario uses no table with the id of {reference:?} (it uses {}, {}, {})",
                s.tables.wellbeing, s.tables.unit_costs, s.tables.deflators
            ),
        })
    };
    if let Some(f) = from {
        scenario = swap(&scenario, f)?;
    }
    let other = swap(&scenario, to)?;
    let a = socval::evaluate_named(SCENARIO_FILE, &scenario, None, &reg)?;
    let b = socval::evaluate_named(SCENARIO_FILE, &other, None, &reg)?;
    Ok(serde_json::to_string_pretty(&socval::compare::compare(&a, &b)).unwrap_or_default())
}

/// Two scenarios side by side (`socval compare --format json`).
pub fn compare_json<'a>(
    a_json: impl Into<ScenarioJson<'a>>,
    b_json: impl Into<ScenarioJson<'a>>,
    tables_json: Option<&str>,
) -> Result<String, socval::Error> {
    let reg = registry_with(tables_json)?;
    let a = parse_as("a.json", a_json.into())?;
    let b = parse_as("b.json", b_json.into())?;
    let va = socval::evaluate_named("a.json", &a, None, &reg)?;
    let vb = socval::evaluate_named("b.json", &b, None, &reg)?;
    Ok(serde_json::to_string_pretty(&socval::compare::compare(&va, &vb)).unwrap_or_default())
}

/// The uncertainty analysis (tornado, Monte Carlo with the scenario's seed and draws,
/// break-even values) as JSON, as `socval uncertainty FILE --format json` prints it.
pub fn uncertainty_json<'a>(
    scenario_json: impl Into<ScenarioJson<'a>>,
    records_csv: Option<&str>,
) -> Result<String, socval::Error> {
    uncertainty_with(scenario_json, records_csv, None, &mut |_, _| true)
}

/// [`uncertainty_json`] with the user's tables beside the embedded ones.
/// `progress(draws made, draws)` is called as the Monte Carlo advances; `false` stops the run
/// with a `stopped` error.
pub fn uncertainty_with<'a>(
    scenario_json: impl Into<ScenarioJson<'a>>,
    records_csv: Option<&str>,
    tables_json: Option<&str>,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<String, socval::Error> {
    let reg = registry_with(tables_json)?;
    let scenario = parse(scenario_json.into())?;
    let records = records_csv
        .map(|csv| Records::read(RECORDS_FILE, csv, socval::records::MAX_RECORD_ROWS, &scenario))
        .transpose()?;
    let a = socval::uncertainty::analyse_with_progress(SCENARIO_FILE, &scenario, records.as_ref(), &reg, progress)?;
    Ok(serde_json::to_string_pretty(&a).unwrap_or_default())
}

/// Tests a claimed figure against a scenario, as `socval claim --format json` does: `claim_json`
/// is `{ "figure": "social_value" | "fiscal_savings" | "combined", "amount": "103000",
/// "per_family": true }` (the amount a decimal string: a JSON number is refused, naming the
/// field). Returns, for each key assumption alone, the value it would need for the figure to reach
/// the claim, or that no allowed value does (see `socval::uncertainty::claim`).
pub fn claim_with<'a>(
    scenario_json: impl Into<ScenarioJson<'a>>,
    claim_json: &str,
    records_csv: Option<&str>,
    tables_json: Option<&str>,
) -> Result<String, socval::Error> {
    const CLAIM_FILE: &str = "claim";
    let bad = |field: &str, m: String| socval::Error::Invalid {
        place: Box::new(socval::Place::top(CLAIM_FILE, field)),
        message: m,
    };
    let value: serde_json::Value = serde_json::from_str(claim_json).map_err(|e| {
        bad(
            "",
            format!("the claim must be a JSON object {{ figure, amount, per_family }}: {e}"),
        )
    })?;
    let Some(obj) = value.as_object() else {
        return Err(bad(
            "",
            "the claim must be a JSON object { figure, amount, per_family }".into(),
        ));
    };
    if let Some(k) = obj
        .keys()
        .find(|k| !["figure", "amount", "per_family"].contains(&k.as_str()))
    {
        return Err(bad(
            k,
            format!("{k:?} is not a field of a claim: figure, amount, per_family"),
        ));
    }
    if !obj.get("amount").is_some_and(serde_json::Value::is_string) {
        return Err(bad(
            "amount",
            "the claimed amount is a decimal string of pounds, e.g. \"103000\" (a number may already have been rounded)".into(),
        ));
    }
    let c: socval::uncertainty::Claim = serde_json::from_value(value.clone()).map_err(|e| {
        bad(
            "figure",
            format!("{e}: figure is \"social_value\", \"fiscal_savings\" or \"combined\""),
        )
    })?;
    let reg = registry_with(tables_json)?;
    let scenario = parse(scenario_json.into())?;
    let records = records_csv
        .map(|csv| Records::read(RECORDS_FILE, csv, socval::records::MAX_RECORD_ROWS, &scenario))
        .transpose()?;
    let t = socval::uncertainty::claim_named(SCENARIO_FILE, &scenario, records.as_ref(), &reg, &c)?;
    Ok(serde_json::to_string_pretty(&t).unwrap_or_default())
}

/// Checks a scenario fully (against the tables it names, and its `ranges` and `uncertainty`
/// settings as the analysis uses them) and returns it as canonical JSON.
pub fn validate_json<'a>(scenario_json: impl Into<ScenarioJson<'a>>) -> Result<String, socval::Error> {
    validate_with(scenario_json, None)
}

/// [`validate_json`] with the user's tables beside the embedded ones.
pub fn validate_with<'a>(
    scenario_json: impl Into<ScenarioJson<'a>>,
    tables_json: Option<&str>,
) -> Result<String, socval::Error> {
    let reg = registry_with(tables_json)?;
    let scenario = parse(scenario_json.into())?;
    socval::evaluate_named(SCENARIO_FILE, &scenario, None, &reg)?;
    socval::uncertainty::validate_named(SCENARIO_FILE, &scenario, None, &reg)?;
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
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tables_json: Option<JsValue>,
) -> Result<String, JsValue> {
    let scenario = scenario_arg("evaluate", &scenario_json)?;
    let records = records_arg("evaluate", records_csv)?;
    let tables = tables_arg("evaluate", tables_json)?;
    evaluate_with(scenario.json(), records.as_deref(), tables.as_deref()).map_err(core_error)
}

/// How sure the figures are: tornado, Monte Carlo percentiles (the scenario's
/// `uncertainty.seed` and `uncertainty.draws`) and break-even values, as JSON. Throws an
/// `Error` naming the field on bad input (a range whose low exceeds its high, ...), a
/// `TypeError` naming the argument when an argument is not a string. `progress`, when given, is
/// called with (draws made, draws) as the Monte Carlo advances (every 4,096 draws or so); when it
/// returns `false` (or throws) the run stops with an `Error` of kind `stopped`.
#[wasm_bindgen]
pub fn uncertainty(
    #[wasm_bindgen(unchecked_param_type = "string")] scenario_json: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] records_csv: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tables_json: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "((done: number, total: number) => boolean | void) | null")]
    progress: Option<JsValue>,
) -> Result<String, JsValue> {
    let scenario = scenario_arg("uncertainty", &scenario_json)?;
    let records = records_arg("uncertainty", records_csv)?;
    let tables = tables_arg("uncertainty", tables_json)?;
    let callback = progress_arg("uncertainty", progress)?;
    let mut report = |done: u32, total: u32| match &callback {
        Some(f) => f
            .call2(&JsValue::NULL, &JsValue::from(done), &JsValue::from(total))
            .is_ok_and(|v| v.as_bool() != Some(false)),
        None => true,
    };
    uncertainty_with(scenario.json(), records.as_deref(), tables.as_deref(), &mut report).map_err(core_error)
}

/// Tests a claimed figure (`claimJson`: `{ "figure": "social_value" | "fiscal_savings" |
/// "combined", "amount": "103000", "per_family": true }`) against a scenario: for each key
/// assumption alone, the value it would need for the figure to reach the claim, as JSON (`socval
/// claim --format json`). Throws an `Error` naming the field on bad input, a `TypeError` naming the
/// argument when an argument is not a string.
#[wasm_bindgen]
pub fn claim(
    #[wasm_bindgen(unchecked_param_type = "string")] scenario_json: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] claim_json: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] records_csv: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tables_json: Option<JsValue>,
) -> Result<String, JsValue> {
    let scenario = scenario_arg("claim", &scenario_json)?;
    let c = string_arg(
        "claim",
        "claim_json",
        "the claim as JSON text, e.g. JSON.stringify({ figure: 'social_value', amount: '103000', per_family: true })",
        &claim_json,
        1024,
    )?;
    let records = records_arg("claim", records_csv)?;
    let tables = tables_arg("claim", tables_json)?;
    claim_with(scenario.json(), &c, records.as_deref(), tables.as_deref()).map_err(core_error)
}

/// The embedded tables: a JSON array of `{ id, version, kind, title, sha256, rows, embedded, changelog }`.
#[wasm_bindgen(js_name = listTables)]
pub fn list_tables(
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tables_json: Option<JsValue>,
) -> Result<String, JsValue> {
    let tables = tables_arg("listTables", tables_json)?;
    let reg = registry_with(tables.as_deref()).map_err(core_error)?;
    Ok(serde_json::to_string_pretty(&reg.list()).unwrap_or_else(|_| "[]".into()))
}

/// The rows of one table (`id@version`, embedded or one of `tablesJson`) with their sources, as
/// JSON (`socval show --format json`).
#[wasm_bindgen]
pub fn show(
    #[wasm_bindgen(unchecked_param_type = "string")] reference: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tables_json: Option<JsValue>,
) -> Result<String, JsValue> {
    let reference = string_arg("show", "reference", "a table as id@version", &reference, 1024)?;
    let tables = tables_arg("show", tables_json)?;
    show_json(&reference, tables.as_deref()).map_err(core_error)
}

/// What changes in a scenario's figures between two versions of a table, as JSON (`socval diff
/// --format json`): `to` is the other version (`id@version`), `from` an optional base instead of
/// the scenario's own.
#[wasm_bindgen]
pub fn diff(
    #[wasm_bindgen(unchecked_param_type = "string")] scenario_json: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] from: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tables_json: Option<JsValue>,
) -> Result<String, JsValue> {
    let scenario = scenario_arg("diff", &scenario_json)?;
    let to = string_arg("diff", "to", "a table as id@version", &to, 1024)?;
    let from = match from {
        Some(v) if !v.is_null() && !v.is_undefined() => {
            Some(string_arg("diff", "from", "a table as id@version, or null", &v, 1024)?)
        }
        _ => None,
    };
    let tables = tables_arg("diff", tables_json)?;
    diff_json(scenario.json(), &to, from.as_deref(), tables.as_deref()).map_err(core_error)
}

/// Two scenarios side by side, as JSON (`socval compare --format json`).
#[wasm_bindgen]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "string")] a_json: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] b_json: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tables_json: Option<JsValue>,
) -> Result<String, JsValue> {
    let a = scenario_arg_named("compare", "a_json", &a_json)?;
    let b = scenario_arg_named("compare", "b_json", &b_json)?;
    let tables = tables_arg("compare", tables_json)?;
    compare_json(a.json(), b.json(), tables.as_deref()).map_err(core_error)
}

/// Checks a scenario (JSON text) against its shape, the tables it names, and its `ranges` and
/// `uncertainty` settings: a scenario it accepts is accepted by `evaluate` and `uncertainty`.
/// Returns the scenario as canonical JSON; throws an `Error` naming the field when invalid.
#[wasm_bindgen]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string")] scenario_json: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tables_json: Option<JsValue>,
) -> Result<String, JsValue> {
    let scenario = scenario_arg("validate", &scenario_json)?;
    let tables = tables_arg("validate", tables_json)?;
    validate_with(scenario.json(), tables.as_deref()).map_err(core_error)
}

/// The JSON Schema of a format, as `socval schema NAME` prints it: `"scenario"`, `"table"` or
/// `"valuation"` (what `evaluate` returns). Throws for another name.
#[wasm_bindgen]
pub fn schema(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<String, JsValue> {
    let name = string_arg("schema", "name", "\"scenario\", \"table\" or \"valuation\"", &name, 64)?;
    let value = match name.as_str() {
        "scenario" => socval::schema::scenario(),
        "table" => socval::schema::table(),
        "valuation" => socval::schema::valuation(),
        other => {
            return Err(js_error(format!(
                "schema: no schema named {other:?}: use \"scenario\", \"table\" or \"valuation\""
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
        let s = t.scenario().map_err(core_error)?;
        out.push(serde_json::json!({ "id": t.id, "file": t.file, "scenario": s }));
    }
    serde_json::to_string_pretty(&out).map_err(js_error)
}

/// The scenario (JSON text) with its minimum evidence status set to `status` (`primary`,
/// `secondary`, `derived` or `assumption`: rows of weaker status are left out, and the valuation
/// lists them), as JSON text for `evaluate` and `uncertainty`. The typed API's `options.evidence`
/// calls it. An unknown status is refused naming `options.evidence`.
pub fn with_evidence_json<'a>(scenario_json: impl Into<ScenarioJson<'a>>, status: &str) -> Result<String, JsValue> {
    let Some(min) = socval::tables::EvidenceStatus::from_name(status) else {
        let err = js_sys::Error::new(&format!(
            "options.evidence: {}",
            socval::evidence::unknown_status(status)
        ));
        for (key, value) in [
            ("kind", "invalid"),
            ("file", "options"),
            ("location", ""),
            ("field", "evidence"),
        ] {
            let _ = js_sys::Reflect::set(&err, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        return Err(err.into());
    };
    let mut scenario = parse(scenario_json.into()).map_err(core_error)?;
    scenario.min_evidence = Some(min);
    Ok(scenario.to_json())
}

/// [`with_evidence_json`] for JavaScript: a `TypeError` naming the argument when one is not a
/// string.
#[wasm_bindgen(js_name = withEvidence)]
pub fn with_evidence(
    #[wasm_bindgen(unchecked_param_type = "string")] scenario_json: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] status: JsValue,
) -> Result<String, JsValue> {
    let scenario = scenario_arg("withEvidence", &scenario_json)?;
    let status = string_arg(
        "withEvidence",
        "status",
        "options.evidence: primary, secondary, derived or assumption",
        &status,
        1024,
    )?;
    with_evidence_json(scenario.json(), &status)
}

/// The version of socval this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests;
