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
//!
//! ## Where things are
//!
//! Each public name has one path. At the root is what a valuation takes and gives: a [`Scenario`]
//! (read with [`Scenario::from_toml_str`] or [`Scenario::from_json_str`], or a shipped
//! [`template`]), the [`Registry`] of tables ([`Registry::embedded`]), [`evaluate`] (and
//! [`evaluate_named`], [`evaluate_totals`]), the [`Valuation`] with its parts ([`Line`],
//! [`Figures`], [`Section`], the totals by item, year and agency), [`Error`] with its [`Place`],
//! [`METHOD_VERSION`], [`with_table`] and [`with_user_table`], and [`Decimal`]. The rest is in one
//! named module each:
//!
//! | module | what is in it |
//! |---|---|
//! | [`scenario`] | the scenario's parts: items, costs, table references, the records' format, the ranges' spec, the limits |
//! | [`records`] | per-family records ([`records::Records`]), their limits, [`records::records_template`] |
//! | [`tables`] | the table format: [`tables::ProxyTable`], rows, kinds, age bands, regions, evidence status |
//! | [`adjust`] | the adjustments ([`adjust::Adjustment`], [`adjust::Adjustments`]) and the one rule for the value in force ([`adjust::resolve`], [`adjust::in_force`]) |
//! | [`levels`] | named, cited adjustment levels |
//! | [`money`] | figures as printed: rounding once, allocation to the penny, the formats |
//! | [`uncertainty`] | ranges' targets, tornado, Monte Carlo, break-even, a claimed figure tested |
//! | [`compare`] | two valuations side by side |
//! | [`cohort`] | how the facts follow the number of families |
//! | [`discount`] | discounting conventions and HM Treasury's schedules |
//! | [`evidence`] | the evidence behind each figure |
//! | [`notes`] | a scenario's notes beside its figures |
//! | [`funder`] | the funder report |
//! | [`glossary`] | the method's words, and a worked example |
//! | [`identity`] | a scenario's identity (its hash) |
//! | [`schema`] | the formats' JSON Schemas |
//! | [`exact`] | numbers read exactly as written |
#![deny(missing_docs)]

// The crate README's example runs as a doctest, so the figures it shows stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod adjust;
mod arith;
pub mod cohort;
pub mod compare;
pub mod discount;
mod engine;
mod error;
pub mod evidence;
pub mod exact;
#[cfg(feature = "uncertainty")]
pub mod funder;
pub mod glossary;
pub mod identity;
pub mod levels;
mod method_version;
pub mod money;
pub mod notes;
mod pretty;
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

pub use engine::{evaluate, evaluate_named, evaluate_totals};
pub use error::{Error, ItemList, Location, Place, Result};
pub use method_version::METHOD_VERSION;
pub use rust_decimal::Decimal;
pub use scenario::whole::Scenario;
pub use tables::registry::Registry;
pub use templates::{Template, template, templates};
pub use valuation::{
    AgencyTotal, Citation, Figures, ItemTotal, Line, LineKind, Section, TableUse, Valuation, YearAmounts, YearTotal,
    agency_name, csv_text,
};

use tables::{ProxyTable, TableKind};

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
/// use socval::tables::TableKind;
/// use socval::{Registry, template, with_user_table};
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
