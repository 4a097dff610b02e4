//! # socval
//!
//! Turns what a family-support programme achieved into two honest money figures: the **social
//! value** of the families' wellbeing outcomes and the **public costs avoided**, with the working
//! behind every figure.
//!
//! The core does no I/O: it reads tables and scenarios from strings, and compiles the shipped
//! tables (`proxies/`) and scenarios (`scenarios/`), which are part of the crate, in. Money is [`rust_decimal::Decimal`]
//! throughout.
//!
//! ```
//! use socval::{evaluate, template, Registry, Section};
//! let t = template("step-together").unwrap();
//! let scenario = t.scenario().unwrap();
//! let v = evaluate(&scenario, None, Registry::embedded()).unwrap();
//! // Social value and fiscal savings are separate totals, each the exact sum of its lines.
//! let fiscal: rust_decimal::Decimal = v.section_lines(Section::FiscalSavings).map(|l| l.amount).sum();
//! assert_eq!(fiscal, v.totals.fiscal_savings);
//! // The rounded lines add up to the rounded total, to the penny.
//! let shown: rust_decimal::Decimal = v.section_lines(Section::FiscalSavings).map(|l| l.rounded).sum();
//! assert_eq!(shown, v.display.fiscal_savings);
//! ```
#![deny(missing_docs)]

// The crate README's example runs as a doctest, so the figures it shows stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod adjust;
mod cohort;
mod compare;
mod discount;
mod engine;
mod error;
pub mod evidence;
pub mod exact;
#[cfg(feature = "uncertainty")]
mod funder;
mod glossary;
mod identity;
pub mod levels;
mod method_version;
pub mod money;
mod notes;
pub mod records;
mod records_template;
pub mod scenario;
#[cfg(feature = "schema")]
pub mod schema;
mod sort;
pub mod tables;
mod templates;
#[cfg(feature = "uncertainty")]
pub mod uncertainty;
mod valuation;

pub use adjust::{
    Adjustment, AdjustmentUnit, DefaultReach, InForce, ItemRef, Origin, default_in_force, default_reach, in_force,
    is_net_of_counterfactual, item_label, item_row, resolve, resolve_measured,
};
pub use cohort::{Scaling, scaling, with_families};
pub use compare::{Comparison, Difference, Measure, compare};
pub use discount::{Discounting, Schedule};
pub use engine::{evaluate, evaluate_named, evaluate_totals};
pub use error::{Error, ItemList, Location, Place, Result};
pub use evidence::{EvidencePart, EvidenceSplit, LeftOut, evidence_words, left_out_note};
#[cfg(feature = "uncertainty")]
pub use funder::{AssumptionRow, EvidenceRow, FunderReport, Headline, WorkingLine, funder_report};
pub use glossary::{Term, WorkedExample, glossary, worked_example};
pub use identity::scenario_sha256;
pub use levels::{LEVEL_ALIASES, LEVELS_VERSION, Level, LevelSource, level, levels, levels_for};
pub use method_version::METHOD_VERSION;
pub use money::{
    FACTOR_PLACES, allocate_pennies, allocate_to, format_break_even, format_gbp, format_ratio, to_factor, to_penny,
    to_ratio,
};
pub use notes::{NoteBlock, NotesInForce, note_blocks, notes_in_force};
pub use records::{Families, MAX_RECORD_LINE, MAX_RECORD_ROWS, PAGE_MAX_RECORD_ROWS, Records};
pub use records_template::records_template;
pub use rust_decimal::Decimal;
pub use scenario::{
    AvoidedItem, CostItem, DiscountConvention, MeasuredItem, OutcomeItem, RecordsFormat, Scenario, TableRefs,
};
pub use tables::{
    AgeBand, Derivation, EvidenceStatus, ProxyTable, Region, Registry, Row, Source, TableInfo, TableKind,
    UnitsPerEvent, content_hash,
};
pub use templates::{Template, template, templates};
pub use valuation::agency_name;
pub use valuation::{
    AgencyTotal, Citation, Figures, ItemTotal, Line, LineKind, Section, TableUse, Valuation, YearAmounts, YearTotal,
    csv_text,
};

/// A scenario with one table reference replaced: the table whose id matches `reference`'s id takes
/// that version. Returns `None` if the scenario uses no table of that id.
pub fn with_table(scenario: &Scenario, reference: &str) -> Option<Scenario> {
    let id = reference.split('@').next()?;
    let mut s = scenario.clone();
    let mut hit = false;
    for r in [
        &mut s.tables.wellbeing,
        &mut s.tables.unit_costs,
        &mut s.tables.deflators,
    ]
    .into_iter()
    .chain(s.tables.gdp_per_head.as_mut())
    {
        if r.split('@').next() == Some(id) {
            *r = reference.to_string();
            hit = true;
        }
    }
    hit.then_some(s)
}

/// The scenario valued with a table of the user's own (for example a licensed value list)
/// instead of the open table it stands for, so that the two valuations can be set side by side
/// ([`compare`]). The user's table replaces the scenario's table of the same id (another version
/// of it); a table with an id of its own replaces the table of its kind: a wellbeing table the
/// scenario's wellbeing values, a unit-cost table its unit costs, a deflator its deflators, a
/// GDP-per-head series the scenario's series where it names one. Every item of that kind is then
/// valued from the user's table alone: none falls back to the open table's rows, so an item whose
/// row the user's table lacks makes the valuation fail, naming the item. `None` when the scenario
/// uses no table the user's table can stand for. The table must be in the registry the scenario
/// is valued with ([`Registry::add_json`], [`Registry::add_toml`]). A table that overlays another
/// (`overlays = "unit-costs-open@2.0.0"`) is placed the same way, and holds its base's rows
/// beside its own ([`Registry::add`]): it then stands for the scenario's table of its kind with its
/// base's version.
///
/// ```
/// use socval::{Registry, TableKind, template, with_user_table};
/// let s = template("step-together").unwrap().scenario().unwrap();
/// let mut mine = Registry::embedded().get(&s.tables.unit_costs).unwrap().clone();
/// mine.id = "licensed-costs".into();
/// let t = with_user_table(&s, &mine).unwrap();
/// assert_eq!(t.tables.unit_costs, format!("licensed-costs@{}", mine.version));
/// assert_eq!(t.tables.wellbeing, s.tables.wellbeing);
/// ```
pub fn with_user_table(scenario: &Scenario, table: &ProxyTable) -> Option<Scenario> {
    let reference = table.reference();
    if let Some(s) = with_table(scenario, &reference) {
        return Some(s);
    }
    let mut s = scenario.clone();
    let slot = match table.kind {
        TableKind::Wellbeing => Some(&mut s.tables.wellbeing),
        TableKind::UnitCost => Some(&mut s.tables.unit_costs),
        TableKind::Deflator => Some(&mut s.tables.deflators),
        TableKind::GdpPerHead => s.tables.gdp_per_head.as_mut(),
    }?;
    *slot = reference;
    Some(s)
}
