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
            Action::AddRange(target) => items::add_range(s, target),
            Action::RemoveRange(i) => items::remove_range(s, i),
            // The file controls and messages.
            Action::Import { name, text } => files::import(s, name, text),
            Action::Records { name, text } => files::records(s, name, text),
            Action::ClearRecords => files::clear_records(s),
            Action::ImportFailed(e) => s.import_error = e,
            Action::Notice(n) => s.notice = n,
            // A table of the user's own.
            Action::UserTable { name, text } => s.own_table.chosen(name, Rc::new(text)),
            Action::OwnTableRead {
                file,
                text,
                revision,
                result,
            } => s
                .own_table
                .read((file, text, revision), result, s.work.revision, &mut s.import_error),
            Action::ClearUserTable => s.own_table.clear(),
            // Comparisons.
            Action::CompareWith(r) => s.comparison.compare_with(r, &s.work, RecordsFile::of(&s.records)),
            Action::Pin => s.comparison.pin(&s.work),
            Action::Unpin => s.comparison.unpin(),
            // The analysis.
            Action::AnalysisStarted(run) => {
                let draws = s.work.scenario.uncertainty.as_ref().and_then(|u| u.draws);
                let draws = draws.unwrap_or(socval::uncertainty::DEFAULT_DRAWS);
                s.analysis = Some(Analysis::started(s.analysis.take(), run, s.work.revision, draws));
            }
            Action::AnalysisMessage(run, message) => Analysis::message(&mut s.analysis, run, message),
            Action::AnalysisCancelled => Analysis::cancelled(&mut s.analysis),
            // The funder report.
            Action::ReportRequested => {
                let with_analysis = s.analysis_is_current();
                s.funder = Some(FunderReport::requested(
                    s.work.scenario.clone(),
                    s.records_csv(),
                    with_analysis,
                ));
            }
            Action::ReportReady(scenario, result) => FunderReport::ready(&mut s.funder, &scenario, result),
            // Saves.
            Action::SavedList(names) => s.saved = names,
            Action::Redraw => s.work.redraw(RecordsFile::of(&s.records)),
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
        }
        Rc::new(st)
    }
}
