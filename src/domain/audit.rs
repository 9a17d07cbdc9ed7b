//! What a guided audit checks: every place a package can wait, as the
//! records say, in the order staff walk them (the wall, the package room's
//! shelves, then what the staff hold).

use super::wall::{PackageCard, WallTile};
use super::{Locker, LockerId};

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
