//! The page's state: one reducer (`reducer.rs`: the scenario being edited, the last valid
//! valuation, the text of fields being typed and their errors), the fields it edits
//! (`fields.rs`: what each shows and how typed text applies) and a thin adapter over the core's
//! range API (`ranges.rs`). Every calculation is the core's (`socval::evaluate`); this module
//! only applies edits to the scenario and keeps what was last valid.

mod fields;
mod ranges;
mod reducer;
#[cfg(test)]
mod tests;

use socval::Registry;

pub use fields::{Field, Inputs, Kind, Shown, field_text};
pub use ranges::{DISTRIBUTIONS, describe, is_proxy, range_targets, range_unit};
pub use reducer::{Action, Analysis, FunderReport, Import, ImportError, Notice, State, UserTable};

/// The name a scenario typed on the page has in error messages.
pub const PAGE_FILE: &str = "scenario";

fn registry() -> &'static Registry {
    Registry::embedded()
}
