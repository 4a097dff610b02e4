//! Per-family records loaded from a CSV file (`RecordsFile`): read by the core as the
//! scenario's `[records]` says, and valued with the scenario before they are taken.

use std::rc::Rc;

use socval::{Scenario, Valuation, records::Records};

use super::work::value;

/// Per-family records loaded from a CSV file: the name the page gives them, the records the
/// figures come from, and the CSV's text (the analysis, in its own module, reads it again).
#[derive(Clone, Debug)]
pub struct RecordsFile {
    pub name: String,
    pub records: Rc<Records>,
    pub csv: Rc<String>,
}

impl RecordsFile {
    /// The records of a loaded file, if any.
    pub fn of(file: &Option<RecordsFile>) -> Option<&Records> {
        file.as_ref().map(|f| f.records.as_ref())
    }

    /// Reads `text` against `scenario` and values the scenario with it: the file and the
    /// figures, or the core's message.
    pub(super) fn read(name: String, text: String, scenario: &Scenario) -> Result<(RecordsFile, Valuation), String> {
        let r =
            Records::read(&name, &text, socval::records::PAGE_MAX_RECORD_ROWS, scenario).map_err(|e| e.to_string())?;
        let v = value(scenario, Some(&r)).map_err(|e| e.to_string())?;
        let file = RecordsFile {
            name,
            records: Rc::new(r),
            csv: Rc::new(text),
        };
        Ok((file, v))
    }

    /// What the page says once the records are in use.
    pub(super) fn loaded_notice(&self) -> String {
        format!(
            "Loaded {} families from {}; the figures now come from these records.",
            self.records.families.len(),
            self.name
        )
    }
}
