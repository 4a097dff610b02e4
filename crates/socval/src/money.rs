//! Money and the other figures as printed: rounding to the penny, a ratio's or a factor's places,
//! breakdowns allocated by largest remainder so that they add up to their rounded total, and the
//! formats every face prints (pounds, ratios, percentages, break-even in words).
//!
//! A leaf: it uses nothing else of the crate but the shared sort (`sort.rs`, itself a leaf), and
//! every module and face may use it. A figure is rounded once, here, half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

/// What a ratio or a break-even reads where the scenario states no programme cost.
pub const NO_PROGRAMME_COST: &str = "n/a (no programme cost)";

/// Rounds to the penny, halves away from zero.
pub fn to_penny(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds each amount to the penny so that the rounded amounts add up exactly to the rounded sum:
/// each is first rounded down, then the missing pennies go to the largest remainders (ties to the
/// earlier line).
///
/// ```
/// use socval::money::allocate_pennies;
/// use socval::Decimal;
/// let parts = [Decimal::new(3334, 3), Decimal::new(3333, 3), Decimal::new(3333, 3)];
/// // 3.334 + 3.333 + 3.333 = 10.000: rounded each would give 3.33 × 3 = 9.99.
/// assert_eq!(allocate_pennies(&parts), vec![Decimal::new(334, 2), Decimal::new(333, 2), Decimal::new(333, 2)]);
/// ```
pub fn allocate_pennies(amounts: &[Decimal]) -> Vec<Decimal> {
    let total: Decimal = amounts.iter().copied().sum();
    allocate_to(amounts, to_penny(total))
}

/// Rounds each amount to the penny so that the rounded amounts add up exactly to `target` (a
/// figure within a penny or so of their exact sum): each is first rounded down, then pennies go to
/// the largest remainders, or, if the floors already exceed the target, come off the smallest
/// (ties to the earlier amount).
pub fn allocate_to(amounts: &[Decimal], target: Decimal) -> Vec<Decimal> {
    let floors: Vec<Decimal> = amounts
        .iter()
        .map(|a| a.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity))
        .collect();
    let floor_sum: Decimal = floors.iter().copied().sum();
    let mut missing = ((target - floor_sum) * Decimal::ONE_HUNDRED).round();
    let order = crate::sort::sorted_positions(amounts.len(), &|a, b| {
        (amounts[b] - floors[b]).cmp(&(amounts[a] - floors[a])).then(a.cmp(&b))
    });
    let mut out = floors;
    let penny = Decimal::new(1, 2);
    if amounts.is_empty() {
        return out;
    }
    // More than one penny each only when the target is far from the sum (never in the engine).
    while missing > Decimal::ZERO {
        for &i in &order {
            if missing <= Decimal::ZERO {
                break;
            }
            out[i] += penny;
            missing -= Decimal::ONE;
        }
    }
    while missing < Decimal::ZERO {
        for &i in order.iter().rev() {
            if missing >= Decimal::ZERO {
                break;
            }
            out[i] -= penny;
            missing += Decimal::ONE;
        }
    }
    out
}

/// Rounds to a ratio's 4 decimal places, halves away from zero.
pub fn to_ratio(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

/// Places a rate, factor or quantity keeps in tabular output (CSV, workbooks); the exact figure is
/// in the JSON output.
pub const FACTOR_PLACES: u32 = 6;

/// Rounds a rate, factor or quantity (a share, a discount factor, a number of people) to
/// [`FACTOR_PLACES`], half away from zero, and drops trailing zeros: for tabular output, where a
/// 28-digit figure helps no one.
///
/// ```
/// use socval::money::to_factor;
/// use socval::Decimal;
/// assert_eq!(to_factor("0.96618357487922705314009661".parse::<Decimal>().unwrap()).to_string(), "0.966184");
/// assert_eq!(to_factor("0.25".parse::<Decimal>().unwrap()).to_string(), "0.25");
/// ```
pub fn to_factor(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(FACTOR_PLACES, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Formats a value-for-money ratio as pounds per £1 of cost, the exact ratio rounded once to 2
/// places, halves away from zero.
///
/// ```
/// use socval::money::format_ratio;
/// use socval::Decimal;
/// assert_eq!(format_ratio(Decimal::new(17195267, 7)), "£1.72 per £1");
/// assert_eq!(format_ratio(Decimal::new(1125, 3)), "£1.13 per £1");
/// ```
pub fn format_ratio(r: Decimal) -> String {
    format!(
        "£{:.2} per £1",
        r.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    )
}

/// A share (0–1) as a percentage, exact, without trailing zeros and without the sign: `0.125` →
/// `12.5` (what a field of percentages shows).
///
/// ```
/// use socval::money::percent_text;
/// use socval::Decimal;
/// assert_eq!(percent_text(Decimal::new(125, 3)), "12.5");
/// ```
pub fn percent_text(share: Decimal) -> String {
    (share * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// A share (0–1) as a percentage, exact, without trailing zeros: `0.035` → `3.5%`.
///
/// ```
/// use socval::money::format_percent;
/// use socval::Decimal;
/// assert_eq!(format_percent(Decimal::new(35, 3)), "3.5%");
/// ```
pub fn format_percent(share: Decimal) -> String {
    format!("{}%", percent_text(share))
}

/// A share (0–1) as a percentage rounded once to `places` decimal places, half away from zero,
/// without trailing zeros or the sign: `0.12345`, 1 place → `12.3`.
///
/// ```
/// use socval::money::percent_rounded;
/// use socval::Decimal;
/// assert_eq!(percent_rounded(Decimal::new(12345, 5), 1), "12.3");
/// assert_eq!(percent_rounded(Decimal::new(125, 2), 0), "125");
/// ```
pub fn percent_rounded(share: Decimal, places: u32) -> String {
    (share * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// A value-for-money ratio as [`format_ratio`] prints it, or [`NO_PROGRAMME_COST`] where there is
/// no cost to divide by.
///
/// ```
/// use socval::money::format_ratio_or_na;
/// use socval::Decimal;
/// assert_eq!(format_ratio_or_na(Some(Decimal::new(2, 0))), "£2.00 per £1");
/// assert_eq!(format_ratio_or_na(None), "n/a (no programme cost)");
/// ```
pub fn format_ratio_or_na(ratio: Option<Decimal>) -> String {
    ratio.map_or_else(|| NO_PROGRAMME_COST.to_string(), format_ratio)
}

/// Break-even families in words, the same in every face: `25 families`; `n/a (no programme
/// cost)` where there is no cost to cover; `never (no value to cover the cost)` where the total is
/// zero.
///
/// ```
/// use socval::money::format_break_even;
/// use socval::Decimal;
/// assert_eq!(format_break_even(Some(Decimal::from(25)), Decimal::from(1000)), "25 families");
/// assert_eq!(format_break_even(None, Decimal::ZERO), "n/a (no programme cost)");
/// assert_eq!(format_break_even(None, Decimal::from(1000)), "never (no value to cover the cost)");
/// ```
pub fn format_break_even(families: Option<Decimal>, programme_cost: Decimal) -> String {
    match families {
        Some(n) => format!("{} families", n.normalize()),
        None if programme_cost.is_zero() => NO_PROGRAMME_COST.into(),
        None => "never (no value to cover the cost)".into(),
    }
}

/// Formats an amount as pounds to the penny with thousands separators: `£1,234.50`, `−£3.00`.
///
/// ```
/// use socval::money::format_gbp;
/// use socval::Decimal;
/// assert_eq!(format_gbp(Decimal::new(123456789, 3)), "£123,456.79");
/// ```
pub fn format_gbp(x: Decimal) -> String {
    let r = to_penny(x);
    let s = format!("{:.2}", r.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}£{grouped}.{frac}", if r < Decimal::ZERO { "−" } else { "" })
}
