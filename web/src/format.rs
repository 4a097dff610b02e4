//! Display formats: money to the penny with thousands separators, percentages, ratios.

use socval::Decimal;

/// Groups the integer part of a plain decimal string with commas.
fn group(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `£1,234.56`, negative as `−£1,234.56`: the core's formatting (rounds half away from zero to
/// the penny), so the page and the CLI print the same figure.
pub fn money(d: Decimal) -> String {
    socval::format_gbp(d)
}

/// A count or a ratio to 2 places, grouped: `1,234.50`.
pub fn number(d: Decimal) -> String {
    let s = format!("{:.2}", d.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "−"
    } else {
        ""
    };
    format!("{sign}{}.{frac}", group(int))
}

/// A share (0–1) as a percentage without trailing zeros: `0.125` → `12.5`.
pub fn percent(d: Decimal) -> String {
    (d * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// A plain decimal without trailing zeros.
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_and_signs() {
        assert_eq!(money(Decimal::new(123456789, 2)), "£1,234,567.89");
        assert_eq!(money(Decimal::new(-5, 0)), "−£5.00");
        assert_eq!(money(Decimal::ZERO), "£0.00");
        assert_eq!(percent(Decimal::new(125, 3)), "12.5");
    }
}
