//! Display formats of the page's fields. Money is the core's (`socval::money::format_gbp`: to the penny,
//! half away from zero), so the page and the CLI print the same figure.

use socval::Decimal;

pub use socval::money::format_gbp as money;

/// A share (0–1) as a percentage without trailing zeros: `0.125` → `12.5` (the core's).
pub use socval::money::percent_text as percent;

/// A number as a person types it (`1,234.5`, `£1,234.50`): commas and the pound sign dropped,
/// then read exactly. Shared by the editor's fields and the ranges' ends.
pub fn parse_decimal(raw: &str) -> Result<Decimal, String> {
    let t = raw.trim().replace([',', '£'], "");
    if t.parse::<Decimal>().is_err() {
        return Err(format!("{raw:?} is not a number"));
    }
    // Exactly as typed: a digit separator, or more digits than the core holds, is refused.
    socval::exact::parse_exact(&t)
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
