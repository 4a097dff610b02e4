//! The method's version, and what changed between versions.

use crate::discount::Discounting;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// The version of the method (README.md "The method in one screen") that the engine implements. A valuation
/// records it; a scenario saved under an older one is told which changes move its figures.
///
/// - 1: the first method.
/// - 2: optimism bias taken year by year; programme costs in year 0 (the default) paid up front and
///   never discounted; Green Book discounting on HM Treasury's standard and health schedules;
///   WELLBY uprating by real GDP per head where a table row asks for it.
pub const METHOD_VERSION: u32 = 2;

/// The changes since the scenario's method version that move its figures, as warnings.
pub(crate) fn method_changes(scenario: &Scenario, disc: &Discounting) -> Vec<String> {
    let made = scenario.method.unwrap_or(1);
    if made >= METHOD_VERSION {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut say = |what: String| {
        out.push(format!(
            "this scenario was made under method {made}{} and its figures changed under method {METHOD_VERSION}: {what}; once you have checked them, record method = {METHOD_VERSION} in the scenario (saving it from the page does)",
            if scenario.method.is_none() {
                " (it records no method version)"
            } else {
                ""
            }
        ))
    };
    let undated: Vec<&str> = scenario
        .costs
        .iter()
        .filter(|c| c.year.is_none() && !c.amount.is_zero())
        .map(|c| c.label.as_str())
        .collect();
    if !undated.is_empty() && disc.growth(false, 1).is_some_and(|g| g != Decimal::ONE) {
        say(format!(
            "a cost that gives no year is paid up front (year 0) and not discounted, where it was discounted as year 1: {} (give year = 1 to keep the old figure)",
            undated.join(", ")
        ));
    }
    if scenario.discount_convention == crate::scenario::DiscountConvention::GreenBook {
        let health = scenario.wellbeing_discount_rate.is_none() && !scenario.outcomes.is_empty();
        let long = scenario.discount_rate.is_none()
            && scenario
                .avoided
                .iter()
                .map(|a| a.year.unwrap_or(1) + a.adjustments.duration.or(scenario.defaults.duration).unwrap_or(1))
                .chain(scenario.costs.iter().map(|c| c.year.unwrap_or(0)))
                .any(|y| y > 32);
        if health || long {
            say("Green Book discounting follows HM Treasury's schedules: wellbeing values at the health rate (1.5 % for years 0–30), other values at 3.5 % for years 0–30 and 3.0 % from year 31, where one flat rate served all (set discount_rate and wellbeing_discount_rate to keep flat rates)".into());
        }
    }
    let graded_long = !scenario.optimism_bias.is_empty()
        && scenario
            .outcomes
            .iter()
            .map(|o| &o.adjustments)
            .chain(scenario.avoided.iter().map(|a| &a.adjustments))
            .any(|a| a.duration.or(scenario.defaults.duration).unwrap_or(1) > 1);
    if graded_long {
        say("the optimism-bias haircut is taken on each year's amount in that year, so the by-year figures and undiscounted fiscal savings change (totals do not)".into());
    }
    out
}
