//! The one rule for the value in force of an adjustment for a scenario's item (`resolve`;
//! `resolve_measured` and `default_in_force` are the same rule for a measured item and for the
//! defaults), and what follows from it: where a value comes from, whom a default reaches, an
//! item's row and label.

use super::{Adjustment, AdjustmentUnit, Adjustments};
use crate::error::{Error, Location, Place, Result};
use crate::levels::Level;
use crate::scenario::Scenario;
use crate::tables::{AgeBand, ProxyTable, Recurrence, Region, Registry, Row, TableKind};
use rust_decimal::Decimal;
use serde::Serialize;

/// A scenario item, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemRef {
    /// `outcomes[i]`.
    Outcome(usize),
    /// `avoided[i]`.
    Avoided(usize),
}

/// Where the value in force of an adjustment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The item sets it.
    Item,
    /// The scenario's `[defaults]`.
    Default,
    /// The table row's suggested deadweight.
    Row,
    /// Nothing sets it: 0 (or one year).
    Neutral,
    /// The effect is already net of the counterfactual, so there is no deadweight (or only the
    /// item's own, given with a reason).
    NetOfCounterfactual,
    /// A one-off avoided cost falls once: its duration is one year.
    OneOff,
}

impl Origin {
    /// Where the value comes from, in words: `set for this item`, `scenario default`, …
    pub fn words(self) -> &'static str {
        match self {
            Origin::Item => "set for this item",
            Origin::Default => "scenario default",
            Origin::Row => "table row",
            Origin::Neutral => "none set",
            Origin::NetOfCounterfactual => "net of the counterfactual",
            Origin::OneOff => "one-off cost",
        }
    }
}

/// The value of an adjustment in force for an item, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InForce {
    /// The value the engine uses.
    pub value: Decimal,
    /// Where it comes from.
    pub origin: Origin,
    /// The named, cited level that gives the value, when the item or the default chooses one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'static Level>,
}

impl InForce {
    /// The value in a reader's words: a share as a percentage (`20%`), a duration in years (`3 y`).
    pub fn value_text(&self, adj: Adjustment) -> String {
        match adj.unit() {
            AdjustmentUnit::Share => crate::money::format_percent(self.value),
            AdjustmentUnit::Years => format!("{} y", self.value.normalize()),
        }
    }

    /// The adjustment, its value and where it comes from, as every report prints it:
    /// `deadweight 20% (set for this item)`.
    ///
    /// ```
    /// use socval::adjust::{Adjustment, ItemRef, in_force};
    /// use socval::{Registry, template};
    /// let s = template("step-together").unwrap().scenario().unwrap();
    /// let f = in_force(&s, Registry::embedded(), ItemRef::Avoided(2), Adjustment::Deadweight).unwrap();
    /// assert_eq!(f.describe(Adjustment::Deadweight), "deadweight 50% (set for this item)");
    /// ```
    pub fn describe(&self, adj: Adjustment) -> String {
        format!("{} {} ({})", adj.key(), self.value_text(adj), self.words())
    }

    /// Where the value comes from, in words, naming a chosen level: `scenario default: HACT's reading
    /// of the HCA Additionality Guide (2014), average deadweight, health outcomes (secondary)`.
    pub fn words(&self) -> String {
        match self.level {
            Some(l) => format!("{}: {} ({})", self.origin.words(), l.label, l.status),
            None => self.origin.words().to_string(),
        }
    }
}

/// An item's own adjustments, and whether its value is counted each year (an outcome, or an
/// avoided cost that recurs).
#[inline]
fn own_of<'s>(scenario: &'s Scenario, item: ItemRef, row: &Row) -> (&'s Adjustments, bool) {
    match item {
        ItemRef::Outcome(i) => (&scenario.outcomes[i].adjustments, true),
        ItemRef::Avoided(i) => (
            &scenario.avoided[i].adjustments,
            row.recurrence == Some(Recurrence::PerYear),
        ),
    }
}

/// The value in force of one adjustment for one item: the item's own, else the scenario's default,
/// else the table row's (deadweight only), else none (0, or one year). On an effect already net of
/// the counterfactual deadweight is 0 unless the item gives one itself (which the engine accepts
/// only with a reason); a one-off avoided cost lasts one year. This is the one resolution the
/// engine, the uncertainty analysis and every face use ([`resolve_measured`] and
/// [`default_in_force`] are this rule for a measured item and for the scenario's defaults).
pub fn resolve(scenario: &Scenario, item: ItemRef, row: &Row, adj: Adjustment) -> InForce {
    let (own, per_year) = own_of(scenario, item, row);
    let net = is_net_of_counterfactual(scenario, item, row);
    rule(own, &scenario.defaults, adj, net, per_year, row.default_deadweight)
}

/// [`resolve`] of deadweight, attribution, displacement, drop-off and duration, in that order:
/// the same rule, with the item's own adjustments and whether it is net of the counterfactual
/// looked up once (the engine resolves every item of every Monte Carlo draw); and that lookup
/// ([`is_net_of_counterfactual`]).
pub(crate) fn resolve_five(scenario: &Scenario, item: ItemRef, row: &Row) -> ([InForce; 5], bool) {
    let (own, per_year) = own_of(scenario, item, row);
    let net = is_net_of_counterfactual(scenario, item, row);
    let r = |adj| rule(own, &scenario.defaults, adj, net, per_year, row.default_deadweight);
    // Five calls written out (an array's `map` copies through a slower path here).
    let five = [
        r(Adjustment::Deadweight),
        r(Adjustment::Attribution),
        r(Adjustment::Displacement),
        r(Adjustment::DropOff),
        r(Adjustment::Duration),
    ];
    (five, net)
}

/// The value in force of an adjustment for a measured change in life satisfaction
/// (`measured[index]`): [`resolve`]'s rule for an effect net of the counterfactual (the
/// counterfactual change is already deducted, so no deadweight) that lasts as its duration says,
/// with no table row to fall back on.
pub fn resolve_measured(scenario: &Scenario, index: usize, adj: Adjustment) -> InForce {
    let own = &scenario.measured[index].adjustments;
    rule(own, &scenario.defaults, adj, true, true, None)
}

/// The value in force of an adjustment in the scenario's `[defaults]`: its figure (or chosen
/// level), else none (0, or one year), as [`resolve`] falls back to it.
pub fn default_in_force(scenario: &Scenario, adj: Adjustment) -> InForce {
    rule(&Adjustments::default(), &scenario.defaults, adj, false, true, None)
}

/// The rule of [`resolve`], once: a one-off cost lasts one year; then the item's own value; then
/// no deadweight on an effect net of the counterfactual; then the scenario's default; then the
/// row's suggested deadweight; then none.
fn rule(
    own: &Adjustments,
    defaults: &Adjustments,
    adj: Adjustment,
    net: bool,
    per_year: bool,
    row_deadweight: Option<Decimal>,
) -> InForce {
    let pick = |value, origin| InForce {
        value,
        origin,
        level: None,
    };
    if adj == Adjustment::Duration && !per_year {
        return pick(Decimal::ONE, Origin::OneOff);
    }
    if let Some(v) = adj.get(own) {
        return InForce {
            level: adj.level(own),
            ..pick(v, Origin::Item)
        };
    }
    if adj == Adjustment::Deadweight && net {
        return pick(Decimal::ZERO, Origin::NetOfCounterfactual);
    }
    if let Some(v) = adj.get(defaults) {
        return InForce {
            level: adj.level(defaults),
            ..pick(v, Origin::Default)
        };
    }
    if adj == Adjustment::Deadweight
        && let Some(v) = row_deadweight
    {
        return pick(v, Origin::Row);
    }
    pick(adj.neutral(), Origin::Neutral)
}

/// Whether an item's effect is already net of the counterfactual (so no deadweight is deducted):
/// as the item says, else as its row says; an avoided cost given as rates always is.
pub fn is_net_of_counterfactual(scenario: &Scenario, item: ItemRef, row: &Row) -> bool {
    match item {
        ItemRef::Outcome(i) => scenario.outcomes[i]
            .net_of_counterfactual
            .unwrap_or(row.net_of_counterfactual),
        ItemRef::Avoided(i) => {
            let a = &scenario.avoided[i];
            a.net_of_counterfactual
                .unwrap_or(row.net_of_counterfactual || a.counterfactual_rate.is_some())
        }
    }
}

/// The row an item is valued with when its facts are given in aggregate (its own age band and
/// region; an avoided cost's row for all ages and regions).
pub fn item_row<'t>(scenario: &Scenario, table: &'t ProxyTable, item: ItemRef) -> Option<&'t Row> {
    match item {
        ItemRef::Outcome(i) => {
            let o = scenario.outcomes.get(i)?;
            table.lookup(&o.proxy, o.age_band, o.region.unwrap_or(scenario.region))
        }
        ItemRef::Avoided(i) => table.lookup(&scenario.avoided.get(i)?.proxy, AgeBand::All, Region::All),
    }
}

/// The value in force of an adjustment for an item of a scenario, looking its row up in the
/// scenario's tables (see [`resolve`]). Errors name the item when its table or row is missing.
pub fn in_force(scenario: &Scenario, registry: &Registry, item: ItemRef, adj: Adjustment) -> Result<InForce> {
    let (kind, reference, section, index) = match item {
        ItemRef::Outcome(i) => (TableKind::Wellbeing, &scenario.tables.wellbeing, "outcomes", i),
        ItemRef::Avoided(i) => (TableKind::UnitCost, &scenario.tables.unit_costs, "avoided", i),
    };
    let place = || {
        let id = match item {
            ItemRef::Outcome(i) => scenario.outcomes.get(i).map(|o| o.id.clone()),
            ItemRef::Avoided(i) => scenario.avoided.get(i).map(|a| a.id.clone()),
        }
        .unwrap_or_default();
        let loc = if section == "outcomes" {
            Location::outcome(index, id)
        } else {
            Location::avoided(index, id)
        };
        Place::new("scenario", loc, "proxy")
    };
    let table = registry
        .get(reference)
        .filter(|t| t.kind == kind)
        .ok_or_else(|| Error::unknown(place(), format!("no {kind} table {reference:?}")))?;
    let row = item_row(scenario, table, item)
        .ok_or_else(|| Error::unknown(place(), format!("no row for this item in {reference}")))?;
    Ok(resolve(scenario, item, row, adj))
}

/// Which items a scenario default of an adjustment reaches (their value in force is the
/// default, or would be once one is set), and which keep another value and why (their own,
/// none on an effect net of the counterfactual, one year for a one-off cost), by label.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DefaultReach {
    /// The items the default reaches.
    pub reached: Vec<String>,
    /// The items it does not reach, with where their value comes from instead.
    pub kept: Vec<(String, Origin)>,
}

impl DefaultReach {
    /// In words, for beside the default's field: `Reaches 1 of 4 items; 3 keep their own value:
    /// Confidence, Employment and Housing.`
    pub fn words(&self) -> String {
        let n = self.reached.len() + self.kept.len();
        if n == 0 {
            return "The scenario has no items yet.".into();
        }
        let items = |k: usize| if k == 1 { "item" } else { "items" };
        let mut o = if self.kept.is_empty() {
            format!("Reaches every item ({n}).")
        } else {
            format!("Reaches {} of {n} {}", self.reached.len(), items(n))
        };
        for (origin, why) in [
            (Origin::Item, "keep their own value"),
            (
                Origin::NetOfCounterfactual,
                "have none, being net of the counterfactual",
            ),
            (Origin::OneOff, "are one-off costs, lasting one year"),
        ] {
            let names: Vec<&str> = self
                .kept
                .iter()
                .filter(|(_, o)| *o == origin)
                .map(|(l, _)| l.as_str())
                .collect();
            if let Some((last, rest)) = names.split_last() {
                let list = if rest.is_empty() {
                    (*last).to_string()
                } else {
                    format!("{} and {last}", rest.join(", "))
                };
                let why = if names.len() == 1 {
                    why.replace("keep their own", "keeps its own")
                        .replace("have none", "has none")
                        .replace("are one-off costs", "is a one-off cost")
                } else {
                    why.to_string()
                };
                let _ = std::fmt::Write::write_fmt(&mut o, format_args!("; {} {why}: {list}", names.len()));
            }
        }
        if !self.kept.is_empty() {
            o.push('.');
        }
        o
    }
}

/// Which items the scenario's default of `adj` reaches, by the one resolution ([`resolve`]):
/// with no default set, the items a default would reach once set. Items whose row cannot be
/// found are left out (the valuation names them).
pub fn default_reach(scenario: &Scenario, registry: &Registry, adj: Adjustment) -> DefaultReach {
    let mut s = scenario.clone();
    if adj.get(&s.defaults).is_none() {
        adj.set(&mut s.defaults, Some(adj.neutral()));
    }
    let mut reach = DefaultReach::default();
    let mut sort = |label: String, origin: Origin| {
        if origin == Origin::Default {
            reach.reached.push(label);
        } else {
            reach.kept.push((label, origin));
        }
    };
    let items = (0..s.outcomes.len())
        .map(ItemRef::Outcome)
        .chain((0..s.avoided.len()).map(ItemRef::Avoided));
    for item in items {
        if let Ok(f) = in_force(&s, registry, item, adj) {
            sort(item_label(&s, registry, item), f.origin);
        }
    }
    for (i, m) in s.measured.iter().enumerate() {
        let origin = if adj == Adjustment::Deadweight {
            Origin::NetOfCounterfactual
        } else {
            resolve_measured(&s, i, adj).origin
        };
        sort(m.label.clone().unwrap_or_else(|| m.id.clone()), origin);
    }
    reach
}

/// The label an item is shown with: its own, else its row's, else its id.
pub fn item_label(scenario: &Scenario, registry: &Registry, item: ItemRef) -> String {
    let (own, id, reference) = match item {
        ItemRef::Outcome(i) => match scenario.outcomes.get(i) {
            Some(o) => (&o.label, &o.id, &scenario.tables.wellbeing),
            None => return String::new(),
        },
        ItemRef::Avoided(i) => match scenario.avoided.get(i) {
            Some(a) => (&a.label, &a.id, &scenario.tables.unit_costs),
            None => return String::new(),
        },
    };
    own.clone()
        .or_else(|| {
            registry
                .get(reference)
                .and_then(|t| item_row(scenario, t, item))
                .map(|r| r.label.clone())
        })
        .unwrap_or_else(|| id.clone())
}

#[cfg(test)]
mod reach_tests {
    use super::*;

    /// Step Together gives every outcome its own deadweight: the default reaches only the
    /// avoided costs that set none and are not net of the counterfactual, and says which keep
    /// their own; a default that is unset reports whom it would reach.
    #[test]
    fn a_default_says_whom_it_reaches_and_who_keeps_their_own() {
        let s = crate::template("step-together").unwrap().scenario().unwrap();
        let reg = Registry::embedded();
        for a in Adjustment::ALL {
            let r = default_reach(&s, reg, a);
            assert_eq!(
                r.reached.len() + r.kept.len(),
                s.outcomes.len() + s.avoided.len() + s.measured.len(),
                "{a:?}"
            );
            // Each item is sorted by the one resolution.
            for (i, o) in s.outcomes.iter().enumerate() {
                let label = item_label(&s, reg, ItemRef::Outcome(i));
                let own = a.get(&o.adjustments).is_some();
                assert_eq!(
                    r.kept.iter().any(|(l, w)| *l == label && *w == Origin::Item),
                    own,
                    "{a:?} {label}"
                );
            }
        }
        let dw = default_reach(&s, reg, Adjustment::Deadweight);
        assert!(!dw.kept.is_empty());
        let words = dw.words();
        assert!(
            words.starts_with(&format!("Reaches {} of ", dw.reached.len())),
            "{words}"
        );
        assert!(
            words.contains("keep their own value: ") || words.contains("keeps its own value: "),
            "{words}"
        );
        let mut bare = s.clone();
        for o in &mut bare.outcomes {
            o.adjustments = Default::default();
            o.net_of_counterfactual = Some(false);
        }
        bare.avoided.clear();
        bare.measured.clear();
        let all = default_reach(&bare, reg, Adjustment::Attribution);
        assert_eq!(all.words(), format!("Reaches every item ({}).", bare.outcomes.len()));
        bare.outcomes.clear();
        assert_eq!(
            default_reach(&bare, reg, Adjustment::Attribution).words(),
            "The scenario has no items yet."
        );
    }

    #[test]
    fn reach_in_words_names_each_reason() {
        let r = DefaultReach {
            reached: vec!["A".into()],
            kept: vec![
                ("B".into(), Origin::Item),
                ("C".into(), Origin::Item),
                ("D".into(), Origin::NetOfCounterfactual),
            ],
        };
        assert_eq!(
            r.words(),
            "Reaches 1 of 4 items; 2 keep their own value: B and C; 1 has none, being net of the counterfactual: D."
        );
    }
}

#[cfg(test)]
mod five {
    use super::{Adjustment, ItemRef, is_net_of_counterfactual, item_row, resolve, resolve_five};

    /// `resolve_five` is `resolve` of each of the five adjustments, for every item of every
    /// shipped template.
    #[test]
    fn resolve_five_is_resolve_of_each() {
        let reg = crate::Registry::embedded();
        let mut items = 0;
        for t in crate::templates() {
            let s = t.scenario().unwrap();
            let wellbeing = reg.get(&s.tables.wellbeing).unwrap();
            let unit_costs = reg.get(&s.tables.unit_costs).unwrap();
            let outcomes = (0..s.outcomes.len()).map(|i| (ItemRef::Outcome(i), wellbeing));
            let avoided = (0..s.avoided.len()).map(|i| (ItemRef::Avoided(i), unit_costs));
            for (item, table) in outcomes.chain(avoided) {
                let row = item_row(&s, table, item).unwrap();
                let each = [
                    Adjustment::Deadweight,
                    Adjustment::Attribution,
                    Adjustment::Displacement,
                    Adjustment::DropOff,
                    Adjustment::Duration,
                ]
                .map(|a| resolve(&s, item, row, a));
                assert_eq!(
                    resolve_five(&s, item, row),
                    (each, is_net_of_counterfactual(&s, item, row)),
                    "{} {item:?}",
                    t.id
                );
                items += 1;
            }
        }
        assert!(items > 10, "{items} items");
    }
}
