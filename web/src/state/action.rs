//! `Action`: everything that can happen on the page, one flat list the components dispatch.
//! `reducer.rs` routes each to the sub-reducer of the state it changes: the scenario's fields and
//! items (`edit.rs`), replacing the scenario and taking it back (`undo.rs`), records
//! (`records.rs`), the analysis (`analysis.rs`), comparisons (`comparison.rs`), a table of the
//! user's own (`own_table.rs`), the funder report (`report.rs`), saves (`saves.rs`).

use std::rc::Rc;

use socval::{Scenario, adjust::ItemRef};

use super::fields::Field;
use super::messages::{ImportError, Notice};

/// Everything that can happen on the page.
pub enum Action {
    /// Start from a shipped scenario.
    Template(String),
    /// Start from a blank scenario.
    Blank,
    /// Text typed into a field.
    Edit(Field, String),
    /// A scenario file's text (JSON) to import; a bad file leaves the scenario unchanged.
    Import {
        name: String,
        text: String,
    },
    /// A scenario restored from the autosave or the link, with what to tell the person.
    Restore {
        scenario: Box<Scenario>,
        origin: String,
        notice: Option<Notice>,
    },
    /// The first module's state, handed to the full module as it takes over (`swap.rs`): the
    /// scenario once changed, its origin, what Undo would bring back, the message on screen,
    /// and whether counts scale with the families.
    Handover {
        scenario: Option<Box<Scenario>>,
        origin: String,
        undo: Option<(Box<Scenario>, String)>,
        notice: Option<Notice>,
        scale_counts: bool,
    },
    /// Show or clear a message.
    Notice(Option<Notice>),
    /// A records CSV's text.
    Records {
        name: String,
        text: String,
    },
    ClearRecords,
    /// A table file of the user's own to value the scenario with, beside the open tables (read by
    /// the analysis module, which answers with `OwnTableRead`).
    UserTable {
        name: String,
        text: String,
    },
    /// The analysis module's answer for the table `text` and the scenario revision `revision`:
    /// a `view::OwnTable` in `view::encode`'s form, or why the table could not be read.
    OwnTableRead {
        file: String,
        text: Rc<String>,
        revision: u64,
        result: Result<Vec<u8>, String>,
    },
    ClearUserTable,
    /// A file the browser could not read (or none): the message beside its control.
    ImportFailed(Option<ImportError>),
    /// Compare with another table version (or stop comparing).
    CompareWith(Option<String>),
    /// Pin the current valuation to compare later changes (or another scenario) against it.
    Pin,
    Unpin,
    AddOutcome(String),
    RemoveOutcome(usize),
    AddAvoided(String),
    RemoveAvoided(usize),
    AddCost,
    RemoveCost(usize),
    /// Put a range on a target (`outcomes.<id>.rate`, `discount_rate`, `wellbeing.<row>`, ...).
    AddRange(String),
    RemoveRange(usize),
    /// The analysis worker started run `run`.
    AnalysisStarted(u32),
    /// A message of the analysis worker: the run, and a `view::Report` in `view::encode`'s form
    /// or an error.
    AnalysisMessage(u32, Result<Vec<u8>, String>),
    /// The running analysis was ended.
    AnalysisCancelled,
    /// The funder report of the scenario on screen is asked for.
    ReportRequested,
    /// The analysis module's answer for the report of `scenario`: its HTML or why it failed.
    ReportReady(Rc<Scenario>, Result<String, String>),
    /// Whether moving the families scales the counts too (the rates follow by themselves).
    ScaleCounts(bool),
    /// An item's adjustments opened (`true`) or closed.
    AdjustmentsOpen(ItemRef, bool),
    /// Choose a named, cited deadweight level (none: the figure of its own) for the scenario's
    /// default (`None`) or an item.
    DeadweightLevel(Option<ItemRef>, Option<String>),
    /// Take back the scenario that a template, a blank start or an import replaced.
    Undo,
    /// The tables' evidence text (`tables-text.json`, fetched once the page answers edits): the
    /// working's sources once attached; the figures do not change.
    TablesText(String),
    /// The names of the scenarios saved in this browser.
    SavedList(Vec<String>),
    /// Draw the page again from the same scenario and figures (nothing on screen changes): sent
    /// once after the live page first renders, so that the browser compiles the code of a page
    /// update then, not on the person's first edit (BENCHMARKS.md, issue 26 round 3).
    Redraw,
    /// Open a scenario saved in this browser (with the records and the table of the user's own
    /// saved with it: the table's file name and text).
    OpenSaved {
        name: String,
        text: String,
        records: Option<String>,
        table: Option<(String, String)>,
    },
}
