//! The five adjustments (deadweight, attribution, displacement, drop-off, duration): one type that
//! knows each one's key, label, unit, domain and meaning, and one function that resolves the value
//! in force for an item. The engine, the uncertainty analysis, the CLI and the page all use these;
//! none keeps its own list.
//!
//! ```
//! use socval::adjust::{Adjustment, ItemRef, in_force};
//! use socval::{Registry, template};
//! let s = template("securing-change").unwrap().scenario().unwrap();
//! let f = in_force(&s, Registry::embedded(), ItemRef::Outcome(0), Adjustment::Attribution).unwrap();
//! assert_eq!(f.value, "0.25".parse().unwrap());
//! assert_eq!(Adjustment::DropOff.key(), "drop_off");
//! ```

use crate::error::{Error, Location, Place, Result};
use crate::levels::{LEVELS_VERSION, Level, level, levels_for};
use rust_decimal::Decimal;

pub(crate) mod kind;
mod resolve;

pub use kind::{Adjustment, AdjustmentUnit, Adjustments};
pub(crate) use resolve::resolve_five;
pub use resolve::{
    DefaultReach, InForce, ItemRef, Origin, default_in_force, default_reach, in_force, is_net_of_counterfactual,
    item_label, item_row, resolve, resolve_measured,
};

impl Adjustments {
    /// Checks each value against its adjustment's domain, and a chosen level: it must be a named
    /// level of that adjustment, and not given beside a figure of one's own. Errors name `file`,
    /// the place `loc` gives and the key.
    pub fn check(&self, file: &str, loc: &dyn Fn() -> Location) -> Result<()> {
        if let Some(id) = &self.deadweight_level {
            let place = || Place::new(file, loc(), "deadweight_level");
            if self.deadweight.is_some() {
                return Err(Error::invalid(
                    place(),
                    "both deadweight and deadweight_level are given: keep the figure of your own or the named level, not both",
                ));
            }
            if level(id).is_none_or(|l| l.adjustment != Adjustment::Deadweight) {
                let known: Vec<&str> = levels_for(Adjustment::Deadweight).map(|l| l.id).collect();
                return Err(Error::unknown(
                    place(),
                    format!(
                        "{:?} is not a named deadweight level in {}: use one of {}",
                        id.chars().take(80).collect::<String>(),
                        LEVELS_VERSION,
                        known.join(", ")
                    ),
                ));
            }
        }
        for adj in Adjustment::ALL {
            if let Some(v) = adj.get(self) {
                adj.check(v)
                    .map_err(|m| Error::invalid(Place::new(file, loc(), adj.key()), m))?;
            }
        }
        Ok(())
    }
}

/// What an adjustment is in a set of adjustments (the format's fields), with its named levels.
impl Adjustment {
    /// The value a set of adjustments gives it, if any: its own figure, else the value of the
    /// named level it chooses (see [`mod@crate::levels`]).
    pub fn get(self, a: &Adjustments) -> Option<Decimal> {
        self.own(a).or_else(|| self.level(a).map(|l| l.value))
    }

    /// The named level a set of adjustments chooses for it, when it gives no figure of its own
    /// (an unknown id gives none: [`crate::Scenario::check`] refuses it).
    pub fn level(self, a: &Adjustments) -> Option<&'static Level> {
        match self {
            Adjustment::Deadweight if a.deadweight.is_none() => a.deadweight_level.as_deref().and_then(level),
            _ => None,
        }
    }

    /// Chooses (or clears) a named level; the figure of its own is cleared so that the level is in
    /// force. Does nothing for an adjustment without levels.
    pub fn set_level(self, a: &mut Adjustments, id: Option<String>) {
        if self == Adjustment::Deadweight {
            a.deadweight = None;
            a.deadweight_level = id;
        }
    }
}
