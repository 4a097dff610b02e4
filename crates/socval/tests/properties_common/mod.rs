//! The scenarios the property tests draw (`properties.rs`, `properties_fuzz.rs`): raw outcomes,
//! avoided costs and costs over the embedded tables, built into a valid `Scenario`.
#![allow(dead_code)] // each test crate uses some of them

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use socval::adjust::Adjustments;
use socval::scenario::DiscountConvention;
use socval::tables::Recurrence;
use socval::tables::{AgeBand, Region};
use socval::{Decimal, Registry, Scenario};
use std::collections::BTreeMap;

/// Wellbeing rows, at most one of each exclusive group, so any mix of them is a valid claim.
pub const OUTCOME_ROWS: &[&str] = &[
    "relief-depression-anxiety",
    "not-lonely",
    "employment",
    "rely-on-family",
    "secure-housing",
    "financial-comfort",
    "good-overall-health",
    "improved-parenting",
];

pub fn unit_cost_rows() -> Vec<(String, bool)> {
    Registry::embedded()
        .get("unit-costs-open@1.0.0")
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.id.clone(), r.recurrence == Some(Recurrence::PerYear)))
        .collect()
}

/// A share in [0, 1], to three places.
pub fn share() -> impl Strategy<Value = Decimal> {
    (0i64..=1000).prop_map(|n| Decimal::new(n, 3))
}

#[allow(clippy::needless_update)] // fields added to Adjustments later take their defaults
pub fn adjustments(max_duration: u32) -> impl Strategy<Value = Adjustments> {
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
pub struct RawOutcome {
    pub row: Index,
    pub by_rate: bool,
    pub share: Decimal,
    pub age: AgeBand,
    pub region: Option<Region>,
    pub start: Option<u32>,
    pub net: bool,
    pub adj: Adjustments,
}

pub fn raw_outcome() -> impl Strategy<Value = RawOutcome> {
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
pub enum Events {
    Count(Decimal),
    Rates(Decimal, Decimal),
}

#[derive(Debug, Clone)]
pub struct RawAvoided {
    pub row: Index,
    pub events: Events,
    pub year: Option<u32>,
    pub adj: Adjustments,
}

pub fn raw_avoided() -> impl Strategy<Value = RawAvoided> {
    let events = prop_oneof![
        (0i64..=5000).prop_map(|n| Events::Count(Decimal::new(n, 2))),
        (share(), share()).prop_map(|(a, b)| Events::Rates(a.max(b), a.min(b))),
    ];
    (any::<Index>(), events, proptest::option::of(1u32..=4), adjustments(10))
        .prop_map(|(row, events, year, adj)| RawAvoided { row, events, year, adj })
}

#[derive(Debug, Clone)]
pub struct RawScenario {
    pub families: u32,
    pub people_per_family: Option<Decimal>,
    pub price_year: i32,
    pub discount_rate: Option<Decimal>,
    pub convention: DiscountConvention,
    pub region: Region,
    pub combined: bool,
    pub optimism: Vec<(u8, Decimal)>,
    pub unit_costs: &'static str,
    pub defaults: Adjustments,
    pub costs: Vec<(Decimal, Option<u32>, Option<i32>)>,
    pub outcomes: Vec<RawOutcome>,
    pub avoided: Vec<RawAvoided>,
}

pub fn raw_scenario() -> impl Strategy<Value = RawScenario> {
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
    pub fn build(&self) -> Scenario {
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
