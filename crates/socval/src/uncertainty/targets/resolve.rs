//! Resolving a range's target path in a scenario ([`Cx::resolve_path`]): every item it moves,
//! its label, unit, domain and central value.

use super::{Cx, Field, RangeTarget, Resolution, Target, Unit, glob};
use crate::adjust::{Adjustment, ItemRef, Origin, resolve};
use crate::error::{Error, Place, Result};
use crate::scenario::DiscountConvention;
use crate::tables::TableKind;
use rust_decimal::Decimal;

impl Cx<'_> {
    /// Resolves a target path: every item it moves, its label, unit, domain and central value.
    pub(in crate::uncertainty) fn resolve_path(&self, path: &str, place: &dyn Fn() -> Place) -> Result<Resolution> {
        let parsed = RangeTarget::parse(path).map_err(|m| Error::invalid(place(), m))?;
        let s = self.scenario;
        let unit = parsed.unit();
        let single = |t: Target, label: String, group: &'static str, phrase: String| {
            self.single(path, unit, t, label, group, phrase)
        };
        match &parsed {
            RangeTarget::DiscountRate => {
                if s.discount_convention == DiscountConvention::GreenBook && s.discount_rate.is_none() {
                    return Err(Error::invalid(
                        place(),
                        "set discount_rate to put a range on it: under the Green Book convention the rate follows the schedule",
                    ));
                }
                Ok(single(
                    Target::DiscountRate,
                    "Discount rate".into(),
                    "Defaults and discounting",
                    "the discount rate".into(),
                ))
            }
            RangeTarget::WellbeingDiscountRate => {
                if s.discount_convention == DiscountConvention::GreenBook && s.wellbeing_discount_rate.is_none() {
                    return Err(Error::invalid(
                        place(),
                        "set wellbeing_discount_rate to put a range on it: under the Green Book convention wellbeing values follow the health schedule",
                    ));
                }
                Ok(single(
                    Target::WellbeingDiscountRate,
                    "Discount rate of wellbeing values".into(),
                    "Defaults and discounting",
                    "the discount rate of wellbeing values".into(),
                ))
            }
            RangeTarget::Default(f) => {
                if *f == Field::Adjustment(Adjustment::Deadweight) && s.defaults.deadweight.is_none() {
                    // Items without a deadweight of their own take their row's default: a default
                    // range would override those, so it would not be centred on what the engine does.
                    let users: Vec<&str> = s
                        .outcomes
                        .iter()
                        .enumerate()
                        .map(|(i, o)| (ItemRef::Outcome(i), o.id.as_str()))
                        .chain(
                            s.avoided
                                .iter()
                                .enumerate()
                                .map(|(i, a)| (ItemRef::Avoided(i), a.id.as_str())),
                        )
                        .filter(|(item, _)| {
                            self.row(*item)
                                .is_some_and(|r| resolve(s, *item, r, Adjustment::Deadweight).origin == Origin::Row)
                        })
                        .map(|(_, id)| id)
                        .collect();
                    if !users.is_empty() {
                        return Err(Error::invalid(
                            place(),
                            format!(
                                "set defaults.deadweight to put a range on it: {} now take their table row's own default deadweight",
                                users.join(", ")
                            ),
                        ));
                    }
                }
                Ok(single(
                    Target::Default(*f),
                    format!("Default {}", f.words()),
                    "Defaults and discounting",
                    format!("the default {}", f.words()),
                ))
            }
            RangeTarget::Cost(k) => {
                let c = s.costs.get(k - 1).ok_or_else(|| {
                    Error::invalid(
                        place(),
                        format!("there is no cost {k}; the scenario has {}", s.costs.len()),
                    )
                })?;
                Ok(single(
                    Target::Cost(k - 1),
                    format!("Cost: {}", c.label),
                    "Programme costs",
                    format!("the amount of cost “{}”", c.label),
                ))
            }
            RangeTarget::Proxy { table, row } => self.resolve_proxy(path, unit, *table, row, place),
            RangeTarget::Outcome { item, field } | RangeTarget::Avoided { item, field } => {
                let outcome = matches!(parsed, RangeTarget::Outcome { .. });
                self.resolve_items(path, unit, outcome, item, *field, place)
            }
        }
    }

    /// Resolves a range on a proxy's value: a row the scenario's items use, worth more than 0.
    fn resolve_proxy(
        &self,
        path: &str,
        unit: Unit,
        table: TableKind,
        row: &str,
        place: &dyn Fn() -> Place,
    ) -> Result<Resolution> {
        let s = self.scenario;
        let reference = if table == TableKind::Wellbeing {
            &s.tables.wellbeing
        } else {
            &s.tables.unit_costs
        };
        let t = self.table(table).ok_or_else(|| {
            Error::unknown(
                place(),
                format!(
                    "no table {reference:?} is loaded: name a shipped table (socval tables lists them) or load your own"
                ),
            )
        })?;
        let r = t
            .rows
            .iter()
            .find(|r| r.id == row)
            .ok_or_else(|| Error::unknown(place(), format!("no row {row:?} in {reference}")))?;
        let used = if table == TableKind::Wellbeing {
            s.outcomes.iter().any(|o| o.proxy == row)
        } else {
            s.avoided.iter().any(|a| a.proxy == row)
        };
        if !used {
            return Err(Error::invalid(
                place(),
                format!("no item of the scenario uses {row:?}, so a range on it would change nothing"),
            ));
        }
        let mut res = self.single(
            path,
            unit,
            Target::Proxy(table, row.to_string()),
            format!("Proxy: {}", r.label),
            "Proxies",
            format!("the value of “{}” in {}", r.label, t.row_table(r)),
        );
        if res.central <= Decimal::ZERO {
            return Err(Error::invalid(
                place(),
                format!(
                    "{row:?} is worth {} in {reference}: a range on a proxy scales its value, and nothing scales {}; put the range on the items' counts instead",
                    res.central.normalize(),
                    res.central.normalize()
                ),
            ));
        }
        res.variants = t.rows.iter().filter(|r| r.id == row).nth(1).is_some();
        Ok(res)
    }

    /// A resolution that moves one target, applying to `path` alone.
    fn single(
        &self,
        path: &str,
        unit: Unit,
        t: Target,
        label: String,
        group: &'static str,
        phrase: String,
    ) -> Resolution {
        let (min, max) = self.domain(&t);
        Resolution {
            phrase,
            central: self.central(&t),
            targets: vec![t],
            label,
            group,
            applies_to: vec![path.to_string()],
            unit,
            min,
            max,
            item_unit: None,
            variants: false,
        }
    }

    /// Resolves a target on outcomes or avoided items (`item` may hold `*`, linking every item it
    /// matches, whose values must then agree).
    fn resolve_items(
        &self,
        path: &str,
        unit: Unit,
        outcome: bool,
        item: &str,
        field: Field,
        place: &dyn Fn() -> Place,
    ) -> Result<Resolution> {
        let s = self.scenario;
        let single = |t: Target, label: String, group: &'static str, phrase: String| {
            self.single(path, unit, t, label, group, phrase)
        };
        let section = if outcome { "outcomes" } else { "avoided" };
        let group = if outcome { "Outcomes" } else { "Avoided costs" };
        if !item.contains('*') {
            let (t, r) = self.one_item(path, outcome, item, field, place)?;
            let name = self.item_label(r);
            let phrase = match field {
                Field::Count => format!("the count of “{name}” avoided"),
                Field::People => format!("the number of people achieving “{name}”"),
                Field::Rate => format!("the share of people achieving “{name}”"),
                f => format!("the {} of “{name}”", f.words()),
            };
            let mut res = single(t, format!("{name}: {}", field.words()), group, phrase);
            if let ItemRef::Avoided(_) = r
                && matches!(field, Field::Count | Field::CounterfactualRate | Field::ObservedRate)
            {
                res.item_unit = self.row(r).map(|r| r.unit.clone()).filter(|u| !u.is_empty());
            }
            return Ok(res);
        }
        // A linked target: every item that matches and has the field.
        let ids: Vec<&str> = if outcome {
            s.outcomes
                .iter()
                .filter(|o| glob(item, &o.id))
                .filter(|o| match field {
                    Field::People => o.people.is_some(),
                    Field::Rate => o.rate.is_some(),
                    _ => true,
                })
                .map(|o| o.id.as_str())
                .collect()
        } else {
            s.avoided
                .iter()
                .filter(|a| glob(item, &a.id))
                .filter(|a| match field {
                    Field::Count => a.count.is_some(),
                    Field::CounterfactualRate | Field::ObservedRate => {
                        a.counterfactual_rate.is_some() && a.count.is_none()
                    }
                    _ => true,
                })
                .map(|a| a.id.as_str())
                .collect()
        };
        if ids.is_empty() {
            return Err(Error::invalid(place(), format!("no item matches {path:?}")));
        }
        let mut targets = Vec::new();
        let (mut min, mut max) = (Decimal::MIN, None::<Decimal>);
        let mut first: Option<Decimal> = None;
        for id in &ids {
            let (t, _) = self.one_item(&format!("{section}.{id}.{}", field.as_str()), outcome, id, field, place)?;
            let c = self.central(&t);
            match first {
                None => first = Some(c),
                Some(f) if f != c => {
                    return Err(Error::invalid(
                        place(),
                        format!(
                            "{path:?} links items whose values differ ({} has {}, {id} has {}): give each its own range",
                            ids[0],
                            f.normalize(),
                            c.normalize()
                        ),
                    ));
                }
                _ => {}
            }
            let (lo, hi) = self.domain(&t);
            min = min.max(lo);
            max = match (max, hi) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            targets.push(t);
        }
        // Named as the rest of the page and reports name items (their labels, not ids).
        let names = targets
            .iter()
            .filter_map(|t| match t {
                Target::Outcome(i, _) => Some(self.item_label(ItemRef::Outcome(*i))),
                Target::Avoided(i, _) => Some(self.item_label(ItemRef::Avoided(*i))),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Resolution {
            phrase: format!("the {} of {names} (moved together)", field.words()),
            central: first.unwrap_or_default(),
            targets,
            label: format!("{} of {names}", field.words()),
            group,
            applies_to: ids
                .iter()
                .map(|id| format!("{section}.{id}.{}", field.as_str()))
                .collect(),
            unit,
            min,
            max,
            item_unit: None,
            variants: false,
        })
    }
}
