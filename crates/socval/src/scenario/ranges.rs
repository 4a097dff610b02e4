//! The uncertainty part of the scenario format: ranged assumptions ([`RangeSpec`], drawn by a
//! [`Distribution`]) and the analysis's [`Settings`]. The analysis itself is in
//! `crate::uncertainty`.

use crate::exact::de::whole_option;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How a ranged assumption is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Distribution {
    /// Always the central value (the range is still used by the tornado).
    Fixed,
    /// Uniform between low and high.
    Uniform,
    /// Triangular with its mode at the central value (the default).
    #[default]
    Triangular,
    /// PERT (a beta distribution, mode at the central value, weight 4).
    Pert,
}

impl Distribution {
    /// Every distribution, in the order a picker lists them.
    pub const ALL: [Distribution; 4] = [
        Distribution::Fixed,
        Distribution::Uniform,
        Distribution::Triangular,
        Distribution::Pert,
    ];

    /// Its name in the scenario format (`distribution = "triangular"`).
    pub fn key(self) -> &'static str {
        match self {
            Distribution::Fixed => "fixed",
            Distribution::Uniform => "uniform",
            Distribution::Triangular => "triangular",
            Distribution::Pert => "pert",
        }
    }

    /// The distribution a scenario names (`"pert"`), if any.
    ///
    /// ```
    /// use socval::scenario::Distribution;
    /// assert_eq!(Distribution::parse("pert"), Some(Distribution::Pert));
    /// assert_eq!(Distribution::parse("normal"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.key() == name)
    }
}

/// A range on one assumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RangeSpec {
    /// What it applies to, e.g. `outcomes.confidence.deadweight` (see the module docs).
    pub target: String,
    /// Low end (for a proxy: defaults to the table's `low`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub low: Option<Decimal>,
    /// High end (for a proxy: defaults to the table's `high`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option"
    )]
    pub high: Option<Decimal>,
    /// How it is drawn (default triangular).
    #[serde(default)]
    pub distribution: Distribution,
    /// Why this range.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Settings of the uncertainty analysis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Seed of the Monte Carlo draws (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub seed: Option<u64>,
    /// Number of draws (default 10,000; at most 1,000,000).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub draws: Option<u32>,
    /// Use the low/high of the proxies the scenario uses (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_ranges: Option<bool>,
    /// Distribution of table ranges (default triangular).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_distribution: Option<Distribution>,
    /// Percentiles to report, each a probability in 0–1 (default 0.05, 0.5, 0.95).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::exact::de::option_list"
    )]
    pub percentiles: Option<Vec<Decimal>>,
    /// Histogram bins (default 20, at most 200).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_option")]
    pub bins: Option<u32>,
}
