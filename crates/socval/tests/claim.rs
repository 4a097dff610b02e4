//! Testing a claim ("£103k per family"): for each key assumption alone, the value it would need
//! for the figure to reach the claim, beside the value in force; the needed values, fed back into
//! the scenario at full precision, reproduce the claimed figure to the penny.

use socval::adjust::Adjustment;
use socval::money::to_penny;
use socval::tables::{ProxyTable, TableKind};
use socval::uncertainty::{Claim, ClaimFigure, ClaimTest, Need, NeedKind, claim};
use socval::{Decimal, Figures, Registry, Scenario, evaluate};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn council() -> (Scenario, Registry) {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("council-costs.toml", &fixture("council-costs.toml"))
        .unwrap();
    let s = Scenario::from_toml_str("council.toml", &fixture("council.toml")).unwrap();
    (s, reg)
}

fn need<'a>(t: &'a ClaimTest, target: &str) -> &'a Need {
    t.needs.iter().find(|n| n.target == target).unwrap_or_else(|| {
        panic!(
            "no need for {target}: {:#?}",
            t.needs.iter().map(|n| &n.target).collect::<Vec<_>>()
        )
    })
}

fn figure(c: &Claim, f: &Figures) -> Decimal {
    match (c.figure, c.per_family) {
        (ClaimFigure::SocialValue, false) => f.social_value,
        (ClaimFigure::SocialValue, true) => f.social_value_per_family,
        (ClaimFigure::FiscalSavings, false) => f.fiscal_savings,
        (ClaimFigure::FiscalSavings, true) => f.fiscal_savings_per_family,
        (ClaimFigure::Combined, false) => f.combined.unwrap(),
        (ClaimFigure::Combined, true) => f.combined_per_family.unwrap(),
    }
}

/// The scenario (and registry) with one assumption set to `v`, written where a user would write it:
/// the item's or the default's field, or, for a proxy, a table of one's own overlaying the
/// scenario's table with that row at `v`.
fn with_value(s: &Scenario, reg: &Registry, target: &str, v: Decimal) -> (Scenario, Registry) {
    let mut s = s.clone();
    let mut reg = reg.clone();
    let parts: Vec<&str> = target.split('.').collect();
    let set_adj = |a: &mut socval::adjust::Adjustments, key: &str| {
        Adjustment::parse(key).unwrap().set(a, Some(v));
    };
    match parts.as_slice() {
        ["outcomes", id, field] => {
            let o = s.outcomes.iter_mut().find(|o| o.id == *id).unwrap();
            match *field {
                "people" => o.people = Some(v),
                "rate" => o.rate = Some(v),
                k => set_adj(&mut o.adjustments, k),
            }
        }
        ["avoided", id, field] => {
            let a = s.avoided.iter_mut().find(|a| a.id == *id).unwrap();
            match *field {
                "count" => a.count = Some(v),
                "counterfactual_rate" => a.counterfactual_rate = Some(v),
                "units_per_event" => a.units_per_event = Some(v),
                k => set_adj(&mut a.adjustments, k),
            }
        }
        ["defaults", k] => set_adj(&mut s.defaults, k),
        ["discount_rate"] => s.discount_rate = Some(v),
        ["wellbeing_discount_rate"] => s.wellbeing_discount_rate = Some(v),
        [table @ ("wellbeing" | "unit_costs"), row] => {
            let reference = if *table == "wellbeing" {
                s.tables.wellbeing.clone()
            } else {
                s.tables.unit_costs.clone()
            };
            let base = reg.get(&reference).unwrap().clone();
            // Over the scenario's table, or, where that is an overlay, over its base with the
            // overlay's own rows kept.
            let (under, own): (String, Vec<socval::tables::Row>) = match &base.overlay {
                Some(o) => (
                    o.base.clone(),
                    base.rows
                        .iter()
                        .filter(|r| o.own.contains(&r.id) && r.id != *row)
                        .cloned()
                        .collect(),
                ),
                None => (reference.clone(), Vec::new()),
            };
            let mut mine: ProxyTable = base.clone();
            mine.id = "claim-check".into();
            mine.version = "1".into();
            mine.overlays = Some(under);
            mine.overlay = None;
            mine.rows = own;
            mine.rows.extend(base.rows.iter().filter(|r| r.id == *row).map(|r| {
                let mut r = r.clone();
                r.value = v;
                r.low = None;
                r.high = None;
                r.derived = None;
                r.status = r.status.map(|_| socval::tables::EvidenceStatus::Assumption);
                r
            }));
            assert_eq!(mine.kind == TableKind::Wellbeing, *table == "wellbeing");
            reg.add("claim-check", mine).unwrap();
            if *table == "wellbeing" {
                s.tables.wellbeing = "claim-check@1".into();
            } else {
                s.tables.unit_costs = "claim-check@1".into();
            }
        }
        _ => panic!("unexpected target {target}"),
    }
    (s, reg)
}

/// Every needed value the claim test finds within the allowed values, written back into the
/// scenario at full precision, gives the claimed figure to the penny (a whole number of years, the
/// first to reach the claim, gives at least the claim and one year fewer does not).
fn check_feedback(s: &Scenario, reg: &Registry, c: &Claim) -> usize {
    let t = claim(s, None, reg, c).unwrap();
    let mut exact = 0;
    for n in &t.needs {
        let NeedKind::At { value, exact: hit } = n.kind else {
            assert!(n.text.starts_with("No allowed value"), "{}", n.text);
            continue;
        };
        let (s2, reg2) = with_value(s, reg, &n.target, value);
        let mut s2 = s2;
        s2.combined_total |= c.figure == ClaimFigure::Combined;
        let v = evaluate(&s2, None, &reg2).unwrap();
        let shown = to_penny(figure(c, &v.totals));
        if hit {
            assert_eq!(shown, to_penny(c.amount), "{} at {value}: {}", n.target, n.text);
            exact += 1;
        } else {
            assert!(n.unit == socval::uncertainty::Unit::Years, "{}", n.text);
            let rising = shown >= to_penny(c.amount);
            let (s3, reg3) = with_value(s, reg, &n.target, value - Decimal::ONE);
            let mut s3 = s3;
            s3.combined_total |= c.figure == ClaimFigure::Combined;
            let before = to_penny(figure(c, &evaluate(&s3, None, &reg3).unwrap().totals));
            assert!(
                (rising && before < to_penny(c.amount)) || (!rising && before > to_penny(c.amount)),
                "{}: {value} years gives {shown}, one fewer {before}",
                n.target
            );
        }
    }
    exact
}

/// Golden, on `tests/fixtures/council.toml` (fiscal savings £110,675.0744655… on the council's two
/// rows over the open table; see `tests/overlay.rs` for its working): a claim of £150,000.00.
///
/// - Count of proceedings-la: 28,000 n + 10,400 + 44,275.0744655959745… = 150,000, so
///   n = 95,324.9255344040254799… ÷ 28,000 = 3.4044616262287… sets (0.1702 per family), against 2.
/// - The council's own unit cost of a set (2 sets): u = 95,324.9255344040254799… ÷ 2 =
///   £47,662.4627672020…, against £28,000.00 in council-costs@1.0.0.
/// - Foster care lasting longer: year 2 adds 44,275.0744655… ÷ 1.035 (Green Book standard
///   schedule), so 2 years give 66,400 + 87,052.9241908… = £153,452.92, the first whole number of
///   years at or above the claim (1 year gives £110,675.07).
#[test]
fn a_claim_on_the_council_fixture_worked_by_hand() {
    let (s, reg) = council();
    let c = Claim {
        figure: ClaimFigure::FiscalSavings,
        amount: d("150000"),
        per_family: false,
    };
    let t = claim(&s, None, &reg, &c).unwrap();
    assert_eq!(t.figure_shown, d("110675.07"));
    assert_eq!(
        t.text,
        "A claim of £150,000.00 of fiscal savings (present value, 2024 prices), against £110,675.07 in force"
    );
    let n = need(&t, "avoided.proceedings-la.count");
    let v = n.value().unwrap();
    assert_eq!(v.round_dp(12), d("3.404461626229"));
    assert_eq!(n.central, d("2"));
    assert_eq!(n.source, "as the scenario states");
    assert_eq!(
        n.text,
        "Reaching £150,000.00 of fiscal savings needs the count of “Care proceedings: the council's social work and legal costs” avoided of 3.4 (unit: set of proceedings, 0.1702 per family), against 2 (unit: set of proceedings, 0.1 per family) in force (as the scenario states)"
    );
    let u = need(&t, "unit_costs.care-proceedings-la");
    assert_eq!(u.value().unwrap().round_dp(8), d("47662.46276720"));
    assert_eq!(u.central, d("28000.00"));
    assert_eq!(
        u.source,
        "council-costs@1.0.0 row care-proceedings-la, A council (test fixture) 2025"
    );
    // A row the council does not give is the open table's.
    let f = need(&t, "unit_costs.foster-care-la");
    assert!(
        f.source.starts_with("unit-costs-open@2.0.0 row foster-care-la"),
        "{}",
        f.source
    );
    let y = need(&t, "avoided.foster.duration");
    assert_eq!(
        y.kind,
        NeedKind::At {
            value: d("2"),
            exact: false
        }
    );
    assert!(y.text.contains("(the figure is then £153,452.92)"), "{}", y.text);
    assert_eq!(
        check_feedback(&s, &reg, &c),
        t.needs
            .iter()
            .filter(|n| matches!(n.kind, NeedKind::At { exact: true, .. }))
            .count()
    );
}

#[test]
fn where_no_allowed_share_reaches_the_claim_it_says_so() {
    let s = socval::template("step-together").unwrap().scenario().unwrap();
    let c = Claim {
        figure: ClaimFigure::SocialValue,
        amount: d("103000"),
        per_family: true,
    };
    let t = claim(&s, None, Registry::embedded(), &c).unwrap();
    let id = &s.outcomes[0].id;
    let n = need(&t, &format!("outcomes.{id}.rate"));
    let NeedKind::Unreachable { limit, needed, .. } = n.kind else {
        panic!("{}", n.text)
    };
    // Employment and training are one exclusive group, training at 10 %: employment can reach at
    // most 90 % of the cohort's people before some person would be claimed twice.
    assert_eq!(limit, d("0.9"));
    assert!(needed.unwrap() > Decimal::ONE, "a share above 100 %: {}", n.text);
    assert!(
        n.text.starts_with("No allowed value of the share of people achieving"),
        "{}",
        n.text
    );
    assert!(n.text.contains("at 90 % (the most allowed)"), "{}", n.text);
    // The proxies reach it, at a value each.
    assert!(
        t.needs
            .iter()
            .any(|n| n.target.starts_with("wellbeing.") && n.value().is_some())
    );
    // Reachable ones come first.
    let first_unreachable = t.needs.iter().position(|n| n.value().is_none()).unwrap();
    assert!(t.needs[first_unreachable..].iter().all(|n| n.value().is_none()));
}

#[test]
fn needed_values_fed_back_into_the_scenario_reproduce_the_claim_to_the_penny() {
    let (s, reg) = council();
    let mut cases: Vec<(Scenario, Registry)> = vec![(s, reg)];
    for t in socval::templates() {
        let s = t.scenario().unwrap();
        if s.records.is_some() {
            continue;
        }
        cases.push((s, Registry::embedded().clone()));
    }
    let mut checked = 0;
    for (s, reg) in &cases {
        let v = evaluate(s, None, reg).unwrap();
        for (fig, per_family) in [
            (ClaimFigure::SocialValue, false),
            (ClaimFigure::SocialValue, true),
            (ClaimFigure::FiscalSavings, false),
            (ClaimFigure::FiscalSavings, true),
            (ClaimFigure::Combined, true),
        ] {
            let mut s2 = s.clone();
            s2.combined_total = true;
            let now = figure(
                &Claim {
                    figure: fig,
                    amount: Decimal::ONE,
                    per_family,
                },
                &evaluate(&s2, None, reg).unwrap().totals,
            );
            if now.is_zero() {
                continue;
            }
            // Claims above and below the figure in force, with pennies.
            for factor in ["1.37", "0.61"] {
                let c = Claim {
                    figure: fig,
                    amount: to_penny(now * d(factor)) + d("0.01"),
                    per_family,
                };
                checked += check_feedback(s, reg, &c);
            }
        }
        assert!(!v.lines.is_empty());
    }
    assert!(checked > 50, "only {checked} needed values were checked");
}

#[test]
fn a_claim_is_a_positive_amount() {
    let (s, reg) = council();
    let e = claim(
        &s,
        None,
        &reg,
        &Claim {
            figure: ClaimFigure::SocialValue,
            amount: Decimal::ZERO,
            per_family: false,
        },
    )
    .unwrap_err();
    assert_eq!(e.place().field, "amount");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..proptest::prelude::ProptestConfig::default() })]

    /// Any claim, of any figure, in total or per family, from a penny to ten million pounds: every
    /// value the claim test finds within the allowed values, fed back into the council fixture at
    /// full precision, gives the claimed figure to the penny.
    #[test]
    fn any_claim_is_reproduced_to_the_penny(pennies in 1i64..1_000_000_000, figure in 0usize..3, per_family: bool) {
        let (_, reg) = council();
        // A wellbeing outcome too, so that social value and the combined figure move.
        let text = fixture("council.toml") + "\n[[outcomes]]\nid = \"confidence\"\nproxy = \"high-confidence\"\npeople = \"6\"\ndeadweight = \"0.2\"\n";
        let s = Scenario::from_toml_str("council.toml", &text).unwrap();
        let c = Claim {
            figure: [ClaimFigure::SocialValue, ClaimFigure::FiscalSavings, ClaimFigure::Combined][figure],
            amount: Decimal::new(pennies, 2),
            per_family,
        };
        check_feedback(&s, &reg, &c);
    }
}
