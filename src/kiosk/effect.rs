//! What the flow asks the runtime to do. Store effects run in order, each one transaction.

use super::LockerRef;
use crate::domain::{CarrierId, PackageId};
use crate::security::Typed;
use crate::store::DepositRequest;

/// A request to the outside world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    CheckPin {
        carrier: CarrierId,
        pin: Typed,
    },
    CheckTracking {
        tracking: String,
    },
    Search {
        query: String,
    },
    LoadAvailability,
    BeginDeposit(DepositRequest),
    Unlock(LockerRef),
    DoorSeenOpen(PackageId),
    ConfirmDeposit(PackageId),
    CancelDeposit {
        package: PackageId,
        reason: &'static str,
    },
    DepositDoorFailed {
        package: PackageId,
        why: &'static str,
    },
    CheckCode(Typed),
    BeginPickup(Vec<(PackageId, LockerRef)>),
    ConfirmPickup(PackageId),
    /// The pickup was recorded but its door never unlocked: back to waiting.
    CancelPickup(PackageId),
    PickupDoorFailed {
        package: PackageId,
        why: &'static str,
    },
}
