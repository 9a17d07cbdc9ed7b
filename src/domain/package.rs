//! A package's life: `expected -> depositing -> stored -> releasing -> picked_up`,
//! with side exits.

/// Where a package is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PackageState {
    /// Announced, not yet at the wall.
    Expected,
    /// A locker is reserved and its door may be open: in flight.
    Depositing,
    /// In a locker, waiting for the resident.
    Stored,
    /// The resident's door has been unlocked: in flight.
    Releasing,
    /// Taken by the resident.
    PickedUp,
    /// Drop-off abandoned before anything was stored.
    Cancelled,
    /// Held by staff or in the package room.
    Overflow,
    /// Sent back to the carrier.
    ReturnedToSender,
    /// Taken out by staff.
    RemovedByStaff,
    /// Delivered to the resident's door by staff.
    DeliveredToDoor,
}

impl PackageState {
    /// Every state, in the order of a package's life.
    pub const ALL: [PackageState; 10] = [
        PackageState::Expected,
        PackageState::Depositing,
        PackageState::Stored,
        PackageState::Releasing,
        PackageState::PickedUp,
        PackageState::Cancelled,
        PackageState::Overflow,
        PackageState::ReturnedToSender,
        PackageState::RemovedByStaff,
        PackageState::DeliveredToDoor,
    ];

    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageState::Expected => "expected",
            PackageState::Depositing => "depositing",
            PackageState::Stored => "stored",
            PackageState::Releasing => "releasing",
            PackageState::PickedUp => "picked_up",
            PackageState::Cancelled => "cancelled",
            PackageState::Overflow => "overflow",
            PackageState::ReturnedToSender => "returned_to_sender",
            PackageState::RemovedByStaff => "removed_by_staff",
            PackageState::DeliveredToDoor => "delivered_to_door",
        }
    }

    /// Parse the database spelling.
    pub fn parse(s: &str) -> Option<PackageState> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// True while the package occupies its locker (the locker must not be handed out).
    pub fn holds_locker(self) -> bool {
        matches!(
            self,
            PackageState::Depositing | PackageState::Stored | PackageState::Releasing
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_occupancy() {
        for s in PackageState::ALL {
            assert_eq!(PackageState::parse(s.as_str()), Some(s));
        }
        assert_eq!(PackageState::parse("lost"), None);
        let holding: Vec<_> = PackageState::ALL
            .into_iter()
            .filter(|s| s.holds_locker())
            .collect();
        assert_eq!(
            holding,
            [
                PackageState::Depositing,
                PackageState::Stored,
                PackageState::Releasing
            ]
        );
    }
}
