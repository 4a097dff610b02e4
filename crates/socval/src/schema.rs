//! JSON Schemas of the file formats, so that other tools can write them.

use crate::scenario::Scenario;
use crate::tables::ProxyTable;

/// JSON Schema of a scenario file (TOML or JSON).
pub fn scenario() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or_default()
}

/// JSON Schema of a proxy table or deflator series file.
pub fn table() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ProxyTable)).unwrap_or_default()
}
