//! The range-target language: which assumptions of a scenario a range can move, in what unit,
//! over what domain, and their central values (resolved as the engine resolves them).

use super::Assumption;
use crate::adjust::{Adjustment, ItemRef, is_net_of_counterfactual, item_row, resolve};
use crate::engine::Overrides;
use crate::error::{Error, Location, Place, Result};
use crate::scenario::{Adjustments, DiscountConvention, MAX_DURATION, RangeSpec, Scenario, Settings};
use crate::tables::{ProxyTable, Recurrence, Registry, Row, TableKind};
use crate::valuation::format_gbp;
use rust_decimal::Decimal;
use serde::Serialize;

/// Most Monte Carlo draws one analysis may ask for.
pub const MAX_DRAWS: u32 = 1_000_000;
/// Most histogram bins.
pub const MAX_BINS: u32 = 200;

/// The assumption of an item (or a default) a range moves: the last part of a target path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// An outcome's number of people.
    People,
    /// An outcome's share of the cohort's people.
    Rate,
    /// An avoided item's count of events (or units a year).
    Count,
    /// An avoided item's events per family without the programme.
    CounterfactualRate,
    /// An avoided item's events per family with the programme.
    ObservedRate,
    /// Deadweight.
    Deadweight,
    /// Attribution.
    Attribution,
    /// Displacement.
    Displacement,
    /// Drop-off.
    DropOff,
    /// Duration, in years.
    Duration,
}

impl Field {
    /// The adjustments, in the order the scenario format lists them.
    pub const ADJUSTMENTS: [Field; 5] = [
        Field::Deadweight,
        Field::Attribution,
        Field::Displacement,
        Field::DropOff,
        Field::Duration,
    ];

    /// The adjustment this field is, if it is one.
    pub fn adjustment(self) -> Option<Adjustment> {
        match self {
            Field::Deadweight => Some(Adjustment::Deadweight),
            Field::Attribution => Some(Adjustment::Attribution),
            Field::Displacement => Some(Adjustment::Displacement),
            Field::DropOff => Some(Adjustment::DropOff),
            Field::Duration => Some(Adjustment::Duration),
            _ => None,
        }
    }

    /// Reads the name a target path uses (`counterfactual_rate`).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "people" => Field::People,
            "rate" => Field::Rate,
            "count" => Field::Count,
            "counterfactual_rate" => Field::CounterfactualRate,
            "observed_rate" => Field::ObservedRate,
            "deadweight" => Field::Deadweight,
            "attribution" => Field::Attribution,
            "displacement" => Field::Displacement,
            "drop_off" => Field::DropOff,
            "duration" => Field::Duration,
            _ => return None,
        })
    }

    /// The name a target path uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::People => "people",
            Field::Rate => "rate",
            Field::Count => "count",
            Field::CounterfactualRate => "counterfactual_rate",
            Field::ObservedRate => "observed_rate",
            Field::Deadweight => "deadweight",
            Field::Attribution => "attribution",
            Field::Displacement => "displacement",
            Field::DropOff => "drop_off",
            Field::Duration => "duration",
        }
    }

    /// The name in words (`counterfactual rate`, `drop-off`).
    pub fn words(self) -> &'static str {
        match self {
            Field::CounterfactualRate => "counterfactual rate",
            Field::ObservedRate => "observed rate",
            Field::DropOff => "drop-off",
            f => f.as_str(),
        }
    }

    /// Whether it is one of the adjustments (deadweight ... duration).
    pub fn is_adjustment(self) -> bool {
        Field::ADJUSTMENTS.contains(&self)
    }

    /// Whether the facts of per-family records replace it.
    pub fn is_fact(self) -> bool {
        matches!(
            self,
            Field::People | Field::Rate | Field::Count | Field::CounterfactualRate | Field::ObservedRate
        )
    }

    /// The unit of its values.
    pub fn unit(self) -> Unit {
        match self {
            Field::People | Field::Count => Unit::Count,
            Field::Duration => Unit::Years,
            _ => Unit::Share,
        }
    }
}

/// The unit of a target's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share in 0–1, shown as a percentage.
    Share,
    /// A rate a year in 0–1 (the discount rate), shown as a percentage.
    Rate,
    /// A number of people or events.
    Count,
    /// Pounds.
    Money,
    /// Whole years.
    Years,
}

impl Unit {
    /// Whether values are shown and typed as percentages (0.25 is "25 %").
    pub fn is_percent(self) -> bool {
        matches!(self, Unit::Share | Unit::Rate)
    }

    /// The unit as a page labels a field: `%`, `£`, `years` or nothing.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Share | Unit::Rate => "%",
            Unit::Money => "£",
            Unit::Years => "years",
            Unit::Count => "",
        }
    }

    /// A value as a reader sees it: `23.5 %`, `2.74`, `£1,234.56`, `3 years`.
    pub fn show(self, v: Decimal) -> String {
        match self {
            Unit::Share | Unit::Rate => format!("{} %", (v * Decimal::ONE_HUNDRED).round_dp(2).normalize()),
            Unit::Count => v.round_dp(2).normalize().to_string(),
            Unit::Money => format_gbp(v),
            Unit::Years => {
                let n = v.round_dp(0).normalize();
                if n == Decimal::ONE {
                    "1 year".into()
                } else {
                    format!("{n} years")
                }
            }
        }
    }
}

/// A range target as written in a scenario's `[[ranges]]` (`outcomes.confidence.deadweight`).
///
/// | path | assumption |
/// |---|---|
/// | `outcomes.<id>.<field>` | an outcome's `people` or `rate`, or an adjustment |
/// | `avoided.<id>.<field>` | an avoided item's `count`, `counterfactual_rate`, `observed_rate`, or an adjustment |
/// | `costs.<n>.amount` | the n-th programme cost (1-based) |
/// | `defaults.<adjustment>` | a scenario-wide default adjustment |
/// | `discount_rate` | the discount rate (of every value under the SROI convention unless a wellbeing rate is set) |
/// | `wellbeing_discount_rate` | the discount rate of wellbeing values |
/// | `wellbeing.<row>`, `unit_costs.<row>` | a proxy value (all its age-band and region variants move together) |
///
/// An item id may contain `*` (`avoided.*.counterfactual_rate`): one draw then moves every item it
/// matches.
///
/// ```
/// use socval::uncertainty::{Field, RangeTarget, Unit};
/// let t = RangeTarget::parse("avoided.court.counterfactual_rate").unwrap();
/// assert_eq!(t, RangeTarget::Avoided { item: "court".into(), field: Field::CounterfactualRate });
/// assert_eq!(t.unit(), Unit::Share);
/// assert_eq!(t.to_string(), "avoided.court.counterfactual_rate");
/// assert!(RangeTarget::parse("banana").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RangeTarget {
    /// A field of an outcome (the id may contain `*`).
    Outcome {
        /// Item id or pattern.
        item: String,
        /// Field.
        field: Field,
    },
    /// A field of an avoided item (the id may contain `*`).
    Avoided {
        /// Item id or pattern.
        item: String,
        /// Field.
        field: Field,
    },
    /// The amount of the n-th programme cost (1-based).
    Cost(usize),
    /// A default adjustment.
    Default(Field),
    /// The discount rate.
    DiscountRate,
    /// The discount rate of wellbeing values.
    WellbeingDiscountRate,
    /// A proxy value: every variant of a table row.
    Proxy {
        /// Which table of the scenario.
        table: TableKind,
        /// Row id.
        row: String,
    },
}

const GRAMMAR: &str = "use outcomes.<id>.<field>, avoided.<id>.<field>, costs.<n>.amount, defaults.<field>, discount_rate, wellbeing.<row> or unit_costs.<row>";

impl RangeTarget {
    /// Reads a target path; the message says what is wrong.
    pub fn parse(path: &str) -> std::result::Result<Self, String> {
        let parts: Vec<&str> = path.split('.').collect();
        match parts.as_slice() {
            ["discount_rate"] => Ok(RangeTarget::DiscountRate),
            ["wellbeing_discount_rate"] => Ok(RangeTarget::WellbeingDiscountRate),
            ["defaults", f] => Field::parse(f)
                .filter(|f| f.is_adjustment())
                .map(RangeTarget::Default)
                .ok_or_else(|| {
                    format!(
                        "{f:?} is not a default adjustment (deadweight, attribution, displacement, drop_off, duration)"
                    )
                }),
            ["costs", n, "amount"] => match n.parse::<usize>() {
                Ok(k) if k >= 1 => Ok(RangeTarget::Cost(k)),
                _ => Err(format!("{n:?} is not a cost number (1-based)")),
            },
            ["outcomes", id, f] if !id.is_empty() => Field::parse(f)
                .filter(|f| f.is_adjustment() || matches!(f, Field::People | Field::Rate))
                .map(|field| RangeTarget::Outcome {
                    item: id.to_string(),
                    field,
                })
                .ok_or_else(|| format!("{f:?} is not a field of an outcome that can carry a range")),
            ["avoided", id, f] if !id.is_empty() => Field::parse(f)
                .filter(|f| {
                    f.is_adjustment() || matches!(f, Field::Count | Field::CounterfactualRate | Field::ObservedRate)
                })
                .map(|field| RangeTarget::Avoided {
                    item: id.to_string(),
                    field,
                })
                .ok_or_else(|| format!("{f:?} is not a field of an avoided item that can carry a range")),
            ["wellbeing", row] if !row.is_empty() => Ok(RangeTarget::Proxy {
                table: TableKind::Wellbeing,
                row: row.to_string(),
            }),
            ["unit_costs", row] if !row.is_empty() => Ok(RangeTarget::Proxy {
                table: TableKind::UnitCost,
                row: row.to_string(),
            }),
            _ => Err(format!("{path:?} is not a target: {GRAMMAR}")),
        }
    }

    /// The unit of the target's values.
    pub fn unit(&self) -> Unit {
        match self {
            RangeTarget::Outcome { field, .. } | RangeTarget::Avoided { field, .. } | RangeTarget::Default(field) => {
                field.unit()
            }
            RangeTarget::Cost(_) | RangeTarget::Proxy { .. } => Unit::Money,
            RangeTarget::DiscountRate | RangeTarget::WellbeingDiscountRate => Unit::Rate,
        }
    }

    /// The field, for an item or default target.
    pub fn field(&self) -> Option<Field> {
        match self {
            RangeTarget::Outcome { field, .. } | RangeTarget::Avoided { field, .. } | RangeTarget::Default(field) => {
                Some(*field)
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for RangeTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RangeTarget::Outcome { item, field } => write!(f, "outcomes.{item}.{}", field.as_str()),
            RangeTarget::Avoided { item, field } => write!(f, "avoided.{item}.{}", field.as_str()),
            RangeTarget::Cost(n) => write!(f, "costs.{n}.amount"),
            RangeTarget::Default(field) => write!(f, "defaults.{}", field.as_str()),
            RangeTarget::DiscountRate => f.write_str("discount_rate"),
            RangeTarget::WellbeingDiscountRate => f.write_str("wellbeing_discount_rate"),
            RangeTarget::Proxy { table, row } => write!(
                f,
                "{}.{row}",
                if *table == TableKind::Wellbeing {
                    "wellbeing"
                } else {
                    "unit_costs"
                }
            ),
        }
    }
}

/// One assumption of a scenario, resolved to positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    Outcome(usize, Field),
    Avoided(usize, Field),
    Cost(usize),
    Default(Field),
    DiscountRate,
    WellbeingDiscountRate,
    Proxy(TableKind, String),
}

/// A target a range can be put on, as [`targets`] lists it for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetInfo {
    /// Target path (`outcomes.confidence.deadweight`).
    pub target: String,
    /// The group a picker lists it under: `Outcomes`, `Avoided costs`, `Programme costs`,
    /// `Defaults and discounting` or `Proxies`.
    pub group: String,
    /// In words (`High confidence: deadweight`).
    pub label: String,
    /// Unit of its values.
    pub unit: Unit,
    /// Smallest value the rest of the scenario allows.
    pub min: Decimal,
    /// Largest value the rest of the scenario allows (none: no limit).
    pub max: Option<Decimal>,
    /// The value the engine uses now.
    pub central: Decimal,
    /// A range to start from: the table's low and high for a proxy that has them, else ±50 %
    /// around the central value, within the domain.
    pub proposed: (Decimal, Decimal),
    /// The items' assumptions it moves (a `*` target moves several).
    pub applies_to: Vec<String>,
    /// The scenario's range (0-based index in `ranges`) that already covers it, if any.
    pub ranged: Option<usize>,
}

/// A range (or the `[uncertainty]` settings) the analysis refuses, as [`check_ranges`] reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeError {
    /// The range's 0-based index in `ranges`; none for the `[uncertainty]` settings.
    pub index: Option<usize>,
    /// The field at fault (`target`, `low`, `high`, `draws`, ...).
    pub field: String,
    /// The error, with its place.
    pub error: Error,
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

/// What a scenario is resolved against.
pub(super) struct Cx<'a> {
    pub(super) file: &'a str,
    pub(super) scenario: &'a Scenario,
    pub(super) registry: &'a Registry,
    /// Whether per-family records give the facts.
    pub(super) records: bool,
}

/// A target path resolved against a scenario.
pub(super) struct Resolution {
    pub(super) targets: Vec<Target>,
    pub(super) label: String,
    pub(super) group: &'static str,
    pub(super) applies_to: Vec<String>,
    pub(super) central: Decimal,
    pub(super) unit: Unit,
    pub(super) min: Decimal,
    pub(super) max: Option<Decimal>,
    /// For a count or rates of one avoided item: the unit of its row (`set of proceedings`).
    pub(super) item_unit: Option<String>,
    /// The assumption in running text (`the deadweight of “High confidence”`).
    pub(super) phrase: String,
}

/// Whether `id` matches `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, id: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !id.starts_with(first) || id.len() < first.len() + last.len() || !id.ends_with(last) {
        return false;
    }
    let mut rest = &id[first.len()..id.len() - last.len()];
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(k) => rest = &rest[k + p.len()..],
            None => return false,
        }
    }
    true
}

fn share_domain() -> (Decimal, Option<Decimal>) {
    (Decimal::ZERO, Some(Decimal::ONE))
}

fn years_domain() -> (Decimal, Option<Decimal>) {
    (Decimal::ONE, Some(Decimal::from(MAX_DURATION)))
}

fn adjustment(a: &Adjustments, f: Field) -> Option<Decimal> {
    f.adjustment().and_then(|adj| adj.get(a))
}

impl Cx<'_> {
    fn table(&self, kind: TableKind) -> Option<&ProxyTable> {
        let reference = if kind == TableKind::Wellbeing {
            &self.scenario.tables.wellbeing
        } else {
            &self.scenario.tables.unit_costs
        };
        self.registry.get(reference)
    }

    /// The row an item is valued with, as the engine finds it (falling back to any variant).
    fn row(&self, item: ItemRef) -> Option<&Row> {
        let (kind, proxy) = match item {
            ItemRef::Outcome(i) => (TableKind::Wellbeing, &self.scenario.outcomes[i].proxy),
            ItemRef::Avoided(i) => (TableKind::UnitCost, &self.scenario.avoided[i].proxy),
        };
        let t = self.table(kind)?;
        item_row(self.scenario, t, item).or_else(|| t.rows.iter().find(|r| r.id == *proxy))
    }

    /// The row standing for a proxy target: the variant for all ages and regions, else the first.
    fn proxy_row(&self, kind: TableKind, row: &str) -> Option<&Row> {
        let t = self.table(kind)?;
        t.lookup(row, crate::AgeBand::All, crate::Region::All)
            .or_else(|| t.rows.iter().find(|r| r.id == row))
    }

    fn item_label(&self, item: ItemRef) -> String {
        crate::adjust::item_label(self.scenario, self.registry, item)
    }

    /// The value the engine uses now (see [`crate::resolve`]).
    pub(super) fn central(&self, t: &Target) -> Decimal {
        let s = self.scenario;
        let adj = |item: ItemRef, f: Field| -> Decimal {
            let fallback = if f == Field::Duration {
                Decimal::ONE
            } else {
                Decimal::ZERO
            };
            match (self.row(item), f.adjustment()) {
                (Some(row), Some(a)) => resolve(s, item, row, a).value,
                _ => fallback,
            }
        };
        match t {
            Target::DiscountRate => s.discount_rate(),
            Target::WellbeingDiscountRate => s.wellbeing_discount_rate.unwrap_or_else(|| s.discount_rate()),
            Target::Default(f) => adjustment(&s.defaults, *f).unwrap_or(if *f == Field::Duration {
                Decimal::ONE
            } else {
                Decimal::ZERO
            }),
            Target::Cost(i) => s.costs[*i].amount,
            Target::Outcome(i, Field::People) => s.outcomes[*i].people.unwrap_or_default(),
            Target::Outcome(i, Field::Rate) => s.outcomes[*i].rate.unwrap_or_default(),
            Target::Outcome(i, f) => adj(ItemRef::Outcome(*i), *f),
            Target::Avoided(i, Field::Count) => s.avoided[*i].count.unwrap_or_default(),
            Target::Avoided(i, Field::CounterfactualRate) => s.avoided[*i].counterfactual_rate.unwrap_or_default(),
            Target::Avoided(i, Field::ObservedRate) => s.avoided[*i].observed_rate.unwrap_or_default(),
            Target::Avoided(i, f) => adj(ItemRef::Avoided(*i), *f),
            Target::Proxy(kind, row) => self.proxy_row(*kind, row).map(|r| r.value).unwrap_or_default(),
        }
    }

    /// The values the rest of the scenario allows the target (none: no upper limit).
    fn domain(&self, t: &Target) -> (Decimal, Option<Decimal>) {
        let s = self.scenario;
        match t {
            Target::Outcome(_, Field::People) => (
                Decimal::ZERO,
                Decimal::from(s.families).checked_mul(s.people_per_family()),
            ),
            Target::Avoided(i, Field::CounterfactualRate) => (
                s.avoided[*i].observed_rate.unwrap_or_default().max(Decimal::ZERO),
                Some(Decimal::ONE),
            ),
            Target::Avoided(i, Field::ObservedRate) => (
                Decimal::ZERO,
                Some(
                    s.avoided[*i]
                        .counterfactual_rate
                        .unwrap_or(Decimal::ONE)
                        .min(Decimal::ONE),
                ),
            ),
            Target::Outcome(_, Field::Duration)
            | Target::Avoided(_, Field::Duration)
            | Target::Default(Field::Duration) => years_domain(),
            Target::Outcome(_, Field::Count)
            | Target::Avoided(_, Field::Count)
            | Target::Cost(_)
            | Target::Proxy(..) => (Decimal::ZERO, None),
            Target::Outcome(..)
            | Target::Avoided(..)
            | Target::Default(_)
            | Target::DiscountRate
            | Target::WellbeingDiscountRate => share_domain(),
        }
    }

    /// Resolves one concrete item target (no `*`), refusing what the analysis cannot honour.
    fn one_item(
        &self,
        path: &str,
        outcome: bool,
        id: &str,
        field: Field,
        place: &dyn Fn() -> Place,
    ) -> Result<(Target, ItemRef)> {
        let bad = |m: String| Error::invalid(place(), m);
        let s = self.scenario;
        let (idx, item) = if outcome {
            let i = s
                .outcomes
                .iter()
                .position(|o| o.id == id)
                .ok_or_else(|| Error::unknown(place(), format!("no outcome item {id:?}")))?;
            (i, ItemRef::Outcome(i))
        } else {
            let i = s
                .avoided
                .iter()
                .position(|a| a.id == id)
                .ok_or_else(|| Error::unknown(place(), format!("no avoided item {id:?}")))?;
            (i, ItemRef::Avoided(i))
        };
        if self.records && field.is_fact() {
            return Err(bad(format!(
                "{path}: with per-family records the facts (people, counts, rates) come from the records, so a range on {} would change nothing; put ranges on adjustments or proxies",
                field.as_str()
            )));
        }
        match (item, field) {
            (ItemRef::Outcome(i), Field::People) if s.outcomes[i].people.is_none() => {
                return Err(bad(format!(
                    "outcome {id:?} is given as a rate: put the range on outcomes.{id}.rate"
                )));
            }
            (ItemRef::Outcome(i), Field::Rate) if s.outcomes[i].rate.is_none() => {
                return Err(bad(format!(
                    "outcome {id:?} is given as people: put the range on outcomes.{id}.people"
                )));
            }
            (ItemRef::Avoided(i), Field::Count) if s.avoided[i].count.is_none() => {
                return Err(bad(format!(
                    "avoided item {id:?} is given as rates: put the range on one of its rates"
                )));
            }
            (ItemRef::Avoided(i), Field::CounterfactualRate | Field::ObservedRate)
                if s.avoided[i].counterfactual_rate.is_none() || s.avoided[i].count.is_some() =>
            {
                return Err(bad(format!(
                    "avoided item {id:?} is given as a count: put the range on avoided.{id}.count"
                )));
            }
            (ItemRef::Avoided(i), Field::Duration | Field::DropOff) => {
                let per_year = self
                    .row(item)
                    .is_some_and(|r| r.recurrence == Some(Recurrence::PerYear));
                if !per_year {
                    return Err(bad(format!(
                        "{} of avoided item {id:?} does not apply: {} is not a per-year cost, so it falls once",
                        field.words(),
                        s.avoided[i].proxy
                    )));
                }
            }
            _ => {}
        }
        if field == Field::Deadweight
            && let Some(row) = self.row(item)
        {
            let net = is_net_of_counterfactual(s, item, row);
            let reason = match item {
                ItemRef::Outcome(i) => &s.outcomes[i].deadweight_reason,
                ItemRef::Avoided(i) => &s.avoided[i].deadweight_reason,
            };
            if net && reason.as_ref().is_none_or(|w| w.trim().is_empty()) {
                return Err(bad(format!(
                    "{id:?} is already net of the counterfactual: deadweight is in it and is not deducted again, so a range on its deadweight needs deadweight_reason"
                )));
            }
        }
        let target = if outcome {
            Target::Outcome(idx, field)
        } else {
            Target::Avoided(idx, field)
        };
        Ok((target, item))
    }

    /// Resolves a target path: every item it moves, its label, unit, domain and central value.
    pub(super) fn resolve_path(&self, path: &str, place: &dyn Fn() -> Place) -> Result<Resolution> {
        let parsed = RangeTarget::parse(path).map_err(|m| Error::invalid(place(), m))?;
        let s = self.scenario;
        let unit = parsed.unit();
        let single = |t: Target, label: String, group: &'static str, phrase: String| {
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
            }
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
                if *f == Field::Deadweight && s.defaults.deadweight.is_none() {
                    // Items without a deadweight of their own take their row's default: a default
                    // range would override those, so it would not be centred on what the engine does.
                    let users: Vec<&str> = s
                        .outcomes
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.adjustments.deadweight.is_none())
                        .filter_map(|(i, o)| {
                            let r = self.row(ItemRef::Outcome(i))?;
                            (!is_net_of_counterfactual(s, ItemRef::Outcome(i), r) && r.default_deadweight.is_some())
                                .then_some(o.id.as_str())
                        })
                        .chain(
                            s.avoided
                                .iter()
                                .enumerate()
                                .filter(|(_, a)| a.adjustments.deadweight.is_none())
                                .filter_map(|(i, a)| {
                                    let r = self.row(ItemRef::Avoided(i))?;
                                    (!is_net_of_counterfactual(s, ItemRef::Avoided(i), r)
                                        && r.default_deadweight.is_some())
                                    .then_some(a.id.as_str())
                                }),
                        )
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
            RangeTarget::Proxy { table, row } => {
                let reference = if *table == TableKind::Wellbeing {
                    &s.tables.wellbeing
                } else {
                    &s.tables.unit_costs
                };
                let t = self
                    .table(*table)
                    .ok_or_else(|| Error::unknown(place(), format!("no table {reference:?}")))?;
                let r = t
                    .rows
                    .iter()
                    .find(|r| r.id == *row)
                    .ok_or_else(|| Error::unknown(place(), format!("no row {row:?} in {reference}")))?;
                let used = if *table == TableKind::Wellbeing {
                    s.outcomes.iter().any(|o| o.proxy == *row)
                } else {
                    s.avoided.iter().any(|a| a.proxy == *row)
                };
                if !used {
                    return Err(Error::invalid(
                        place(),
                        format!("no item of the scenario uses {row:?}, so a range on it would change nothing"),
                    ));
                }
                let res = single(
                    Target::Proxy(*table, row.clone()),
                    format!("Proxy: {}", r.label),
                    "Proxies",
                    format!("the value of “{}” in {reference}", r.label),
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
                Ok(res)
            }
            RangeTarget::Outcome { item, field } | RangeTarget::Avoided { item, field } => {
                let outcome = matches!(parsed, RangeTarget::Outcome { .. });
                let section = if outcome { "outcomes" } else { "avoided" };
                let group = if outcome { "Outcomes" } else { "Avoided costs" };
                if !item.contains('*') {
                    let (t, r) = self.one_item(path, outcome, item, *field, place)?;
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
                    let (t, _) = self.one_item(
                        &format!("{section}.{id}.{}", field.as_str()),
                        outcome,
                        id,
                        *field,
                        place,
                    )?;
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
                Ok(Resolution {
                    phrase: format!("the {} of {} (moved together)", field.words(), ids.join(", ")),
                    central: first.unwrap_or_default(),
                    targets,
                    label: format!("{} of {}", field.words(), ids.join(", ")),
                    group,
                    applies_to: ids
                        .iter()
                        .map(|id| format!("{section}.{id}.{}", field.as_str()))
                        .collect(),
                    unit,
                    min,
                    max,
                    item_unit: None,
                })
            }
        }
    }

    /// Checks one of the scenario's ranges against its target's domain and central value.
    fn range(&self, i: usize, r: &RangeSpec) -> Result<Assumption> {
        let location = Location::range(i, None);
        let res = self.resolve_path(&r.target, &|| Place::new(self.file, location.clone(), "target"))?;
        let location = Location::range(i, Some(r.target.clone()));
        let place = |f: &str| Place::new(self.file, location.clone(), f);
        let (mut low, mut high) = (r.low, r.high);
        if let Some(Target::Proxy(kind, row)) = res.targets.first()
            && let Some(row) = self.proxy_row(*kind, row)
        {
            low = low.or(row.low);
            high = high.or(row.high);
        }
        let low = low.ok_or_else(|| Error::invalid(place("low"), "a range needs a low value"))?;
        let high = high.ok_or_else(|| Error::invalid(place("high"), "a range needs a high value"))?;
        if low > high {
            return Err(Error::invalid(place("low"), format!("low {low} exceeds high {high}")));
        }
        let allows = match res.unit {
            Unit::Share | Unit::Rate => "a share in 0–1".to_string(),
            Unit::Years => format!("a duration of 1 to {MAX_DURATION} years"),
            _ => "not negative".to_string(),
        };
        for (name, v) in [("low", low), ("high", high)] {
            let outside = match res.unit {
                Unit::Share | Unit::Rate => v < Decimal::ZERO || v > Decimal::ONE,
                Unit::Years => v < Decimal::ONE || v > Decimal::from(MAX_DURATION) || v.fract() != Decimal::ZERO,
                _ => v < Decimal::ZERO,
            };
            if outside {
                return Err(Error::invalid(
                    place(name),
                    format!("{v} is outside what {} allows ({allows})", r.target),
                ));
            }
        }
        // Limits that depend on the rest of the scenario.
        if let Some(max) = res.max
            && high > max
        {
            let what = match res.targets.first() {
                Some(Target::Outcome(_, Field::People)) => "the cohort's people".to_string(),
                Some(Target::Avoided(_, Field::ObservedRate)) => "the counterfactual rate".to_string(),
                _ => format!("the largest value {} allows", r.target),
            };
            return Err(Error::invalid(
                place("high"),
                format!("high {high} exceeds {what} ({})", max.normalize()),
            ));
        }
        if low < res.min {
            let what = match res.targets.first() {
                Some(Target::Avoided(_, Field::CounterfactualRate)) => "the observed rate".to_string(),
                _ => format!("the smallest value {} allows", r.target),
            };
            return Err(Error::invalid(
                place("low"),
                format!("low {low} is below {what} ({})", res.min.normalize()),
            ));
        }
        if res.central < low || res.central > high {
            return Err(Error::invalid(
                place("low"),
                format!(
                    "the scenario's value {} lies outside the range {low}–{high}",
                    res.central.normalize()
                ),
            ));
        }
        self.check_factor(&res, high, &|| place("high"))?;
        Ok(Assumption::new(
            r.target.clone(),
            res,
            (low, high),
            r.distribution,
            "scenario",
            r.note.clone(),
            Place::new(self.file, location, ""),
        ))
    }

    /// A proxy range scales every variant of the row by value ÷ central: the largest product
    /// must be computable.
    fn check_factor(&self, res: &Resolution, high: Decimal, place: &dyn Fn() -> Place) -> Result<()> {
        let Some(Target::Proxy(kind, row)) = res.targets.first() else {
            return Ok(());
        };
        let too_large = || {
            Error::overflow(
                place(),
                format!(
                    "a range up to {} on a proxy worth {} scales its values beyond what can be computed",
                    high.normalize(),
                    res.central.normalize()
                ),
            )
        };
        let factor = high.checked_div(res.central).ok_or_else(too_large)?;
        let t = self.table(*kind).ok_or_else(too_large)?;
        for r in t.rows.iter().filter(|r| r.id == *row) {
            r.value
                .checked_mul(factor)
                .and_then(|v| v.checked_mul(Decimal::TWO))
                .ok_or_else(too_large)?;
        }
        Ok(())
    }
}

/// Checks the `[uncertainty]` settings.
pub(super) fn check_settings(file: &str, s: &Settings) -> Result<()> {
    let place = |f: &str| Place::new(file, Location::section("uncertainty"), f);
    if let Some(d) = s.draws
        && (d == 0 || d > MAX_DRAWS)
    {
        return Err(Error::invalid(
            place("draws"),
            format!("draws must be 1 to {MAX_DRAWS}"),
        ));
    }
    if let Some(b) = s.bins
        && (b == 0 || b > MAX_BINS)
    {
        return Err(Error::invalid(place("bins"), format!("bins must be 1 to {MAX_BINS}")));
    }
    if let Some(ps) = &s.percentiles {
        if ps.is_empty() || ps.len() > 99 {
            return Err(Error::invalid(place("percentiles"), "give 1 to 99 percentiles"));
        }
        for p in ps {
            if *p < Decimal::ZERO || *p > Decimal::ONE {
                return Err(Error::invalid(
                    place("percentiles"),
                    format!("{p} is not a probability in 0–1"),
                ));
            }
        }
    }
    Ok(())
}

/// Every range of the scenario, each checked on its own and against the earlier ones (two ranges
/// that move one assumption are refused, whichever comes first), then the tables' ranges of the
/// proxies the scenario uses. Returns the assumptions and every error, in order.
pub(super) fn collect(cx: &Cx<'_>) -> (Vec<Assumption>, Vec<RangeError>) {
    let mut out: Vec<Assumption> = Vec::new();
    let mut errors = Vec::new();
    let settings = cx.scenario.uncertainty.clone().unwrap_or_default();
    if let Err(e) = check_settings(cx.file, &settings) {
        errors.push(RangeError {
            index: None,
            field: e.place().field.clone(),
            error: e,
        });
    }
    for (i, r) in cx.scenario.ranges.iter().enumerate() {
        let a =
            cx.range(i, r).and_then(
                |a| match out.iter().find(|b| b.targets.iter().any(|t| a.targets.contains(t))) {
                    Some(b) => {
                        let shared: Vec<&String> = a.applies_to.iter().filter(|p| b.applies_to.contains(p)).collect();
                        Err(Error::invalid(
                            Place::new(cx.file, Location::range(i, None), "target"),
                            format!(
                                "{} and {} ({}) both put a range on {}: one assumption takes one range",
                                r.target,
                                b.target,
                                b.place.location,
                                shared.first().map(|s| s.as_str()).unwrap_or(b.target.as_str())
                            ),
                        ))
                    }
                    None => Ok(a),
                },
            );
        match a {
            Ok(a) => out.push(a),
            Err(e) => errors.push(RangeError {
                index: Some(i),
                field: e.place().field.clone(),
                error: e,
            }),
        }
    }
    if settings.table_ranges.unwrap_or(true) {
        let s = cx.scenario;
        let proxies = s
            .outcomes
            .iter()
            .map(|o| (TableKind::Wellbeing, &o.proxy))
            .chain(s.avoided.iter().map(|a| (TableKind::UnitCost, &a.proxy)));
        let mut seen: Vec<Target> = Vec::new();
        for (kind, row_id) in proxies {
            let target = Target::Proxy(kind, row_id.clone());
            if seen.contains(&target) || out.iter().any(|a| a.targets.contains(&target)) {
                continue;
            }
            seen.push(target.clone());
            // Ranges on ranged rows only, and never on a proxy worth nothing (nothing to scale).
            let Some(row) = cx.proxy_row(kind, row_id) else {
                continue;
            };
            let (Some(low), Some(high)) = (row.low, row.high) else {
                continue;
            };
            if row.value <= Decimal::ZERO || low > row.value || high < row.value || low < Decimal::ZERO {
                continue;
            }
            let path = RangeTarget::Proxy {
                table: kind,
                row: row_id.clone(),
            }
            .to_string();
            let location = Location::TableRange { target: path.clone() };
            let Ok(res) = cx.resolve_path(&path, &|| Place::new(cx.file, location.clone(), "")) else {
                continue;
            };
            if let Err(e) = cx.check_factor(&res, high, &|| Place::new(cx.file, location.clone(), "high")) {
                errors.push(RangeError {
                    index: None,
                    field: e.place().field.clone(),
                    error: e,
                });
                continue;
            }
            let note = format!(
                "low and high of {} in {}",
                row_id,
                cx.table(kind).map(|t| t.reference()).unwrap_or_default()
            );
            out.push(Assumption::new(
                path,
                res,
                (low, high),
                settings.table_distribution.unwrap_or_default(),
                "table",
                note,
                Place::new(cx.file, location, ""),
            ));
        }
    }
    (out, errors)
}

/// The assumptions, or the first error.
pub(super) fn assumptions_of(cx: &Cx<'_>) -> Result<Vec<Assumption>> {
    let (list, errors) = collect(cx);
    match errors.into_iter().next() {
        Some(e) => Err(e.error),
        None => Ok(list),
    }
}

/// A range to start from: the proxy's table range, else ±50 % around the central value, within
/// the domain.
fn proposed(cx: &Cx<'_>, res: &Resolution) -> (Decimal, Decimal) {
    if let Some(Target::Proxy(kind, row)) = res.targets.first()
        && let Some(r) = cx.proxy_row(*kind, row)
        && let (Some(lo), Some(hi)) = (r.low, r.high)
        && lo <= res.central
        && res.central <= hi
    {
        return (lo, hi);
    }
    let c = res.central;
    let half = Decimal::new(5, 1);
    let (mut low, mut high) = (
        c.checked_mul(half).unwrap_or(c),
        c.checked_mul(Decimal::ONE + half).unwrap_or(c),
    );
    if c.is_zero() {
        high = if res.unit.is_percent() {
            Decimal::new(1, 1)
        } else {
            Decimal::ONE
        };
    }
    if res.unit == Unit::Years {
        low = low.floor();
        high = high.ceil();
    }
    low = low.max(res.min);
    if let Some(m) = res.max {
        high = high.min(m);
    }
    let tidy = |d: Decimal| d.round_dp(6).normalize();
    let (low, high) = (tidy(low), tidy(high));
    (low.min(c), high.max(c))
}

fn info(cx: &Cx<'_>, path: &str, res: Resolution, covered: &[(usize, Vec<String>)]) -> TargetInfo {
    let ranged = covered
        .iter()
        .find(|(_, applies)| res.applies_to.iter().any(|p| applies.contains(p)))
        .map(|(i, _)| *i);
    TargetInfo {
        target: path.to_string(),
        group: res.group.to_string(),
        proposed: proposed(cx, &res),
        label: res.label,
        unit: res.unit,
        min: res.min,
        max: res.max,
        central: res.central,
        applies_to: res.applies_to,
        ranged,
    }
}

/// The items' assumptions each of the scenario's ranges covers (for ranges that resolve).
fn covered(cx: &Cx<'_>) -> Vec<(usize, Vec<String>)> {
    cx.scenario
        .ranges
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            cx.resolve_path(&r.target, &|| Place::top(cx.file, "target"))
                .ok()
                .map(|res| (i, res.applies_to))
        })
        .collect()
}

/// Every target a range can be put on in this scenario, with its unit, domain, label, central
/// value and a proposed range; `ranged` says which of the scenario's ranges already covers it.
/// Targets the analysis would refuse (a rate of an item given as a count, a fact of a records
/// scenario, a duration of a one-off cost, ...) are not listed.
///
/// ```
/// use socval::{templates, Registry};
/// use socval::uncertainty::{targets, Unit};
/// let s = templates().into_iter().find(|t| t.id == "securing-change").unwrap().scenario().unwrap();
/// let list = targets(&s, None, Registry::embedded());
/// let dr = list.iter().find(|t| t.target == "discount_rate").unwrap();
/// assert_eq!((dr.unit, dr.central), (Unit::Rate, s.discount_rate()));
/// ```
pub fn targets(scenario: &Scenario, records: Option<&crate::Records>, registry: &Registry) -> Vec<TargetInfo> {
    let cx = Cx {
        file: "scenario",
        scenario,
        registry,
        records: records.is_some(),
    };
    let mut paths: Vec<String> = Vec::new();
    for o in &scenario.outcomes {
        paths.push(format!("outcomes.{}.people", o.id));
        paths.push(format!("outcomes.{}.rate", o.id));
        paths.extend(
            Field::ADJUSTMENTS
                .iter()
                .map(|f| format!("outcomes.{}.{}", o.id, f.as_str())),
        );
    }
    for a in &scenario.avoided {
        for f in [Field::Count, Field::CounterfactualRate, Field::ObservedRate]
            .iter()
            .chain(Field::ADJUSTMENTS.iter())
        {
            paths.push(format!("avoided.{}.{}", a.id, f.as_str()));
        }
    }
    paths.extend((1..=scenario.costs.len()).map(|n| format!("costs.{n}.amount")));
    paths.extend(Field::ADJUSTMENTS.iter().map(|f| format!("defaults.{}", f.as_str())));
    paths.push("discount_rate".into());
    if !scenario.outcomes.is_empty() {
        paths.push("wellbeing_discount_rate".into());
    }
    for o in &scenario.outcomes {
        paths.push(format!("wellbeing.{}", o.proxy));
    }
    for a in &scenario.avoided {
        paths.push(format!("unit_costs.{}", a.proxy));
    }
    let mut seen = std::collections::BTreeSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    let covered = covered(&cx);
    paths
        .iter()
        .filter_map(|p| {
            let res = cx.resolve_path(p, &|| Place::top(cx.file, "target")).ok()?;
            Some(info(&cx, p, res, &covered))
        })
        .collect()
}

/// One target path (a `*` target included) resolved against a scenario: its label, unit, domain,
/// central value and the items it moves; an error says why the analysis would refuse it.
pub fn describe(
    scenario: &Scenario,
    records: Option<&crate::Records>,
    registry: &Registry,
    path: &str,
) -> Result<TargetInfo> {
    let cx = Cx {
        file: "scenario",
        scenario,
        registry,
        records: records.is_some(),
    };
    let res = cx.resolve_path(path, &|| Place::top(cx.file, "target"))?;
    Ok(info(&cx, path, res, &covered(&cx)))
}

/// Checks every range and the `[uncertainty]` settings at once: every refused range with its
/// index, each with the error the analysis would give. Empty when the analysis accepts them all.
pub fn check_ranges(scenario: &Scenario, records: Option<&crate::Records>, registry: &Registry) -> Vec<RangeError> {
    let cx = Cx {
        file: "scenario",
        scenario,
        registry,
        records: records.is_some(),
    };
    collect(&cx).1
}

/// Writes a value into a scenario (or into the proxy overrides), for every item of the assumption.
pub(super) fn apply(scenario: &mut Scenario, overrides: &mut Overrides, a: &Assumption, v: Decimal) -> Result<()> {
    for t in &a.targets {
        apply_one(scenario, overrides, a, t, v)?;
    }
    Ok(())
}

fn apply_one(
    scenario: &mut Scenario,
    overrides: &mut Overrides,
    a: &Assumption,
    target: &Target,
    v: Decimal,
) -> Result<()> {
    let set_adj = |adj: &mut Adjustments, f: Field, v: Decimal| {
        if let Some(a) = f.adjustment() {
            a.set(adj, Some(v));
        }
    };
    match target {
        Target::DiscountRate => scenario.discount_rate = Some(v),
        Target::WellbeingDiscountRate => scenario.wellbeing_discount_rate = Some(v),
        Target::Default(f) => set_adj(&mut scenario.defaults, *f, v),
        Target::Cost(i) => scenario.costs[*i].amount = v,
        Target::Outcome(i, f) => {
            let o = &mut scenario.outcomes[*i];
            match f {
                Field::People => o.people = Some(v),
                Field::Rate => o.rate = Some(v),
                f => set_adj(&mut o.adjustments, *f, v),
            }
        }
        Target::Avoided(i, f) => {
            let x = &mut scenario.avoided[*i];
            match f {
                Field::Count => x.count = Some(v),
                Field::CounterfactualRate => x.counterfactual_rate = Some(v),
                Field::ObservedRate => x.observed_rate = Some(v.min(x.counterfactual_rate.unwrap_or(v))),
                f => set_adj(&mut x.adjustments, *f, v),
            }
        }
        Target::Proxy(kind, row) => {
            // The central value of a proxy range is never zero (such ranges are refused).
            let factor = v.checked_div(a.central).ok_or_else(|| {
                Error::overflow(
                    a.place(),
                    format!(
                        "{} ÷ the proxy's value {} is too large",
                        v.normalize(),
                        a.central.normalize()
                    ),
                )
            })?;
            overrides.factors.insert((*kind, row.clone()), factor);
        }
    }
    Ok(())
}
