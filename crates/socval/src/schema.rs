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
    // Non-standard integer formats (uint32, int32, ...) give way to explicit bounds.
    if let Some(f) = obj.get("format").and_then(Value::as_str)
        && (f.starts_with("uint") || f.starts_with("int"))
    {
        let unsigned = f.starts_with("uint");
        obj.remove("format");
        if unsigned {
            obj.insert("minimum".into(), json!(0));
        }
    }
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

/// JSON Schema of a scenario file (TOML or JSON).
pub fn scenario() -> Value {
    let mut s = serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or_default();
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
                // People or rate: at most one (records may give the facts instead of either).
                def["not"] = json!({ "required": ["people", "rate"] });
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
    let mut s = serde_json::to_value(schemars::schema_for!(ProxyTable)).unwrap_or_default();
    s["$id"] = json!("urn:socval:schema:table");
    if let Some(o) = s.pointer_mut("/properties/overlays").and_then(Value::as_object_mut) {
        o.insert("pattern".into(), json!("^[a-z0-9._-]+@[a-z0-9._-]+$"));
    }
    s
}

/// JSON Schema of a valuation, as `socval evaluate --format json` writes it and the JS API
/// returns it (money and rates as decimal strings).
pub fn valuation() -> Value {
    let mut s = serde_json::to_value(schemars::schema_for!(Valuation)).unwrap_or_default();
    s["$id"] = json!("urn:socval:schema:valuation");
    s
}
