//! The uncertainty analysis as the analysis worker reports it (`Analysis`), and its reducer:
//! a run started, a report of the run, the run cancelled. Reports of other runs are ignored.

use std::rc::Rc;

use crate::view::{self, Report};

/// The uncertainty analysis as the analysis worker reports it (see `crate::view`).
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The worker's run these reports belong to (reports of other runs are ignored).
    pub run: u32,
    /// The scenario revision analysed (an analysis of an older one is marked stale).
    pub revision: u64,
    /// The tornado charts and break-even values, once reported (the last run's until then).
    pub tornado: Option<Result<Vec<view::Chart>, String>>,
    pub break_even: Option<Result<view::BreakEvens, String>>,
    /// Monte Carlo draws done and to do.
    pub done: u32,
    pub draws: u32,
    pub running: bool,
    pub monte_carlo: Option<Result<view::MonteCarlo, String>>,
}

impl Analysis {
    /// Run `run` started on the scenario of revision `revision`, of `draws` draws; the last
    /// run's tornado and break-even stay until this one reports its own.
    pub(super) fn started(last: Option<Rc<Analysis>>, run: u32, revision: u64, draws: u32) -> Rc<Analysis> {
        Rc::new(Analysis {
            run,
            revision,
            tornado: last.as_ref().and_then(|a| a.tornado.clone()),
            break_even: last.as_ref().and_then(|a| a.break_even.clone()),
            done: 0,
            draws,
            running: true,
            monte_carlo: None,
        })
    }

    /// A message of the worker for run `run`: a `view::Report` in `view::encode`'s form or an
    /// error. Ignored unless it is of the running run.
    pub(super) fn message(slot: &mut Option<Rc<Analysis>>, run: u32, message: Result<Vec<u8>, String>) {
        let Some(a) = slot.as_mut().filter(|a| a.run == run && a.running) else {
            return;
        };
        let a = Rc::make_mut(a);
        let report =
            message.and_then(|bytes| view::decode::<Report>(&bytes).map_err(|e| format!("the analysis sent {e}")));
        match report {
            Ok(Report::Sensitivity { tornado, break_even }) => {
                a.tornado = Some(tornado);
                a.break_even = Some(break_even);
            }
            Ok(Report::Progress { done, draws }) => (a.done, a.draws) = (done, draws),
            Ok(Report::MonteCarlo(result)) => {
                a.done = a.draws;
                a.monte_carlo = Some(result);
                a.running = false;
            }
            Err(e) => {
                a.monte_carlo = Some(Err(e));
                a.running = false;
            }
        }
    }

    /// The running analysis was ended.
    pub(super) fn cancelled(slot: &mut Option<Rc<Analysis>>) {
        if let Some(a) = slot.as_mut() {
            Rc::make_mut(a).running = false;
        }
    }

    /// Whether this analysis is finished, of the scenario revision `revision` and has its
    /// Monte Carlo figures (the funder report then carries its bands).
    pub(super) fn is_current(&self, revision: u64) -> bool {
        !self.running && self.revision == revision && matches!(self.monte_carlo, Some(Ok(_)))
    }
}
