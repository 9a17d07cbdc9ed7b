//! The wall map: every locker with its state and its package, in one read.

use super::{Store, StoreError};
use crate::domain::wall::{LockerCard, PackageCard, TileState, WallTile};
use crate::domain::PackageState;
use crate::domain::{LockerId, PackageId, ResidentId, Service, Timestamp};
use rusqlite::OptionalExtension;

const TILE_SQL: &str = concat!(
    "SELECT l.id, l.label, l.size, l.col, l.row, l.height, l.accessible, l.board,
        l.lock, l.service, l.service_reason, (l.board IN (SELECT board FROM boards_offline)),
        p.id, p.state, p.expired_at IS NOT NULL
     FROM lockers l LEFT JOIN packages p ON p.locker_id = l.id
         AND p.state IN ",
    live_states!(),
    " AND p.shelf_id IS NULL
         AND p.shares_with IS NULL"
);

fn tile_state(service: Service, offline: bool, package: Option<&str>) -> TileState {
    match (service, offline, package) {
        (Service::Faulty, _, _) | (_, true, _) => TileState::Fault,
        (Service::OutOfService, _, _) => TileState::OutOfService,
        (_, _, Some(s)) if PackageState::parse(s) == Some(PackageState::Stored) => {
            TileState::Occupied
        }
        (_, _, Some(_)) => TileState::Reserved,
        (_, _, None) => TileState::Free,
    }
}

type Row = (WallTile, Option<String>, Option<PackageId>);

fn tile_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    // The first ten columns are a locker's, in `lockers::locker_from_row`'s order.
    let locker = super::lockers::locker_from_row(r)?;
    let state: Option<String> = r.get(13)?;
    let state = tile_state(locker.service, r.get(11)?, state.as_deref());
    Ok((
        WallTile {
            locker,
            state,
            expired: r.get::<_, Option<bool>>(14)?.unwrap_or(false),
        },
        r.get(10)?,
        r.get::<_, Option<i64>>(12)?.map(PackageId),
    ))
}

impl Store {
    /// Every locker as the wall map draws it, in wall order.
    pub fn wall_tiles(&self) -> Result<Vec<WallTile>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{TILE_SQL} WHERE l.kind = 'locker' ORDER BY l.col, l.row"
        ))?;
        let rows = stmt.query_map([], tile_row)?;
        rows.map(|r| Ok(r?.0)).collect()
    }

    /// One locker in detail.
    pub fn locker_card(&self, locker: LockerId) -> Result<LockerCard, StoreError> {
        let (tile, reason, package) = self
            .conn
            .query_row(&format!("{TILE_SQL} WHERE l.id = ?1"), [locker.0], tile_row)
            .optional()?
            .ok_or(StoreError::NotFound("locker"))?;
        let package = match package {
            Some(p) => Some(self.package_card(p)?),
            None => None,
        };
        Ok(LockerCard {
            tile,
            reason,
            package,
        })
    }

    /// A package with its resident and carrier, the day it is kept until,
    /// and the resident's away period that reached past its arrival.
    pub fn package_card(&self, package: PackageId) -> Result<PackageCard, StoreError> {
        let policy = &self.notices.policy;
        self.conn
            .query_row(
                "SELECT p.id, p.tracking, r.id, r.name, r.unit, r.building, COALESCE(c.name, ''),
                        COALESCE(p.stored_at, p.created_at), p.expired_at IS NOT NULL, p.is_return,
                        ph.hold_from,
                        (SELECT max(a.until_at) FROM away_periods a WHERE a.resident_id = r.id
                           AND a.until_at > COALESCE(p.stored_at, p.created_at))
                 FROM packages p JOIN residents r ON r.id = p.resident_id
                 JOIN package_holds ph ON ph.package_id = p.id
                 LEFT JOIN carriers c ON c.id = p.carrier_id WHERE p.id = ?1",
                [package.0],
                |r| {
                    Ok(PackageCard {
                        id: PackageId(r.get(0)?),
                        tracking: r.get(1)?,
                        resident_id: ResidentId(r.get(2)?),
                        resident: r.get(3)?,
                        unit: r.get(4)?,
                        building: r.get(5)?,
                        carrier: r.get(6)?,
                        since: Timestamp(r.get(7)?),
                        expired: r.get(8)?,
                        is_return: r.get(9)?,
                        kept_until: policy.collect_by(Timestamp(r.get(10)?)),
                        away_until: r.get::<_, Option<i64>>(11)?.map(Timestamp),
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound("package"))
    }
}
