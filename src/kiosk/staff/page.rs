//! What each staff screen shows.

use super::audit_walk::AuditWalk;
use super::event::TrailBy;
use crate::domain::staff::Account;
use crate::domain::wall::{LockerCard, PackageCard, WallTile};
use crate::domain::Role;
use crate::domain::{AttentionItem, HeldPackage, ResidentRecord, RoomPackage, RunStop, TrailRow};
use crate::kiosk::ResidentHit;
use crate::report::Report;

/// A question asked over the locker card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Why is it going out of service?
    OutOfService,
    /// Where is the package going?
    Remove,
}

/// One staff screen with its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffPage {
    /// The wall map; a tapped locker's card over it.
    Wall {
        tiles: Vec<WallTile>,
        card: Option<LockerCard>,
        ask: Option<Ask>,
    },
    Attention {
        items: Vec<AttentionItem>,
    },
    /// Packages left with staff, the one being loaded into a locker, and
    /// the package room's shelves.
    Overflow {
        held: Vec<HeldPackage>,
        loading: Option<super::Loading>,
        room: Option<RoomView>,
    },
    /// The door-delivery run.
    Deliveries {
        stops: Vec<RunStop>,
        /// Packages still to take out, in order.
        queue: Vec<crate::domain::PackageId>,
        /// The run's door open now.
        opening: Option<crate::kiosk::DoorView>,
    },
    Report {
        days: u32,
        report: Option<Box<Report>>,
    },
    Audit(AuditWalk),
    Trail {
        by: TrailBy,
        query: String,
        rows: Vec<TrailRow>,
    },
    /// The directory: residents, carriers and staff.
    Directory {
        section: DirSection,
        query: String,
        residents: Vec<ResidentRecord>,
        accounts: Vec<Account>,
        resident: Option<ResidentForm>,
        account: Option<AccountForm>,
    },
    /// Choosing the new recipient of a package.
    Recipient {
        package: PackageCard,
        locker_id: crate::domain::LockerId,
        locker: String,
        query: String,
        results: Vec<ResidentHit>,
    },
}

impl StaffPage {
    /// The wall map, loading.
    pub fn wall() -> StaffPage {
        StaffPage::Wall {
            tiles: Vec::new(),
            card: None,
            ask: None,
        }
    }
}

/// The package room as staff see it: its door, shelves and packages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomView {
    pub door: crate::kiosk::LockerRef,
    pub shelves: Vec<String>,
    pub packages: Vec<RoomPackage>,
    /// A package whose "move to which shelf?" is open.
    pub moving: Option<crate::domain::PackageId>,
}

/// Which list the directory page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirSection {
    Residents,
    Carriers,
    Staff,
}

/// The resident form's text fields (the keyboard types into the chosen one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResidentField {
    Name,
    Unit,
    Building,
    Email,
    Phone,
}

/// A resident being added (id 0) or edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentForm {
    pub record: ResidentRecord,
    pub field: ResidentField,
}

/// The account form's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountField {
    Name,
    Pin,
}

/// A carrier or staff account being added (`id` None) or given a new PIN.
/// The PIN's digits stay in the flow, never on the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountForm {
    pub id: Option<i64>,
    pub name: String,
    pub role: Role,
    pub pin_len: usize,
    pub field: AccountField,
}

impl StaffPage {
    /// The directory on its residents list, nothing typed.
    pub fn directory() -> StaffPage {
        StaffPage::Directory {
            section: DirSection::Residents,
            query: String::new(),
            residents: Vec::new(),
            accounts: Vec::new(),
            resident: None,
            account: None,
        }
    }
}
