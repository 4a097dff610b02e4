//! The funder report (`FunderReport`): asked for the scenario and records on screen, made by the
//! analysis module, offered only while it is of the scenario on screen. Its reducer: asked for,
//! made (or failed).

use std::rc::Rc;

use socval::Scenario;

/// The funder report asked for: which scenario (and records) it is of, and its HTML once the
/// analysis module has made it.
#[derive(Clone, Debug)]
pub struct FunderReport {
    pub scenario: Rc<Scenario>,
    pub records_csv: Option<Rc<String>>,
    /// With the P5–P95 bands of the current analysis.
    pub with_analysis: bool,
    /// The report's HTML, or why it could not be made (none while it is being made).
    pub html: Option<Result<Rc<String>, String>>,
}

impl FunderReport {
    /// The report of `scenario` (and its records) is asked for; not made yet.
    pub(super) fn requested(scenario: Rc<Scenario>, records_csv: Option<Rc<String>>, with_analysis: bool) -> Rc<Self> {
        Rc::new(FunderReport {
            scenario,
            records_csv,
            with_analysis,
            html: None,
        })
    }

    /// The analysis module's answer for the report of `scenario`: kept only if it is the one
    /// asked for last.
    pub(super) fn ready(slot: &mut Option<Rc<Self>>, scenario: &Rc<Scenario>, result: Result<String, String>) {
        if let Some(f) = slot.as_mut().filter(|f| Rc::ptr_eq(&f.scenario, scenario)) {
            Rc::make_mut(f).html = Some(result.map(Rc::new));
        }
    }

    /// Whether the report is of this scenario and these records (the same `Rc`s).
    pub(super) fn is_of(&self, scenario: &Rc<Scenario>, records_csv: Option<&Rc<String>>) -> bool {
        Rc::ptr_eq(&self.scenario, scenario)
            && match (&self.records_csv, records_csv) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}
