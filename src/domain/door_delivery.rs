//! A door-delivery run as staff walk it.

use super::{Locker, PackageId};

/// One stop on the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunStop {
    pub package: PackageId,
    pub tracking: String,
    pub resident: String,
    pub building: String,
    pub unit: String,
    /// From the unit number: "304" is on floor 3, "1201" on 12, "12" on 0.
    pub floor: u32,
    /// Where it waits: its locker's label (or the room's with the shelf);
    /// `None` once it is out with staff.
    pub at: Option<String>,
    /// The door to open to take it out (a locker's or the room's).
    pub door: Option<Locker>,
    /// Taken out and on its way.
    pub out: bool,
}
