//! JSON Schemas of the file formats, so that other tools can write them, and of a valuation, so
//! that other tools can read one.
//!
//! The scenario schema is derived from the scenario's types and then tightened to say what the
//! validator says on every structural rule it can express: ranges (shares 0–1, durations,
//! years, families), patterns (decimals as strings, `id@version` references, item ids), required
//! fields, at most one of `people` / `rate`, and standard formats only. The checks only the
//! validator can make (across fields, or against the tables) are listed in its description.

use crate::adjust::{Adjustment, AdjustmentUnit};
use crate::scenario::{MAX_DURATION, MAX_FAMILIES, Scenario};
use crate::tables::ProxyTable;
use crate::valuation::Valuation;
use schemars::generate::SchemaSettings;
use schemars::transform::{RestrictFormats, Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};
use serde_json::{Value, json};

/// A decimal written as a string (`"0.25"`, `"1500.00"`), or a bare whole number.
const DECIMAL: &str = r"^-?[0-9]+(\.[0-9]+)?([eE][0-9]+)?$";
/// A decimal that is not negative.
const NON_NEGATIVE: &str = r"^[0-9]+(\.[0-9]+)?([eE][0-9]+)?$";
/// A share from 0 to 1.
const SHARE: &str = r"^(0+(\.[0-9]+)?|0*1(\.0+)?)$";
/// A table reference.
const TABLE_REF: &str = r"^[^@]+@[^@]+$";
/// An item id.
const ITEM_ID: &str = r"^[a-z0-9_-]{1,80}$";

/// The checks of a scenario that the schema cannot express, listed in its description.
pub const CROSS_FIELD_CHECKS: &[&str] = &[
    "item ids are unique across outcomes, avoided costs and measured items",
    "a count or the two rates of an avoided cost, not both; an observed rate needs a counterfactual rate",
    "the items' durations add up to at most 20,000 item-years; at most 500 items, 500 costs, 500 ranges",
    "each referenced table (id@version) exists, embedded or loaded, and its rows exist for the item's age band and region",
    "a pinned table hash (tables.sha256) matches the table",
    "an effect already net of the counterfactual takes no deadweight; duration only for per-year costs",
    "a measured item's scale has its highest score above its lowest, and its scores lie on the scale",
    "outcomes of one exclusive group claim no more people than the cohort",
    "ranges: a target that exists in the scenario, low ≤ central ≤ high, inside the target's domain",
    "a bare decimal number with a fraction (0.25) is refused: decimals are strings",
];

/// Tightens one property schema by the rule of its field name.
fn tighten_property(name: &str, prop: &mut Value) {
    let Some(obj) = prop.as_object_mut() else { return };
    let nullable = obj
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|x| x == "null"));
    let null = |mut types: Vec<&str>| {
        if nullable {
            types.push("null");
        }
        json!(types)
    };
    let is_decimal = obj.get("pattern").and_then(Value::as_str) == Some(r"^-?\d+(\.\d+)?([eE]\d+)?$");
    let (lo, hi) = match name {
        "families" => (Some(1), Some(i64::from(MAX_FAMILIES))),
        "duration" | "start_year" => (Some(1), Some(i64::from(MAX_DURATION))),
        "price_year" => (Some(1900), Some(2200)),
        _ => (None, None),
    };
    if let Some(lo) = lo {
        obj.insert("minimum".into(), json!(lo));
    }
    if let Some(hi) = hi {
        obj.insert("maximum".into(), json!(hi));
    }
    if is_decimal {
        let (pattern, int_min, int_max) = match name {
            "rate" => (SHARE, Some(0), Some(1)),
            n if Adjustment::parse(n).is_some_and(|a| a.unit() == AdjustmentUnit::Share) => (SHARE, Some(0), Some(1)),
            "people" | "count" | "amount" => (NON_NEGATIVE, Some(0), None),
            _ => (DECIMAL, None, None),
        };
        obj.remove("pattern");
        obj.remove("type");
        let mut integer = json!({ "type": "integer" });
        if let Some(m) = int_min {
            integer["minimum"] = json!(m);
        }
        if let Some(m) = int_max {
            integer["maximum"] = json!(m);
        }
        let mut any = vec![json!({ "type": "string", "pattern": pattern }), integer];
        if nullable {
            any.push(json!({ "type": "null" }));
        }
        obj.insert("anyOf".into(), json!(any));
    }
    if matches!(name, "wellbeing" | "unit_costs" | "deflators" | "gdp_per_head") {
        obj.insert("type".into(), null(vec!["string"]));
        obj.insert("pattern".into(), json!(TABLE_REF));
    }
}

/// Walks a definition (an object schema) and tightens its properties.
fn tighten_object(def: &mut Value) {
    if let Some(props) = def.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, prop) in props.iter_mut() {
            tighten_property(name, prop);
            // The optimism-bias haircuts are shares too.
            if name == "optimism_bias"
                && let Some(ap) = prop.get_mut("additionalProperties")
            {
                tighten_property("rate", ap);
                prop["propertyNames"] = json!({ "enum": ["1", "2", "3"] });
            }
        }
    }
}

/// Drops the Rust examples (fenced blocks without a language, or marked `rust`) from a
/// description: they are doctests of the crate, not words for a schema's reader. Examples in
/// another language (a `toml` block) stay.
fn drop_doctests(schema: &mut Schema) {
    if let Some(Value::String(d)) = schema.get_mut("description") {
        let mut out: Vec<&str> = Vec::new();
        let mut in_rust = false;
        let mut in_other = false;
        for line in d.lines() {
            let fence = line.trim_start().strip_prefix("```");
            match fence {
                Some(info) if !in_other && (in_rust || matches!(info.trim(), "" | "rust")) => in_rust = !in_rust,
                _ if in_rust => {}
                Some(_) => {
                    in_other = !in_other;
                    out.push(line);
                }
                None => out.push(line),
            }
        }
        let mut text = out.join("\n");
        while text.contains("\n\n\n") {
            text = text.replace("\n\n\n", "\n\n");
        }
        *d = text.trim().to_string();
    }
    transform_subschemas(&mut drop_doctests, schema);
}

/// The schema of `T` in standard JSON Schema 2020-12: schemars' integer formats (`uint32`,
/// `int32`, …, which standard validators such as Ajv in strict mode refuse) are dropped by
/// schemars' own `RestrictFormats` (an integer keeps its bounds), and the crate's doctests are
/// dropped from the descriptions.
fn standard<T: JsonSchema>() -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    RestrictFormats::default().transform(&mut schema);
    drop_doctests(&mut schema);
    schema.to_value()
}

/// JSON Schema of a scenario file (TOML or JSON).
pub fn scenario() -> Value {
    let mut s = standard::<Scenario>();
    tighten_object(&mut s);
    if let Some(defs) = s.get_mut("$defs").and_then(Value::as_object_mut) {
        for (name, def) in defs.iter_mut() {
            tighten_object(def);
            if matches!(name.as_str(), "OutcomeItem" | "AvoidedItem" | "MeasuredItem")
                && let Some(id) = def.pointer_mut("/properties/id")
            {
                id["pattern"] = json!(ITEM_ID);
            }
            if matches!(name.as_str(), "OutcomeItem" | "MeasuredItem") {
                // People or rate: at most one (records may give the facts instead of either). The
                // two are named under `properties` too, so that Ajv's strict mode (strictRequired)
                // finds each required property defined where it is required.
                def["not"] = json!({
                    "properties": { "people": true, "rate": true },
                    "required": ["people", "rate"]
                });
            }
            if name == "CostItem"
                && let Some(year) = def.pointer_mut("/properties/year")
            {
                year["minimum"] = json!(0);
                year["maximum"] = json!(MAX_DURATION);
            }
            if name == "AvoidedItem"
                && let Some(year) = def.pointer_mut("/properties/year")
            {
                year["minimum"] = json!(1);
                year["maximum"] = json!(MAX_DURATION);
            }
        }
    }
    s["$id"] = json!("urn:socval:schema:scenario");
    let description = s.get("description").and_then(Value::as_str).unwrap_or("").to_string();
    s["description"] = json!(format!(
        "{description}\n\nChecks only socval's validator makes (`socval validate`), beyond this schema:\n{}",
        CROSS_FIELD_CHECKS
            .iter()
            .map(|c| format!("- {c}"))
            .collect::<Vec<_>>()
            .join("\n")
    ));
    let examples: Vec<Value> = crate::templates()
        .iter()
        .filter_map(|t| serde_json::from_str(t.json).ok())
        .take(1)
        .collect();
    s["examples"] = json!(examples);
    s
}

/// JSON Schema of a proxy table or deflator series file.
pub fn table() -> Value {
    let mut s = standard::<ProxyTable>();
    s["$id"] = json!("urn:socval:schema:table");
    if let Some(o) = s.pointer_mut("/properties/overlays").and_then(Value::as_object_mut) {
        o.insert("pattern".into(), json!("^[a-z0-9._-]+@[a-z0-9._-]+$"));
    }
    s
}

/// JSON Schema of a valuation, as `socval evaluate --format json` writes it and the JS API
/// returns it (money and rates as decimal strings).
pub fn valuation() -> Value {
    let mut s = standard::<Valuation>();
    s["$id"] = json!("urn:socval:schema:valuation");
    s
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// Every `format` and every description in a schema, at any depth.
    fn walk<'a>(v: &'a Value, formats: &mut Vec<&'a str>, descriptions: &mut Vec<&'a str>) {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    match (k.as_str(), x) {
                        ("format", Value::String(f)) => formats.push(f),
                        ("description", Value::String(d)) => descriptions.push(d),
                        _ => {}
                    }
                    walk(x, formats, descriptions);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, formats, descriptions)),
            _ => {}
        }
    }

    /// The three schemas are standard 2020-12: no schemars integer format (`uint32`, …) is left,
    /// and no description holds a Rust doctest (the records' TOML example stays).
    #[test]
    fn schemas_use_standard_formats_and_prose() {
        for (name, s) in [
            ("scenario", super::scenario()),
            ("table", super::table()),
            ("valuation", super::valuation()),
        ] {
            assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema", "{name}");
            let (mut formats, mut descriptions) = (Vec::new(), Vec::new());
            walk(&s, &mut formats, &mut descriptions);
            assert_eq!(formats, Vec::<&str>::new(), "{name}");
            for d in &descriptions {
                // Each bare fence closes a block opened with a language other than Rust.
                let fences: Vec<&str> = d.lines().filter_map(|l| l.trim().strip_prefix("```")).collect();
                let opened = fences.iter().filter(|f| !f.is_empty() && **f != "rust").count();
                assert_eq!(fences.len(), 2 * opened, "{name}: {d}");
                assert!(!d.contains("unwrap()"), "{name}: {d}");
            }
            assert!(descriptions.len() > 20, "{name}: {}", descriptions.len());
        }
        let s = super::scenario();
        let root = s["description"].as_str().unwrap_or("");
        assert!(root.starts_with("One programme's claim: cohort, outcomes"), "{root}");
        let records = s.pointer("/$defs/RecordsFormat/description").and_then(Value::as_str);
        assert!(records.is_some_and(|d| d.contains("```toml\n[records]")), "{records:?}");
        assert_eq!(
            super::table()["description"],
            "One immutable version of a proxy table or deflator series."
        );
    }
}
