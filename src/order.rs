//! One sort for the whole program.
//!
//! Each `sort_by` with its own closure compiles to its own copy of the standard library's sort,
//! 3–5 KB of wasm each, and there were eight of them in the download. Everything that puts
//! things in an order sorts indices through [`sort_indices`] instead: the comparison sits
//! behind a `&dyn Fn`, so all callers share one copy. The lists sorted this way are short or
//! sorted once per view, so the indirect call per comparison costs nothing a user could notice.

use std::cmp::Ordering;

/// Sorts `indices` by `compare`, which must be a total order: callers break every tie, in the
/// end by index, so the result is the same as a stable sort's and does not depend on the
/// algorithm.
pub fn sort_indices(indices: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    indices.sort_unstable_by(|&a, &b| compare(a, b));
}

/// The positions `0..len` in the order `compare` gives them (ties broken by position).
pub fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    sort_indices(&mut positions, &|a, b| compare(a, b).then(a.cmp(&b)));
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_keep_their_positions_as_a_stable_sort_would() {
        let keys = [3, 1, 3, 2, 1, 3];
        let order = sorted_positions(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
        assert_eq!(order, [1, 4, 3, 0, 2, 5]);
        let mut stable: Vec<usize> = (0..keys.len()).collect();
        stable.sort_by_key(|&i| keys[i]);
        assert_eq!(order, stable);
    }
}
