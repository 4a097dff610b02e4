//! The facts a valuation rests on, as data: what per-family records give (`Records::facts`) and
//! what the engine works out from a scenario's counts and rates alike. Below both the records and
//! the engine, so neither takes it from the other.

use crate::tables::{AgeBand, Region};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The facts of per-family records (people per outcome, age band and region; events per avoided
/// item), checked person by person. They do not depend on the scenario's counts, rates or
/// adjustments, so the uncertainty analysis gathers them once per run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RecordFacts {
    pub(crate) families: u32,
    pub(crate) people: Vec<BTreeMap<(AgeBand, Region), Decimal>>,
    pub(crate) events: Vec<Decimal>,
    /// Per measured item: (people measured, life-satisfaction points gained on the 0–10 scale,
    /// net of the counterfactual change).
    pub(crate) measured: Vec<(Decimal, Decimal)>,
    /// Per measured item, from records: the proxy claims left out because the person was
    /// measured (`family F1, mother: confidence, lonely`; the first [`LEFT_OUT_LISTED`]) and how
    /// many people had claims left out in all.
    pub(crate) left_out: Vec<(Vec<String>, u64)>,
    pub(crate) warnings: Vec<String>,
}

/// Most people whose left-out proxy claims the working and the warnings list by name (the rest
/// are counted).
pub(crate) const LEFT_OUT_LISTED: usize = 10;
