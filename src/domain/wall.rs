//! The wall as staff see it: every locker where it is, what state it is in,
//! and what is inside.

use super::{Locker, PackageId, PackageState, ResidentId, Timestamp};

/// What a locker is doing, as the wall map colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TileState {
    Free,
    /// A package is waiting in it.
    Occupied,
    /// A drop-off or pickup is in flight.
    Reserved,
    /// Its door is open now (from the door watcher; the store never says this).
    DoorOpen,
    /// Taken out of service by staff.
    OutOfService,
    /// Faulty, or its lock board is not answering.
    Fault,
}

/// One locker on the wall map: where it is, and what it is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WallTile {
    pub locker: Locker,
    pub state: TileState,
    /// Its package has waited past the holding period.
    pub expired: bool,
}

/// The package in a locker, for the staff's locker card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageCard {
    pub id: PackageId,
    pub tracking: String,
    pub resident_id: ResidentId,
    pub resident: String,
    pub unit: String,
    pub building: String,
    pub carrier: String,
    /// When it was stored (or the drop-off began, while in flight).
    pub since: Timestamp,
    pub expired: bool,
    /// A resident's return for `carrier` to collect (`resident` sent it).
    pub is_return: bool,
    /// The day it is kept until (its hold extended or paused included).
    pub kept_until: Timestamp,
    /// The resident is (or was) away while it waited: back on this day.
    pub away_until: Option<Timestamp>,
}

/// One locker in detail: the tile, why it is out of use, and its package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockerCard {
    pub tile: WallTile,
    pub reason: Option<String>,
    pub package: Option<PackageCard>,
}

/// Where staff took a package they removed from its locker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Removal {
    /// Given to the resident in person.
    HandedToResident,
    /// Given back to the carrier.
    ReturnedToSender,
    /// Moved to the package room.
    PackageRoom,
    /// Moved to the office.
    Office,
}

impl Removal {
    /// Every choice, in the order the screen offers them.
    pub const ALL: [Removal; 4] = [
        Removal::HandedToResident,
        Removal::ReturnedToSender,
        Removal::PackageRoom,
        Removal::Office,
    ];

    /// How it is written in the database.
    pub fn code(self) -> &'static str {
        match self {
            Removal::HandedToResident => "handed",
            Removal::ReturnedToSender => "returned",
            Removal::PackageRoom => "room",
            Removal::Office => "office",
        }
    }

    /// A removal from its database spelling.
    pub fn parse(code: &str) -> Option<Removal> {
        Removal::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The package's state afterwards, and the audit's words.
    pub fn outcome(self) -> (PackageState, &'static str) {
        match self {
            Removal::HandedToResident => {
                (PackageState::PickedUp, "handed to the resident in person")
            }
            Removal::ReturnedToSender => (PackageState::ReturnedToSender, "returned to sender"),
            Removal::PackageRoom => (PackageState::RemovedByStaff, "moved to the package room"),
            Removal::Office => (PackageState::RemovedByStaff, "moved to the office"),
        }
    }
}

/// Free and total lockers of each size (S, M, L, XL).
pub fn size_counts(tiles: &[WallTile]) -> [(u32, u32); 4] {
    let mut out = [(0, 0); 4];
    for t in tiles {
        let slot = &mut out[t.locker.size.index()];
        slot.1 += 1;
        if t.state == TileState::Free {
            slot.0 += 1;
        }
    }
    out
}
