//! A table of the user's own (`OwnTable`): a file being read by the analysis module, the table in
//! use once read, and the scenario valued with it beside the open figures. Its reducer: a file
//! chosen, the module's answer, the table cleared.

use std::rc::Rc;

use super::messages::{Import, ImportError};
use crate::view;

/// A table of the user's own (e.g. a licensed value list), kept in this browser only: the file
/// it came from and its text (saved with a named scenario), and its `id@version` and title as
/// the analysis module read them (the table is read and checked there, not in the first load).
#[derive(Debug)]
pub struct UserTable {
    pub file: String,
    pub text: Rc<String>,
    pub reference: String,
    pub title: String,
}

/// The table of the user's own and what the page shows of it.
#[derive(Clone, Debug, Default)]
pub struct OwnTable {
    /// The table in use.
    pub table: Option<Rc<UserTable>>,
    /// The scenario valued with it beside the open figures, of the scenario revision
    /// `comparison_revision`.
    pub comparison: Option<Result<Rc<view::FigureTable>, String>>,
    pub comparison_revision: u64,
    /// A table file being read by the analysis module (its name and text), not yet in use.
    pub pending: Option<(String, Rc<String>)>,
}

impl OwnTable {
    /// A table file chosen (or saved with a scenario being opened): the module reads it next.
    pub(super) fn chosen(&mut self, file: String, text: Rc<String>) {
        self.pending = Some((file, text));
    }

    /// No table of the user's own any more.
    pub(super) fn clear(&mut self) {
        self.table = None;
        self.pending = None;
        self.comparison = None;
    }

    /// The table to read or value now (a file being read first, else the one in use): its file
    /// name and text.
    pub fn to_value(&self) -> Option<(String, Rc<String>)> {
        self.pending
            .clone()
            .or_else(|| self.table.as_ref().map(|u| (u.file.clone(), u.text.clone())))
    }

    /// The analysis module's answer for a table: a file being read comes into use, or is refused
    /// beside the table control (the table in use, the scenario and its figures stay); the
    /// comparison is kept when it is of the scenario on screen (revision `current`).
    pub(super) fn read(
        &mut self,
        (file, text, revision): (String, Rc<String>, u64),
        result: Result<Vec<u8>, String>,
        current: u64,
        import_error: &mut Option<ImportError>,
    ) {
        let pending = self.pending.as_ref().is_some_and(|(_, t)| Rc::ptr_eq(t, &text));
        let read = result.and_then(|bytes| {
            view::decode::<view::OwnTable>(&bytes).map_err(|e| format!("the analysis module sent {e}"))
        });
        match read {
            Err(e) if pending => {
                self.pending = None;
                *import_error = Some(ImportError::new(
                    Import::Table,
                    format!("Could not use {file}; the scenario and its tables are unchanged. {e}"),
                    None,
                ));
            }
            Err(e) => self.comparison = Some(Err(e)),
            Ok(t) => {
                if pending {
                    self.pending = None;
                    *import_error = None;
                    self.table = Some(Rc::new(UserTable {
                        file,
                        text: text.clone(),
                        reference: t.reference,
                        title: t.title,
                    }));
                }
                let in_use = self.table.as_ref().is_some_and(|u| Rc::ptr_eq(&u.text, &text));
                if in_use && revision == current {
                    self.comparison = Some(t.comparison.map(Rc::new));
                    self.comparison_revision = revision;
                }
            }
        }
    }
}
