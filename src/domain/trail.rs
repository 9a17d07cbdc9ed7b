//! The audit trail as staff read it.

use super::{LockerId, PackageId, Timestamp};

/// What to show of the trail. Every field narrows it; none shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrailFilter {
    /// A locker label, e.g. "B07".
    pub locker: Option<String>,
    /// A tracking number (or its end).
    pub tracking: Option<String>,
    /// Part of a resident's name or their unit.
    pub resident: Option<String>,
    /// A staff member's name.
    pub staff: Option<String>,
}

/// One event as the trail lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrailRow {
    pub id: i64,
    pub at: Timestamp,
    pub kind: String,
    pub actor: String,
    pub locker: Option<String>,
    pub tracking: Option<String>,
    pub resident: Option<String>,
    pub detail: String,
    pub locker_id: Option<LockerId>,
    pub package_id: Option<PackageId>,
}
