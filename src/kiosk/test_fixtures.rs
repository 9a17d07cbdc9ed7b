//! What the flow's tests share: a locker, and Carmen Alvarez as a search hit.

use super::{LockerRef, ResidentHit};
use crate::domain::{LockerId, ResidentId, Size};

/// Locker `id`, called `label`.
pub fn locker(id: i64, label: &str, size: Size) -> LockerRef {
    LockerRef {
        id: LockerId(id),
        label: label.into(),
        size,
        shelf: None,
    }
}

/// Carmen Alvarez, unit 101 of building C, as the resident search finds her.
pub fn hit() -> ResidentHit {
    ResidentHit {
        id: ResidentId(7),
        name: "Carmen Alvarez".into(),
        unit: "101".into(),
        building: "C".into(),
    }
}

/// The flow asking what the wall has free for Carmen, as anyone at the wall asks.
pub fn carmens_availability() -> super::Effect {
    super::Effect::LoadAvailability {
        resident: Some(ResidentId(7)),
        low_reach: false,
    }
}
