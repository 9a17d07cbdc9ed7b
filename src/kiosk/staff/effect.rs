//! What staff mode asks the runtime to do. Every action names the staff member.

use crate::domain::wall::Removal;
use crate::domain::{AccountKind, Finding, FindingAt, ResidentRecord, TrailFilter};
use crate::domain::{LockerId, PackageId, ResidentId};
use crate::domain::{Role, SessionMark};
use crate::kiosk::LockerRef;
use crate::security::Typed;

/// A staff-mode request to the store or the doors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffEffect {
    CheckPin(Typed),
    /// Audit a login, a wrong PIN, a logout or a timeout.
    Session {
        kind: SessionMark,
        actor: String,
    },
    LoadWall,
    LoadCard(LockerId),
    /// Record the staff unlock, then unlock.
    Open {
        actor: String,
        locker: LockerRef,
        why: &'static str,
    },
    SetService {
        actor: String,
        locker: LockerId,
        in_service: bool,
        reason: String,
    },
    /// Record the removal, then unlock so staff can take it out.
    Remove {
        actor: String,
        package: PackageId,
        removal: Removal,
        locker: LockerRef,
    },
    Resend {
        actor: String,
        package: PackageId,
    },
    ChangeRecipient {
        actor: String,
        package: PackageId,
        resident: ResidentId,
    },
    LoadAttention,
    /// The packages held by staff (overflow).
    LoadHeld,
    /// The package room's shelves and packages (nothing if there is no room).
    LoadRoom,
    /// The door-delivery run.
    LoadRun,
    /// A run's package was seen leaving its locker: it is with staff now.
    TakenOut {
        actor: String,
        package: PackageId,
    },
    Delivered {
        actor: String,
        package: PackageId,
    },
    NotDelivered {
        actor: String,
        package: PackageId,
    },
    /// Switch a waiting package to door delivery (or back).
    SetDoorDelivery {
        actor: String,
        package: PackageId,
        on: bool,
    },
    /// Take a package off its shelf (held by staff, to load), opening the room.
    RoomToStaff {
        actor: String,
        package: PackageId,
    },
    /// Put a package in the room on another shelf.
    MoveShelf {
        actor: String,
        package: PackageId,
        shelf: String,
    },
    /// Reserve the best-fitting free locker for a held package.
    BeginLoad {
        actor: String,
        package: PackageId,
    },
    /// A held package handed to its resident at the desk.
    HandOver {
        actor: String,
        package: PackageId,
    },
    Resolve {
        actor: String,
        item: i64,
    },
    LoadReport {
        days: u32,
    },
    StartAudit {
        actor: String,
    },
    Finding {
        actor: String,
        audit: i64,
        place: FindingAt,
        finding: Finding,
    },
    FinishAudit {
        actor: String,
        audit: i64,
    },
    LoadTrail(TrailFilter),
    FindResidents(String),
    SaveResident {
        actor: String,
        record: ResidentRecord,
    },
    /// Revoke a resident's links to their own page.
    WithdrawPageLinks {
        actor: String,
        resident: crate::domain::ResidentId,
    },
    LoadAccounts(AccountKind),
    /// Add an account (`id` None) or give one a new PIN.
    SaveAccount {
        actor: String,
        kind: AccountKind,
        id: Option<i64>,
        name: String,
        role: Role,
        pin: Typed,
    },
    SetAccountActive {
        actor: String,
        kind: AccountKind,
        id: i64,
        active: bool,
    },
}
