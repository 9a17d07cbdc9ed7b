//! What happens in staff mode: taps on the staff screens and the store's answers.

use super::page::{AccountField, DirSection, ResidentField};
use crate::domain::audit::AuditItem;
use crate::domain::staff::Account;
use crate::domain::wall::{LockerCard, Removal, WallTile};
use crate::domain::{
    AttentionItem, Finding, HeldPackage, ResidentRecord, RoomPackage, RunStop, TrailRow,
};
use crate::domain::{LockerId, PackageId, ResidentId, StaffMember};
use crate::kiosk::LockerRef;
use crate::report::Report;

/// The staff screens' tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Wall,
    Attention,
    Overflow,
    Deliveries,
    Reports,
    Audit,
    Trail,
    Directory,
}

/// What the audit trail is filtered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrailBy {
    Locker,
    Tracking,
    Resident,
    Staff,
}

/// An input in staff mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffEvent {
    // --- from the screen ---
    /// The discreet "Staff" entry on the home screen.
    Enter,
    Tab(Tab),
    Logout,
    /// A locker tapped on the wall map.
    Locker(LockerId),
    CloseCard,
    OpenDoor,
    AskOutOfService,
    OutOfService(String),
    ReturnToService,
    AskRemove,
    Remove(Removal),
    CancelAsk,
    Resend,
    AskChangeRecipient,
    ChooseRecipient(ResidentId),
    /// Go to what an attention item is about (its locker).
    AttentionGo(i64),
    Resolve(i64),
    /// Load a held package into the best-fitting free locker.
    Load(PackageId),
    /// A held package handed to its resident at the desk.
    HandOver(PackageId),
    /// Ask which shelf a package in the room moves to.
    AskMove(PackageId),
    /// Move the package being asked about to this shelf.
    MoveTo(String),
    /// Take a package out of the room (the room's door opens), and where it went.
    TakeOut(PackageId, Removal),
    /// Take a package from the room to put it in a locker (it joins the
    /// held list, to load).
    RoomToLocker(PackageId),
    /// Take the run's packages out: their doors open one after another.
    TakeOutAll,
    /// Delivered at the resident's door.
    Delivered(PackageId),
    /// Not delivered: it stays with staff.
    NotDelivered(PackageId),
    /// The open card's package: to the resident's door (or not).
    PackageToDoor(bool),
    /// Days shown on the report screen.
    ReportDays(u32),
    StartAudit,
    Answer(Finding),
    /// Leave the audit before the last locker (what is answered is kept).
    StopAudit,
    TrailBy(TrailBy),
    DirSection(DirSection),
    /// Open a resident's form (0: a new resident).
    EditResident(i64),
    ResidentField(ResidentField),
    ToggleLanguage,
    ToggleDoorDelivery,
    /// The resident needs an accessible (low) locker, or no longer does.
    ToggleAccessible,
    ToggleActive,
    /// The open resident's links to their own page stop opening it.
    WithdrawPageLinks,
    SaveResident,
    CancelForm,
    /// Open the form for a new carrier or staff account.
    AddAccount,
    /// Open the form for an account's new PIN.
    NewPin(i64),
    AccountField(AccountField),
    ToggleRole,
    SaveAccount,
    SetAccountActive(i64, bool),

    // --- results from the runtime ---
    PinChecked(Option<StaffMember>),
    /// Wrong PINs have blocked the PIN screen until then.
    PinBlocked(crate::domain::Timestamp),
    Wall(Vec<WallTile>),
    Card(LockerCard),
    Attention(Vec<AttentionItem>),
    /// The packages held by staff.
    Held(Vec<HeldPackage>),
    /// The door-delivery run, in walking order.
    Run(Vec<RunStop>),
    /// The package room: its door, shelves and packages.
    Room {
        door: LockerRef,
        shelves: Vec<String>,
        packages: Vec<RoomPackage>,
    },
    /// A held package is reserved in this locker: open it.
    Loading {
        package: PackageId,
        locker: LockerRef,
    },
    Report(Box<Report>),
    /// The audit is recorded; here is everything it checks, as the records say.
    AuditStarted {
        id: i64,
        items: Vec<AuditItem>,
    },
    Trail(Vec<TrailRow>),
    Residents(Vec<ResidentRecord>),
    Accounts(Vec<Account>),
    /// An action was refused, and why.
    Refused(crate::domain::Refusal),
    /// An action was carried out.
    /// A removal is recorded: its door may open now (and is watched until it closes).
    RemovalStarted {
        package: PackageId,
        locker: LockerRef,
    },
    Done,
}

impl StaffEvent {
    /// A tap by the person at the screen (keeps the session alive), not a store answer.
    pub fn from_person(&self) -> bool {
        !matches!(
            self,
            StaffEvent::PinChecked(_)
                | StaffEvent::PinBlocked(_)
                | StaffEvent::Wall(_)
                | StaffEvent::Card(_)
                | StaffEvent::Attention(_)
                | StaffEvent::Held(_)
                | StaffEvent::Room { .. }
                | StaffEvent::Run(_)
                | StaffEvent::Loading { .. }
                | StaffEvent::Report(_)
                | StaffEvent::AuditStarted { .. }
                | StaffEvent::Trail(_)
                | StaffEvent::Residents(_)
                | StaffEvent::Accounts(_)
                | StaffEvent::Refused(_)
                | StaffEvent::Done
                | StaffEvent::RemovalStarted { .. }
        )
    }
}
