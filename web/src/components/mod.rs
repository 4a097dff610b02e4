//! Components: they render the data they are given and send actions through the callback they
//! are given (as Yew's function_todomvc does); no calculation lives here. Props compare by
//! value, so an edit re-renders only the components whose data changed.

pub mod chart;
pub mod charts;
pub mod claim;
pub mod compare;
pub mod editor;
pub mod fields;
pub mod glossary;
pub mod headline;
pub mod io;
pub mod uncertainty;
pub mod working;

use std::ops::Deref;
use std::rc::Rc;

/// Big data a component renders (a scenario, a valuation, records), shared and compared by
/// identity: the reducer makes a new `Rc` whenever the data changes, so two equal pointers mean
/// the same data, without comparing it field by field on every render.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}
