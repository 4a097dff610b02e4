//! Stable sorting through one compiled copy of the standard library's sort.
//!
//! Each `sort_by` with its own closure or element type compiles its own copy of the sort (about
//! 4 KB of wasm each); the page's first load carried ten. [`sort_stable_by`] sorts the positions
//! of the elements (one copy, for `usize` with a `dyn` comparison) and then moves the elements
//! into that order: the same order as `sort_by` (a stable sort of the positions keeps equal
//! elements in their original order). Not for hot paths: it allocates the positions.

use std::cmp::Ordering;

/// The positions `0..n` in the order `cmp` gives them, equal ones in their original order.
#[inline(never)]
pub(crate) fn sorted_positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..n).collect();
    positions.sort_by(|&a, &b| cmp(a, b));
    positions
}

/// Sorts `v` by `cmp`, stably: the same result as `v.sort_by(cmp)`.
pub(crate) fn sort_stable_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        let data: Vec<(u8, u32)> = (0..200u32).map(|i| (((i * 7919) % 13) as u8, i)).collect();
        let mut want = data.clone();
        want.sort_by_key(|a| a.0);
        let mut got = data;
        sort_stable_by(&mut got, |a, b| a.0.cmp(&b.0));
        assert_eq!(got, want);
        let mut empty: Vec<u8> = Vec::new();
        sort_stable_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }
}
