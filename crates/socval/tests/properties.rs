//! Property tests of the engine (issue 2, "Tests and figures"):
//!
//! - (a) the working adds up: each section's lines sum exactly to its total, their penny-rounded
//!   amounts sum exactly to the displayed total, and the displayed total is the exact one rounded;
//! - (b) raising any one adjustment never raises social value or fiscal savings;
//! - (c) more families (with rates) never lowers them;
//! - (d) rebasing to the same year is the identity;
//! - (e) arbitrary or mutated input to the parsers and the engine never panics;
//! - (f) `allocate_pennies` keeps the total to the penny and each line within a penny.
//!
//! Case counts are modest so the suite runs in seconds in a debug build.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};
use socval::scenario::Adjustments;
use socval::tables::Recurrence;
use socval::{
    AgeBand, Decimal, DiscountConvention, ProxyTable, Records, Region, Registry, Scenario, Section, Valuation,
    allocate_pennies, evaluate, evaluate_totals, to_penny, to_ratio,
};
use std::collections::BTreeMap;

/// Wellbeing rows, at most one of each exclusive group, so any mix of them is a valid claim.
const OUTCOME_ROWS: &[&str] = &[
    "relief-depression-anxiety",
    "not-lonely",
    "employment",
    "rely-on-family",
    "secure-housing",
    "financial-comfort",
    "good-overall-health",
    "improved-parenting",
];

fn unit_cost_rows() -> Vec<(String, bool)> {
    Registry::embedded()
        .get("unit-costs-open@1.0.0")
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.id.clone(), r.recurrence == Some(Recurrence::PerYear)))
        .collect()
}

/// A share in [0, 1], to three places.
fn share() -> impl Strategy<Value = Decimal> {
    (0i64..=1000).prop_map(|n| Decimal::new(n, 3))
}

#[allow(clippy::needless_update)] // fields added to Adjustments later take their defaults
fn adjustments(max_duration: u32) -> impl Strategy<Value = Adjustments> {
    (
        proptest::option::of(share()),
        proptest::option::of(share()),
        proptest::option::of(share()),
        proptest::option::of(share()),
        proptest::option::of(1..=max_duration),
    )
        .prop_map(
            |(deadweight, attribution, displacement, drop_off, duration)| Adjustments {
                deadweight,
                attribution,
                displacement,
                drop_off,
                duration,
                ..Adjustments::default()
            },
        )
}

#[derive(Debug, Clone)]
struct RawOutcome {
    row: Index,
    by_rate: bool,
    share: Decimal,
    age: AgeBand,
    region: Option<Region>,
    start: Option<u32>,
    net: bool,
    adj: Adjustments,
}

fn raw_outcome() -> impl Strategy<Value = RawOutcome> {
    (
        any::<Index>(),
        any::<bool>(),
        share(),
        prop_oneof![Just(AgeBand::All), Just(AgeBand::Under25), Just(AgeBand::From50)],
        proptest::option::of(prop_oneof![Just(Region::London), Just(Region::OutsideLondon)]),
        proptest::option::of(1u32..=4),
        prop::bool::weighted(0.2),
        adjustments(10),
    )
        .prop_map(|(row, by_rate, share, age, region, start, net, adj)| RawOutcome {
            row,
            by_rate,
            share,
            age,
            region,
            start,
            net,
            adj,
        })
}

#[derive(Debug, Clone)]
enum Events {
    Count(Decimal),
    Rates(Decimal, Decimal),
}

#[derive(Debug, Clone)]
struct RawAvoided {
    row: Index,
    events: Events,
    year: Option<u32>,
    adj: Adjustments,
}

fn raw_avoided() -> impl Strategy<Value = RawAvoided> {
    let events = prop_oneof![
        (0i64..=5000).prop_map(|n| Events::Count(Decimal::new(n, 2))),
        (share(), share()).prop_map(|(a, b)| Events::Rates(a.max(b), a.min(b))),
    ];
    (any::<Index>(), events, proptest::option::of(1u32..=4), adjustments(10))
        .prop_map(|(row, events, year, adj)| RawAvoided { row, events, year, adj })
}

#[derive(Debug, Clone)]
struct RawScenario {
    families: u32,
    people_per_family: Option<Decimal>,
    price_year: i32,
    discount_rate: Option<Decimal>,
    convention: DiscountConvention,
    region: Region,
    combined: bool,
    optimism: Vec<(u8, Decimal)>,
    unit_costs: &'static str,
    defaults: Adjustments,
    costs: Vec<(Decimal, Option<u32>, Option<i32>)>,
    outcomes: Vec<RawOutcome>,
    avoided: Vec<RawAvoided>,
}

fn raw_scenario() -> impl Strategy<Value = RawScenario> {
    (
        (
            1u32..=5000,
            proptest::option::of(prop_oneof![
                Just(Decimal::ONE),
                Just(Decimal::new(15, 1)),
                Just(Decimal::TWO)
            ]),
            2000i32..=2024,
            proptest::option::of((0i64..=100).prop_map(|n| Decimal::new(n, 3))),
            prop_oneof![Just(DiscountConvention::Sroi), Just(DiscountConvention::GreenBook)],
            prop_oneof![Just(Region::All), Just(Region::London), Just(Region::OutsideLondon)],
            any::<bool>(),
        ),
        (
            proptest::collection::vec((1u8..=3, share()), 0..=3),
            prop_oneof![Just("unit-costs-open@1.0.0"), Just("unit-costs-open@1.1.0")],
            adjustments(10),
            proptest::collection::vec(
                (
                    (0i64..=50_000_000).prop_map(|n| Decimal::new(n, 2)),
                    proptest::option::of(0u32..=5),
                    proptest::option::of(2000i32..=2024),
                ),
                0..=3,
            ),
            proptest::collection::vec(raw_outcome(), 0..=5),
            proptest::collection::vec(raw_avoided(), 0..=4),
        ),
    )
        .prop_map(
            |(
                (families, people_per_family, price_year, discount_rate, convention, region, combined),
                (optimism, unit_costs, mut defaults, costs, outcomes, avoided),
            )| {
                // A default deadweight would fall on net-of-counterfactual items only if they
                // set one themselves; keep it, it is ignored for them.
                defaults.duration = defaults.duration.map(|d| d.min(10));
                RawScenario {
                    families,
                    people_per_family,
                    price_year,
                    discount_rate,
                    convention,
                    region,
                    combined,
                    optimism,
                    unit_costs,
                    defaults,
                    costs,
                    outcomes,
                    avoided,
                }
            },
        )
}

impl RawScenario {
    /// The scenario, built through its JSON form (so fields added to the format later take their
    /// defaults) and checked.
    fn build(&self) -> Scenario {
        let ppf = self.people_per_family.unwrap_or(Decimal::ONE);
        let cohort = Decimal::from(self.families) * ppf;
        let adj = |a: &Adjustments, drop_deadweight: bool, drop_duration: bool| {
            let mut m = serde_json::Map::new();
            let mut put = |k: &str, v: Option<Decimal>| {
                if let Some(v) = v {
                    m.insert(k.into(), json!(v.to_string()));
                }
            };
            put("deadweight", if drop_deadweight { None } else { a.deadweight });
            put("attribution", a.attribution);
            put("displacement", a.displacement);
            put("drop_off", a.drop_off);
            if let (Some(d), false) = (a.duration, drop_duration) {
                m.insert("duration".into(), json!(d));
            }
            m
        };
        let mut used = Vec::new();
        let mut outcomes = Vec::new();
        for (i, o) in self.outcomes.iter().enumerate() {
            let proxy = OUTCOME_ROWS[o.row.index(OUTCOME_ROWS.len())];
            if used.contains(&proxy) {
                continue; // one claim per row keeps exclusive groups apart
            }
            used.push(proxy);
            let mut item = adj(&o.adj, o.net, false);
            item.insert("id".into(), json!(format!("o{i}")));
            item.insert("proxy".into(), json!(proxy));
            if o.by_rate {
                item.insert("rate".into(), json!(o.share.to_string()));
            } else {
                item.insert("people".into(), json!((o.share * cohort).floor().to_string()));
            }
            item.insert("age_band".into(), serde_json::to_value(o.age).unwrap());
            if let Some(r) = o.region {
                item.insert("region".into(), serde_json::to_value(r).unwrap());
            }
            if let Some(y) = o.start {
                item.insert("start_year".into(), json!(y));
            }
            if o.net {
                item.insert("net_of_counterfactual".into(), json!(true));
            }
            outcomes.push(Value::Object(item));
        }
        let rows = unit_cost_rows();
        let avoided: Vec<Value> = self
            .avoided
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (proxy, per_year) = &rows[a.row.index(rows.len())];
                let rates = matches!(a.events, Events::Rates(..));
                // Rates are net of the counterfactual already: no deadweight on them.
                let mut item = adj(&a.adj, rates, !per_year);
                item.insert("id".into(), json!(format!("a{i}")));
                item.insert("proxy".into(), json!(proxy));
                match &a.events {
                    Events::Count(n) => {
                        item.insert("count".into(), json!(n.to_string()));
                    }
                    Events::Rates(c, o) => {
                        item.insert("counterfactual_rate".into(), json!(c.to_string()));
                        item.insert("observed_rate".into(), json!(o.to_string()));
                    }
                }
                if let Some(y) = a.year {
                    item.insert("year".into(), json!(y));
                }
                Value::Object(item)
            })
            .collect();
        let costs: Vec<Value> = self
            .costs
            .iter()
            .enumerate()
            .map(|(i, (amount, year, price_year))| {
                let mut c = json!({"label": format!("cost {i}"), "amount": amount.to_string()});
                if let Some(y) = year {
                    c["year"] = json!(y);
                }
                if let Some(y) = price_year {
                    c["price_year"] = json!(y);
                }
                c
            })
            .collect();
        let optimism: BTreeMap<String, String> = self
            .optimism
            .iter()
            .map(|(g, h)| (g.to_string(), h.to_string()))
            .collect();
        let mut s = json!({
            "name": "Generated",
            "families": self.families,
            "price_year": self.price_year,
            "discount_convention": self.convention,
            "region": self.region,
            "combined_total": self.combined,
            "optimism_bias": optimism,
            "tables": {
                "wellbeing": "wellbeing-open@1.0.0",
                "unit_costs": self.unit_costs,
                "deflators": "gdp-deflator@1.0.0",
            },
            "defaults": Value::Object(adj(&self.defaults, false, false)),
            "costs": costs,
            "outcomes": outcomes,
            "avoided": avoided,
        });
        if let Some(p) = self.people_per_family {
            s["people_per_family"] = json!(p.to_string());
        }
        if let Some(r) = self.discount_rate {
            s["discount_rate"] = json!(r.to_string());
        }
        Scenario::from_json_str("generated.json", &s.to_string()).unwrap_or_else(|e| panic!("generator made {e}"))
    }
}

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
    // A comparison's items, section by section, add up to each side's printed total.
    let c = socval::compare(v, v);
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
    // Each line's own text ends with its printed penny figure.
    for l in &v.lines {
        let shown = socval::format_gbp(l.rounded);
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
// (e) Nothing panics.

const SCENARIO: &str = r#"name = "Fuzz"
families = 50
price_year = 2021
discount_rate = "0.035"
discount_convention = "green-book"
combined_total = true

[optimism_bias]
"3" = "0.2"

[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "unit-costs-open@1.1.0"
deflators = "gdp-deflator@1.0.0"

[defaults]
attribution = "0.1"
duration = 3
drop_off = "0.25"

[[costs]]
label = "Delivery"
amount = "90000"
price_year = 2020

[[outcomes]]
id = "confidence"
proxy = "high-confidence"
rate = "0.4"
deadweight = "0.2"

[[outcomes]]
id = "relief"
proxy = "relief-depression-anxiety"
people = "12"
age_band = "25-49"

[[avoided]]
id = "proceedings"
proxy = "care-proceedings-court"
counterfactual_rate = "0.25"
observed_rate = "0.1"

[[avoided]]
id = "care"
proxy = "foster-care-la"
count = "2"
duration = 4
"#;

const TABLE: &str = r#"id = "fuzz-values"
version = "1.0.0"
kind = "wellbeing"
title = "Fuzz values"
price_year = 2021
licence = "test"

[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2021
url = "https://example.org"
licence = "test"

[[rows]]
id = "high-confidence"
label = "High confidence"
value = "13000.00"
unit = "person-year"
source = "s"
confidence = 3
exclusive_group = "mh"

[[rows]]
id = "high-confidence"
label = "High confidence, London"
value = "14000.00"
unit = "person-year"
source = "s"
region = "london"
age_band = "25-49"

[[rows]]
id = "relief-depression-anxiety"
label = "Relief"
value = "9000.00"
unit = "person-year"
source = "s"
exclusive_group = "mh"
"#;

const CSV: &str = "family_id,members,region,confidence,relief,proceedings,care
F1,mother:25-49;child:under-25,london,mother,child,1,0
F2,father:50-plus,,,father,0,1
F3,mother,outside-london,yes,,2,
";

/// Characters and tokens that make interesting TOML, JSON and CSV.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<char>().prop_map(String::from),
        "[ -~]{1,3}",
        prop::sample::select(vec![
            "\n",
            "\"",
            "=",
            "[",
            "]",
            "[[outcomes]]",
            "[[avoided]]",
            "[[rows]]",
            ",",
            ";",
            ":",
            "-",
            ".",
            "0",
            "1e9",
            "\"-1\"",
            "\"1.5\"",
            "99999999999999999999999999999",
            "79228162514264337593543950335",
            "1e400",
            "-0",
            "\u{feff}",
            "\r\n",
            "{",
            "}",
            "null",
            "true",
            "é",
            "£",
        ])
        .prop_map(String::from),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(Index, usize),
    Insert(Index, String),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    proptest::collection::vec(
        prop_oneof![
            (any::<Index>(), 1usize..=8).prop_map(|(i, n)| Edit::Delete(i, n)),
            (any::<Index>(), token()).prop_map(|(i, t)| Edit::Insert(i, t)),
        ],
        1..=6,
    )
}

/// Applies edits at character boundaries.
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match e {
            Edit::Delete(i, n) if !chars.is_empty() => {
                let at = i.index(chars.len());
                let end = (at + n).min(chars.len());
                chars.drain(at..end);
            }
            Edit::Delete(..) => {}
            Edit::Insert(i, t) => {
                let at = i.index(chars.len() + 1);
                chars.splice(at..at, t.chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// Parses and, where parsing succeeds, evaluates; only panics matter here.
fn try_everything(scenario: Option<&Scenario>, records: Option<&Records>, registry: &Registry) {
    if let Some(s) = scenario {
        let _ = evaluate(s, None, registry);
        if let Some(r) = records {
            let _ = evaluate(s, Some(r), registry);
        }
    }
}

fn user_registry(table: &str) -> Option<Registry> {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("fuzz-values.toml", table).ok()?;
    Some(reg)
}

#[test]
fn the_fuzz_fixtures_are_valid() {
    let s = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap();
    let r = Records::from_csv_str("fuzz.csv", CSV).unwrap();
    evaluate(&s, None, Registry::embedded()).unwrap();
    evaluate(&s, Some(&r), Registry::embedded()).unwrap();
    let reg = user_registry(TABLE).unwrap();
    let mut u = s.clone();
    u.tables.wellbeing = "fuzz-values@1.0.0".into();
    evaluate(&u, Some(&r), &reg).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Arbitrary text to every parser.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let s = Scenario::from_toml_str("x.toml", &text).ok();
        let j = Scenario::from_json_str("x.json", &text).ok();
        let r = Records::from_csv_str("x.csv", &text).ok();
        let _ = ProxyTable::from_toml_str("x.toml", &text);
        let _ = ProxyTable::from_json_str("x.json", &text);
        let reg = Registry::embedded();
        try_everything(s.as_ref(), r.as_ref(), reg);
        try_everything(j.as_ref(), r.as_ref(), reg);
    }

    /// Arbitrary bytes, read lossily as a face would.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Scenario::from_toml_str("x.toml", &text);
        let _ = Scenario::from_json_str("x.json", &text);
        let _ = ProxyTable::from_toml_str("x.toml", &text);
        if let Ok(r) = Records::from_csv_str("x.csv", &text) {
            let s = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap();
            let _ = evaluate(&s, Some(&r), Registry::embedded());
        }
    }

    /// A valid scenario's TOML, mutated, then evaluated (with and without records).
    #[test]
    fn mutated_scenario_toml_never_panics(e in edits()) {
        let text = mutate(SCENARIO, &e);
        let s = Scenario::from_toml_str("fuzz.toml", &text).ok();
        let r = Records::from_csv_str("fuzz.csv", CSV).ok();
        try_everything(s.as_ref(), r.as_ref(), Registry::embedded());
    }

    /// A valid scenario's JSON, mutated, then evaluated.
    #[test]
    fn mutated_scenario_json_never_panics(e in edits()) {
        let json = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap().to_json();
        let text = mutate(&json, &e);
        let s = Scenario::from_json_str("fuzz.json", &text).ok();
        try_everything(s.as_ref(), None, Registry::embedded());
    }

    /// A valid records CSV, mutated, then evaluated against the scenario.
    #[test]
    fn mutated_records_never_panic(e in edits()) {
        let text = mutate(CSV, &e);
        let s = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap();
        if let Ok(r) = Records::from_csv_str("fuzz.csv", &text) {
            let _ = evaluate(&s, Some(&r), Registry::embedded());
        }
    }

    /// A valid user table, mutated, loaded and used by the scenario.
    #[test]
    fn mutated_table_never_panics(e in edits()) {
        let text = mutate(TABLE, &e);
        let _ = ProxyTable::from_json_str("fuzz.json", &text);
        if let Some(reg) = user_registry(&text) {
            let mut s = Scenario::from_toml_str("fuzz.toml", SCENARIO).unwrap();
            s.tables.wellbeing = "fuzz-values@1.0.0".into();
            let r = Records::from_csv_str("fuzz.csv", CSV).ok();
            try_everything(Some(&s), r.as_ref(), &reg);
        }
    }

    /// Extreme numbers in every numeric field of a scenario built directly.
    #[test]
    fn extreme_numbers_never_panic(
        raw in raw_scenario(),
        big in prop::sample::select(vec![
            Decimal::MAX, Decimal::MIN, Decimal::new(1, 28), Decimal::from(u32::MAX), Decimal::from(i64::MAX),
            Decimal::ONE, Decimal::ZERO,
        ]),
        which in 0usize..8,
    ) {
        let mut s = raw.build();
        match which {
            0 => s.discount_rate = Some(big),
            1 => s.people_per_family = Some(big),
            2 => if let Some(c) = s.costs.first_mut() { c.amount = big },
            3 => if let Some(o) = s.outcomes.first_mut() { o.people = Some(big); o.rate = None },
            4 => if let Some(a) = s.avoided.first_mut() { a.count = Some(big); a.counterfactual_rate = None; a.observed_rate = None },
            5 => if let Some(o) = s.outcomes.first_mut() { o.adjustments.drop_off = Some(big) },
            6 => { s.families = u32::MAX; }
            _ => { s.defaults.duration = Some(u32::MAX); }
        }
        let _ = evaluate(&s, None, Registry::embedded());
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
            let l = &socval::levels()[i.index(socval::levels().len())];
            s.defaults.deadweight = None;
            s.defaults.deadweight_level = Some(l.id.to_string());
        }
        let full = value(&s)?;
        let (t, d, e) = (&full.totals, &full.display, &full.evidence);
        let shown = |p: &[socval::EvidencePart]| p.iter().map(|p| p.rounded).sum::<Decimal>();
        let exact = |p: &[socval::EvidencePart]| p.iter().map(|p| p.amount).sum::<Decimal>();
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
            let min = socval::EvidenceStatus::ALL[m.index(4)];
            let mut s2 = s.clone();
            s2.min_evidence = Some(min);
            let v = value(&s2)?;
            let kept = |p: &[socval::EvidencePart]| {
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
