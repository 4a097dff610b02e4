//! socval core (work in progress).
