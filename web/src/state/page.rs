//! `State`, the page's state as a whole: the sub-states side by side, what the page asks of them
//! together (the records in use, the funder report on offer), and how a change of the scenario
//! moves the others (`follow`, `replace`): the scenario's figures change, so the comparison is
//! made again and the undo offer ends. The sub-reducers (`edit.rs`, `undo.rs`, `saves.rs`, the
//! sub-states' own) change it; `reducer.rs` routes each action to one of them.

use std::rc::Rc;

use socval::{Scenario, records::Records};

use super::analysis::Analysis;
use super::comparison::Comparing;
use super::fields::Field;
use super::messages::{ImportError, Notice};
use super::own_table::OwnTable;
use super::records::RecordsFile;
use super::report::FunderReport;
use super::work::{Change, Work, blank, template};

/// What the page holds.
#[derive(Clone, Debug)]
pub struct State {
    /// The scenario being edited, its figures, drafts and errors.
    pub work: Work,
    /// Per-family records the figures come from, if loaded.
    pub records: Option<RecordsFile>,
    /// The uncertainty analysis, while it runs and after.
    pub analysis: Option<Rc<Analysis>>,
    /// Another table version and a pinned valuation to compare with.
    pub comparison: Comparing,
    /// A table of the user's own and the scenario valued with it.
    pub own_table: OwnTable,
    /// The last funder report asked for (offered only while it is of the scenario on screen).
    pub funder: Option<Rc<FunderReport>>,
    /// The names of the scenarios saved in this browser (kept current across tabs).
    pub saved: Vec<String>,
    /// The scenario a template, a blank start or an import replaced, with its origin, while
    /// the person can still take it back (until the next change of the scenario).
    pub undo: Option<(Rc<Scenario>, String)>,
    /// A message above the page (import errors, restored autosave, ...).
    pub notice: Option<Notice>,
    /// The last file that could not be used, shown beside its control.
    pub import_error: Option<ImportError>,
    /// Counts changes; the page compares states by it.
    pub revision: u64,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

impl State {
    /// The page's first state: the first template, or a blank scenario.
    pub fn initial() -> Self {
        let first = socval::templates().first().map(|t| t.id.to_string());
        let (scenario, origin) = match first.as_deref().map(template) {
            Some(Ok(s)) => (s, first.unwrap_or_default()),
            _ => (blank(), "blank".to_string()),
        };
        let mut st = State {
            work: Work::new(scenario, origin),
            records: None,
            analysis: None,
            comparison: Comparing::default(),
            own_table: OwnTable::default(),
            funder: None,
            saved: Vec::new(),
            undo: None,
            notice: None,
            import_error: None,
            revision: 0,
        };
        st.revalue();
        st
    }

    /// The per-family records the figures come from, if loaded.
    pub fn records(&self) -> Option<&Records> {
        RecordsFile::of(&self.records)
    }

    /// The records' CSV text, if loaded.
    pub fn records_csv(&self) -> Option<Rc<String>> {
        self.records.as_ref().map(|r| r.csv.clone())
    }

    /// Whether the analysis on screen is finished and of the scenario on screen (the funder
    /// report then carries its bands).
    pub fn analysis_is_current(&self) -> bool {
        self.analysis.as_ref().is_some_and(|a| a.is_current(self.work.revision))
    }

    /// The funder report, if one was asked for the scenario and records on screen.
    pub fn current_report(&self) -> Option<&FunderReport> {
        let csv = self.records.as_ref().map(|r| &r.csv);
        self.funder.as_deref().filter(|f| f.is_of(&self.work.scenario, csv))
    }

    /// Values the current scenario (keeping the last valid valuation when it fails) and
    /// compares it again.
    pub(super) fn revalue(&mut self) {
        let records = RecordsFile::of(&self.records);
        self.work.revalue(records);
        self.comparison.recompare(&self.work, records);
    }

    /// Applies a change to a copy of the scenario, kept only if the core values it; what else
    /// follows (`follow`).
    pub(super) fn try_change(
        &mut self,
        field: Option<Field>,
        change: impl FnOnce(&mut Scenario) -> Result<(), String>,
    ) {
        let change = self.work.try_change(RecordsFile::of(&self.records), field, change);
        self.follow(change);
    }

    /// What follows a change of the scenario: a kept change ends the undo offer and compares
    /// again; a change no field is to blame for is told in a notice.
    pub(super) fn follow(&mut self, change: Change) {
        match change {
            Change::Kept => {
                self.undo = None;
                self.comparison.recompare(&self.work, RecordsFile::of(&self.records));
            }
            Change::Refused => {}
            Change::Failed(e) => self.notice = Some(Notice::error(e)),
        }
    }

    /// Replaces the whole scenario (template, import, restore), clearing drafts and errors.
    pub(super) fn replace(&mut self, scenario: Scenario, origin: String) {
        self.undo = None;
        self.comparison.with = None;
        let records = RecordsFile::of(&self.records);
        self.work.replace(scenario, origin, records);
        self.comparison.recompare(&self.work, records);
    }

    /// Replaces the scenario by the person's choice (template, blank, import, a saved one),
    /// keeping the one it replaces so that it can be taken back.
    pub(super) fn replace_undoable(&mut self, scenario: Scenario, origin: String, what: &str) {
        let before = (self.work.scenario.clone(), self.work.origin.clone());
        self.replace(scenario, origin);
        self.undo = Some(before);
        self.notice = Some(Notice::info(format!(
            "{what}: it replaced your scenario; Undo brings it back."
        )));
    }
}
