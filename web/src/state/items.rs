//! The sub-reducer of the scenario's lists: outcomes, avoided costs, programme costs and ranges
//! added and removed. Drafts and errors of the items after a removed one no longer line up and
//! are forgotten; each change goes through `Work`'s rules and `State::follow`.

use std::rc::Rc;

use socval::{Decimal, scenario::AvoidedItem, scenario::CostItem, scenario::OutcomeItem};

use super::fields::{Field, missing};
use super::page::State;
use super::ranges::proposed_range;
use super::records::RecordsFile;

fn unique_id(existing: impl Iterator<Item = String>, base: &str) -> String {
    let taken: Vec<String> = existing.collect();
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| base.to_string())
}

/// An outcome on the wellbeing row `proxy`, for half the families.
pub(super) fn add_outcome(st: &mut State, proxy: String) {
    let id = unique_id(st.work.scenario.outcomes.iter().map(|o| o.id.clone()), &proxy);
    st.work.forget_items();
    st.try_change(None, |s| {
        s.outcomes.push(OutcomeItem::with_rate(&id, &proxy, Decimal::new(5, 1)));
        Ok(())
    });
}

/// An avoided cost on the unit-cost row `proxy`, one event.
pub(super) fn add_avoided(st: &mut State, proxy: String) {
    let id = unique_id(st.work.scenario.avoided.iter().map(|o| o.id.clone()), &proxy);
    st.work.forget_items();
    st.try_change(None, |s| {
        s.avoided.push(AvoidedItem::with_count(&id, &proxy, Decimal::ONE));
        Ok(())
    });
}

/// A further programme cost, of nothing yet.
pub(super) fn add_cost(st: &mut State) {
    st.work.forget_items();
    st.try_change(None, |s| {
        s.costs.push(CostItem::new("Further cost", Decimal::ZERO));
        Ok(())
    });
}

/// Which list an item is removed from.
pub(super) enum List {
    Outcomes,
    Avoided,
    Costs,
}

/// The `i`th item of a list removed.
pub(super) fn remove(st: &mut State, list: List, i: usize) {
    st.work.forget_items();
    if !matches!(list, List::Costs) {
        // The items after it move up: their open sections would be another item's.
        st.work.open_adjustments.clear();
    }
    st.try_change(None, |s| {
        let (len, what) = match list {
            List::Outcomes => (s.outcomes.len(), "such outcome"),
            List::Avoided => (s.avoided.len(), "such avoided cost"),
            List::Costs => (s.costs.len(), "such cost"),
        };
        if i >= len {
            return Err(missing(what));
        }
        match list {
            List::Outcomes => {
                s.outcomes.remove(i);
            }
            List::Avoided => {
                s.avoided.remove(i);
            }
            List::Costs => {
                s.costs.remove(i);
            }
        }
        Ok(())
    });
}

/// A range put on a target (`outcomes.<id>.rate`, `discount_rate`, `wellbeing.<row>`, ...),
/// as the core proposes it.
pub(super) fn add_range(st: &mut State, target: String) {
    let row = st.work.scenario.ranges.len();
    let records = RecordsFile::of(&st.records);
    match proposed_range(&st.work.scenario, records, &target) {
        Ok(r) => st.work.try_range_change(records, Field::NewRange, Some(row), |s| {
            s.ranges.push(r);
            Ok(())
        }),
        Err(e) => {
            st.work.field_errors.insert(Field::NewRange, e);
        }
    }
}

/// The `i`th range removed (the figures do not depend on it).
pub(super) fn remove_range(st: &mut State, i: usize) {
    let w = &mut st.work;
    if i < w.scenario.ranges.len() {
        w.forget_ranges();
        w.field_errors.remove(&Field::NewRange);
        // A new Rc: components compare the scenario by identity.
        let mut s = (*w.scenario).clone();
        s.ranges.remove(i);
        w.scenario = Rc::new(s);
        w.revision += 1;
        w.recheck_ranges(RecordsFile::of(&st.records));
    }
}
