//! Differences between two valuations: two scenarios, or one scenario under two table versions.

use crate::valuation::{Section, Valuation, to_penny};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a compared figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Pounds, to the penny.
    Money,
    /// A ratio (£ per £1), to 4 places.
    Ratio,
}

/// One figure in both valuations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Difference {
    /// What it measures (how to print it).
    pub measure: Measure,
    /// What the figure is (`social_value`, or an item id).
    pub name: String,
    /// Label.
    pub label: String,
    /// In the first valuation (zero when absent).
    pub a: Decimal,
    /// In the second valuation (zero when absent).
    pub b: Decimal,
    /// b − a.
    pub change: Decimal,
    /// b − a of the exact figures (for items; the same as `change` for headline figures).
    pub exact_change: Decimal,
    /// True where a penny of `a` or `b` was moved so that the items add up to their total: a
    /// change of a penny there may be rounding alone (see `exact_change`).
    pub moved: bool,
}

/// What changed between two valuations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Comparison {
    /// First valuation's scenario and tables (`id@version`).
    pub a: String,
    /// Second valuation's scenario and tables.
    pub b: String,
    /// Tables that differ: (a's `id@version`, b's `id@version`).
    pub tables_changed: Vec<(String, String)>,
    /// Headline figures, to the penny.
    pub totals: Vec<Difference>,
    /// Each item's present value, to the penny, in section order (social value, fiscal savings,
    /// programme cost); a section's items add up to its total in `totals`.
    pub items: Vec<Difference>,
}

fn describe(v: &Valuation) -> String {
    let t: Vec<String> = v.tables.iter().map(|t| format!("{}@{}", t.id, t.version)).collect();
    format!("{} [{}]", v.scenario, t.join(", "))
}

fn diff(name: &str, label: &str, a: Decimal, b: Decimal) -> Difference {
    Difference {
        measure: if name.starts_with("sroi") {
            Measure::Ratio
        } else {
            Measure::Money
        },
        name: name.into(),
        label: label.into(),
        a,
        b,
        change: b - a,
        exact_change: b - a,
        moved: false,
    }
}

/// Compares two valuations figure by figure (rounded figures, so the differences are the ones a
/// reader sees).
///
/// ```
/// use socval::compare::compare;
/// use socval::{evaluate, Registry, Scenario};
/// let s = Scenario::from_toml_str("s.toml", r#"
/// name = "A"
/// families = 5
/// price_year = 2019
/// [tables]
/// wellbeing = "wellbeing-open@1.0.0"
/// unit_costs = "unit-costs-open@1.0.0"
/// deflators = "gdp-deflator@1.0.0"
/// [[outcomes]]
/// id = "c"
/// proxy = "high-confidence"
/// people = "2"
/// "#).unwrap();
/// let mut t = s.clone();
/// t.outcomes[0].people = Some(4.into());
/// let reg = Registry::embedded();
/// let c = compare(&evaluate(&s, None, reg).unwrap(), &evaluate(&t, None, reg).unwrap());
/// let sv = c.totals.iter().find(|d| d.name == "social_value").unwrap();
/// // Twice the people, twice the value, to within a penny of rounding.
/// let two = rust_decimal::Decimal::from(2);
/// assert!((sv.b - sv.a * two).abs() <= rust_decimal::Decimal::new(1, 2));
/// ```
pub fn compare(a: &Valuation, b: &Valuation) -> Comparison {
    let mut tables_changed = Vec::new();
    for ta in &a.tables {
        if let Some(tb) = b.tables.iter().find(|t| t.role == ta.role)
            && (ta.id != tb.id || ta.version != tb.version || ta.sha256 != tb.sha256)
        {
            tables_changed.push((format!("{}@{}", ta.id, ta.version), format!("{}@{}", tb.id, tb.version)));
        }
    }
    let (da, db) = (&a.display, &b.display);
    let z = Decimal::ZERO;
    let totals = vec![
        diff("social_value", "Social value", da.social_value, db.social_value),
        diff("fiscal_savings", "Fiscal savings", da.fiscal_savings, db.fiscal_savings),
        diff(
            "cashable_savings",
            "Cashable savings",
            da.cashable_savings,
            db.cashable_savings,
        ),
        diff("programme_cost", "Programme cost", da.programme_cost, db.programme_cost),
        diff(
            "social_value_per_family",
            "Social value per family",
            da.social_value_per_family,
            db.social_value_per_family,
        ),
        diff(
            "fiscal_savings_per_family",
            "Fiscal savings per family",
            da.fiscal_savings_per_family,
            db.fiscal_savings_per_family,
        ),
        diff(
            "cost_per_family",
            "Programme cost per family",
            da.cost_per_family,
            db.cost_per_family,
        ),
        diff("npv_social", "NPV, social value", da.npv_social, db.npv_social),
        diff("npv_fiscal", "NPV, fiscal savings", da.npv_fiscal, db.npv_fiscal),
    ];
    let mut totals = totals;
    // Ratios only where a side has a programme cost: with none, a ratio is not 0 but undefined.
    if da.sroi_social.is_some() || db.sroi_social.is_some() {
        totals.push(diff(
            "sroi_social",
            "Social value per £1 of cost",
            da.sroi_social.unwrap_or(z),
            db.sroi_social.unwrap_or(z),
        ));
        totals.push(diff(
            "sroi_fiscal",
            "Fiscal savings per £1 of cost",
            da.sroi_fiscal.unwrap_or(z),
            db.sroi_fiscal.unwrap_or(z),
        ));
    }
    if da.combined.is_some() || db.combined.is_some() {
        totals.push(diff(
            "combined",
            "Combined (as the scenario asks)",
            da.combined.unwrap_or(z),
            db.combined.unwrap_or(z),
        ));
        totals.push(diff(
            "combined_per_family",
            "Combined per family",
            da.combined_per_family.unwrap_or(z),
            db.combined_per_family.unwrap_or(z),
        ));
        totals.push(diff(
            "npv_combined",
            "NPV, combined",
            da.npv_combined.unwrap_or(z),
            db.npv_combined.unwrap_or(z),
        ));
    }
    let mut names: Vec<(String, String, Section)> = Vec::new();
    for it in a.items.iter().chain(b.items.iter()) {
        if !names.iter().any(|(n, _, _)| *n == it.item) {
            names.push((it.item.clone(), it.label.clone(), it.section));
        }
    }
    // Items in section order; each valuation's items add up to its rounded section totals (their
    // pennies are allocated once, in the valuation), so each column of a section adds up too.
    crate::sort::sort_stable_by(&mut names, |a, b| a.2.cmp(&b.2));
    let items = names
        .into_iter()
        .map(|(n, label, _)| {
            let ia = a.items.iter().find(|i| i.item == n);
            let ib = b.items.iter().find(|i| i.item == n);
            let rounded = |i: Option<&crate::ItemTotal>| i.map_or(z, |i| i.rounded);
            let exact = |i: Option<&crate::ItemTotal>| i.map_or(z, |i| i.amount);
            let moved = |i: Option<&crate::ItemTotal>| i.is_some_and(|i| i.rounded != to_penny(i.amount));
            Difference {
                exact_change: exact(ib) - exact(ia),
                moved: moved(ia) || moved(ib),
                ..diff(&n, &label, rounded(ia), rounded(ib))
            }
        })
        .collect();
    Comparison {
        a: describe(a),
        b: describe(b),
        tables_changed,
        totals,
        items,
    }
}
