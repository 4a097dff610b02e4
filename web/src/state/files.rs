//! The sub-reducer of the page's file controls: a scenario file imported (a bad one leaves the
//! scenario as it is), a records CSV taken or cleared, and a file the browser could not read.
//! Each failure is shown beside its control (`ImportError`).

use std::rc::Rc;

use super::messages::{Import, ImportError, Notice};
use super::page::State;
use super::records::RecordsFile;
use super::registry;

/// A scenario file's text (JSON) to import: it replaces the scenario (undoably) if the core
/// reads and values it with the records in use.
pub(super) fn import(st: &mut State, name: String, text: String) {
    let read = socval::Scenario::from_json_str(&name, &text)
        .and_then(|s| socval::evaluate_named(&name, &s, st.records(), registry()).map(|_| s));
    match read {
        Ok(s) => {
            st.import_error = None;
            st.replace_undoable(s, "imported".into(), &format!("Imported {name}"))
        }
        Err(e) => {
            st.import_error = Some(ImportError::new(
                Import::Scenario,
                format!("Could not import {name}; the scenario is unchanged. {e}"),
                Some(&e.place().field),
            ))
        }
    }
}

/// A records CSV's text: the figures come from it if the core reads it and values the scenario
/// with it; otherwise they are unchanged and the message goes beside the control.
pub(super) fn records(st: &mut State, name: String, text: String) {
    match RecordsFile::read(name.clone(), text, &st.work.scenario) {
        Ok((file, v)) => {
            st.import_error = None;
            st.notice = Some(Notice::info(file.loaded_notice()));
            st.records = Some(file);
            st.work.valuation = Some(Rc::new(v));
            st.work.error = None;
            st.comparison.recompare(&st.work, RecordsFile::of(&st.records));
        }
        Err(e) => {
            st.import_error = Some(ImportError::new(
                Import::Records,
                format!("Could not use {name}; the figures are unchanged. {e}"),
                None,
            ))
        }
    }
}

/// The records no longer used: the figures come from the scenario's own counts again.
pub(super) fn clear_records(st: &mut State) {
    st.records = None;
    st.notice = None;
    st.revalue();
}
