//! socval for JavaScript (work in progress: the core's functions arrive with the core).

use wasm_bindgen::prelude::*;

/// The version of socval this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
