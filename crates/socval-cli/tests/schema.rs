//! Issue 13: the JSON Schema `socval schema scenario` prints says what `socval validate` says on
//! each structural case of a corpus of good and bad scenarios, checked with a standard validator
//! (the `jsonschema` crate); and `socval schema valuation` accepts what `evaluate` writes.

use assert_cmd::Command;
use serde_json::{Value, json};

fn socval() -> Command {
    Command::new(env!("CARGO_BIN_EXE_socval"))
}

fn schema(which: &str) -> Value {
    let out = socval().args(["schema", which]).output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What socval's own validator says of a JSON scenario.
fn socval_accepts(scenario: &Value) -> (bool, String) {
    let out = socval()
        .args(["validate", "-", "--input-format", "json"])
        .write_stdin(serde_json::to_string(scenario).unwrap())
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn base() -> Value {
    let t = socval::template("step-together").unwrap();
    let mut s: Value = serde_json::from_str(t.json).unwrap();
    // The cases below replace `defaults` whole; the template's ranges on its defaults would then
    // refer to values it no longer sets, so they are left out of the base.
    if let Some(r) = s["ranges"].as_array_mut() {
        r.retain(|r| !r["target"].as_str().unwrap_or("").starts_with("defaults."));
    }
    s
}

type Case = (&'static str, fn(&mut Value), bool);

const CASES: &[Case] = &[
    ("the template as shipped", |_| {}, true),
    ("families 1", |s| s["families"] = json!(1), true),
    ("families 0", |s| s["families"] = json!(0), false),
    (
        "families above 10 million",
        |s| s["families"] = json!(10_000_001),
        false,
    ),
    ("families as text", |s| s["families"] = json!("ten"), false),
    ("no name", |s| drop(s.as_object_mut().unwrap().remove("name")), false),
    ("an unknown field", |s| s["colour"] = json!("blue"), false),
    ("price year 1800", |s| s["price_year"] = json!(1800), false),
    (
        "default deadweight 0.25",
        |s| s["defaults"] = json!({ "deadweight": "0.25" }),
        true,
    ),
    (
        "default deadweight 1 (a whole number)",
        |s| s["defaults"] = json!({ "deadweight": 1 }),
        true,
    ),
    (
        "default deadweight 1.5",
        |s| s["defaults"] = json!({ "deadweight": "1.5" }),
        false,
    ),
    (
        "default deadweight -0.1",
        |s| s["defaults"] = json!({ "deadweight": "-0.1" }),
        false,
    ),
    (
        "default deadweight as a bare fraction",
        |s| s["defaults"] = json!({ "deadweight": 0.25 }),
        false,
    ),
    (
        "default deadweight not a number",
        |s| s["defaults"] = json!({ "deadweight": "a quarter" }),
        false,
    ),
    ("duration 100", |s| s["defaults"] = json!({ "duration": 100 }), true),
    ("duration 0", |s| s["defaults"] = json!({ "duration": 0 }), false),
    ("duration 500", |s| s["defaults"] = json!({ "duration": 500 }), false),
    (
        "tables.wellbeing without a version",
        |s| s["tables"]["wellbeing"] = json!("nonsense"),
        false,
    ),
    (
        "no tables.deflators",
        |s| drop(s["tables"].as_object_mut().unwrap().remove("deflators")),
        false,
    ),
    (
        "discount convention unknown",
        |s| s["discount_convention"] = json!("other"),
        false,
    ),
    (
        "discount convention green-book",
        |s| s["discount_convention"] = json!("green-book"),
        true,
    ),
    (
        "an outcome with both people and rate",
        |s| {
            s["outcomes"][0]["people"] = json!("3");
            s["outcomes"][0]["rate"] = json!("0.5");
        },
        false,
    ),
    (
        "an outcome with a rate of 1.2",
        |s| {
            s["outcomes"][0].as_object_mut().unwrap().remove("people");
            s["outcomes"][0]["rate"] = json!("1.2");
        },
        false,
    ),
    (
        "an outcome with a rate of 0.5",
        |s| {
            // (The template's ranges link the outcomes' rates, which must then be equal: a
            // cross-field check the schema leaves to the validator.)
            s.as_object_mut().unwrap().remove("ranges");
            s["outcomes"][0].as_object_mut().unwrap().remove("people");
            s["outcomes"][0]["rate"] = json!("0.5");
        },
        true,
    ),
    (
        "an outcome with negative people",
        |s| {
            s["outcomes"][0].as_object_mut().unwrap().remove("rate");
            s["outcomes"][0]["people"] = json!("-1");
        },
        false,
    ),
    (
        "an outcome id with capitals and spaces",
        |s| s["outcomes"][0]["id"] = json!("Bad Id"),
        false,
    ),
    (
        "an outcome without a proxy",
        |s| drop(s["outcomes"][0].as_object_mut().unwrap().remove("proxy")),
        false,
    ),
    (
        "an outcome starting in year 0",
        |s| s["outcomes"][0]["start_year"] = json!(0),
        false,
    ),
    (
        "an avoided cost with a negative count",
        |s| {
            let a = s["avoided"][0].as_object_mut().unwrap();
            a.remove("counterfactual_rate");
            a.remove("observed_rate");
            a.insert("count".into(), json!("-2"));
        },
        false,
    ),
    (
        "an avoided cost in year 0",
        |s| s["avoided"][0]["year"] = json!(0),
        false,
    ),
    (
        "a cost in year 101",
        |s| s["costs"] = json!([{ "label": "Delivery", "amount": "5000", "year": 101 }]),
        false,
    ),
    (
        "a cost in year 0",
        |s| s["costs"] = json!([{ "label": "Delivery", "amount": "5000", "year": 0 }]),
        true,
    ),
    (
        "a cost amount as a bare whole number",
        |s| s["costs"] = json!([{ "label": "Delivery", "amount": 5000 }]),
        true,
    ),
    (
        "optimism bias for grade 4",
        |s| s["optimism_bias"] = json!({ "4": "0.1" }),
        false,
    ),
    (
        "optimism bias of 2 for grade 1",
        |s| s["optimism_bias"] = json!({ "1": "2" }),
        false,
    ),
    (
        "optimism bias of 0.4 for grade 3",
        |s| s["optimism_bias"] = json!({ "3": "0.4" }),
        true,
    ),
];

#[test]
fn schema_and_validator_agree_on_every_structural_case() {
    let schema = schema("scenario");
    assert_eq!(schema["$id"], "urn:socval:schema:scenario");
    assert!(schema["examples"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(
        schema["description"]
            .as_str()
            .unwrap()
            .contains("Checks only socval's validator makes")
    );
    let text = serde_json::to_string(&schema).unwrap();
    for nonstandard in ["\"uint32\"", "\"int32\"", "\"uint8\"", "\"uint\""] {
        assert!(!text.contains(nonstandard), "non-standard format {nonstandard}");
    }
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    // The examples pass their own schema.
    for e in schema["examples"].as_array().unwrap() {
        assert!(validator.is_valid(e));
    }
    let mut disagreements = Vec::new();
    for (name, mutate, expected) in CASES {
        let mut s = base();
        mutate(&mut s);
        let by_schema = validator.is_valid(&s);
        let (by_socval, why) = socval_accepts(&s);
        if by_schema != *expected || by_socval != *expected {
            disagreements.push(format!(
                "{name}: expected {expected}, schema says {by_schema}, socval says {by_socval} {why}"
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn the_valuation_schema_accepts_what_evaluate_writes() {
    let schema = schema("valuation");
    assert_eq!(schema["$id"], "urn:socval:schema:valuation");
    let validator = jsonschema::validator_for(&schema).unwrap();
    for t in ["@step-together", "@securing-change"] {
        let out = socval().args(["evaluate", t, "--format", "json"]).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{t}: {errors:?}");
        // And it reads back into the library's type.
        let back: socval::Valuation = serde_json::from_value(v).unwrap();
        assert_eq!(back.lines.len(), back.lines.iter().filter(|l| l.n > 0).count());
    }
}
