//! A thin adapter over the core's range API (`socval::uncertainty`): the core resolves every
//! target, its label, unit and current value, and checks the ranges; the page only proposes a
//! range, reads what is typed in the target's units and files the core's errors by row.

use socval::records::Records;
use socval::scenario::{Distribution, RangeSpec};
use socval::uncertainty::{self, RangeTarget, TargetInfo, Unit};
use socval::{Decimal, Scenario};

use super::registry;
use crate::format;
use crate::format::parse_decimal;

/// The distributions a range can have, with the names the page gives them.
pub const DISTRIBUTIONS: [(Distribution, &str); 4] = [
    (Distribution::Fixed, "Fixed (tornado only)"),
    (Distribution::Uniform, "Uniform"),
    (Distribution::Triangular, "Triangular"),
    (Distribution::Pert, "PERT"),
];

pub(super) fn parse_distribution(raw: &str) -> Result<Distribution, String> {
    Distribution::parse(raw).ok_or_else(|| {
        let names: Vec<&str> = Distribution::ALL.iter().map(|d| d.key()).collect();
        format!("{raw:?} is not a distribution ({})", names.join(", "))
    })
}

/// The unit a range's ends are typed in, from the core's target language (shares and rates
/// as percentages).
pub fn range_unit(target: &str) -> Unit {
    RangeTarget::parse(target).map(|t| t.unit()).unwrap_or(Unit::Count)
}

/// Whether a target is a proxy value (`wellbeing.<row>`, `unit_costs.<row>`), whose range
/// defaults to the table's low and high.
pub fn is_proxy(target: &str) -> bool {
    matches!(RangeTarget::parse(target), Ok(RangeTarget::Proxy { .. }))
}

/// A range end as the page shows it (shares as percentages).
pub fn range_shown(unit: Unit, v: Decimal) -> String {
    if unit.is_percent() {
        format::percent(v)
    } else {
        format::plain(v)
    }
}

/// Reads a range end typed in the target's units. The core checks the value itself (a share
/// in 0–1, a duration in years, low ≤ central ≤ high) and names the field when it is wrong.
pub(super) fn parse_range_value(target: &str, raw: &str) -> Result<Decimal, String> {
    if range_unit(target).is_percent() {
        Ok(parse_decimal(raw.trim().trim_end_matches('%'))? / Decimal::ONE_HUNDRED)
    } else {
        parse_decimal(raw)
    }
}

/// The core's label, unit, current value and items of a target.
pub fn describe(s: &Scenario, records: Option<&Records>, target: &str) -> Option<TargetInfo> {
    uncertainty::describe(s, records, registry(), target).ok()
}

/// Every target of the scenario the core accepts a range on and that carries no range yet.
pub fn range_targets(s: &Scenario, records: Option<&Records>) -> Vec<TargetInfo> {
    uncertainty::targets(s, records, registry())
        .into_iter()
        .filter(|t| t.ranged.is_none())
        .collect()
}

/// A range to start from for a target: the core's proposal (the table's low and high for a
/// proxy that has them, otherwise ±50 % around the current value, within the target's domain).
pub(super) fn proposed_range(s: &Scenario, records: Option<&Records>, target: &str) -> Result<RangeSpec, String> {
    let t = uncertainty::describe(s, records, registry(), target).map_err(|e| e.to_string())?;
    Ok(RangeSpec {
        target: target.to_string(),
        low: Some(t.proposed.0),
        high: Some(t.proposed.1),
        distribution: Distribution::default(),
        note: String::new(),
    })
}

/// What is wrong with the scenario's ranges, as the core says it, all at once: by row, and for
/// the `[uncertainty]` settings (and the tables' ranges).
pub(super) fn range_problems(s: &Scenario, records: Option<&Records>) -> (Vec<Option<String>>, Option<String>) {
    let mut rows: Vec<Option<String>> = vec![None; s.ranges.len()];
    let mut general: Option<String> = None;
    for e in uncertainty::check_ranges(s, records, registry()) {
        match e.index.and_then(|i| rows.get_mut(i)) {
            Some(slot) => {
                slot.get_or_insert_with(|| e.to_string());
            }
            None => {
                general.get_or_insert_with(|| e.to_string());
            }
        }
    }
    (rows, general)
}
