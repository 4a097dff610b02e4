//! The page's state: sub-states, each with its own small reducer, composed by a top-level one
//! that only routes (Yew's `function_todomvc` in spirit). Every calculation is the core's
//! (`socval::evaluate`); this module only applies edits to the scenario and keeps what was last
//! valid. Layers, lowest first (a file takes names only from files above it in this list):
//! `messages.rs` (notices, file errors), `ranges.rs` and `fields.rs` (the editor's fields and the
//! ranges' adapter over the core), `action.rs` (`Action`), `work.rs` (the scenario being edited),
//! the self-contained sub-states (`records.rs`, `analysis.rs`, `comparison.rs`, `own_table.rs`,
//! `report.rs`), `page.rs` (`State`, the sub-states composed), the sub-reducers that change more
//! than one sub-state (`edit.rs`, `items.rs`, `undo.rs`, `files.rs`, `saves.rs`) and `reducer.rs`
//! (`reduce`, routing each action).

mod action;
mod analysis;
mod comparison;
mod edit;
mod fields;
mod files;
mod items;
mod messages;
mod own_table;
mod page;
mod ranges;
mod records;
mod reducer;
mod report;
mod saves;
#[cfg(test)]
mod tests;
mod undo;
mod work;

use socval::Registry;

pub use action::Action;
pub use analysis::Analysis;
pub use fields::{Field, Inputs, Kind, Shown, field_text};
pub use messages::{Import, ImportError, Notice};
pub use own_table::UserTable;
pub use page::State;
pub use ranges::{DISTRIBUTIONS, describe, is_proxy, range_targets, range_unit};
pub use report::FunderReport;

/// The name a scenario typed on the page has in error messages.
pub const PAGE_FILE: &str = "scenario";

fn registry() -> &'static Registry {
    Registry::embedded()
}
