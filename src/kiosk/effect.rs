//! What the flow asks the runtime to do. Store effects run in order, each one transaction.

use super::LockerRef;
use crate::domain::DepositRequest;
use crate::domain::{CarrierId, LockerId, PackageId, ResidentId};
use crate::security::Typed;

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
    /// Choose the carrier account of this name, if there is one (a label scanned before login).
    FindCarrier(String),
    /// Find the residents a label's ship-to address names (answered as a search for "").
    MatchShipTo(String),
    /// How many lockers of each size a package for this resident may be
    /// given (low reach: as for a resident who needs an accessible one).
    LoadAvailability {
        resident: Option<crate::domain::ResidentId>,
        low_reach: bool,
    },
    /// How many places the package room has left.
    LoadRoomSpace,
    /// Find a locker this resident's other package is in that can take this one.
    FindShareable(crate::domain::ResidentId),
    /// Reserve the drop-off into the locker `partner` waits in.
    BeginSharedDeposit {
        req: DepositRequest,
        partner: PackageId,
    },
    /// Reserve a place in the package room.
    BeginRoomDeposit(DepositRequest),
    /// Record the shelf a package in the room is on.
    SetShelf {
        package: PackageId,
        shelf: String,
    },
    BeginDeposit(DepositRequest),
    /// Record the package as left with staff (overflow), with its code and notice.
    HoldWithStaff(DepositRequest),
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
    /// A QR token from a scanner: verify it and find its package.
    CheckToken(Typed),
    BeginPickup(Vec<(PackageId, LockerRef)>),
    ConfirmPickup(PackageId),
    /// The pickup was recorded but its door never unlocked: back to waiting.
    CancelPickup(PackageId),
    PickupDoorFailed {
        package: PackageId,
        why: &'static str,
    },
    // --- door supervision ---
    /// A door opened that the kiosk did not unlock (forced, or a technician's).
    DoorOpenedUnexpectedly(LockerId),
    /// A door open at start-up that no package in flight explains.
    DoorFoundOpen(LockerId),
    /// A door did not open when unlocked and no package moved: take it out of use.
    DoorFault {
        locker: LockerId,
        why: &'static str,
    },
    /// A door has stood open longer than allowed.
    DoorLeftOpen {
        locker: LockerId,
        seconds: i64,
    },
    /// A door reported as left open is closed again.
    DoorClosedAfterLeftOpen(LockerId),
    /// A lock board stopped answering: take its lockers out of what carriers are offered.
    BoardOffline(u8),
    /// A silent board answers again.
    BoardOnline(u8),
    /// Compare closed doors' item sensors with what the database says is inside.
    CheckOccupancy(Vec<(LockerId, bool)>),
    /// Find the resident sending a return by unit and last name.
    FindSender {
        unit: String,
        last_name: String,
    },
    /// Email this resident a fresh link to their own page.
    SendPageLink(ResidentId),
    /// The returns waiting for this carrier.
    LoadReturns(CarrierId),
    /// Record that a carrier is collecting this return (its door opens next).
    BeginCollect {
        package: PackageId,
        carrier: CarrierId,
    },
    /// Staff mode's store work and doors.
    Staff(super::staff::StaffEffect),
    /// Put a problem reported at the screen on the staff's list.
    ReportProblem(super::help::ProblemReport),
}
