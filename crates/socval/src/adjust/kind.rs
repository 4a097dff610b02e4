//! The five adjustments themselves (`Adjustment`): each one's key, label, help, unit and domain,
//! and the format's fields that set them (`Adjustments`), read and written one by one. A leaf of
//! the adjustments' home (`crate::adjust`): the named levels (`crate::levels`) name an adjustment
//! by it; what takes the levels (a chosen level's value, the check of a set of adjustments) is
//! `adjust/mod.rs`'s. A new adjustment is added here alone, and in the engine that values it.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// Longest duration, in years, of any item.
pub const MAX_DURATION: u32 = 100;

/// Adjustments that may be set on the scenario (as defaults) or on an item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Adjustments {
    /// Share of the outcome that would have happened anyway (0–1).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub deadweight: Option<Decimal>,
    /// Share of the outcome due to others (0–1).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub attribution: Option<Decimal>,
    /// Share of the outcome that displaces value elsewhere (0–1).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub displacement: Option<Decimal>,
    /// Share of the outcome lost each year after the first (0–1).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub drop_off: Option<Decimal>,
    /// Years the outcome lasts (1–100).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::whole_option"
    )]
    pub duration: Option<u32>,
    /// A named, cited deadweight level instead of a figure of one's own (`"hact-hca-2014-health"`; see
    /// [`mod@crate::levels`]). Give either this or `deadweight`, not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadweight_level: Option<String>,
}

/// One of the adjustments a scenario item (or the scenario's defaults) can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Adjustment {
    /// Share of the outcome that would have happened anyway.
    Deadweight,
    /// Share of the outcome due to others.
    Attribution,
    /// Share of the outcome that displaces value elsewhere.
    Displacement,
    /// Share of the outcome lost each year after the first.
    DropOff,
    /// Years the outcome lasts.
    Duration,
}

/// The unit of an adjustment's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentUnit {
    /// A share in 0–1 (shown as a percentage).
    Share,
    /// Whole years, 1 to [`MAX_DURATION`].
    Years,
}

impl Adjustment {
    /// Every adjustment, in the order reports show them.
    pub const ALL: [Adjustment; 5] = [
        Adjustment::Deadweight,
        Adjustment::Attribution,
        Adjustment::Displacement,
        Adjustment::DropOff,
        Adjustment::Duration,
    ];

    /// The key files use (`drop_off`).
    pub fn key(self) -> &'static str {
        match self {
            Adjustment::Deadweight => "deadweight",
            Adjustment::Attribution => "attribution",
            Adjustment::Displacement => "displacement",
            Adjustment::DropOff => "drop_off",
            Adjustment::Duration => "duration",
        }
    }

    /// The id of its entry in the glossary ([`mod@crate::glossary`]), the anchor the page links to
    /// (`drop-off`).
    pub fn term_id(self) -> &'static str {
        match self {
            Adjustment::DropOff => "drop-off",
            a => a.key(),
        }
    }

    /// Reads a key.
    pub fn parse(key: &str) -> Option<Self> {
        Adjustment::ALL.into_iter().find(|a| a.key() == key)
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Adjustment::Deadweight => "Deadweight",
            Adjustment::Attribution => "Attribution",
            Adjustment::Displacement => "Displacement",
            Adjustment::DropOff => "Drop-off per year",
            Adjustment::Duration => "Duration (years)",
        }
    }

    /// What it means, in plain words.
    pub fn help(self) -> &'static str {
        match self {
            Adjustment::Deadweight => {
                "The share of the outcome that would have happened anyway, without the programme. Not deducted again where the effect already comes from a comparison with a control group or a counterfactual rate."
            }
            Adjustment::Attribution => {
                "The share of the outcome that is due to others (other services, family, friends)."
            }
            Adjustment::Displacement => "The share of the outcome that only moves a problem or a benefit elsewhere.",
            Adjustment::DropOff => {
                "The share of the outcome lost each year after the first, for outcomes that last more than a year."
            }
            Adjustment::Duration => "How many years the outcome (or a per-year avoided cost) lasts.",
        }
    }

    /// Its unit.
    pub fn unit(self) -> AdjustmentUnit {
        if self == Adjustment::Duration {
            AdjustmentUnit::Years
        } else {
            AdjustmentUnit::Share
        }
    }

    /// The values it may take (inclusive).
    pub fn domain(self) -> (Decimal, Decimal) {
        match self.unit() {
            AdjustmentUnit::Share => (Decimal::ZERO, Decimal::ONE),
            AdjustmentUnit::Years => (Decimal::ONE, Decimal::from(MAX_DURATION)),
        }
    }

    /// The value when nothing sets it (0, or one year).
    pub fn neutral(self) -> Decimal {
        match self.unit() {
            AdjustmentUnit::Share => Decimal::ZERO,
            AdjustmentUnit::Years => Decimal::ONE,
        }
    }

    /// The key a named level of it is chosen with (`deadweight_level`), where it has levels.
    pub fn level_key(self) -> Option<&'static str> {
        match self {
            Adjustment::Deadweight => Some("deadweight_level"),
            _ => None,
        }
    }

    /// Its own figure in a set of adjustments, if it has one (not a named level's: see `get`).
    pub(crate) fn own(self, a: &Adjustments) -> Option<Decimal> {
        match self {
            Adjustment::Deadweight => a.deadweight,
            Adjustment::Attribution => a.attribution,
            Adjustment::Displacement => a.displacement,
            Adjustment::DropOff => a.drop_off,
            Adjustment::Duration => a.duration.map(Decimal::from),
        }
    }

    /// Sets (or clears) it; a duration is rounded to whole years and kept in 1–[`MAX_DURATION`].
    /// A figure replaces any named level chosen for it.
    pub fn set(self, a: &mut Adjustments, v: Option<Decimal>) {
        match self {
            Adjustment::Deadweight => {
                a.deadweight = v;
                a.deadweight_level = None;
            }
            Adjustment::Attribution => a.attribution = v,
            Adjustment::Displacement => a.displacement = v,
            Adjustment::DropOff => a.drop_off = v,
            Adjustment::Duration => a.duration = v.and_then(|d| d.round().to_u32()).map(|d| d.clamp(1, MAX_DURATION)),
        }
    }

    /// Checks a value against its domain; the message names what is allowed.
    pub fn check(self, v: Decimal) -> std::result::Result<(), String> {
        let (lo, hi) = self.domain();
        match self.unit() {
            AdjustmentUnit::Share if v < lo || v > hi => Err(format!("{v} is outside 0–1 (0–100 %)")),
            AdjustmentUnit::Years if v < lo || v > hi || !v.fract().is_zero() => {
                Err(format!("duration {v} must be 1 to {MAX_DURATION} years"))
            }
            _ => Ok(()),
        }
    }
}

impl std::fmt::Display for Adjustment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}
