//! The sub-reducer of replacing the scenario as a whole and taking it back: a template, a blank
//! start, a scenario restored from the link or the autosave, and Undo (offered until the next
//! change of the scenario; `State::replace_undoable` keeps what was replaced).

use socval::Scenario;

use super::messages::Notice;
use super::page::State;
use super::work::{blank, template};

/// Start from the shipped template `id`.
pub(super) fn open_template(st: &mut State, id: String) {
    match template(&id) {
        Ok(s) => {
            let what = format!("Opened the template “{}”", s.name);
            st.replace_undoable(s, id, &what);
        }
        Err(e) => st.notice = Some(Notice::error(e)),
    }
}

/// Start from a blank scenario.
pub(super) fn start_blank(st: &mut State) {
    st.replace_undoable(blank(), "blank".into(), "Started a blank scenario");
}

/// Take back the scenario that a template, a blank start, an import or a saved one replaced.
pub(super) fn undo(st: &mut State) {
    if let Some((s, origin)) = st.undo.take() {
        st.replace((*s).clone(), origin);
        st.notice = Some(Notice::info(format!("Your scenario “{}” is back.", s.name)));
    }
}

/// A scenario restored from the autosave or the link, with what to tell the person (nothing to
/// undo: the page has just opened).
pub(super) fn restore(st: &mut State, scenario: Scenario, origin: String, notice: Option<Notice>) {
    st.replace(scenario, origin);
    st.notice = notice;
}

/// The first module's state, as the full module takes over (`Action::Handover`): the page as it
/// was, Undo included; no message of a restore.
pub(super) fn handover(
    st: &mut State,
    scenario: Option<Scenario>,
    origin: String,
    undo: Option<(Box<Scenario>, String)>,
    notice: Option<Notice>,
    scale_counts: bool,
) {
    if let Some(s) = scenario {
        st.replace(s, origin);
    }
    st.undo = undo.map(|(s, o)| (std::rc::Rc::new(*s), o));
    st.notice = notice;
    st.work.scale_counts = scale_counts;
}
