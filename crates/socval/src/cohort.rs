//! How a scenario's facts follow the number of families: an item given as a rate (a share of the
//! cohort's people, or events per family) grows with the cohort; an item given as a count (`people
//! = "12"`, `count = "3"`) stays as it is unless the user asks for counts to be scaled too. The
//! page marks count items and offers the choice; the rule lives here.
//!
//! ```
//! use socval::adjust::ItemRef;
//! use socval::cohort::{Scaling, scaling, with_families};
//! use socval::template;
//! let s = template("securing-change").unwrap().scenario().unwrap();
//! let doubled = with_families(&s, s.families * 2, true).unwrap();
//! assert_eq!(doubled.families, s.families * 2);
//! for (i, _) in s.outcomes.iter().enumerate() {
//!     if scaling(&s, ItemRef::Outcome(i)) == Scaling::FixedCount {
//!         assert_eq!(doubled.outcomes[i].people.unwrap(), s.outcomes[i].people.unwrap() * socval::Decimal::TWO);
//!     }
//! }
//! ```

use crate::adjust::ItemRef;
use crate::error::{Error, Location, Place, Result};
use crate::scenario::{MAX_FAMILIES, Scenario};
use rust_decimal::Decimal;
use serde::Serialize;

/// How an item's people or events follow the number of families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scaling {
    /// Given as a rate: it grows and shrinks with the cohort.
    WithFamilies,
    /// Given as a count: it stays fixed when the number of families changes (unless counts are
    /// scaled on purpose).
    FixedCount,
}

impl Scaling {
    /// In words, for a mark beside the item.
    pub fn words(self) -> &'static str {
        match self {
            Scaling::WithFamilies => "a rate: follows the number of families",
            Scaling::FixedCount => "a count: stays fixed when the number of families changes",
        }
    }
}

/// Whether an item's facts are a rate (they follow the families) or a count (they stay fixed).
pub fn scaling(scenario: &Scenario, item: ItemRef) -> Scaling {
    let fixed = match item {
        ItemRef::Outcome(i) => scenario.outcomes.get(i).is_some_and(|o| o.people.is_some()),
        ItemRef::Avoided(i) => scenario.avoided.get(i).is_some_and(|a| a.count.is_some()),
    };
    if fixed {
        Scaling::FixedCount
    } else {
        Scaling::WithFamilies
    }
}

/// The scenario with `families` families. Rates follow by themselves; with `scale_counts`, every
/// count (`people` of an outcome or a measured change, `count` of an avoided cost) is scaled by
/// `families ÷ the scenario's families`, exactly (no rounding: a count may become fractional, as a
/// cohort's expected count is). Costs stay as they are.
pub fn with_families(scenario: &Scenario, families: u32, scale_counts: bool) -> Result<Scenario> {
    if families == 0 || families > MAX_FAMILIES {
        return Err(Error::invalid(
            Place::new("scenario", Location::section("families"), "families"),
            format!("families must be 1 to {MAX_FAMILIES}"),
        ));
    }
    let mut s = scenario.clone();
    if scale_counts && scenario.families != 0 && families != scenario.families {
        let factor = Decimal::from(families)
            .checked_div(Decimal::from(scenario.families))
            .unwrap_or(Decimal::ONE);
        let scale = |v: &mut Option<Decimal>, loc: Location, field: &str| -> Result<()> {
            if let Some(x) = v {
                *x = x.checked_mul(factor).ok_or_else(|| {
                    Error::overflow(
                        Place::new("scenario", loc, field),
                        format!("{x} scaled to {families} families is too large"),
                    )
                })?;
            }
            Ok(())
        };
        for (i, o) in s.outcomes.iter_mut().enumerate() {
            scale(&mut o.people, Location::outcome(i, o.id.clone()), "people")?;
        }
        for (i, a) in s.avoided.iter_mut().enumerate() {
            scale(&mut a.count, Location::avoided(i, a.id.clone()), "count")?;
        }
        for (i, m) in s.measured.iter_mut().enumerate() {
            let loc = Location::Item {
                list: crate::error::ItemList::Measured,
                index: i,
                id: m.id.clone(),
            };
            scale(&mut m.people, loc, "people")?;
        }
    }
    s.families = families;
    Ok(s)
}
