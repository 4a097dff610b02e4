//! Tests of the page's state, by theme: the scenario's fields and edits (`edit.rs`), the ranges
//! and the analysis' settings (`ranges.rs`), and the rest of the page's state — files, a table of
//! the user's own, saves, undo, the analysis, the funder report (`page.rs`). This file holds the
//! helpers they share and no test.

use std::rc::Rc;

use yew::Reducible;

use super::{Action, State};

mod edit;
mod page;
mod ranges;

fn state() -> Rc<State> {
    Rc::new(State::initial())
}

fn on_template(id: &str) -> Rc<State> {
    state().reduce(Action::Template(id.into()))
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/socval/tests/fixtures")
            .join(name),
    )
    .unwrap()
}
