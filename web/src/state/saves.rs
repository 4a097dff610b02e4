//! The sub-reducer of the scenarios saved in this browser: their names (kept current across
//! tabs), and one opened with the records and the table of the user's own saved with it.

use std::rc::Rc;

use socval::{Scenario, records::Records};

use super::messages::Notice;
use super::page::State;
use super::records::RecordsFile;
use super::registry;

/// A scenario saved in this browser, as read back from storage.
pub(super) struct Saved {
    pub name: String,
    pub text: String,
    pub records: Option<String>,
    pub table: Option<(String, String)>,
}

/// Open a saved scenario (undoably) if the core reads and values it with its records; the
/// table saved with it goes to the analysis module to be read. A bad save changes nothing.
pub(super) fn open_saved(st: &mut State, saved: Saved) {
    let Saved {
        name,
        text,
        records,
        table,
    } = saved;
    let file = format!("saved scenario “{name}”");
    let parsed = Scenario::from_json_str(&file, &text).and_then(|s| {
        let r = records
            .as_deref()
            .map(|t| {
                Records::read(
                    &format!("records of {file}"),
                    t,
                    socval::records::PAGE_MAX_RECORD_ROWS,
                    &s,
                )
            })
            .transpose()?;
        socval::evaluate_named(&file, &s, r.as_ref(), registry())?;
        Ok((s, r))
    });
    match parsed {
        Ok((s, r)) => {
            st.records = r.zip(records).map(|(r, csv)| RecordsFile {
                name: format!("records saved with “{name}”"),
                records: Rc::new(r),
                csv: Rc::new(csv),
            });
            st.replace_undoable(s, "restored".into(), &format!("Opened “{name}”"));
            if let Some((file, text)) = table {
                st.own_table.chosen(file, Rc::new(text));
            }
        }
        Err(e) => st.notice = Some(Notice::error(format!("Could not open “{name}”: {e}"))),
    }
}
