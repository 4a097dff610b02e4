//! Discounting: which rate each value is discounted at, year by year.
//!
//! Under the SROI convention (the default) one flat rate serves every value (3.5 % unless the
//! scenario sets `discount_rate`), unless the scenario sets `wellbeing_discount_rate` for wellbeing
//! values. Under the Green Book convention, wellbeing values follow HM Treasury's health schedule
//! and everything else its standard schedule, unless the scenario sets a flat rate for either.
//!
//! Years: socval's appraisal year `t` (1 = the first year of benefits) is discounted over
//! `t − k` periods, `k = 0` (SROI: year 1 discounted once) or `k = 1` (Green Book: year 1 is Green
//! Book year 0, undiscounted). Year 0 (a programme cost paid up front) is never discounted.
//!
//! Schedules (HM Treasury, *The Green Book* 2022, annex A6; health rates from the *Wellbeing
//! Guidance for Appraisal*, 2021), as the rate for Green Book years in each band:
//!
//! | Green Book years | standard | health |
//! |---|---|---|
//! | 0–30 | 3.5 % | 1.5 % |
//! | 31–75 | 3.0 % | 1.29 % |
//! | 76–125 | 2.5 % | 1.07 % |
//! | 126–200 | 2.0 % | 0.86 % |
//! | 201–300 | 1.5 % | 0.64 % |
//! | 301 and later | 1.0 % | 0.43 % |
//!
//! The factor for Green Book year `g` is the product of each year's rate:
//! `D(g) = 1 ÷ Π_{i = 1..g} (1 + r(i))`, where `r(i)` is the rate of the band year `i` is in. So
//! year 30 is `1 ÷ 1.035^30` and year 31 is `1 ÷ (1.035^30 × 1.03)`: the rate of a band applies to
//! the years within it (the convention of the Green Book's own discount factor tables).
//!
//! ```
//! use socval::discount::{Discounting, Schedule};
//! use socval::scenario::DiscountConvention;
//! use socval::Decimal;
//! let d = Discounting { convention: DiscountConvention::GreenBook, standard: Schedule::GreenBookStandard, wellbeing: Schedule::GreenBookHealth };
//! // socval year 32 is Green Book year 31: thirty years at 3.5 % and one at 3.0 %.
//! let g = d.growth(false, 32).unwrap();
//! let mut expect = Decimal::new(103, 2);
//! for _ in 0..30 { expect *= Decimal::new(1035, 3); }
//! assert_eq!(g.round_dp(12), expect.round_dp(12));
//! assert_eq!(d.describe(false, 32), "1.035^30 × 1.03^1");
//! ```

use crate::scenario::{DiscountConvention, Scenario};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The rates a value is discounted at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "kind", content = "rate")]
pub enum Schedule {
    /// One rate every year.
    Flat(Decimal),
    /// HM Treasury's standard schedule (3.5 % for Green Book years 0–30, 3.0 % for 31–75, …).
    GreenBookStandard,
    /// HM Treasury's health schedule, for wellbeing (1.5 % for years 0–30, 1.29 % for 31–75, …).
    GreenBookHealth,
}

/// Bands of the Green Book schedules: (last Green Book year of the band, standard ‰ ×10, health).
const BANDS: [(u32, Decimal, Decimal); 6] = [
    (
        30,
        Decimal::from_parts(35, 0, 0, false, 3),
        Decimal::from_parts(15, 0, 0, false, 3),
    ),
    (
        75,
        Decimal::from_parts(30, 0, 0, false, 3),
        Decimal::from_parts(129, 0, 0, false, 4),
    ),
    (
        125,
        Decimal::from_parts(25, 0, 0, false, 3),
        Decimal::from_parts(107, 0, 0, false, 4),
    ),
    (
        200,
        Decimal::from_parts(20, 0, 0, false, 3),
        Decimal::from_parts(86, 0, 0, false, 4),
    ),
    (
        300,
        Decimal::from_parts(15, 0, 0, false, 3),
        Decimal::from_parts(64, 0, 0, false, 4),
    ),
    (
        u32::MAX,
        Decimal::from_parts(10, 0, 0, false, 3),
        Decimal::from_parts(43, 0, 0, false, 4),
    ),
];

impl Schedule {
    /// The rate that takes Green Book year `i − 1` to year `i` (`i ≥ 1`).
    pub fn rate(self, i: u32) -> Decimal {
        match self {
            Schedule::Flat(r) => r,
            Schedule::GreenBookStandard | Schedule::GreenBookHealth => {
                let band = BANDS.iter().find(|b| i <= b.0).unwrap_or(&BANDS[5]);
                if self == Schedule::GreenBookStandard {
                    band.1
                } else {
                    band.2
                }
            }
        }
    }

    /// Human name: `flat 3.5%`, `Green Book standard schedule`, `Green Book health schedule`.
    pub fn name(self) -> String {
        match self {
            Schedule::Flat(r) => format!("flat {}", crate::money::format_percent(r)),
            Schedule::GreenBookStandard => "Green Book standard schedule (3.5% years 0–30, 3.0% 31–75)".into(),
            Schedule::GreenBookHealth => "Green Book health schedule (1.5% years 0–30, 1.29% 31–75)".into(),
        }
    }
}

/// How a scenario discounts: its convention and the schedule of each kind of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Discounting {
    /// Which year is discounted first.
    pub convention: DiscountConvention,
    /// Schedule of fiscal savings and programme costs.
    pub standard: Schedule,
    /// Schedule of wellbeing values.
    pub wellbeing: Schedule,
}

impl Discounting {
    /// The scenario's discounting (see the module's documentation).
    pub fn of(scenario: &Scenario) -> Self {
        let convention = scenario.discount_convention;
        let (std_default, wb_default) = match convention {
            DiscountConvention::Sroi => (Schedule::Flat(scenario.discount_rate()), None),
            DiscountConvention::GreenBook => (Schedule::GreenBookStandard, Some(Schedule::GreenBookHealth)),
        };
        let standard = scenario.discount_rate.map_or(std_default, Schedule::Flat);
        let wellbeing = scenario
            .wellbeing_discount_rate
            .map(Schedule::Flat)
            .or(wb_default)
            .unwrap_or(standard);
        Discounting {
            convention,
            standard,
            wellbeing,
        }
    }

    /// The schedule of wellbeing values (`wellbeing`) or of the rest.
    pub fn schedule(&self, wellbeing: bool) -> Schedule {
        if wellbeing { self.wellbeing } else { self.standard }
    }

    /// Periods appraisal year `year` is discounted over: `year − k`, and 0 for year 0.
    pub fn periods(&self, year: u32) -> u32 {
        year.saturating_sub(self.convention.k())
    }

    /// `Π (1 + r(i))` over the periods of `year`: the divisor that gives a present value. `None`
    /// on overflow.
    pub fn growth(&self, wellbeing: bool, year: u32) -> Option<Decimal> {
        let s = self.schedule(wellbeing);
        let mut g = Decimal::ONE;
        for i in 1..=self.periods(year) {
            g = g.checked_mul(Decimal::ONE + s.rate(i))?;
        }
        Some(g)
    }

    /// The divisor in words: `1.035^30 × 1.03^2`, or empty for an undiscounted year.
    pub fn describe(&self, wellbeing: bool, year: u32) -> String {
        let s = self.schedule(wellbeing);
        let mut runs: Vec<(Decimal, u32)> = Vec::new();
        for i in 1..=self.periods(year) {
            let r = s.rate(i);
            match runs.last_mut() {
                Some((last, n)) if *last == r => *n += 1,
                _ => runs.push((r, 1)),
            }
        }
        runs.iter()
            .map(|(r, n)| format!("{}^{n}", (Decimal::ONE + r).normalize()))
            .collect::<Vec<_>>()
            .join(" × ")
    }
}
