//! The factors a run works out once for a scenario's own rates and tables (`rates_of`):
//! rebasing and WELLBY uprating by price year, discount growth, and persistence.

use super::Setup;
use super::central::{Rates, growth_of, persistence_of};
use crate::discount::Discounting;
use crate::error::Place;
use crate::scenario::Scenario;
use crate::tables::AgeBand;
use rust_decimal::Decimal;

/// Rebasing and uprating factors of every row the scenario may value, by price year (a factor
/// that cannot be worked out is left out: valuing the row then reports its error).
pub(super) fn rates_of(file: &str, scenario: &Scenario, su: &Setup<'_>) -> Rates {
    let (wellbeing, unit_costs) = (su.wellbeing, su.unit_costs);
    let (outcome_rows, avoided_rows) = (&su.outcome_rows, &su.avoided_rows);
    let mut rates = Rates::default();
    let cx = su.rebasing(file, scenario);
    let place = Place::top(file, "");
    let measured_rows = scenario.measured.iter().filter_map(|m| {
        wellbeing
            .lookup(&m.proxy, AgeBand::All, m.region.unwrap_or(scenario.region))
            .map(|r| (wellbeing, r))
    });
    let used = outcome_rows
        .iter()
        .flat_map(|t| t.iter().flatten().flatten().map(|&r| (wellbeing, r)))
        .chain(avoided_rows.iter().map(|&r| (unit_costs, r)))
        .chain(measured_rows);
    for (table, row) in used {
        let from = table.row_price_year(row);
        if from == scenario.price_year {
            continue;
        }
        if !rates.rebase.iter().any(|(y, _)| *y == from)
            && let Ok(f) = cx.rebase(&place, from)
        {
            rates.rebase.push((from, f));
        }
        if row.wellby_uprating
            && !rates.uprate.iter().any(|(y, _)| *y == from)
            && let Ok(f) = cx.uprate(&place, row, from)
        {
            rates.uprate.push((from, f));
        }
    }
    // Discount growth for the scenario's own rates, over every period an item may reach, and the
    // persistence of each drop-off the scenario gives (a draw that keeps them reads them).
    let disc = Discounting::of(scenario);
    let last_start = scenario
        .outcomes
        .iter()
        .map(|o| o.start_year.unwrap_or(1))
        .chain(scenario.avoided.iter().map(|a| a.year.unwrap_or(1)))
        .chain(scenario.measured.iter().map(|m| m.start_year.unwrap_or(1)))
        .chain(scenario.costs.iter().map(|c| c.year.unwrap_or(0)))
        .max()
        .unwrap_or(1)
        .min(MAX_PRECOMPUTED_YEAR);
    let periods = disc.periods(last_start.saturating_add(crate::scenario::MAX_DURATION));
    rates.growth = Some((
        disc,
        [growth_of(disc.standard, periods), growth_of(disc.wellbeing, periods)],
    ));
    let own = scenario
        .outcomes
        .iter()
        .map(|o| o.adjustments.drop_off)
        .chain(scenario.avoided.iter().map(|a| a.adjustments.drop_off))
        .chain(scenario.measured.iter().map(|m| m.adjustments.drop_off));
    for d in own.chain([scenario.defaults.drop_off, Some(Decimal::ZERO)]).flatten() {
        if rates.persistence.len() < MAX_PRECOMPUTED_DROP_OFFS && rates.persistence(d).is_none() {
            rates
                .persistence
                .push((d, persistence_of(d, crate::scenario::MAX_DURATION)));
        }
    }
    rates
}

/// The latest start year whose discounting a run works out in advance (later ones as they come).
const MAX_PRECOMPUTED_YEAR: u32 = 1_000;
/// The most distinct drop-offs whose persistence a run works out in advance.
const MAX_PRECOMPUTED_DROP_OFFS: usize = 64;

/// The years a series covers, as runs: `2000–2010 and 2012–2024`, so that a gap is visible.
pub(super) fn years_covered(series: &crate::tables::ProxyTable) -> String {
    let mut ys: Vec<i32> = series.years.iter().map(|y| y.year).collect();
    crate::sort::sort_stable_by(&mut ys, i32::cmp);
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for y in ys {
        match runs.last_mut() {
            Some((_, end)) if y == *end + 1 => *end = y,
            _ => runs.push((y, y)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") })
        .collect();
    match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "no years".into(),
    }
}
