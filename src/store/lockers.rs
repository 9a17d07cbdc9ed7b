//! The wall's lockers and which of them are free.

use super::{Store, StoreError};
use crate::domain::allocation::free_counts;
use crate::domain::{ForWhom, FreeLocker, Locker, LockerId, ResidentId, Service, Size};
use lockerwall_hal::Channel;
use rusqlite::{Connection, OptionalExtension, Row};

const LOCKER_COLUMNS: &str = "id, label, size, col, row, height, accessible, board, lock, service";

pub(super) fn locker_from_row(r: &Row<'_>) -> rusqlite::Result<Locker> {
    let size: String = r.get(2)?;
    let service: String = r.get(9)?;
    Ok(Locker {
        id: LockerId(r.get(0)?),
        label: r.get(1)?,
        // The CHECK constraints make these unreachable; fall back rather than panic.
        size: Size::parse(&size).unwrap_or(Size::XL),
        column: r.get(3)?,
        row: r.get(4)?,
        height: r.get(5)?,
        accessible: r.get(6)?,
        channel: Channel::new(r.get(7)?, r.get(8)?),
        service: Service::parse(&service).unwrap_or(Service::Faulty),
    })
}

/// In-service lockers with no live package (inside the caller's transaction).
pub(super) fn free_lockers(conn: &Connection) -> Result<Vec<FreeLocker>, StoreError> {
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT l.id, l.size, l.accessible, l.row, l.col FROM lockers l
         WHERE l.service = 'in_service' AND l.kind = 'locker'
           AND l.board NOT IN (SELECT board FROM boards_offline)
           AND NOT EXISTS (SELECT 1 FROM packages p WHERE p.locker_id = l.id
                           AND p.state IN ",
        live_states!(),
        ")"
    ))?;
    let rows = stmt.query_map([], |r| {
        let size: String = r.get(1)?;
        Ok(FreeLocker {
            id: LockerId(r.get(0)?),
            size: Size::parse(&size).unwrap_or(Size::XL),
            accessible: r.get(2)?,
            row: r.get(3)?,
            column: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn locker(conn: &Connection, id: LockerId) -> Result<Locker, StoreError> {
    conn.query_row(
        &format!("SELECT {LOCKER_COLUMNS} FROM lockers WHERE id = ?1"),
        [id.0],
        locker_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound("locker"))
}

impl Store {
    /// Every locker of the wall, in wall order (column, then row).
    pub fn lockers(&self) -> Result<Vec<Locker>, StoreError> {
        self.doors_where("WHERE kind = 'locker'")
    }

    /// Every door the kiosk controls: the wall's lockers and the package
    /// room's door (the door watcher and the technician's tools need them all).
    pub fn doors(&self) -> Result<Vec<Locker>, StoreError> {
        self.doors_where("")
    }

    fn doors_where(&self, clause: &str) -> Result<Vec<Locker>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LOCKER_COLUMNS} FROM lockers {clause} ORDER BY col, row"
        ))?;
        let rows = stmt.query_map([], locker_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One locker.
    pub fn locker(&self, id: LockerId) -> Result<Locker, StoreError> {
        locker(&self.conn, id)
    }

    /// Free in-service lockers.
    pub fn free_lockers(&self) -> Result<Vec<FreeLocker>, StoreError> {
        free_lockers(&self.conn)
    }

    /// Free lockers per size that a package for `resident` may be given (the
    /// accessible ones kept for others left out), for the size screen.
    pub fn free_counts(
        &self,
        resident: Option<ResidentId>,
        low_reach: bool,
    ) -> Result<[u32; 4], StoreError> {
        let needs: bool = match resident {
            Some(r) => self
                .conn
                .query_row(
                    "SELECT needs_accessible FROM residents WHERE id = ?1",
                    [r.0],
                    |row| row.get(0),
                )
                .optional()?
                .unwrap_or(false),
            None => false,
        };
        let who = ForWhom {
            needs_accessible: needs || low_reach,
            kept: self.kept_free,
        };
        Ok(free_counts(&free_lockers(&self.conn)?, who))
    }
}
