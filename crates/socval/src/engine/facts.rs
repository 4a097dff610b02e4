//! The facts a valuation rests on: people per outcome (by age band and region) and events per
//! avoided item, from the scenario's counts and rates or from per-family records, with the
//! exclusive-group checks. (`RecordFacts`, what both give, is `crate::records`'s.)

use crate::error::{Error, Location, Place, Result};
use crate::records::{RecordFacts, Records};
use crate::scenario::Scenario;
use crate::tables::{AgeBand, Region, Registry};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The facts of per-family records for a scenario (read as a stream: see `crate::records`).
pub(crate) fn record_facts(scenario: &Scenario, rec: &Records, registry: &Registry) -> Result<RecordFacts> {
    rec.facts(scenario, registry)
}

/// The facts of a scenario given in aggregate (counts and rates), checked against the cohort and
/// the exclusive groups.
/// `groups`: the outcomes of each exclusive group, by group name ([`exclusive_groups`]).
/// `warn`: whether to write the warnings (the working's; a Monte Carlo draw has none).
/// `room`: an earlier valuation's facts, whose room is used again (a Monte Carlo draw's
/// predecessor's: the same scenario's shape, so no allocation); what it held is replaced.
pub(crate) fn aggregate_facts(
    file: &str,
    scenario: &Scenario,
    groups: &[(&str, Vec<usize>)],
    warn: bool,
    room: Option<RecordFacts>,
) -> Result<RecordFacts> {
    let (mut people, mut events) = match room {
        Some(r) => (r.people, r.events),
        None => (Vec::new(), Vec::new()),
    };
    people.resize_with(scenario.outcomes.len(), BTreeMap::new);
    events.clear();
    events.resize(scenario.avoided.len(), Decimal::ZERO);
    let mut warnings: Vec<String> = Vec::new();
    let cohort_people = Decimal::from(scenario.families) * scenario.people_per_family();
    for (oi, o) in scenario.outcomes.iter().enumerate() {
        let loc = || Location::outcome(oi, o.id.clone());
        let n = match (o.people, o.rate) {
            (Some(n), _) => n,
            // `arith::mul` is `checked_mul` digit for digit, natively faster (a draw does this).
            (None, Some(r)) => crate::arith::mul(r, cohort_people)
                .ok_or_else(|| Error::overflow(Place::new(file, loc(), "rate"), "people is too large"))?,
            (None, None) => {
                return Err(Error::invalid(
                    Place::new(file, loc(), "people"),
                    "give people (a count) or rate (a share of the cohort)",
                ));
            }
        };
        if crate::arith::cmp(&n, &cohort_people).is_gt() {
            return Err(Error::invalid(
                Place::new(file, loc(), if o.people.is_some() { "people" } else { "rate" }),
                format!(
                    "{} people is more than the cohort's {} (families × people per family)",
                    n.normalize(),
                    cohort_people.normalize()
                ),
            ));
        }
        // Each outcome has one entry: set in place where the room already holds it.
        let key = (o.age_band, o.region.unwrap_or(scenario.region));
        let map = &mut people[oi];
        if map.len() == 1
            && let Some(v) = map.get_mut(&key)
        {
            *v = n;
        } else {
            map.clear();
            map.insert(key, n);
        }
    }
    // Exclusive groups: items of one group may only be claimed for different people.
    for &(g, ref items) in groups {
        let total: Decimal = items
            .iter()
            .map(|&i| people[i].values().copied().sum::<Decimal>())
            .sum();
        if crate::arith::cmp(&total, &cohort_people).is_le() && !warn {
            // Nothing to say (a Monte Carlo draw): no names written.
            continue;
        }
        let names: Vec<&str> = items.iter().map(|&i| scenario.outcomes[i].id.as_str()).collect();
        let last = *items.last().unwrap_or(&0);
        if total > cohort_people {
            return Err(Error::invalid(
                Place::new(
                    file,
                    Location::outcome(last, scenario.outcomes[last].id.clone()),
                    "proxy",
                ),
                format!(
                    "{} are in exclusive group {g:?} and together claim {} people of a cohort of {}: some person would be counted twice; claim one outcome per person",
                    names.join(" and "),
                    total.normalize(),
                    cohort_people.normalize()
                ),
            ));
        }
        if !warn {
            continue;
        }
        warnings.push(format!(
            "{} are in exclusive group {g:?}: they are taken to be claimed for different people",
            names.join(" and ")
        ));
    }
    for (ai, a) in scenario.avoided.iter().enumerate() {
        events[ai] = match (a.count, a.counterfactual_rate, a.observed_rate) {
            (Some(n), _, _) => n,
            (None, Some(c), Some(o)) => Decimal::from(scenario.families) * (c - o),
            _ => {
                return Err(Error::invalid(
                    Place::new(file, Location::avoided(ai, a.id.clone()), "count"),
                    "give count (events avoided) or counterfactual_rate and observed_rate",
                ));
            }
        };
    }

    let measured = aggregate_measured(file, scenario, cohort_people)?;
    Ok(RecordFacts {
        families: scenario.families,
        people,
        events,
        measured,
        left_out: Vec::new(),
        warnings,
    })
}

/// The outcomes of each exclusive group of two or more of the scenario's outcomes, by group name
/// (in name order), each outcome's row looked up by `row` (outcome index, age band, region).
pub(crate) fn exclusive_groups<'a>(
    scenario: &Scenario,
    row: &dyn Fn(usize, AgeBand, Region) -> Option<&'a crate::tables::Row>,
) -> Vec<(&'a str, Vec<usize>)> {
    let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (oi, o) in scenario.outcomes.iter().enumerate() {
        let region = o.region.unwrap_or(scenario.region);
        if let Some(g) = row(oi, o.age_band, region).and_then(|r| r.exclusive_group.as_deref()) {
            by_group.entry(g).or_default().push(oi);
        }
    }
    by_group.into_iter().filter(|(_, items)| items.len() >= 2).collect()
}

/// The measured changes of a scenario given in aggregate: per measured item, the people measured
/// (a count, or a share of the cohort's people) and the points gained (people × the change in
/// mean scores).
fn aggregate_measured(file: &str, scenario: &Scenario, cohort_people: Decimal) -> Result<Vec<(Decimal, Decimal)>> {
    // Measured changes: people (a count, or a share of the cohort's people) × the change in mean
    // scores.
    let mut measured = Vec::with_capacity(scenario.measured.len());
    for (mi, m) in scenario.measured.iter().enumerate() {
        let at = |field: &str| {
            Place::new(
                file,
                Location::Item {
                    list: crate::error::ItemList::Measured,
                    index: mi,
                    id: m.id.clone(),
                },
                field,
            )
        };
        let place = || at(if m.people.is_some() { "people" } else { "rate" });
        // Without records, the scenario says who was measured and their mean scores.
        if m.people.is_none() && m.rate.is_none() {
            return Err(Error::invalid(
                at("people"),
                "missing: say how many people were measured (people = \"12\") or what share of the cohort (rate = \"0.5\"), or value the scenario with per-family records holding each person's scores",
            ));
        }
        for (field, v) in [("before", m.before), ("after", m.after)] {
            if v.is_none() {
                return Err(Error::invalid(
                    at(field),
                    format!(
                        "missing: give the mean score {field} ({field} = \"5.2\"), or value the scenario with per-family records holding each person's scores ({}_before, {}_after)",
                        m.id, m.id
                    ),
                ));
            }
        }
        let n = match (m.people, m.rate) {
            (Some(n), _) => n,
            (None, Some(r)) => r
                .checked_mul(cohort_people)
                .ok_or_else(|| Error::overflow(place(), "people is too large"))?,
            (None, None) => Decimal::ZERO,
        };
        if n > cohort_people {
            return Err(Error::invalid(
                place(),
                format!(
                    "{} people is more than the cohort's {} (families × people per family)",
                    n.normalize(),
                    cohort_people.normalize()
                ),
            ));
        }
        let points = m
            .life_satisfaction_change()
            .and_then(|c| c.checked_mul(n))
            .ok_or_else(|| Error::overflow(place(), "life-satisfaction points are too large"))?;
        measured.push((n, points));
    }
    Ok(measured)
}
