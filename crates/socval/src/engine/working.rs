//! The working's text: money and percentages as the working writes them.

use rust_decimal::Decimal;

pub(crate) use crate::valuation::format_gbp as money;

/// A share as a percentage without trailing zeros: `0.2` → `20%`.
pub(crate) use crate::money::format_percent as pct;

/// One year of an item: `£1,560.00 × rebase 1.128914 × 18 × (1 − 20% deadweight) × … ÷ 1.035^2`;
/// an avoided cost counted in units per event shows both: `× 8.75 × 3 legally aided parties per set`.
/// The line's penny figure is added once the lines are rounded ([`line_total`]).
pub(crate) fn item(
    unit_value: Decimal,
    rebase: Decimal,
    uprating: Option<Decimal>,
    (quantity, per_event): (Decimal, Option<(Decimal, &str)>),
    [deadweight, attribution, displacement]: [Decimal; 3],
    (years_on, drop_off): (u32, Decimal),
    divisor: &str,
) -> String {
    let mut w = format!("{} × rebase {}", money(unit_value), rebase.round_dp(6).normalize());
    if let Some(u) = uprating {
        w.push_str(&format!(" × GDP per head uprating {}", u.round_dp(6).normalize()));
    }
    w.push_str(&format!(" × {}", quantity.normalize()));
    if let Some((units, what)) = per_event {
        w.push_str(&format!(" × {} {what}", units.normalize()));
    }
    for (name, v) in [
        ("deadweight", deadweight),
        ("attribution", attribution),
        ("displacement", displacement),
    ] {
        if !v.is_zero() {
            w.push_str(&format!(" × (1 − {} {name})", pct(v)));
        }
    }
    if years_on > 0 && !drop_off.is_zero() {
        w.push_str(&format!(" × (1 − {} drop-off)^{years_on}", pct(drop_off)));
    }
    if !divisor.is_empty() {
        w.push_str(&format!(" ÷ {divisor}"));
    }
    w
}

/// The optimism-bias line under one year's value.
pub(crate) fn optimism_bias(grade: u8, haircut: Decimal, amount: Decimal) -> String {
    format!(
        "optimism bias for confidence grade {grade}: −{} × {} (line above, exact {})",
        pct(haircut),
        money(amount),
        amount.normalize()
    )
}

/// A programme cost: `£20,000.00 × rebase 1.025 (paid up front, year 0: not discounted)`.
pub(crate) fn cost(amount: Decimal, rebase: Decimal, year: u32, divisor: &str) -> String {
    let mut w = format!("{} × rebase {}", money(amount), rebase.round_dp(6).normalize());
    if divisor.is_empty() {
        w.push_str(if year == 0 {
            " (paid up front, year 0: not discounted)"
        } else {
            " (year 1 under the Green Book convention: not discounted)"
        });
    } else {
        w.push_str(&format!(" ÷ {divisor}"));
    }
    w
}

/// Ends a line's text with its penny figure, saying so where the rounding moved a penny.
pub(crate) fn line_total(working: &mut String, exact: Decimal, rounded: Decimal) {
    working.push_str(&format!(" = {}", money(rounded)));
    if rounded != crate::valuation::to_penny(exact) {
        working.push_str(&format!(
            " (exact {}; a penny moved here so the lines add up to the total)",
            exact.normalize()
        ));
    }
}
