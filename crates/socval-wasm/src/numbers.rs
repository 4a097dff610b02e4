//! Decimals are strings in the JS API. A JavaScript number has already passed through a binary
//! float before socval sees it (`12345678901234567891` arrives as `12345678901234567000`, `0.1`
//! is not one tenth), so wherever the scenario format takes a decimal (money, rates, shares,
//! percentiles) a JSON number is refused, naming its line, column and field, and saying how to
//! write it. The core already refuses numbers with a fraction or an exponent and integers beyond
//! 64 bits in every JSON text; this adds whole numbers in decimal fields, which the core reads
//! exactly from a file but which in JavaScript may have been rounded on the way.
//!
//! Which fields take a decimal is not written here: it is read from the core's JSON Schema of
//! the scenario (a field that accepts a string there; integer fields such as `families` do not).

use serde_json::Value;
use socval::exact::{JsonNumber, JsonNumberAt, JsonStep, first_json_number};
use socval::{Error, Location, Place};
use std::sync::OnceLock;

/// The core's JSON Schema of the scenario, built once per instance of the module: building it
/// (schemars) took more time than the rest of a call (issue 26: 0.53 → 0.12 ms a native call).
pub(crate) fn scenario_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(socval::schema::scenario)
}

/// Refuses the first JSON number in `text` at a place where `schema` (a JSON Schema with its
/// definitions under `$defs`) accepts a string. The numbers and their paths come from the core's
/// scanner ([`socval::exact::first_json_number`]), which the core's own exact-number check uses too.
///
/// With `by_path` (JSON serialized from a JavaScript object) the error names the path to the
/// number (`outcomes[2].deadweight`) instead of a line and column.
pub(crate) fn refuse_numbers_for_strings(file: &str, text: &str, schema: &Value, by_path: bool) -> Result<(), Error> {
    match first_json_number(text, |n| in_decimal_field(schema, n)) {
        Some(n) => Err(refusal(file, &n, by_path)),
        None => Ok(()),
    }
}

/// Whether a JSON number stands where `schema` accepts a string (a decimal field).
pub(crate) fn in_decimal_field(schema: &Value, n: &JsonNumberAt<'_>) -> bool {
    !n.path.is_empty() && accepts_string(schema, n.path)
}

/// The error refusing number `n` in a decimal field, at its path (`by_path`) or line and column.
pub(crate) fn refusal(file: &str, n: &JsonNumber, by_path: bool) -> Error {
    let field = match n.key() {
        "" => "value",
        k => k,
    };
    Error::Invalid {
        place: Box::new(Place::new(
            file,
            if by_path {
                Location::Path { path: n.path_text() }
            } else {
                Location::Line {
                    line: n.line,
                    column: Some(n.column),
                }
            },
            field,
        )),
        message: format!(
            "{} is a number, but the JS API takes money, rates and other decimals as strings, \
                 so that no figure passes through a binary float: write \"{field}\": \"{}\"",
            n.raw, n.raw
        ),
    }
}

/// Most `$ref`s and combinators followed in one lookup (the scenario schema needs two or three).
const MAX_DEPTH: usize = 16;

/// Whether the schema accepts a string at `path`.
fn accepts_string(root: &Value, path: &[JsonStep]) -> bool {
    let mut nodes = vec![root];
    for step in path {
        let mut next = Vec::new();
        for node in nodes.iter().flat_map(|n| alternatives(root, n, 0)) {
            let child = match step {
                JsonStep::Key(k) => node
                    .get("properties")
                    .and_then(|p| p.get(k))
                    .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
                JsonStep::Index(_) => node.get("items").filter(|a| a.is_object()),
            };
            next.extend(child);
        }
        if next.is_empty() {
            return false;
        }
        nodes = next;
    }
    nodes
        .iter()
        .flat_map(|n| alternatives(root, n, 0))
        .any(|n| match n.get("type") {
            Some(Value::String(t)) => t == "string",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
            _ => false,
        })
}

/// A schema node with its `$ref` followed, and the members of its `anyOf`, `oneOf` and `allOf`.
fn alternatives<'a>(root: &'a Value, node: &'a Value, depth: usize) -> Vec<&'a Value> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let node = match node.get("$ref").and_then(Value::as_str) {
        Some(r) => match r.strip_prefix("#/$defs/").and_then(|name| root.get("$defs")?.get(name)) {
            Some(target) => return alternatives(root, target, depth + 1),
            None => return Vec::new(),
        },
        None => node,
    };
    let mut out = vec![node];
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(members)) = node.get(key) {
            for m in members {
                out.extend(alternatives(root, m, depth + 1));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(), Error> {
        refuse_numbers_for_strings("s.json", text, &socval::schema::scenario(), false)
    }

    #[test]
    fn numbers_in_decimal_fields_are_refused_with_their_place() {
        let e = check("{\n  \"name\": \"x\",\n  \"costs\": [{\"label\": \"P\", \"amount\": 50000}]\n}").unwrap_err();
        assert_eq!(
            e.place().location,
            Location::Line {
                line: 3,
                column: Some(38)
            }
        );
        assert_eq!(e.place().field, "amount");
        assert!(e.to_string().contains("\"amount\": \"50000\""), "{e}");
        let e = check(r#"{"uncertainty": {"percentiles": ["0.05", 1]}}"#).unwrap_err();
        assert_eq!(e.place().field, "percentiles");
        let e = check(r#"{"optimism_bias": {"1": 0}}"#).unwrap_err();
        assert_eq!(e.place().field, "1");
        let e = check(r#"{"outcomes": [{"id": "a"}, {"id": "b", "deadweight": 0}]}"#).unwrap_err();
        assert_eq!(e.place().field, "deadweight");
        let e = check(r#"{"defaults": {"drop_off": 1}}"#).unwrap_err();
        assert_eq!(e.place().field, "drop_off");
    }

    /// JSON serialized from a JavaScript object: the number is named by its path, in JSON's
    /// syntax, and so is a bad value through the whole parse (`crate::parse`).
    #[test]
    fn numbers_from_an_object_are_named_by_their_path() {
        let text = r#"{"outcomes":[{"id":"a"},{"id":"b"},{"id":"c","deadweight":0}]}"#;
        let e = refuse_numbers_for_strings("scenario.json", text, &socval::schema::scenario(), true).unwrap_err();
        assert_eq!(
            e.place().location,
            Location::Path {
                path: "outcomes[2].deadweight".into()
            }
        );
        assert_eq!(e.place().field, "deadweight");
        assert!(
            e.to_string()
                .starts_with("scenario.json: outcomes[2].deadweight: 0 is a number"),
            "{e}"
        );
        let t = socval::template("step-together").expect("template");
        let mut v: Value = serde_json::from_str(t.json).expect("json");
        v["outcomes"][1]["deadweight"] = serde_json::json!(0.25);
        let text = serde_json::to_string(&v).expect("json");
        let e = crate::validate_json(crate::ScenarioJson::Data(&text)).unwrap_err();
        assert_eq!(
            e.place().location,
            Location::Path {
                path: "outcomes[1].deadweight".into()
            }
        );
        assert!(e.to_string().ends_with("\"deadweight\": \"0.25\""), "{e}");
        let e = crate::validate_json(text.as_str()).unwrap_err();
        assert!(matches!(e.place().location, Location::Line { line: 1, .. }), "{e}");
    }

    /// The parse's one scan (the core's check and this refusal together) refuses the same number
    /// with the same error as this scan alone, and the core's own error still comes first.
    #[test]
    fn the_parse_refuses_as_the_scan_alone_does() {
        let t = socval::template("step-together").expect("template");
        let mut v: Value = serde_json::from_str(t.json).expect("json");
        v["outcomes"][1]["deadweight"] = serde_json::json!(0);
        let pretty = serde_json::to_string_pretty(&v).expect("json");
        let schema = socval::schema::scenario();
        for text in [pretty.clone(), format!("\u{feff}{pretty}")] {
            let alone = refuse_numbers_for_strings("scenario.json", &text, &schema, false).unwrap_err();
            let e = crate::validate_json(text.as_str()).unwrap_err();
            assert_eq!(e.to_string(), alone.to_string());
            assert!(
                matches!(e.place().location, Location::Line { line, .. } if line > 1),
                "{e}"
            );
            assert_eq!(e.place().field, "deadweight");
        }
        let data = serde_json::to_string(&v).expect("json");
        let e = crate::validate_json(crate::ScenarioJson::Data(&data)).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("scenario.json: outcomes[1].deadweight: 0 is a number"),
            "{e}"
        );
        // A fraction further on is the core's error, before the whole number in a decimal field.
        v["outcomes"][2]["deadweight"] = serde_json::json!(0.25);
        let data = serde_json::to_string(&v).expect("json");
        let e = crate::validate_json(crate::ScenarioJson::Data(&data)).unwrap_err();
        assert_eq!(
            e.place().location,
            Location::Path {
                path: "outcomes[2].deadweight".into()
            }
        );
        assert!(!e.to_string().contains("JS API"), "{e}");
    }

    #[test]
    fn whole_numbers_in_integer_fields_stay_allowed() {
        let text = r#"{"name": "a \" 1, \"amount\": 2", "families": 40, "price_year": 2024,
            "costs": [{"label": "P", "amount": "5", "year": 1, "price_year": 2020}],
            "outcomes": [{"id": "a", "duration": 3, "deadweight": "0.1"}],
            "uncertainty": {"draws": 10, "seed": 7, "bins": 20}}"#;
        assert!(check(text).is_ok());
        assert!(check("5").is_ok());
        assert!(check(&format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000))).is_ok());
    }
}
