//! The `claim` command: reading a claimed amount, and the core's answer as text. Every statement
//! is the core's own text (`socval::uncertainty::claim`); this only reads the amount and lays the
//! answer out.

use socval::Decimal;
use socval::uncertainty::ClaimTest;
use std::fmt::Write as _;

/// A claimed amount as typed: a decimal number of pounds, optionally with `£` and thousands
/// separators (`£103,000`, `177200.50`).
pub fn amount(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let t = t.strip_prefix('£').unwrap_or(t).trim();
    let plain: String = t.chars().filter(|c| *c != ',').collect();
    if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err("a claimed figure is an amount of pounds, e.g. 103000 or £103,000.00".into());
    }
    plain
        .parse::<Decimal>()
        .map_err(|_| "a claimed figure is an amount of pounds, e.g. 103000 or £103,000.00".into())
}

/// The answer: the claim against the figure in force, then each assumption's statement, those an
/// allowed value of which reaches the claim first.
pub fn text(t: &ClaimTest) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", t.text);
    let (reach, not): (Vec<_>, Vec<_>) = t.needs.iter().partition(|n| n.value().is_some());
    if t.needs.is_empty() {
        let _ = writeln!(o, "\nNo assumption moves this figure.");
    }
    if !reach.is_empty() {
        let _ = writeln!(o, "\nEach assumption alone, the others as they are:");
        for n in reach {
            let _ = writeln!(o, "  - {}", n.text);
        }
    }
    if !not.is_empty() {
        let _ = writeln!(o, "\nAssumptions no allowed value of which reaches the claim:");
        for n in not {
            let _ = writeln!(o, "  - {}", n.text);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::amount;

    #[test]
    fn amounts_are_read_with_a_pound_sign_and_thousands_separators() {
        assert_eq!(amount("£103,000").unwrap(), "103000".parse().unwrap());
        assert_eq!(amount(" 177200.50 ").unwrap(), "177200.50".parse().unwrap());
        assert!(amount("103k").is_err());
        assert!(amount("-5").is_err());
        assert!(amount("").is_err());
    }
}
