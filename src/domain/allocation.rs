//! Which locker a package goes into.
//!
//! Rule: the smallest free locker of the chosen size. Accessible (low)
//! lockers are kept for residents who need them: those residents get one
//! first; everyone else gets one only when no other locker of that size is
//! free. Within a group, the lowest locker on the wall (then leftmost)
//! comes first, so residents bend less and the top rows stay free longer.

use super::{LockerId, Size};

/// A free, in-service locker as the allocator sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreeLocker {
    pub id: LockerId,
    pub size: Size,
    pub accessible: bool,
    /// Height rank on the wall: larger = lower. Used only to order.
    pub row: u32,
    pub column: u32,
}

/// Pick a locker of `size` for a resident (`needs_accessible` from the directory).
pub fn choose_locker(free: &[FreeLocker], size: Size, needs_accessible: bool) -> Option<LockerId> {
    let mut candidates: Vec<&FreeLocker> = free.iter().filter(|l| l.size == size).collect();
    // false sorts before true, so "wanted" goes first.
    candidates.sort_by_key(|l| {
        let wanted = l.accessible == needs_accessible;
        (!wanted, std::cmp::Reverse(l.row), l.column, l.id)
    });
    candidates.first().map(|l| l.id)
}

/// The best-fitting free locker for a package of `size`: that size, else the
/// smallest larger size with one free (loading overflow into the wall).
pub fn choose_fitting(free: &[FreeLocker], size: Size, needs_accessible: bool) -> Option<LockerId> {
    Size::ALL
        .into_iter()
        .filter(|z| *z >= size)
        .find_map(|z| choose_locker(free, z, needs_accessible))
}

/// Free lockers per size, for the size screen (accessible ones included).
pub fn free_counts(free: &[FreeLocker]) -> [u32; 4] {
    let mut counts = [0u32; 4];
    for l in free {
        counts[l.size.index()] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(id: i64, size: Size, accessible: bool, row: u32) -> FreeLocker {
        FreeLocker {
            id: LockerId(id),
            size,
            accessible,
            row,
            column: id as u32,
        }
    }

    #[test]
    fn table() {
        let wall = [
            l(1, Size::S, false, 0),
            l(2, Size::S, false, 3),
            l(3, Size::S, true, 5),
            l(4, Size::M, true, 5),
            l(5, Size::L, false, 1),
        ];
        // (size, needs_accessible, expected)
        let cases = [
            (Size::S, false, Some(2)), // lowest non-accessible
            (Size::S, true, Some(3)),  // accessible first for those who need it
            (Size::M, false, Some(4)), // accessible used when nothing else fits
            (Size::M, true, Some(4)),
            (Size::L, true, Some(5)), // no accessible L: an ordinary one still beats nothing
            (Size::XL, false, None),
        ];
        for (size, needs, want) in cases {
            assert_eq!(
                choose_locker(&wall, size, needs),
                want.map(LockerId),
                "{size:?} needs={needs}"
            );
        }
        assert_eq!(free_counts(&wall), [3, 1, 1, 0]);
        // Fitting: the size itself, else the next size up that has one.
        assert!(choose_fitting(&wall, Size::M, false).is_some());
        assert_eq!(
            choose_fitting(&wall, Size::L, false),
            choose_locker(&wall, Size::L, false)
        );
        assert_eq!(choose_fitting(&wall, Size::XL, false), None);
    }
}
