//! Places in the input, named lazily: the valuation's hot path makes no strings; a place is built
//! only when an error needs it.

use crate::error::{Error, ItemList, Location, Place, Result};
use rust_decimal::Decimal;

/// Names a place in the input, built only when an error needs it (the valuation's hot path
/// makes no strings).
pub(crate) trait Located {
    /// The place, with `field` (or the place's own field when `field` is empty).
    fn at(&self, field: &str) -> Place;
}

impl Located for Place {
    fn at(&self, field: &str) -> Place {
        if field.is_empty() {
            self.clone()
        } else {
            Place::new(self.file.clone(), self.location.clone(), field)
        }
    }
}

/// A scenario item (`outcomes[2] (id "confidence")`), named lazily.
pub(crate) struct ItemAt<'a> {
    pub(crate) file: &'a str,
    pub(crate) section: &'static str,
    pub(crate) index: usize,
    pub(crate) id: &'a str,
}

impl<'a> ItemAt<'a> {
    /// Item `index` of the scenario's `section` (`"outcomes"`, `"avoided"`, `"measured"`).
    pub(crate) fn new(file: &'a str, section: &'static str, index: usize, id: &'a str) -> Self {
        ItemAt {
            file,
            section,
            index,
            id,
        }
    }
}

impl Located for ItemAt<'_> {
    fn at(&self, field: &str) -> Place {
        let list = match self.section {
            "outcomes" => ItemList::Outcomes,
            "measured" => ItemList::Measured,
            _ => ItemList::Avoided,
        };
        let loc = Location::Item {
            list,
            index: self.index,
            id: self.id.to_string(),
        };
        Place::new(self.file, loc, field)
    }
}

/// A programme cost (`costs[0] ("Delivery")`), named lazily; its field is `amount` unless given.
pub(crate) struct CostAt<'a> {
    pub(crate) file: &'a str,
    pub(crate) index: usize,
    pub(crate) label: &'a str,
}

impl Located for CostAt<'_> {
    fn at(&self, field: &str) -> Place {
        let field = if field.is_empty() { "amount" } else { field };
        Place::new(self.file, Location::cost(self.index, self.label), field)
    }
}

/// A place with its field set.
pub(crate) struct FieldOf<'a>(pub(crate) &'a dyn Located, pub(crate) &'static str);

impl Located for FieldOf<'_> {
    fn at(&self, _field: &str) -> Place {
        self.0.at(self.1)
    }
}

/// `v`, or an overflow error naming `what` at `place` (the valuation's hot path: inlined, the
/// error built out of line).
#[inline(always)]
pub(crate) fn checked<L: Located + ?Sized>(place: &L, what: &str, v: Option<Decimal>) -> Result<Decimal> {
    match v {
        Some(x) => Ok(x),
        None => Err(too_large(place, what)),
    }
}

/// The overflow error of [`checked`].
#[cold]
#[inline(never)]
fn too_large<L: Located + ?Sized>(place: &L, what: &str) -> Error {
    Error::overflow(place.at(""), format!("{what} is too large"))
}
