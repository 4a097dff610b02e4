//! The sub-reducer of the scenario's fields: text typed into a field, a deadweight level chosen,
//! an item's adjustments opened or closed. Each change goes through `Work`'s rules (kept only if
//! the core values it; ranges only if the core finds them right), and `State::follow` does what
//! else follows. Adding and removing items is `items.rs`'s.

use socval::{adjust::Adjustment, adjust::ItemRef};

use super::fields::{Field, apply, missing};
use super::page::State;
use super::records::RecordsFile;
use super::work::beside_field;

/// Text typed into a field: a range's or the analysis' setting through the ranges' rule, the
/// families (scaling the counts when asked) and every other field through the core's valuation.
pub(super) fn edit(st: &mut State, field: Field, raw: String) {
    st.work.drafts.insert(field, raw.clone());
    // (The first module has no range fields: the ranges' rule is the full module's.)
    if !cfg!(feature = "first") && field.is_uncertainty() {
        let row = match field {
            Field::RangeLow(i) | Field::RangeHigh(i) | Field::RangeDistribution(i) => Some(i),
            _ => None,
        };
        let records = RecordsFile::of(&st.records);
        st.work.try_range_change(records, field, row, |s| apply(s, field, &raw));
    } else if field == Field::Families && st.work.scale_counts {
        // Counts follow the families too, by the core's exact scaling.
        st.try_change(Some(Field::Families), |s| {
            let mut typed = s.clone();
            apply(&mut typed, Field::Families, &raw)?;
            *s = socval::cohort::with_families(s, typed.families, true).map_err(|e| beside_field(&e))?;
            Ok(())
        });
    } else {
        st.try_change(Some(field), |s| apply(s, field, &raw));
    }
}

/// An item's adjustments opened (`true`) or closed.
pub(super) fn adjustments_open(st: &mut State, item: ItemRef, open: bool) {
    st.work.open_adjustments.retain(|i| *i != item);
    if open {
        st.work.open_adjustments.push(item);
    }
}

/// A named, cited deadweight level (none: the figure of its own) for the scenario's default
/// (`item` none) or an item.
pub(super) fn deadweight_level(st: &mut State, item: Option<ItemRef>, level: Option<String>) {
    let field = Field::adjustment(item, Adjustment::Deadweight);
    // The level replaces the figure typed for it (the field then shows the level).
    st.work.drafts.remove(&field);
    st.try_change(Some(field), |s| {
        let adjustments = match item {
            None => Some(&mut s.defaults),
            Some(ItemRef::Outcome(i)) => s.outcomes.get_mut(i).map(|o| &mut o.adjustments),
            Some(ItemRef::Avoided(i)) => s.avoided.get_mut(i).map(|o| &mut o.adjustments),
        }
        .ok_or_else(|| missing("such item"))?;
        Adjustment::Deadweight.set_level(adjustments, level);
        Ok(())
    });
}
