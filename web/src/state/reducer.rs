//! The top-level reducer: `reduce` counts the change and routes each action to the sub-reducer
//! of the state it changes, in the manner of Yew's `function_todomvc` (small reducers, composed
//! here). It holds no rule of its own.

use std::rc::Rc;

use yew::Reducible;

use super::action::Action;
use super::analysis::Analysis;
use super::files;
use super::items::{self, List};
use super::page::State;
use super::records::RecordsFile;
use super::report::FunderReport;
use super::saves::{self, Saved};
use super::{edit, undo};

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut st = (*self).clone();
        st.revision += 1;
        let s = &mut st;
        match action {
            // Replacing the scenario, and taking it back.
            Action::Template(id) => undo::open_template(s, id),
            Action::Blank => undo::start_blank(s),
            Action::Undo => undo::undo(s),
            #[cfg(not(feature = "first"))]
            Action::TablesText(text) => {
                if socval::Registry::attach_embedded_text(&text).is_ok() {
                    s.revalue();
                }
            }
            Action::Restore {
                scenario,
                origin,
                notice,
            } => undo::restore(s, *scenario, origin, notice),
            Action::Handover {
                scenario,
                origin,
                undo,
                notice,
                scale_counts,
            } => undo::handover(s, scenario.map(|b| *b), origin, undo, notice, scale_counts),
            // The scenario's fields and lists.
            Action::Edit(field, raw) => edit::edit(s, field, raw),
            Action::ScaleCounts(on) => s.work.scale_counts = on,
            Action::AdjustmentsOpen(item, open) => edit::adjustments_open(s, item, open),
            Action::DeadweightLevel(item, level) => edit::deadweight_level(s, item, level),
            Action::AddOutcome(proxy) => items::add_outcome(s, proxy),
            Action::RemoveOutcome(i) => items::remove(s, List::Outcomes, i),
            Action::AddAvoided(proxy) => items::add_avoided(s, proxy),
            Action::RemoveAvoided(i) => items::remove(s, List::Avoided, i),
            Action::AddCost => items::add_cost(s),
            Action::RemoveCost(i) => items::remove(s, List::Costs, i),
            #[cfg(not(feature = "first"))]
            Action::AddRange(target) => items::add_range(s, target),
            #[cfg(not(feature = "first"))]
            Action::RemoveRange(i) => items::remove_range(s, i),
            // The file controls and messages.
            #[cfg(not(feature = "first"))]
            Action::Import { name, text } => files::import(s, name, text),
            #[cfg(not(feature = "first"))]
            Action::Records { name, text } => files::records(s, name, text),
            #[cfg(not(feature = "first"))]
            Action::ClearRecords => files::clear_records(s),
            Action::ImportFailed(e) => s.import_error = e,
            Action::Notice(n) => s.notice = n,
            // A table of the user's own.
            #[cfg(not(feature = "first"))]
            Action::UserTable { name, text } => s.own_table.chosen(name, Rc::new(text)),
            #[cfg(not(feature = "first"))]
            Action::OwnTableRead {
                file,
                text,
                revision,
                result,
            } => s
                .own_table
                .read((file, text, revision), result, s.work.revision, &mut s.import_error),
            #[cfg(not(feature = "first"))]
            Action::ClearUserTable => s.own_table.clear(),
            // Comparisons.
            #[cfg(not(feature = "first"))]
            Action::CompareWith(r) => s.comparison.compare_with(r, &s.work, RecordsFile::of(&s.records)),
            #[cfg(not(feature = "first"))]
            Action::Pin => s.comparison.pin(&s.work),
            #[cfg(not(feature = "first"))]
            Action::Unpin => s.comparison.unpin(),
            // The analysis.
            #[cfg(not(feature = "first"))]
            Action::AnalysisStarted(run) => {
                let draws = s.work.scenario.uncertainty.as_ref().and_then(|u| u.draws);
                let draws = draws.unwrap_or(socval::uncertainty::DEFAULT_DRAWS);
                s.analysis = Some(Analysis::started(s.analysis.take(), run, s.work.revision, draws));
            }
            #[cfg(not(feature = "first"))]
            Action::AnalysisMessage(run, message) => Analysis::message(&mut s.analysis, run, message),
            #[cfg(not(feature = "first"))]
            Action::AnalysisCancelled => Analysis::cancelled(&mut s.analysis),
            // The funder report.
            #[cfg(not(feature = "first"))]
            Action::ReportRequested => {
                let with_analysis = s.analysis_is_current();
                s.funder = Some(FunderReport::requested(
                    s.work.scenario.clone(),
                    s.records_csv(),
                    with_analysis,
                ));
            }
            #[cfg(not(feature = "first"))]
            Action::ReportReady(scenario, result) => FunderReport::ready(&mut s.funder, &scenario, result),
            // Saves.
            Action::SavedList(names) => s.saved = names,
            Action::Redraw => s.work.redraw(RecordsFile::of(&s.records)),
            #[cfg(not(feature = "first"))]
            Action::OpenSaved {
                name,
                text,
                records,
                table,
            } => saves::open_saved(
                s,
                Saved {
                    name,
                    text,
                    records,
                    table,
                },
            ),
            #[cfg(feature = "first")]
            _ => {}
        }
        Rc::new(st)
    }
}
