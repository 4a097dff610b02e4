//! The grammar of range targets: fields, units and target paths (`outcomes.<id>.deadweight`).

use super::*;

/// The assumption of an item (or a default) a range moves: the last part of a target path.
/// Serialised as its path name (`counterfactual_rate`, `drop_off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// One of the adjustments (its key is the path name: `deadweight`, `drop_off`, …).
    Adjustment(Adjustment),
    /// An avoided item's units per event (legally aided parties per set of proceedings).
    UnitsPerEvent,
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Field {
    /// The adjustment this field is, if it is one.
    pub fn adjustment(self) -> Option<Adjustment> {
        match self {
            Field::Adjustment(a) => Some(a),
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
            "units_per_event" => Field::UnitsPerEvent,
            _ => return Adjustment::parse(s).map(Field::Adjustment),
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
            Field::Adjustment(a) => a.key(),
            Field::UnitsPerEvent => "units_per_event",
        }
    }

    /// The name in words (`counterfactual rate`, `drop-off`).
    pub fn words(self) -> &'static str {
        match self {
            Field::CounterfactualRate => "counterfactual rate",
            Field::ObservedRate => "observed rate",
            Field::Adjustment(Adjustment::DropOff) => "drop-off",
            Field::UnitsPerEvent => "units per event",
            f => f.as_str(),
        }
    }

    /// Whether it is one of the adjustments (deadweight ... duration).
    pub fn is_adjustment(self) -> bool {
        matches!(self, Field::Adjustment(_))
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
            Field::People | Field::Count | Field::UnitsPerEvent => Unit::Count,
            Field::Adjustment(Adjustment::Duration) => Unit::Years,
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
            Unit::Share | Unit::Rate => format!("{} %", crate::money::percent_rounded(v, 2)),
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
                    let keys: Vec<&str> = Adjustment::ALL.iter().map(|a| a.key()).collect();
                    format!("{f:?} is not a default adjustment ({})", keys.join(", "))
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
                    f.is_adjustment()
                        || matches!(
                            f,
                            Field::Count | Field::CounterfactualRate | Field::ObservedRate | Field::UnitsPerEvent
                        )
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
