//! Named, cited levels for the adjustments: a choice a scenario can make instead of typing its own
//! figure (`deadweight_level = "hact-hca-2014-health"`), with the source the figure was read in, its
//! evidence status and a low–high range the uncertainty analysis draws from.
//!
//! The catalogue is versioned like a table ([`LEVELS_VERSION`]); a new figure or a corrected one
//! is a new version, never an edit. What was read, and what was not:
//!
//! - **Deadweight by kind of outcome.** HACT's help pages for its Value Insight tool say its model
//!   uses "average deadweight figures from the HCA Additionality Guidance 2014", and tabulate the
//!   first-year deadweight by category: training and employment 15 %, community and social 19 %,
//!   crime prevention 19 %, health 27 %. The Homes and Communities Agency's *Additionality Guide*
//!   (4th edition, 2014) itself was not read here (no stored copy of its tables was found), so each
//!   level is **secondary** evidence, confidence grade 3: HACT's figures, as HACT's help pages report
//!   them. The guide's own ready reckoner was not found either. HACT replaced these figures in 2022
//!   because the government source was dated; the 2022 figures were not read here.
//! - **Names.** Since `adjustment-levels@2.0.0` each id says whose figure it is
//!   (`hact-hca-2014-health`: HACT's reading of the HCA 2014 guide); the 1.0.0 ids
//!   (`hca-2014-health`, …) still work as aliases of the same levels ([`LEVEL_ALIASES`]).
//! - **The range** of each level is its own: ten percentage points either side of its own figure,
//!   an assumption stated as such (no source read gives a spread for any category). 1.0.0 gave
//!   every level the spread of the four averages (15 %–27 %), so the health level could only be
//!   drawn lower and the employment level only higher.
//! - **Displacement, attribution, drop-off:** no open, readable source of named levels was found,
//!   so none is shipped; a scenario states its own figure, which stays its own and is marked so.
//!
//! ```
//! use socval::{Adjustment, level, levels};
//! let health = level("hact-hca-2014-health").unwrap();
//! assert_eq!(level("hca-2014-health"), Some(health)); // the 1.0.0 id, an alias
//! assert_eq!(health.adjustment, Adjustment::Deadweight);
//! assert_eq!(health.value, "0.27".parse().unwrap());
//! assert!(levels().iter().all(|l| l.low <= l.value && l.value <= l.high));
//! ```

use crate::adjust::Adjustment;
use crate::tables::EvidenceStatus;
use rust_decimal::Decimal;
use serde::Serialize;

/// The catalogue's version, as a table reference.
///
/// - 1.0.0: HACT's four deadweight averages as `hca-2014-*`, each with the shared range 15–27 %.
/// - 2.0.0: the same figures renamed for whose figure each is (`hact-hca-2014-*`, the old ids kept as
///   aliases), labels and citations saying how they were read, and each level's own range (its
///   figure ± 10 points, an assumption).
pub const LEVELS_VERSION: &str = "adjustment-levels@2.0.0";

/// The ids of `adjustment-levels@1.0.0` and the level each now names: a scenario saved with an old
/// id keeps working and is valued with the same figure.
pub const LEVEL_ALIASES: [(&str, &str); 4] = [
    ("hca-2014-employment", "hact-hca-2014-employment"),
    ("hca-2014-community", "hact-hca-2014-community"),
    ("hca-2014-crime", "hact-hca-2014-crime"),
    ("hca-2014-health", "hact-hca-2014-health"),
];

/// Where a level's figure was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LevelSource {
    /// Who published what was read.
    pub publisher: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Year of publication, when the page gives one.
    pub year: Option<i32>,
    /// Where in it the figure is.
    pub locator: &'static str,
    /// Its address.
    pub url: &'static str,
    /// Where the figure comes from, as the page says, and what was not read.
    pub origin: &'static str,
    /// The terms the figure is quoted under.
    pub licence: &'static str,
}

/// A named, cited level of one adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Level {
    /// Id a scenario names it by (`deadweight_level = "hact-hca-2014-health"`).
    pub id: &'static str,
    /// The adjustment it is a level of.
    pub adjustment: Adjustment,
    /// Label shown in pickers and reports.
    pub label: &'static str,
    /// What it suits, in plain words.
    pub applies_to: &'static str,
    /// The share (0–1).
    pub value: Decimal,
    /// Low end of its range.
    pub low: Decimal,
    /// High end of its range.
    pub high: Decimal,
    /// How the range was set.
    pub range_basis: &'static str,
    /// Evidence status of the figure.
    pub status: EvidenceStatus,
    /// Confidence grade, 1 (high) to 3 (low).
    pub confidence: u8,
    /// Where it was read.
    pub source: LevelSource,
}

impl Level {
    /// One line a report prints for it: `HACT's reading of the HCA Additionality Guide (2014),
    /// average deadweight, health outcomes: 27 % (secondary, grade 3; range 17–37 %)`.
    pub fn summary(&self) -> String {
        format!(
            "{}: {} % ({}, grade {}; range {}–{} %)",
            self.label,
            crate::money::percent_text(self.value),
            self.status,
            self.confidence,
            crate::money::percent_text(self.low),
            crate::money::percent_text(self.high)
        )
    }

    /// The citation: publisher, title, locator, address and origin.
    pub fn citation(&self) -> String {
        let s = &self.source;
        let year = s.year.map(|y| format!(", {y}")).unwrap_or_else(|| ", undated".into());
        format!(
            "{}, “{}”{year}, {}: {}. {} Licence: {}",
            s.publisher, s.title, s.locator, s.url, s.origin, s.licence
        )
    }
}

const fn share(hundredths: u32) -> Decimal {
    Decimal::from_parts(hundredths, 0, 0, false, 2)
}

const HACT_TABLE: LevelSource = LevelSource {
    publisher: "HACT (Value Insight help centre)",
    title: "Beta: Applying values in subsequent years",
    year: None,
    locator: "deadweight table, column \"Year 1\"",
    url: "https://valueinsight.zendesk.com/hc/en-us/articles/204679011-Beta-Applying-values-in-subsequent-years",
    origin: "The figure is HACT's, as its help page tabulates it. HACT's companion article \"Deadweight\" (https://valueinsight.zendesk.com/hc/en-us/articles/204582852-Deadweight) says the model uses average deadweight figures from the HCA Additionality Guidance 2014. The HCA's Additionality Guide (4th edition, 2014) itself was not read here, and its ready reckoner was not found in any copy searched, so the figure is not confirmed against the guide; HACT revised its deadweights in 2022 (figures not read here).",
    licence: "a percentage quoted as a fact from a public help page; HACT attributes it to the HCA guide (Open Government Licence). Not a UK Social Value Bank value.",
};

const RANGE_BASIS: &str = "assumption: ten percentage points either side of the level's own figure; no source read gives a spread for any category (not a confidence interval)";

/// Half the width of each level's assumed range, in hundredths (10 percentage points).
const HALF_RANGE: u32 = 10;

/// A deadweight level of HACT's table: the figure read, with the shared source and status, and its
/// own range (the figure ± [`HALF_RANGE`] points, an assumption).
const fn hca(id: &'static str, label: &'static str, applies_to: &'static str, hundredths: u32) -> Level {
    Level {
        id,
        adjustment: Adjustment::Deadweight,
        label,
        applies_to,
        value: share(hundredths),
        low: share(hundredths.saturating_sub(HALF_RANGE)),
        high: share(hundredths + HALF_RANGE),
        range_basis: RANGE_BASIS,
        status: EvidenceStatus::Secondary,
        confidence: 3,
        source: HACT_TABLE,
    }
}

const LEVELS: [Level; 4] = [
    hca(
        "hact-hca-2014-employment",
        "HACT's reading of the HCA Additionality Guide (2014), average deadweight, training and employment outcomes",
        "outcomes of training, education and employment",
        15,
    ),
    hca(
        "hact-hca-2014-community",
        "HACT's reading of the HCA Additionality Guide (2014), average deadweight, community and social outcomes",
        "community and social outcomes (confidence, social networks, parenting)",
        19,
    ),
    hca(
        "hact-hca-2014-crime",
        "HACT's reading of the HCA Additionality Guide (2014), average deadweight, crime prevention outcomes",
        "crime prevention outcomes",
        19,
    ),
    hca(
        "hact-hca-2014-health",
        "HACT's reading of the HCA Additionality Guide (2014), average deadweight, health outcomes",
        "health outcomes (mental and physical health, relief from depression or anxiety)",
        27,
    ),
];

/// Every named level, in the order pickers show them.
pub fn levels() -> &'static [Level] {
    &LEVELS
}

/// The level with this id, or with the id an old id ([`LEVEL_ALIASES`]) now names.
pub fn level(id: &str) -> Option<&'static Level> {
    let id = LEVEL_ALIASES
        .iter()
        .find(|(old, _)| *old == id)
        .map_or(id, |(_, new)| *new);
    LEVELS.iter().find(|l| l.id == id)
}

/// The levels of one adjustment (empty where no cited level exists).
pub fn levels_for(adjustment: Adjustment) -> impl Iterator<Item = &'static Level> {
    LEVELS.iter().filter(move |l| l.adjustment == adjustment)
}
