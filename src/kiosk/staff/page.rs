//! What each staff screen shows.

use super::audit_walk::AuditWalk;
use super::event::TrailBy;
use crate::domain::wall::{LockerCard, PackageCard, WallTile};
use crate::kiosk::ResidentHit;
use crate::report::Report;
use crate::store::{AttentionItem, TrailRow};

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
