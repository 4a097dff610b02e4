//! Comparisons (`Comparing`): the scenario valued on another version of a table it uses, and a
//! valuation pinned to compare later changes (or another scenario) against. Its reducer: choose
//! a version (or none), pin, unpin; `recompare` follows each change of the scenario's figures.

use std::rc::Rc;

use socval::{Valuation, compare::Comparison, records::Records};

use super::work::{Work, value};

/// What the page compares the scenario with.
#[derive(Clone, Debug, Default)]
pub struct Comparing {
    /// A second table version to compare with (`id@version`), and the comparison.
    pub with: Option<String>,
    pub result: Option<Result<Rc<Comparison>, String>>,
    /// A valuation pinned to compare the scenario against as it changes (a second scenario).
    pub pinned: Option<Rc<Valuation>>,
}

impl Comparing {
    /// Compare with another table version (none or empty: stop comparing).
    pub(super) fn compare_with(&mut self, version: Option<String>, work: &Work, records: Option<&Records>) {
        self.with = version.filter(|r| !r.is_empty());
        self.recompare(work, records);
    }

    /// Pin the figures on screen (none while the scenario has none).
    pub(super) fn pin(&mut self, work: &Work) {
        self.pinned = work.valuation.clone();
    }

    pub(super) fn unpin(&mut self) {
        self.pinned = None;
    }

    /// The first module compares nothing (it has no control to choose a version).
    #[cfg(feature = "first")]
    pub(super) fn recompare(&mut self, _work: &Work, _records: Option<&Records>) {}

    /// The comparison with the chosen version, again for the scenario and figures of `work`.
    #[cfg(not(feature = "first"))]
    pub(super) fn recompare(&mut self, work: &Work, records: Option<&Records>) {
        self.result = self.with.as_ref().map(|r| {
            let other =
                socval::with_table(&work.scenario, r).ok_or_else(|| format!("the scenario uses no table {r}"))?;
            let a = work.valuation.clone().ok_or("the scenario has no valid valuation")?;
            let b = value(&other, records).map_err(|e| e.to_string())?;
            Ok(Rc::new(socval::compare::compare(&a, &b)))
        });
    }
}
