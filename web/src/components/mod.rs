//! Components: they render the state and dispatch actions; no calculation lives here.

pub mod charts;
pub mod compare;
pub mod editor;
pub mod fields;
pub mod headline;
pub mod io;
pub mod uncertainty;
pub mod working;

use crate::state::State;
use yew::UseReducerHandle;

/// The page's state and its dispatcher, as every component receives it.
pub type Handle = UseReducerHandle<State>;
