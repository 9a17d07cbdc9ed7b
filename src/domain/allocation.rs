//! Which locker a package goes into.
//!
//! Rule: the smallest free locker of the chosen size. Accessible (low)
//! lockers are kept for residents who need them: those residents get one
//! first; everyone else gets one only when no other locker of that size is
//! free, and never one of the last few the site keeps free (`KeptFree`).
//! Within a group, the lowest locker on the wall (then leftmost) comes
//! first, so residents bend less and the top rows stay free longer.

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

/// How many free accessible lockers of each size are held back for
/// residents who need them (by `Size::index`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptFree(pub [u32; 4]);

impl Default for KeptFree {
    /// One of each size, where the wall has one.
    fn default() -> Self {
        KeptFree([1; 4])
    }
}

/// Who a locker is being chosen for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForWhom {
    /// Needs an accessible (low) locker: from the directory, or chosen at the wall.
    pub needs_accessible: bool,
    pub kept: KeptFree,
}

/// Lowest on the wall first, then leftmost.
fn wall_order(l: &FreeLocker) -> (std::cmp::Reverse<u32>, u32, LockerId) {
    (std::cmp::Reverse(l.row), l.column, l.id)
}

/// The free lockers of `size` this resident may be given, best first.
fn offered(free: &[FreeLocker], size: Size, who: ForWhom) -> Vec<&FreeLocker> {
    let mut ordinary: Vec<&FreeLocker> = Vec::new();
    let mut low: Vec<&FreeLocker> = Vec::new();
    for l in free.iter().filter(|l| l.size == size) {
        if l.accessible {
            low.push(l);
        } else {
            ordinary.push(l);
        }
    }
    ordinary.sort_by_key(|l| wall_order(l));
    low.sort_by_key(|l| wall_order(l));
    if who.needs_accessible {
        low.extend(ordinary);
        return low;
    }
    // The lowest accessible lockers are the ones kept; higher ones may go.
    let kept = who.kept.0[size.index()] as usize;
    ordinary.extend(low.into_iter().skip(kept));
    ordinary
}

/// Pick a locker of `size` for a resident.
pub fn choose_locker(free: &[FreeLocker], size: Size, who: ForWhom) -> Option<LockerId> {
    offered(free, size, who).first().map(|l| l.id)
}

/// The best-fitting free locker for a package of `size`: that size, else the
/// smallest larger size with one free (loading overflow into the wall).
pub fn choose_fitting(free: &[FreeLocker], size: Size, who: ForWhom) -> Option<LockerId> {
    Size::ALL
        .into_iter()
        .filter(|z| *z >= size)
        .find_map(|z| choose_locker(free, z, who))
}

/// Free lockers per size that this resident may be given, for the size screen.
pub fn free_counts(free: &[FreeLocker], who: ForWhom) -> [u32; 4] {
    Size::ALL.map(|z| offered(free, z, who).len() as u32)
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

    fn who(needs_accessible: bool, kept: [u32; 4]) -> ForWhom {
        ForWhom {
            needs_accessible,
            kept: KeptFree(kept),
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
        let none_kept = [0; 4];
        // (size, needs_accessible, expected)
        let cases = [
            (Size::S, false, Some(2)), // lowest non-accessible
            (Size::S, true, Some(3)),  // accessible first for those who need it
            (Size::M, false, Some(4)), // nothing kept: accessible used when nothing else fits
            (Size::M, true, Some(4)),
            (Size::L, true, Some(5)), // no accessible L: an ordinary one still beats nothing
            (Size::XL, false, None),
        ];
        for (size, needs, want) in cases {
            assert_eq!(
                choose_locker(&wall, size, who(needs, none_kept)),
                want.map(LockerId),
                "{size:?} needs={needs}"
            );
        }
        assert_eq!(free_counts(&wall, who(false, none_kept)), [3, 1, 1, 0]);
        // Fitting: the size itself, else the next size up that has one.
        assert!(choose_fitting(&wall, Size::M, who(false, none_kept)).is_some());
        assert_eq!(
            choose_fitting(&wall, Size::L, who(false, none_kept)),
            choose_locker(&wall, Size::L, who(false, none_kept))
        );
        assert_eq!(choose_fitting(&wall, Size::XL, who(false, none_kept)), None);
    }

    #[test]
    fn the_kept_accessible_lockers_go_only_to_residents_who_need_them() {
        let wall = [
            l(1, Size::M, true, 5),
            l(2, Size::M, true, 1),
            l(3, Size::L, false, 1),
        ];
        let kept = who(false, [1; 4]);
        // Two accessible M free and one kept: the higher one may go, the lowest stays.
        assert_eq!(choose_locker(&wall, Size::M, kept), Some(LockerId(2)));
        assert_eq!(free_counts(&wall, kept), [0, 1, 1, 0]);
        // The last one is not given away: M counts as full, and fitting goes up a size.
        let last = &wall[..1];
        assert_eq!(choose_locker(last, Size::M, kept), None);
        assert_eq!(free_counts(last, kept), [0, 0, 0, 0]);
        assert_eq!(choose_fitting(&wall[..1], Size::M, kept), None);
        let with_l = [wall[0].clone(), wall[2].clone()];
        assert_eq!(choose_fitting(&with_l, Size::M, kept), Some(LockerId(3)));
        // A resident who needs one gets it, the lowest first.
        let needs = who(true, [1; 4]);
        assert_eq!(choose_locker(last, Size::M, needs), Some(LockerId(1)));
        assert_eq!(choose_locker(&wall, Size::M, needs), Some(LockerId(1)));
        assert_eq!(free_counts(&wall, needs), [0, 2, 1, 0]);
        // Keeping more than the wall has keeps them all.
        assert_eq!(choose_locker(&wall, Size::M, who(false, [5; 4])), None);
    }
}
