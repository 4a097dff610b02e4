//! The one reducer: `State` (the scenario, the last valid valuation, drafts and errors),
//! `Action` (everything that can happen on the page) and `reduce`.

use std::collections::BTreeMap;
use std::rc::Rc;

use socval::adjust::{Adjustment, ItemRef};
use socval::records::{PAGE_MAX_RECORD_ROWS, Records};
use socval::scenario::{AvoidedItem, CostItem, OutcomeItem};
use socval::{Decimal, Scenario, Valuation, compare::Comparison, tables::TableKind};
use yew::Reducible;

use super::fields::{Field, Inputs, apply, missing};
use super::ranges::{proposed_range, range_problems};
use super::{PAGE_FILE, registry};
use crate::view::{self, Report};

/// A message for the person using the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            error: false,
        }
    }
    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            error: true,
        }
    }
}

/// The file controls of the page, each with its error beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Import {
    Scenario,
    Records,
    Table,
}

impl Import {
    /// The id (and test id) of the message beside the control.
    pub fn error_id(self) -> &'static str {
        match self {
            Import::Scenario => "import-error",
            Import::Records => "records-error",
            Import::Table => "user-table-error",
        }
    }
}

/// A file that could not be used: the message beside its control, and the id of the page's
/// input for the field the core's error names, if it is one the page has.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportError {
    pub control: Import,
    pub text: String,
    pub field: Option<String>,
}

impl ImportError {
    fn new(control: Import, text: String, field: Option<&str>) -> Self {
        ImportError {
            control,
            text,
            field: field.filter(|f| !f.is_empty()).map(|f| f.replace('_', "-")),
        }
    }
}

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

/// The uncertainty analysis as the analysis worker reports it (see `crate::view`).
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The worker's run these reports belong to (reports of other runs are ignored).
    pub run: u32,
    /// The scenario revision analysed (an analysis of an older one is marked stale).
    pub revision: u64,
    /// The tornado charts and break-even values, once reported (the last run's until then).
    pub tornado: Option<Result<Vec<view::Chart>, String>>,
    pub break_even: Option<Result<view::BreakEvens, String>>,
    /// Monte Carlo draws done and to do.
    pub done: u32,
    pub draws: u32,
    pub running: bool,
    pub monte_carlo: Option<Result<view::MonteCarlo, String>>,
}

/// The funder report asked for: which scenario (and records) it is of, and its HTML once the
/// analysis module has made it.
#[derive(Clone, Debug)]
pub struct FunderReport {
    pub scenario: Rc<Scenario>,
    pub records_csv: Option<Rc<String>>,
    /// With the P5–P95 bands of the current analysis.
    pub with_analysis: bool,
    /// The report's HTML, or why it could not be made (none while it is being made).
    pub html: Option<Result<Rc<String>, String>>,
}

/// What the page holds.
#[derive(Clone, Debug)]
pub struct State {
    /// The scenario (always the last one that was valid as a whole). Replaced by a new `Rc`
    /// whenever it changes, never changed in place: components compare it by identity.
    pub scenario: Rc<Scenario>,
    /// Which template it started from (`blank`, `imported`, or a template id).
    pub origin: String,
    /// The last valid valuation, kept on screen while a field is invalid.
    pub valuation: Option<Rc<Valuation>>,
    /// The error of the scenario as a whole when no field is to blame (e.g. a bad template).
    pub error: Option<String>,
    /// Text typed into fields, kept as typed.
    pub drafts: BTreeMap<Field, String>,
    /// Errors beside fields.
    pub field_errors: BTreeMap<Field, String>,
    /// A message above the page (import errors, restored autosave, ...).
    pub notice: Option<Notice>,
    /// Per-family records loaded from a CSV file, with the file's name.
    pub records: Option<(String, Rc<Records>)>,
    /// The records' CSV text (the uncertainty analysis, in its own module, reads it again).
    pub records_csv: Option<Rc<String>>,
    /// The uncertainty analysis, while it runs and after.
    pub analysis: Option<Rc<Analysis>>,
    /// A second table version to compare with (`id@version`), and the comparison.
    pub compare_with: Option<String>,
    pub comparison: Option<Result<Rc<Comparison>, String>>,
    /// A valuation pinned to compare the scenario against as it changes (a second scenario).
    pub pinned: Option<Rc<Valuation>>,
    /// A table of the user's own, and the scenario valued with it beside the open figures (of
    /// the scenario revision `user_comparison_revision`).
    pub user_table: Option<Rc<UserTable>>,
    pub user_comparison: Option<Result<Rc<view::FigureTable>, String>>,
    pub user_comparison_revision: u64,
    /// A table file being read by the analysis module (its name and text), not yet in use.
    pub user_table_pending: Option<(String, Rc<String>)>,
    /// The last file that could not be used, shown beside its control.
    pub import_error: Option<ImportError>,
    /// What the core says is wrong with the scenario's ranges, by row (they never stop the
    /// deterministic figures), and with its `[uncertainty]` settings.
    pub range_errors: Vec<Option<String>>,
    pub uncertainty_error: Option<String>,
    /// The names of the scenarios saved in this browser (kept current across tabs).
    pub saved: Vec<String>,
    /// The scenario a template, a blank start or an import replaced, with its origin, while
    /// the person can still take it back (until the next change of the scenario).
    pub undo: Option<(Rc<Scenario>, String)>,
    /// Whether the families field scales the counts with it (off: counts stay fixed).
    pub scale_counts: bool,
    /// The items whose adjustments the person has opened: the page builds an item's adjustment
    /// fields only while they are open. Closed when the scenario is replaced or an item removed.
    pub open_adjustments: Vec<ItemRef>,
    /// The last funder report asked for (offered only while it is of the scenario on screen).
    pub funder: Option<Rc<FunderReport>>,
    /// Counts changes; the page compares states by it.
    pub revision: u64,
    /// Counts changes of the scenario itself (autosave and share link follow it).
    pub scenario_revision: u64,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

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
    /// The names of the scenarios saved in this browser.
    SavedList(Vec<String>),
    /// Open a scenario saved in this browser (with the records and the table of the user's own
    /// saved with it: the table's file name and text).
    OpenSaved {
        name: String,
        text: String,
        records: Option<String>,
        table: Option<(String, String)>,
    },
}

/// The newest embedded version of each kind of table, by the core's version order.
fn latest(kind: TableKind) -> String {
    registry().latest(kind).unwrap_or_default()
}

/// A blank scenario on the newest embedded tables: the core's [`Scenario::new`] (no text read),
/// with the method version and one programme cost to fill in. It names the newest real GDP per
/// head series too, which the newest wellbeing table's WELLBY-uprated rows need.
pub(super) fn blank() -> Scenario {
    let mut tables = socval::scenario::TableRefs::new(
        &latest(TableKind::Wellbeing),
        &latest(TableKind::UnitCost),
        &latest(TableKind::Deflator),
    );
    tables.gdp_per_head = registry().latest(TableKind::GdpPerHead);
    let mut s = Scenario::new("New programme", 10, 2024, tables);
    s.method = Some(socval::METHOD_VERSION);
    s.costs
        .push(CostItem::new("Programme delivery", Decimal::new(50000, 0)));
    s
}

/// The scenario of a shipped template.
pub(super) fn template(id: &str) -> Result<Scenario, String> {
    socval::template(id)
        .ok_or_else(|| format!("no template {id:?}"))?
        .scenario()
        .map_err(|e| e.to_string())
}

/// Values a scenario on the embedded tables: the core's `evaluate`, nothing else.
pub(super) fn value(s: &Scenario, records: Option<&Records>) -> Result<Valuation, socval::Error> {
    socval::evaluate_named(PAGE_FILE, s, records, registry())
}

fn unique_id(existing: impl Iterator<Item = String>, base: &str) -> String {
    let taken: Vec<String> = existing.collect();
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| base.to_string())
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
            scenario: Rc::new(scenario),
            origin,
            valuation: None,
            error: None,
            drafts: BTreeMap::new(),
            field_errors: BTreeMap::new(),
            notice: None,
            records: None,
            records_csv: None,
            analysis: None,
            funder: None,
            scale_counts: false,
            open_adjustments: Vec::new(),
            undo: None,
            saved: Vec::new(),
            compare_with: None,
            comparison: None,
            pinned: None,
            user_table: None,
            user_comparison: None,
            user_comparison_revision: 0,
            user_table_pending: None,
            import_error: None,
            range_errors: Vec::new(),
            uncertainty_error: None,
            revision: 0,
            scenario_revision: 0,
        };
        st.revalue();
        st
    }

    /// Whether the analysis on screen is finished and of the scenario on screen (the funder
    /// report then carries its bands).
    pub fn analysis_is_current(&self) -> bool {
        self.analysis
            .as_ref()
            .is_some_and(|a| !a.running && a.revision == self.scenario_revision && matches!(a.monte_carlo, Some(Ok(_))))
    }

    /// The funder report, if one was asked for the scenario and records on screen.
    pub fn current_report(&self) -> Option<&FunderReport> {
        self.funder.as_deref().filter(|f| {
            Rc::ptr_eq(&f.scenario, &self.scenario)
                && match (&f.records_csv, &self.records_csv) {
                    (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                }
        })
    }

    /// The drafts and errors of the fields `keep` selects, for a component to render.
    pub fn inputs(&self, keep: impl Fn(Field) -> bool) -> Rc<Inputs> {
        self.inputs_where(&keep)
    }

    /// [`State::inputs`], compiled once (inserting one by one: collecting into a map would
    /// compile a sort for each caller).
    fn inputs_where(&self, keep: &dyn Fn(Field) -> bool) -> Rc<Inputs> {
        let pick = |m: &BTreeMap<Field, String>| {
            let mut out = BTreeMap::new();
            for (f, t) in m.iter().filter(|(f, _)| keep(**f)) {
                out.insert(*f, t.clone());
            }
            out
        };
        Rc::new(Inputs {
            drafts: pick(&self.drafts),
            errors: pick(&self.field_errors),
        })
    }

    /// The per-family records the figures come from, if loaded.
    pub fn records(&self) -> Option<&Records> {
        self.records.as_ref().map(|(_, r)| r.as_ref())
    }

    /// Values the current scenario; keeps the last valid valuation when it fails.
    fn revalue(&mut self) {
        match value(&self.scenario, self.records()) {
            Ok(v) => {
                self.valuation = Some(Rc::new(v));
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        self.recheck_ranges();
        self.recompare();
    }

    fn recheck_ranges(&mut self) {
        (self.range_errors, self.uncertainty_error) = range_problems(&self.scenario, self.records());
    }

    /// Applies a change of the ranges or of the analysis' settings. The deterministic figures
    /// do not depend on them and are left as they are; the change is kept unless the core finds
    /// the changed row (or the settings, for `row` none) wrong, and then the message goes
    /// beside `field`.
    fn try_range_change(
        &mut self,
        field: Field,
        row: Option<usize>,
        change: impl FnOnce(&mut Scenario) -> Result<(), String>,
    ) {
        let mut next = (*self.scenario).clone();
        if let Err(e) = change(&mut next) {
            self.field_errors.insert(field, e);
            return;
        }
        let (rows, general) = range_problems(&next, self.records());
        let blame = match row {
            Some(i) => rows.get(i).cloned().flatten(),
            None => general.clone(),
        };
        if let Some(e) = blame {
            self.field_errors.insert(field, e);
            return;
        }
        self.scenario = Rc::new(next);
        self.range_errors = rows;
        self.uncertainty_error = general;
        self.field_errors.remove(&field);
        if let Some(i) = row {
            for f in [Field::RangeLow(i), Field::RangeHigh(i), Field::RangeDistribution(i)] {
                if f != field && !self.drafts.contains_key(&f) {
                    self.field_errors.remove(&f);
                }
            }
        }
        self.scenario_revision += 1;
    }

    /// Drafts and errors of range rows no longer line up once a row is removed.
    fn forget_ranges(&mut self) {
        let row = |f: &Field| {
            matches!(
                f,
                Field::RangeLow(_) | Field::RangeHigh(_) | Field::RangeDistribution(_)
            )
        };
        self.drafts.retain(|f, _| !row(f));
        self.field_errors.retain(|f, _| !row(f));
    }

    fn recompare(&mut self) {
        self.comparison = self.compare_with.as_ref().map(|r| {
            let other =
                socval::with_table(&self.scenario, r).ok_or_else(|| format!("the scenario uses no table {r}"))?;
            let a = self.valuation.clone().ok_or("the scenario has no valid valuation")?;
            let b = value(&other, self.records()).map_err(|e| e.to_string())?;
            Ok(Rc::new(socval::compare::compare(&a, &b)))
        });
    }

    /// The table to read or value now (a file being read first, else the one in use): its file
    /// name and text.
    pub fn table_to_value(&self) -> Option<(String, Rc<String>)> {
        self.user_table_pending
            .clone()
            .or_else(|| self.user_table.as_ref().map(|u| (u.file.clone(), u.text.clone())))
    }

    /// The analysis module's answer for a table: a file being read comes into use, or is refused
    /// beside the table control (the table in use, the scenario and its figures stay); the
    /// comparison is kept when it is of the scenario on screen.
    fn own_table_read(&mut self, file: String, text: Rc<String>, revision: u64, result: Result<Vec<u8>, String>) {
        let pending = self
            .user_table_pending
            .as_ref()
            .is_some_and(|(_, t)| Rc::ptr_eq(t, &text));
        let read = result.and_then(|bytes| {
            view::decode::<view::OwnTable>(&bytes).map_err(|e| format!("the analysis module sent {e}"))
        });
        match read {
            Err(e) if pending => {
                self.user_table_pending = None;
                self.import_error = Some(ImportError::new(
                    Import::Table,
                    format!("Could not use {file}; the scenario and its tables are unchanged. {e}"),
                    None,
                ));
            }
            Err(e) => self.user_comparison = Some(Err(e)),
            Ok(t) => {
                if pending {
                    self.user_table_pending = None;
                    self.import_error = None;
                    self.user_table = Some(Rc::new(UserTable {
                        file,
                        text: text.clone(),
                        reference: t.reference,
                        title: t.title,
                    }));
                }
                let current = self.user_table.as_ref().is_some_and(|u| Rc::ptr_eq(&u.text, &text));
                if current && revision == self.scenario_revision {
                    self.user_comparison = Some(t.comparison.map(Rc::new));
                    self.user_comparison_revision = revision;
                }
            }
        }
    }

    /// Replaces the scenario by the person's choice (template, blank, import), keeping the one
    /// it replaces so that it can be taken back.
    fn replace_undoable(&mut self, scenario: Scenario, origin: String, what: &str) {
        let before = (self.scenario.clone(), self.origin.clone());
        self.replace(scenario, origin);
        self.undo = Some(before);
        self.notice = Some(Notice::info(format!(
            "{what}: it replaced your scenario; Undo brings it back."
        )));
    }

    /// Replaces the whole scenario (template, import, restore), clearing drafts and errors.
    fn replace(&mut self, scenario: Scenario, origin: String) {
        self.undo = None;
        self.open_adjustments.clear();
        self.scenario = Rc::new(scenario);
        self.origin = origin;
        self.drafts.clear();
        self.field_errors.clear();
        self.valuation = None;
        self.compare_with = None;
        self.scenario_revision += 1;
        self.revalue();
    }

    /// Applies a change to a copy of the scenario; keeps it only if the core values it.
    fn try_change(&mut self, field: Option<Field>, change: impl FnOnce(&mut Scenario) -> Result<(), String>) {
        let mut next = (*self.scenario).clone();
        // An edited scenario is valued, seen and saved under the current method.
        next.method = Some(socval::METHOD_VERSION);
        // Beside a field, the core's message without its place (the field is where it shows).
        let result = change(&mut next).and_then(|()| {
            value(&next, self.records()).map_err(|e| {
                if field.is_some() {
                    beside_field(&e)
                } else {
                    e.to_string()
                }
            })
        });
        match (result, field) {
            (Ok(v), _) => {
                self.undo = None;
                self.scenario = Rc::new(next);
                self.valuation = Some(Rc::new(v));
                self.error = None;
                if let Some(f) = field {
                    self.field_errors.remove(&f);
                }
                self.scenario_revision += 1;
                self.recheck_ranges();
                self.recompare();
            }
            (Err(e), Some(f)) => {
                self.field_errors.insert(f, e);
            }
            (Err(e), None) => self.notice = Some(Notice::error(e)),
        }
    }

    /// Drafts and errors of items at or after `index` of one list no longer line up.
    fn forget_items(&mut self) {
        self.drafts.retain(|f, _| !is_item_field(*f));
        self.field_errors.retain(|f, _| !is_item_field(*f));
    }
}

/// The core's message for a field that shows it beside itself: the message without the file,
/// item and field names that place it ("families must be 1 to 100000", not "scenario: field
/// `families`: families must be 1 to 100000"). The place is the core's own `Place`.
pub(super) fn beside_field(e: &socval::Error) -> String {
    let full = e.to_string();
    let prefix = format!("{}: ", e.place());
    match full.strip_prefix(&prefix) {
        Some(m) if !m.is_empty() => m.to_string(),
        _ => full,
    }
}

fn is_item_field(f: Field) -> bool {
    matches!(
        f,
        Field::OutcomeRate(_)
            | Field::OutcomePeople(_)
            | Field::OutcomeAdj(..)
            | Field::AvoidedCount(_)
            | Field::AvoidedCf(_)
            | Field::AvoidedObs(_)
            | Field::AvoidedAdj(..)
            | Field::CostLabel(_)
            | Field::CostAmount(_)
            | Field::CostYear(_)
            | Field::CostPriceYear(_)
    )
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut st = (*self).clone();
        st.revision += 1;
        match action {
            Action::Template(id) => match template(&id) {
                Ok(s) => {
                    let what = format!("Opened the template “{}”", s.name);
                    st.replace_undoable(s, id, &what);
                }
                Err(e) => st.notice = Some(Notice::error(e)),
            },
            Action::Blank => st.replace_undoable(blank(), "blank".into(), "Started a blank scenario"),
            Action::Undo => {
                if let Some((s, origin)) = st.undo.take() {
                    st.replace((*s).clone(), origin);
                    st.notice = Some(Notice::info(format!("Your scenario “{}” is back.", s.name)));
                }
            }
            Action::Edit(field, raw) if field.is_uncertainty() => {
                st.drafts.insert(field, raw.clone());
                let row = match field {
                    Field::RangeLow(i) | Field::RangeHigh(i) | Field::RangeDistribution(i) => Some(i),
                    _ => None,
                };
                st.try_range_change(field, row, |s| apply(s, field, &raw));
            }
            Action::Edit(Field::Families, raw) if st.scale_counts => {
                // Counts follow the families too, by the core's exact scaling.
                st.drafts.insert(Field::Families, raw.clone());
                st.try_change(Some(Field::Families), |s| {
                    let mut typed = s.clone();
                    apply(&mut typed, Field::Families, &raw)?;
                    *s = socval::cohort::with_families(s, typed.families, true).map_err(|e| beside_field(&e))?;
                    Ok(())
                });
            }
            Action::Edit(field, raw) => {
                st.drafts.insert(field, raw.clone());
                st.try_change(Some(field), |s| apply(s, field, &raw));
            }
            Action::ScaleCounts(on) => st.scale_counts = on,
            Action::AdjustmentsOpen(item, open) => {
                st.open_adjustments.retain(|i| *i != item);
                if open {
                    st.open_adjustments.push(item);
                }
            }
            Action::DeadweightLevel(item, level) => {
                let field = Field::adjustment(item, Adjustment::Deadweight);
                // The level replaces the figure typed for it (the field then shows the level).
                st.drafts.remove(&field);
                st.try_change(Some(field), |s| {
                    let adjustments = match item {
                        None => Some(&mut s.defaults),
                        Some(ItemRef::Outcome(i)) => s.outcomes.get_mut(i).map(|o| &mut o.adjustments),
                        Some(ItemRef::Avoided(i)) => s.avoided.get_mut(i).map(|o| &mut o.adjustments),
                    }
                    .ok_or_else(|| missing("such item"))?;
                    Adjustment::Deadweight.set_level(adjustments, level);
                    Ok(())
                });
            }
            Action::Import { name, text } => match socval::Scenario::from_json_str(&name, &text)
                .and_then(|s| socval::evaluate_named(&name, &s, st.records(), registry()).map(|_| s))
            {
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
            },
            Action::UserTable { name, text } => st.user_table_pending = Some((name, Rc::new(text))),
            Action::OwnTableRead {
                file,
                text,
                revision,
                result,
            } => st.own_table_read(file, text, revision, result),
            Action::ClearUserTable => {
                st.user_table = None;
                st.user_table_pending = None;
                st.user_comparison = None;
            }
            Action::ImportFailed(e) => st.import_error = e,
            Action::Restore {
                scenario,
                origin,
                notice,
            } => {
                st.replace(*scenario, origin);
                st.notice = notice;
            }
            Action::Notice(n) => st.notice = n,
            Action::SavedList(names) => st.saved = names,
            Action::OpenSaved {
                name,
                text,
                records,
                table,
            } => {
                let file = format!("saved scenario “{name}”");
                let parsed = Scenario::from_json_str(&file, &text).and_then(|s| {
                    let r = records
                        .as_deref()
                        .map(|t| Records::read(&format!("records of {file}"), t, PAGE_MAX_RECORD_ROWS, &s))
                        .transpose()?;
                    socval::evaluate_named(&file, &s, r.as_ref(), registry())?;
                    Ok((s, r))
                });
                match parsed {
                    Ok((s, r)) => {
                        let kept = r.is_some();
                        st.records = r.map(|r| (format!("records saved with “{name}”"), Rc::new(r)));
                        st.records_csv = records.filter(|_| kept).map(Rc::new);
                        st.replace_undoable(s, "restored".into(), &format!("Opened “{name}”"));
                        if let Some((file, text)) = table {
                            st.user_table_pending = Some((file, Rc::new(text)));
                        }
                    }
                    Err(e) => st.notice = Some(Notice::error(format!("Could not open “{name}”: {e}"))),
                }
            }
            Action::Records { name, text } => {
                let parsed = Records::read(&name, &text, PAGE_MAX_RECORD_ROWS, &st.scenario)
                    .map_err(|e| e.to_string())
                    .and_then(|r| value(&st.scenario, Some(&r)).map(|v| (r, v)).map_err(|e| e.to_string()));
                match parsed {
                    Ok((r, v)) => {
                        st.import_error = None;
                        st.notice = Some(Notice::info(format!(
                            "Loaded {} families from {name}; the figures now come from these records.",
                            r.families.len()
                        )));
                        st.records = Some((name, Rc::new(r)));
                        st.records_csv = Some(Rc::new(text));
                        st.valuation = Some(Rc::new(v));
                        st.error = None;
                        st.recompare();
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
            Action::ClearRecords => {
                st.records = None;
                st.records_csv = None;
                st.notice = None;
                st.revalue();
            }
            Action::CompareWith(r) => {
                st.compare_with = r.filter(|r| !r.is_empty());
                st.recompare();
            }
            Action::Pin => st.pinned = st.valuation.clone(),
            Action::Unpin => st.pinned = None,
            Action::AddOutcome(proxy) => {
                let id = unique_id(st.scenario.outcomes.iter().map(|o| o.id.clone()), &proxy);
                st.forget_items();
                st.try_change(None, |s| {
                    s.outcomes.push(OutcomeItem::with_rate(&id, &proxy, Decimal::new(5, 1)));
                    Ok(())
                });
            }
            Action::RemoveOutcome(i) => {
                st.forget_items();
                // The items after it move up: their open sections would be another item's.
                st.open_adjustments.clear();
                st.try_change(None, |s| {
                    (i < s.outcomes.len())
                        .then(|| s.outcomes.remove(i))
                        .map(|_| ())
                        .ok_or_else(|| missing("such outcome"))
                });
            }
            Action::AddAvoided(proxy) => {
                let id = unique_id(st.scenario.avoided.iter().map(|o| o.id.clone()), &proxy);
                st.forget_items();
                st.try_change(None, |s| {
                    s.avoided.push(AvoidedItem::with_count(&id, &proxy, Decimal::ONE));
                    Ok(())
                });
            }
            Action::RemoveAvoided(i) => {
                st.forget_items();
                // The items after it move up: their open sections would be another item's.
                st.open_adjustments.clear();
                st.try_change(None, |s| {
                    (i < s.avoided.len())
                        .then(|| s.avoided.remove(i))
                        .map(|_| ())
                        .ok_or_else(|| missing("such avoided cost"))
                });
            }
            Action::AddCost => {
                st.forget_items();
                st.try_change(None, |s| {
                    s.costs.push(CostItem::new("Further cost", Decimal::ZERO));
                    Ok(())
                });
            }
            Action::RemoveCost(i) => {
                st.forget_items();
                st.try_change(None, |s| {
                    (i < s.costs.len())
                        .then(|| s.costs.remove(i))
                        .map(|_| ())
                        .ok_or_else(|| missing("such cost"))
                });
            }
            Action::AddRange(target) => {
                let row = st.scenario.ranges.len();
                match proposed_range(&st.scenario, st.records(), &target) {
                    Ok(r) => st.try_range_change(Field::NewRange, Some(row), |s| {
                        s.ranges.push(r);
                        Ok(())
                    }),
                    Err(e) => {
                        st.field_errors.insert(Field::NewRange, e);
                    }
                }
            }
            Action::RemoveRange(i) => {
                if i < st.scenario.ranges.len() {
                    st.forget_ranges();
                    st.field_errors.remove(&Field::NewRange);
                    // A new Rc: components compare the scenario by identity.
                    let mut s = (*st.scenario).clone();
                    s.ranges.remove(i);
                    st.scenario = Rc::new(s);
                    st.scenario_revision += 1;
                    st.recheck_ranges();
                }
            }
            Action::AnalysisStarted(run) => {
                let last = st.analysis.take();
                st.analysis = Some(Rc::new(Analysis {
                    run,
                    revision: st.scenario_revision,
                    tornado: last.as_ref().and_then(|a| a.tornado.clone()),
                    break_even: last.as_ref().and_then(|a| a.break_even.clone()),
                    done: 0,
                    draws: st
                        .scenario
                        .uncertainty
                        .as_ref()
                        .and_then(|u| u.draws)
                        .unwrap_or(socval::uncertainty::DEFAULT_DRAWS),
                    running: true,
                    monte_carlo: None,
                }));
            }
            Action::AnalysisMessage(run, message) => {
                if let Some(a) = st.analysis.as_mut().filter(|a| a.run == run && a.running) {
                    let a = Rc::make_mut(a);
                    let report = message
                        .and_then(|bytes| view::decode::<Report>(&bytes).map_err(|e| format!("the analysis sent {e}")));
                    match report {
                        Ok(Report::Sensitivity { tornado, break_even }) => {
                            a.tornado = Some(tornado);
                            a.break_even = Some(break_even);
                        }
                        Ok(Report::Progress { done, draws }) => (a.done, a.draws) = (done, draws),
                        Ok(Report::MonteCarlo(result)) => {
                            a.done = a.draws;
                            a.monte_carlo = Some(result);
                            a.running = false;
                        }
                        Err(e) => {
                            a.monte_carlo = Some(Err(e));
                            a.running = false;
                        }
                    }
                }
            }
            Action::ReportRequested => {
                st.funder = Some(Rc::new(FunderReport {
                    scenario: st.scenario.clone(),
                    records_csv: st.records_csv.clone(),
                    with_analysis: st.analysis_is_current(),
                    html: None,
                }));
            }
            Action::ReportReady(scenario, result) => {
                if let Some(f) = st.funder.as_mut().filter(|f| Rc::ptr_eq(&f.scenario, &scenario)) {
                    Rc::make_mut(f).html = Some(result.map(Rc::new));
                }
            }
            Action::AnalysisCancelled => {
                if let Some(a) = st.analysis.as_mut() {
                    Rc::make_mut(a).running = false;
                }
            }
        }
        Rc::new(st)
    }
}
