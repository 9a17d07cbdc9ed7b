//! The people the wall serves.

use super::{CarrierId, ResidentId};

/// A resident in the directory.
#[derive(Clone, Debug, PartialEq)]
pub struct Resident {
    pub id: ResidentId,
    pub name: String,
    pub unit: String,
    pub building: String,
    pub email: Option<String>,
    /// Needs an accessible (low) locker.
    pub needs_accessible: bool,
}

/// A carrier account (one per company at this property).
#[derive(Clone, Debug, PartialEq)]
pub struct Carrier {
    pub id: CarrierId,
    pub name: String,
}

/// A directory entry with every field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentRecord {
    pub id: i64,
    pub external_id: Option<String>,
    pub name: String,
    pub unit: String,
    pub building: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub language: String,
    pub door_delivery: bool,
    /// Reminders about packages still waiting (the final notice always comes).
    pub reminders: bool,
    /// By email, text or both.
    pub notify_by: super::NotifyBy,
    /// Needs an accessible (low) locker.
    pub accessible: bool,
    pub active: bool,
}
