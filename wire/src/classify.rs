//! What each of the wall's event kinds means for the dashboard's figures.

/// Where a package was put when it arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Locker,
    Overflow,
    Room,
}

impl Place {
    /// The name kept in the `packages` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Locker => "locker",
            Place::Overflow => "overflow",
            Place::Room => "room",
        }
    }
}

/// An event's meaning for the rollups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// A package arrived (counted once per package, however many moves follow).
    Arrived(Place),
    /// A package left the building's care: collected, handed over, delivered
    /// to the door, or cleared by staff.
    Collected,
    /// A package passed its holding period.
    Expired,
    /// A notice could not be delivered.
    NoticeFailed,
    /// A door or board misbehaved.
    DoorFault,
    /// Kept in the log, no figure of its own.
    Other,
}

/// The meaning of `kind`. Unknown kinds (a newer wall) are kept, not counted.
pub fn effect(kind: &str) -> Effect {
    use crate::EventKind as K;
    match K::parse(kind) {
        Some(K::Stored) => Effect::Arrived(Place::Locker),
        Some(K::HeldByStaff) => Effect::Arrived(Place::Overflow),
        Some(K::ShelfSet) => Effect::Arrived(Place::Room),
        Some(K::PickedUp | K::HandedOver | K::DeliveredToDoor | K::RemovedByStaff) => {
            Effect::Collected
        }
        Some(K::Expired) => Effect::Expired,
        Some(K::NoticeFailed) => Effect::NoticeFailed,
        Some(
            K::LockerFaulty
            | K::DoorForced
            | K::DoorLeftOpen
            | K::BoardOffline
            | K::SensorDisagrees
            | K::PickupFailed,
        ) => Effect::DoorFault,
        _ => Effect::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walls_kinds_map_to_figures() {
        assert_eq!(effect("stored"), Effect::Arrived(Place::Locker));
        assert_eq!(effect("held_by_staff"), Effect::Arrived(Place::Overflow));
        assert_eq!(effect("shelf_set"), Effect::Arrived(Place::Room));
        assert_eq!(effect("picked_up"), Effect::Collected);
        assert_eq!(effect("door_forced"), Effect::DoorFault);
        assert_eq!(effect("staff_login"), Effect::Other);
        assert_eq!(effect("a_kind_from_a_newer_wall"), Effect::Other);
    }
}
