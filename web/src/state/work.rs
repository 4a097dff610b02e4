//! The scenario being edited (`Work`): the scenario (always the last one valid as a whole), the
//! last valid valuation, the text typed into fields and the errors beside them, the ranges'
//! problems, and which items' adjustments are open. Its own rules only: applying a change to a
//! copy and keeping it when the core values it, replacing the scenario, forgetting drafts that no
//! longer line up. What else a change moves (undo, comparisons, notices) is `page.rs`'s.

use std::collections::BTreeMap;
use std::rc::Rc;

use socval::{Decimal, Scenario, Valuation, adjust::ItemRef, records::Records, scenario::CostItem, tables::TableKind};

use super::fields::{Field, Inputs};
use super::ranges::range_problems;
use super::{PAGE_FILE, registry};

/// The scenario being edited and what the page shows of it.
#[derive(Clone, Debug)]
pub struct Work {
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
    /// What the core says is wrong with the scenario's ranges, by row (they never stop the
    /// deterministic figures), and with its `[uncertainty]` settings.
    pub range_errors: Vec<Option<String>>,
    pub uncertainty_error: Option<String>,
    /// Whether the families field scales the counts with it (off: counts stay fixed).
    pub scale_counts: bool,
    /// The items whose adjustments the person has opened: the page builds an item's adjustment
    /// fields only while they are open. Closed when the scenario is replaced or an item removed.
    pub open_adjustments: Vec<ItemRef>,
    /// Counts changes of the scenario itself (autosave and share link follow it).
    pub revision: u64,
}

/// What became of a change to the scenario.
pub(super) enum Change {
    /// The core values the changed scenario: it is kept, with its figures.
    Kept,
    /// The change was refused, its message beside its field (or nothing changed).
    Refused,
    /// The change was refused and no field is to blame: the message for a notice.
    Failed(String),
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

impl Work {
    /// The work on `scenario`, not yet valued (`revalue` values it).
    pub(super) fn new(scenario: Scenario, origin: String) -> Self {
        Work {
            scenario: Rc::new(scenario),
            origin,
            valuation: None,
            error: None,
            drafts: BTreeMap::new(),
            field_errors: BTreeMap::new(),
            range_errors: Vec::new(),
            uncertainty_error: None,
            scale_counts: false,
            open_adjustments: Vec::new(),
            revision: 0,
        }
    }

    /// The drafts and errors of the fields `keep` selects, for a component to render.
    pub fn inputs(&self, keep: impl Fn(Field) -> bool) -> Rc<Inputs> {
        self.inputs_where(&keep)
    }

    /// [`Work::inputs`], compiled once (inserting one by one: collecting into a map would
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

    /// Values the current scenario; keeps the last valid valuation when it fails.
    pub(super) fn revalue(&mut self, records: Option<&Records>) {
        match value(&self.scenario, records) {
            Ok(v) => {
                self.valuation = Some(Rc::new(v));
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        self.recheck_ranges(records);
    }

    /// The ranges checked again (the first module has no ranges panel: it leaves them
    /// unchecked; the full module checks them when it takes over).
    pub(super) fn recheck_ranges(&mut self, records: Option<&Records>) {
        if cfg!(feature = "first") {
            return;
        }
        (self.range_errors, self.uncertainty_error) = range_problems(&self.scenario, records);
    }

    /// The same scenario, valued again, under new identities: every component that shows them
    /// draws again, to the same page (`Action::Redraw`), and the valuation's code runs as an edit
    /// runs it. Nothing else changes: not the revision, so nothing is autosaved.
    pub(super) fn redraw(&mut self, records: Option<&Records>) {
        self.scenario = Rc::new((*self.scenario).clone());
        self.revalue(records);
    }

    /// Replaces the whole scenario (template, import, restore), clearing drafts and errors.
    pub(super) fn replace(&mut self, scenario: Scenario, origin: String, records: Option<&Records>) {
        self.open_adjustments.clear();
        self.scenario = Rc::new(scenario);
        self.origin = origin;
        self.drafts.clear();
        self.field_errors.clear();
        self.valuation = None;
        self.revision += 1;
        self.revalue(records);
    }

    /// Applies a change to a copy of the scenario; keeps it only if the core values it.
    pub(super) fn try_change(
        &mut self,
        records: Option<&Records>,
        field: Option<Field>,
        change: impl FnOnce(&mut Scenario) -> Result<(), String>,
    ) -> Change {
        let mut next = (*self.scenario).clone();
        // An edited scenario is valued, seen and saved under the current method.
        next.method = Some(socval::METHOD_VERSION);
        let applied = change(&mut next);
        self.keep_if_valued(records, field, next, applied)
    }

    /// The rest of [`Work::try_change`], compiled once (not once for each change).
    fn keep_if_valued(
        &mut self,
        records: Option<&Records>,
        field: Option<Field>,
        next: Scenario,
        applied: Result<(), String>,
    ) -> Change {
        // Beside a field, the core's message without its place (the field is where it shows).
        let result = applied.and_then(|()| {
            value(&next, records).map_err(|e| {
                if field.is_some() {
                    beside_field(&e)
                } else {
                    e.to_string()
                }
            })
        });
        match (result, field) {
            (Ok(v), _) => {
                self.scenario = Rc::new(next);
                self.valuation = Some(Rc::new(v));
                self.error = None;
                if let Some(f) = field {
                    self.field_errors.remove(&f);
                }
                self.revision += 1;
                self.recheck_ranges(records);
                Change::Kept
            }
            (Err(e), Some(f)) => {
                self.field_errors.insert(f, e);
                Change::Refused
            }
            (Err(e), None) => Change::Failed(e),
        }
    }

    /// Applies a change of the ranges or of the analysis' settings. The deterministic figures
    /// do not depend on them and are left as they are; the change is kept unless the core finds
    /// the changed row (or the settings, for `row` none) wrong, and then the message goes
    /// beside `field`.
    pub(super) fn try_range_change(
        &mut self,
        records: Option<&Records>,
        field: Field,
        row: Option<usize>,
        change: impl FnOnce(&mut Scenario) -> Result<(), String>,
    ) {
        let mut next = (*self.scenario).clone();
        match change(&mut next) {
            Ok(()) => self.keep_if_ranges_right(records, field, row, next),
            Err(e) => {
                self.field_errors.insert(field, e);
            }
        }
    }

    /// The rest of [`Work::try_range_change`], compiled once.
    fn keep_if_ranges_right(&mut self, records: Option<&Records>, field: Field, row: Option<usize>, next: Scenario) {
        let (rows, general) = range_problems(&next, records);
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
        self.revision += 1;
    }

    /// Drafts and errors of range rows no longer line up once a row is removed.
    pub(super) fn forget_ranges(&mut self) {
        let row = |f: &Field| {
            matches!(
                f,
                Field::RangeLow(_) | Field::RangeHigh(_) | Field::RangeDistribution(_)
            )
        };
        self.drafts.retain(|f, _| !row(f));
        self.field_errors.retain(|f, _| !row(f));
    }

    /// Drafts and errors of items at or after `index` of one list no longer line up.
    pub(super) fn forget_items(&mut self) {
        self.drafts.retain(|f, _| !is_item_field(*f));
        self.field_errors.retain(|f, _| !is_item_field(*f));
    }
}
