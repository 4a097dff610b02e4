//! Property tests of the engine (issue 2, "Tests and figures"):
//!
//! - (a) the working adds up: each section's lines sum exactly to its total, their penny-rounded
//!   amounts sum exactly to the displayed total, and the displayed total is the exact one rounded;
//! - (b) raising any one adjustment never raises social value or fiscal savings;
//! - (c) more families (with rates) never lowers them;
//! - (d) rebasing to the same year is the identity;
//! - (e) arbitrary or mutated input to the parsers and the engine never panics
//!   (`properties_fuzz.rs`);
//! - (f) `allocate_pennies` keeps the total to the penny and each line within a penny.
//!
//! Case counts are modest so the suite runs in seconds in a debug build.

mod properties_common;

use properties_common::raw_scenario;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use socval::money::{allocate_pennies, to_penny, to_ratio};
use socval::{Decimal, Registry, Scenario, Section, Valuation, evaluate, evaluate_totals};

fn value(s: &Scenario) -> Result<Valuation, TestCaseError> {
    evaluate(s, None, Registry::embedded()).map_err(|e| TestCaseError::fail(format!("valid scenario refused: {e}")))
}

/// Whether `sum`, a sum of exact figures in another order, is `total` at Decimal's precision:
/// every figure is kept at Decimal's full precision (28 significant digits), so sums taken in
/// different orders may differ in their last digits, never by more than 10⁻²⁰ of the total.
fn same_sum(sum: Decimal, total: Decimal) -> bool {
    (sum - total).abs() <= total.abs().max(Decimal::ONE) * Decimal::new(1, 20)
}

/// (a) Each section's lines add up (exact, at Decimal's precision; rounded, exactly); the
/// by-agency, by-year and by-item breakdowns add up to the same totals.
fn check_sums(v: &Valuation) -> Result<(), TestCaseError> {
    for (section, exact, shown) in [
        (Section::SocialValue, v.totals.social_value, v.display.social_value),
        (
            Section::FiscalSavings,
            v.totals.fiscal_savings,
            v.display.fiscal_savings,
        ),
        (
            Section::ProgrammeCost,
            v.totals.programme_cost,
            v.display.programme_cost,
        ),
    ] {
        let amounts: Decimal = v.section_lines(section).map(|l| l.amount).sum();
        let rounded: Decimal = v.section_lines(section).map(|l| l.rounded).sum();
        prop_assert!(
            same_sum(amounts, exact),
            "{:?} lines {} vs total {}",
            section,
            amounts,
            exact
        );
        prop_assert_eq!(rounded, shown, "{:?} rounded lines vs displayed total", section);
        prop_assert_eq!(shown, to_penny(exact), "{:?} displayed total vs exact total", section);
        for l in v.section_lines(section) {
            prop_assert!(
                (l.rounded - l.amount).abs() <= Decimal::new(1, 2),
                "line {} rounded too far",
                l.n
            );
            prop_assert_eq!(l.rounded, l.rounded.round_dp(2));
        }
        let by_item: Decimal = v.items.iter().filter(|i| i.section == section).map(|i| i.amount).sum();
        prop_assert!(same_sum(by_item, exact), "{} vs {}", by_item, exact);
    }
    let by_agency: Decimal = v.by_agency.iter().map(|a| a.amount).sum();
    prop_assert!(same_sum(by_agency, v.totals.fiscal_savings));
    let by_agency_rounded: Decimal = v.by_agency.iter().map(|a| a.rounded).sum();
    prop_assert_eq!(by_agency_rounded, v.display.fiscal_savings);
    let cashable: Decimal = v.by_agency.iter().map(|a| a.cashable).sum();
    prop_assert!(same_sum(cashable, v.totals.cashable_savings));
    let by_year: Decimal = v.by_year.iter().map(|y| y.social_value).sum();
    prop_assert!(same_sum(by_year, v.totals.social_value));
    let by_year: Decimal = v.by_year.iter().map(|y| y.fiscal_savings).sum();
    prop_assert!(same_sum(by_year, v.totals.fiscal_savings));
    let by_year: Decimal = v.by_year.iter().map(|y| y.programme_cost).sum();
    prop_assert!(same_sum(by_year, v.totals.programme_cost));
    if let Some(c) = v.totals.combined {
        prop_assert!(same_sum(c, v.totals.social_value + v.totals.fiscal_savings));
    }
    check_printed_parts(v)?;
    prop_assert!(v.totals.social_value >= Decimal::ZERO);
    prop_assert!(v.totals.fiscal_savings >= Decimal::ZERO);
    Ok(())
}

/// (a') Every printed figure is its exact figure rounded once, and every table of parts that is
/// printed adds up to the printed total: lines, items, years (each column), agencies (with their
/// cashable column) and a comparison's items.
fn check_printed_parts(v: &Valuation) -> Result<(), TestCaseError> {
    let (t, d) = (&v.totals, &v.display);
    for (name, exact, shown) in [
        ("social", t.social_value, d.social_value),
        ("fiscal", t.fiscal_savings, d.fiscal_savings),
        ("cashable", t.cashable_savings, d.cashable_savings),
        ("cost", t.programme_cost, d.programme_cost),
        (
            "social per family",
            t.social_value_per_family,
            d.social_value_per_family,
        ),
        (
            "fiscal per family",
            t.fiscal_savings_per_family,
            d.fiscal_savings_per_family,
        ),
        ("cost per family", t.cost_per_family, d.cost_per_family),
        ("npv social", t.npv_social, d.npv_social),
        ("npv fiscal", t.npv_fiscal, d.npv_fiscal),
    ] {
        prop_assert_eq!(shown, to_penny(exact), "{} is not its exact figure rounded once", name);
    }
    prop_assert_eq!(d.combined, t.combined.map(to_penny));
    prop_assert_eq!(d.combined_per_family, t.combined_per_family.map(to_penny));
    prop_assert_eq!(d.npv_combined, t.npv_combined.map(to_penny));
    prop_assert_eq!(d.sroi_social, t.sroi_social.map(to_ratio));
    prop_assert_eq!(d.sroi_fiscal, t.sroi_fiscal.map(to_ratio));
    prop_assert_eq!(d.sroi_combined, t.sroi_combined.map(to_ratio));
    // The note appears exactly where a side-by-side sum misses by a penny.
    let misses = d.combined.is_some_and(|c| d.social_value + d.fiscal_savings != c)
        || d.npv_combined
            .zip(d.combined)
            .is_some_and(|(n, c)| c - d.programme_cost != n)
        || d.social_value - d.programme_cost != d.npv_social
        || d.fiscal_savings - d.programme_cost != d.npv_fiscal;
    prop_assert_eq!(v.rounding_note().is_some(), misses);
    for (section, shown) in [
        (Section::SocialValue, d.social_value),
        (Section::FiscalSavings, d.fiscal_savings),
        (Section::ProgrammeCost, d.programme_cost),
    ] {
        let items: Decimal = v.items.iter().filter(|i| i.section == section).map(|i| i.rounded).sum();
        prop_assert_eq!(items, shown, "{:?} rounded items vs printed total", section);
        for i in v.items.iter().filter(|i| i.section == section) {
            prop_assert!(
                (i.rounded - i.amount).abs() < Decimal::new(2, 2),
                "item {} rounded too far",
                i.item
            );
        }
    }
    let cash_lines: Decimal = v
        .lines
        .iter()
        .filter(|l| l.cashable == Some(true))
        .map(|l| l.rounded)
        .sum();
    prop_assert_eq!(
        cash_lines,
        d.cashable_savings,
        "cashable lines vs printed cashable savings"
    );
    let sum = |f: fn(&socval::YearTotal) -> Decimal| -> Decimal { v.by_year.iter().map(f).sum() };
    prop_assert_eq!(sum(|y| y.rounded.social_value), d.social_value);
    prop_assert_eq!(sum(|y| y.rounded.fiscal_savings), d.fiscal_savings);
    prop_assert_eq!(sum(|y| y.rounded.programme_cost), d.programme_cost);
    prop_assert!(same_sum(
        sum(|y| y.fiscal_savings_undiscounted),
        v.fiscal_savings_undiscounted
    ));
    prop_assert_eq!(
        sum(|y| y.rounded.fiscal_savings_undiscounted),
        to_penny(v.fiscal_savings_undiscounted)
    );
    let agencies: Decimal = v.by_agency.iter().map(|a| a.rounded).sum();
    prop_assert_eq!(agencies, d.fiscal_savings);
    let agencies_cash: Decimal = v.by_agency.iter().map(|a| a.cashable_rounded).sum();
    prop_assert_eq!(agencies_cash, d.cashable_savings);
    for a in &v.by_agency {
        prop_assert!(a.cashable_rounded <= a.rounded.max(Decimal::ZERO) || a.rounded < Decimal::ZERO);
    }
    check_compared_parts(v)?;
    // Each line's own text ends with its printed penny figure.
    for l in &v.lines {
        let shown = socval::money::format_gbp(l.rounded);
        prop_assert!(
            l.working.contains(&format!("= {shown}")),
            "line {}'s text does not show {}: {}",
            l.n,
            shown,
            l.working
        );
    }
    Ok(())
}

/// (a'') A comparison's items, section by section, add up to each side's printed total.
fn check_compared_parts(v: &Valuation) -> Result<(), TestCaseError> {
    let c = socval::compare::compare(v, v);
    for (name, section) in [
        ("social_value", Section::SocialValue),
        ("fiscal_savings", Section::FiscalSavings),
    ] {
        let ids: Vec<&str> = v
            .items
            .iter()
            .filter(|i| i.section == section)
            .map(|i| i.item.as_str())
            .collect();
        let parts: Decimal = c
            .items
            .iter()
            .filter(|i| ids.contains(&i.name.as_str()))
            .map(|i| i.a)
            .sum();
        let total = c
            .totals
            .iter()
            .find(|x| x.name == name)
            .map(|x| x.a)
            .unwrap_or_default();
        prop_assert_eq!(parts, total, "compare items vs {}", name);
    }
    Ok(())
}

/// Which adjustment (b) raises.
#[derive(Debug, Clone, Copy)]
enum Knob {
    Deadweight,
    Attribution,
    Displacement,
    DropOff,
    Optimism,
}

/// Raises `current` towards 1 by `step` of the way (`step` in 0–1).
fn raise(current: Decimal, step: Decimal) -> Decimal {
    (current + (Decimal::ONE - current) * step)
        .round_dp(6)
        .min(Decimal::ONE)
}

/// Raises one adjustment of item `which` (outcomes first, then avoided items), or one optimism
/// haircut. Returns false when the knob does not apply (deadweight on a net-of-counterfactual item).
fn raise_knob(s: &mut Scenario, knob: Knob, which: Index, step: Decimal) -> bool {
    if let Knob::Optimism = knob {
        let grade = ["1", "2", "3"][which.index(3)].to_string();
        let h = s.optimism_bias.get(&grade).copied().unwrap_or(Decimal::ZERO);
        s.optimism_bias.insert(grade, raise(h, step));
        return true;
    }
    let n = s.outcomes.len() + s.avoided.len();
    if n == 0 {
        return false;
    }
    let i = which.index(n);
    let defaults = s.defaults.clone();
    let (adj, net) = if i < s.outcomes.len() {
        let o = &mut s.outcomes[i];
        (&mut o.adjustments, o.net_of_counterfactual == Some(true))
    } else {
        let a = &mut s.avoided[i - s.outcomes.len()];
        (&mut a.adjustments, a.counterfactual_rate.is_some())
    };
    let (slot, default) = match knob {
        Knob::Deadweight if net => return false,
        Knob::Deadweight => (&mut adj.deadweight, defaults.deadweight),
        Knob::Attribution => (&mut adj.attribution, defaults.attribution),
        Knob::Displacement => (&mut adj.displacement, defaults.displacement),
        Knob::DropOff => (&mut adj.drop_off, defaults.drop_off),
        Knob::Optimism => unreachable!(),
    };
    let current = slot.or(default).unwrap_or(Decimal::ZERO);
    *slot = Some(raise(current, step));
    true
}

fn knob() -> impl Strategy<Value = Knob> {
    prop_oneof![
        Just(Knob::Deadweight),
        Just(Knob::Attribution),
        Just(Knob::Displacement),
        Just(Knob::DropOff),
        Just(Knob::Optimism),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// (a) Valid scenarios evaluate, and the working adds up exactly.
    #[test]
    fn lines_sum_to_totals(raw in raw_scenario()) {
        let s = raw.build();
        let v = value(&s)?;
        check_sums(&v)?;
        // Per-family figures are the totals over the families, to the penny.
        let fams = Decimal::from(s.families);
        prop_assert_eq!(v.display.social_value_per_family, to_penny(v.totals.social_value / fams));
        // The same scenario through its own TOML-free JSON round trip gives the same result.
        let again = Scenario::from_json_str("round-trip.json", &s.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(value(&again)?.totals, v.totals.clone());
        // The totals-only path (the uncertainty analysis's) gives exactly the full path's totals.
        let fast = evaluate_totals(&s, None, Registry::embedded()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(fast, v.totals);
    }

    /// (b) Raising any one adjustment never raises social value or fiscal savings.
    #[test]
    fn adjustments_never_raise_value(
        raw in raw_scenario(),
        knob in knob(),
        which in any::<Index>(),
        step in (1i64..=1000).prop_map(|n| Decimal::new(n, 3)),
    ) {
        let s = raw.build();
        let before = value(&s)?;
        let mut t = s.clone();
        prop_assume!(raise_knob(&mut t, knob, which, step));
        let after = value(&t)?;
        prop_assert!(
            after.totals.social_value <= before.totals.social_value,
            "{:?}: social value rose from {} to {}", knob, before.totals.social_value, after.totals.social_value
        );
        prop_assert!(
            after.totals.fiscal_savings <= before.totals.fiscal_savings,
            "{:?}: fiscal savings rose from {} to {}", knob, before.totals.fiscal_savings, after.totals.fiscal_savings
        );
        prop_assert_eq!(after.totals.programme_cost, before.totals.programme_cost);
        check_sums(&after)?;
    }

    /// (c) More families, with outcomes and avoided events as rates, never lowers either value.
    #[test]
    fn more_families_never_lower_value(raw in raw_scenario(), extra in 1u32..=5000) {
        let mut raw = raw;
        for o in &mut raw.outcomes {
            o.by_rate = true;
        }
        let s = raw.build();
        let before = value(&s)?;
        let mut t = s.clone();
        t.families += extra;
        let after = value(&t)?;
        prop_assert!(after.totals.social_value >= before.totals.social_value);
        prop_assert!(after.totals.fiscal_savings >= before.totals.fiscal_savings);
        check_sums(&after)?;
    }

    /// (d) A row whose price year is the scenario's is not rebased: factor exactly 1, and
    /// gross = value × quantity. Valuing the wellbeing table in its own price year (2019) is
    /// therefore the table's values times the people.
    #[test]
    fn rebasing_to_the_same_year_is_the_identity(raw in raw_scenario(), same in any::<bool>()) {
        let mut raw = raw;
        if same {
            raw.price_year = 2019; // wellbeing-open's price year
        }
        let s = raw.build();
        let v = value(&s)?;
        for l in &v.lines {
            if l.price_year == s.price_year {
                prop_assert_eq!(l.rebase, Decimal::ONE, "line {}", l.n);
                if l.kind != socval::LineKind::Cost {
                    prop_assert_eq!(l.gross, l.unit_value * l.quantity, "line {}", l.n);
                } else {
                    prop_assert_eq!(l.gross, l.unit_value);
                }
            } else {
                prop_assert_ne!(l.rebase, Decimal::ONE, "line {} is rebased from {} to {}", l.n, l.price_year, s.price_year);
            }
        }
        if same {
            prop_assert!(v.section_lines(Section::SocialValue).all(|l| l.rebase == Decimal::ONE));
        }
    }

    /// (f) Pennies: the rounded amounts add up to the rounded sum; each is within a penny.
    #[test]
    fn allocate_pennies_keeps_the_total(
        amounts in proptest::collection::vec(
            (-1_000_000_000_000i64..=1_000_000_000_000, 0u32..=10).prop_map(|(m, s)| Decimal::new(m, s)),
            0..40,
        )
    ) {
        let rounded = allocate_pennies(&amounts);
        prop_assert_eq!(rounded.len(), amounts.len());
        let total: Decimal = amounts.iter().copied().sum();
        prop_assert_eq!(rounded.iter().copied().sum::<Decimal>(), to_penny(total));
        for (a, r) in amounts.iter().zip(&rounded) {
            prop_assert!((r - a).abs() < Decimal::new(1, 2), "{} rounded to {}", a, r);
            prop_assert_eq!(*r, r.round_dp(2));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (g) The evidence behind every total (issue 21).

/// Two exact sums of the same lines in different orders: equal to within Decimal's last digits
/// (a millionth of a millionth of a penny, far below the 28 significant digits' reach at any
/// total the limits allow).
fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= Decimal::new(1, 14).max(a.abs().max(b.abs()) * Decimal::new(1, 24))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// The evidence split's displayed parts add up to each displayed headline figure exactly (and
    /// the exact parts to the exact figure), whatever the scenario, with or without a named
    /// deadweight level; a minimum evidence status values exactly the parts of the full valuation
    /// at or above it, and lists an item left out for each weaker line.
    #[test]
    fn evidence_split_adds_up_to_each_headline(
        raw in raw_scenario(),
        level in proptest::option::of(any::<Index>()),
        minimum in proptest::option::of(any::<Index>()),
    ) {
        let mut s = raw.build();
        if let Some(i) = level {
            let l = &socval::levels::levels()[i.index(socval::levels::levels().len())];
            s.defaults.deadweight = None;
            s.defaults.deadweight_level = Some(l.id.to_string());
        }
        let full = value(&s)?;
        let (t, d, e) = (&full.totals, &full.display, &full.evidence);
        let shown = |p: &[socval::evidence::EvidencePart]| p.iter().map(|p| p.rounded).sum::<Decimal>();
        let exact = |p: &[socval::evidence::EvidencePart]| p.iter().map(|p| p.amount).sum::<Decimal>();
        for (name, parts, exact_total, displayed) in [
            ("social", &e.social_value, t.social_value, d.social_value),
            ("fiscal", &e.fiscal_savings, t.fiscal_savings, d.fiscal_savings),
            ("cashable", &e.cashable_savings, t.cashable_savings, d.cashable_savings),
        ] {
            prop_assert_eq!(shown(parts), displayed, "{} displayed parts", name);
            // Full precision: the parts and the total are sums of the same exact lines in another
            // order, so they may differ in Decimal's 28th significant digit, never by more.
            prop_assert!(close(exact(parts), exact_total), "{} exact parts {} against {}", name, exact(parts), exact_total);
            prop_assert_eq!(parts.len(), 4);
            for p in parts.iter() {
                prop_assert!((p.rounded - p.amount).abs() < Decimal::new(2, 2), "{} {} part rounded too far", name, p.status);
                prop_assert_eq!(p.rounded, p.rounded.round_dp(2));
            }
        }
        // Each status's fiscal part is its cashable part plus the part that is not cashable.
        for (f, c) in e.fiscal_savings.iter().zip(&e.cashable_savings) {
            prop_assert!(f.amount >= c.amount);
        }
        prop_assert_eq!(e.combined.as_deref().map(shown), d.combined);
        let combined_close = match (e.combined.as_deref().map(exact), t.combined) {
            (Some(a), Some(b)) => close(a, b),
            (a, b) => a == b,
        };
        prop_assert!(combined_close, "combined exact parts");
        if let Some(m) = minimum {
            let min = socval::tables::EvidenceStatus::ALL[m.index(4)];
            let mut s2 = s.clone();
            s2.min_evidence = Some(min);
            let v = value(&s2)?;
            let kept = |p: &[socval::evidence::EvidencePart]| {
                p.iter().filter(|p| p.status.meets(min)).map(|p| p.amount).sum::<Decimal>()
            };
            prop_assert!(close(v.totals.social_value, kept(&e.social_value)));
            prop_assert!(close(v.totals.fiscal_savings, kept(&e.fiscal_savings)));
            prop_assert!(close(v.totals.cashable_savings, kept(&e.cashable_savings)));
            prop_assert_eq!(v.totals.programme_cost, t.programme_cost);
            for l in full.lines.iter().filter(|l| l.rests_on.is_some_and(|r| !r.meets(min))) {
                prop_assert!(
                    v.left_out.iter().any(|x| x.item == l.item && Some(x.status) == l.rests_on),
                    "line {} ({}) not listed as left out", l.n, l.item
                );
            }
            prop_assert!(v.lines.iter().all(|l| l.rests_on.is_none_or(|r| r.meets(min))));
            let fast = evaluate_totals(&s2, None, Registry::embedded()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(fast, v.totals);
        }
    }
}
