//! Components: they render the data they are given and send actions through the callback they
//! are given (as Yew's function_todomvc does); no calculation lives here. Props compare by
//! value, so an edit re-renders only the components whose data changed.

pub mod charts;
pub mod compare;
pub mod editor;
pub mod fields;
pub mod headline;
pub mod io;
pub mod uncertainty;
pub mod working;
