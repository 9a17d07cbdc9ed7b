//! What a guided audit checks: every place a package can wait, as the
//! records say, in the order staff walk them (the wall, the package room's
//! shelves, then what the staff hold).

use super::wall::{PackageCard, WallTile};
use super::{Locker, LockerId, PackageId};

/// Where staff look for a package during an audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditPlace {
    /// A locker on the wall; its door is opened to look.
    Locker(WallTile),
    /// A shelf in the package room, behind the room's door.
    Shelf { door: Locker, shelf: String },
    /// Held by the package staff off the wall (overflow): no door to open.
    WithStaff,
}

impl AuditPlace {
    /// The door opened to look here, if any.
    pub fn door(&self) -> Option<&Locker> {
        match self {
            AuditPlace::Locker(tile) => Some(&tile.locker),
            AuditPlace::Shelf { door, .. } => Some(door),
            AuditPlace::WithStaff => None,
        }
    }

    /// The locker a finding here is recorded against (the room's door for a shelf).
    pub fn locker_id(&self) -> Option<LockerId> {
        self.door().map(|l| l.id)
    }

    /// The shelf, for a place in the package room.
    pub fn shelf(&self) -> Option<&str> {
        match self {
            AuditPlace::Shelf { shelf, .. } => Some(shelf),
            _ => None,
        }
    }
}

/// One thing the records say: a place, and the package that should be
/// there (none: a locker that should be empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditItem {
    pub place: AuditPlace,
    pub package: Option<PackageCard>,
}

/// Where a finding was made and of which package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingAt {
    /// The locker whose door was opened (the room's door for a shelf); none
    /// for a package the staff hold.
    pub locker: Option<LockerId>,
    /// The package room's shelf, if it was looked for there.
    pub shelf: Option<String>,
    /// The package that should be there; none for a locker that should be empty.
    pub package: Option<PackageId>,
}

impl FindingAt {
    /// The finding's place, from what the audit was looking at.
    pub fn of(item: &AuditItem) -> FindingAt {
        FindingAt {
            locker: item.place.locker_id(),
            shelf: item.place.shelf().map(str::to_string),
            package: item.package.as_ref().map(|p| p.id),
        }
    }
}

/// What staff found behind a door.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Finding {
    /// The expected package is there.
    Present,
    /// The expected package is not there.
    Missing,
    /// Something other than the expected package is there.
    Other,
    /// An empty locker is empty, as expected.
    Empty,
    /// An empty locker holds something.
    FoundItem,
    /// The door did not open, so nobody could look.
    NotOpened,
}

impl Finding {
    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Present => "present",
            Finding::Missing => "missing",
            Finding::Other => "other",
            Finding::Empty => "empty",
            Finding::FoundItem => "found_item",
            Finding::NotOpened => "not_opened",
        }
    }

    /// Every finding, in the order the audit screen numbers them.
    pub const ALL: [Finding; 6] = [
        Finding::Present,
        Finding::Missing,
        Finding::Other,
        Finding::Empty,
        Finding::FoundItem,
        Finding::NotOpened,
    ];

    /// Parse the database spelling.
    pub fn parse(s: &str) -> Option<Finding> {
        Finding::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// True when the database and the locker disagree (or nobody could tell).
    pub fn is_discrepancy(self) -> bool {
        !matches!(self, Finding::Present | Finding::Empty)
    }
}
