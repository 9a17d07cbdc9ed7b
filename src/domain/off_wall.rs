//! Packages waiting off the wall: held by staff, or on the package room's shelves.

use super::{PackageId, Size, Timestamp};

/// A package held by staff, as the overflow list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldPackage {
    pub package: PackageId,
    pub tracking: String,
    pub resident: String,
    pub unit: String,
    pub building: String,
    pub size: Size,
    pub carrier: String,
    pub held_at: Timestamp,
}

/// A package waiting in the room, for staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomPackage {
    pub package: PackageId,
    pub tracking: String,
    pub resident: String,
    pub shelf: String,
    pub since: Timestamp,
}
