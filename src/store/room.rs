//! The package room: one controlled door (a row in `lockers` of kind `room`,
//! so unlocks, door watching and the audit are a locker's) and named shelves
//! that hold many packages each. A package in the room is `stored` behind
//! that door, on a shelf; its code opens the room door.

use super::audit::note;
use super::deposit::{insert_depositing, DepositRequest};
use super::{lockers, transition, Store, StoreError};
pub use crate::domain::off_wall::RoomPackage;
use crate::domain::PackageState;
use crate::domain::Refusal;
use crate::domain::{Locker, LockerId, PackageId, Timestamp};
use crate::site::Site;
use lockerwall_wire::EventKind;
use rusqlite::{params, OptionalExtension};

/// A shelf and how full it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shelf {
    pub label: String,
    pub capacity: u32,
    /// Packages on it now (waiting, or being put there).
    pub used: u32,
}

impl Shelf {
    /// Room left on it (a rough capacity: never below zero).
    pub fn free(&self) -> u32 {
        self.capacity.saturating_sub(self.used)
    }
}

/// The room as the kiosk knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Room {
    pub door: Locker,
    pub shelves: Vec<Shelf>,
}

impl Room {
    /// Packages it can still take, over all shelves.
    pub fn free(&self) -> u32 {
        self.shelves.iter().map(Shelf::free).sum()
    }
}

/// A drop-off reserved in the room: the door to open, the shelf suggested,
/// and every shelf the carrier may choose instead.
#[derive(Clone, Debug, PartialEq)]
pub struct RoomReserved {
    pub package: PackageId,
    pub door: Locker,
    pub shelf: String,
    pub shelves: Vec<String>,
}

impl Store {
    /// Bring the site file's package room into the database: its door and
    /// shelves are added or updated, shelves no longer listed are retired (their
    /// packages stay where they are). Safe to run at every start.
    pub fn sync_room(&mut self, site: &Site) -> Result<(), StoreError> {
        let Some(room) = &site.room else {
            return Ok(());
        };
        let tx = self.write()?;
        let door: Option<i64> = tx
            .query_row("SELECT id FROM lockers WHERE kind = 'room'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match door {
            Some(id) => {
                tx.execute(
                    "UPDATE lockers SET label = ?2, board = ?3, lock = ?4 WHERE id = ?1",
                    params![id, room.label, room.board, room.lock],
                )?;
            }
            None => {
                tx.execute(
                    "INSERT INTO lockers (label, size, col, row, height, accessible, board, lock, kind)
                     VALUES (?1, 'XL', 0, 0, 1, 1, ?2, ?3, 'room')",
                    params![room.label, room.board, room.lock],
                )?;
            }
        }
        tx.execute("UPDATE shelves SET active = 0", [])?;
        for s in &room.shelves {
            tx.execute(
                "INSERT INTO shelves (label, capacity) VALUES (?1, ?2)
                 ON CONFLICT (label) DO UPDATE SET capacity = ?2, active = 1",
                params![s.label, s.capacity],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The package room, if the site has one.
    pub fn room(&self) -> Result<Option<Room>, StoreError> {
        room_tx(&self.conn)
    }

    /// Reserve a place in the room for a package: the shelf with the most room
    /// is suggested (the carrier may choose another before the door closes).
    pub fn begin_room_deposit(
        &mut self,
        req: &DepositRequest,
        now: Timestamp,
    ) -> Result<RoomReserved, StoreError> {
        let tx = self.write()?;
        let Some(room) = room_tx(&tx)? else {
            return Err(StoreError::Refused(Refusal::NoPackageRoom));
        };
        let active: bool = tx
            .query_row(
                "SELECT active FROM residents WHERE id = ?1",
                [req.resident.0],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if !active {
            return Err(StoreError::NotFound("resident"));
        }
        // The emptiest shelf; the first of equals, so carriers fill in order.
        let Some(shelf) = room
            .shelves
            .iter()
            .filter(|s| s.free() > 0)
            .min_by_key(|s| std::cmp::Reverse(s.free()))
        else {
            return Err(StoreError::Refused(Refusal::RoomFull));
        };
        let package = insert_depositing(
            &tx,
            req,
            room.door.id,
            Some(&shelf.label),
            None,
            now,
            &format!(
                "{} to the package room, shelf {}",
                req.tracking, shelf.label
            ),
        )?;
        let shelf = shelf.label.clone();
        tx.commit()?;
        Ok(RoomReserved {
            package,
            door: room.door,
            shelf,
            shelves: room.shelves.into_iter().map(|s| s.label).collect(),
        })
    }

    /// Put a package in the room on another shelf (the carrier's choice at
    /// the door, or staff tidying up), audited.
    pub fn set_shelf(
        &mut self,
        package: PackageId,
        shelf: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let shelf_id: i64 = tx
            .query_row(
                "SELECT id FROM shelves WHERE label = ?1 AND active = 1",
                [shelf],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound("shelf"))?;
        let (state, locker): (String, Option<i64>) = tx
            .query_row(
                "SELECT state, locker_id FROM packages WHERE id = ?1 AND shelf_id IS NOT NULL",
                [package.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound("package in the room"))?;
        if !matches!(
            PackageState::parse(&state),
            Some(PackageState::Depositing | PackageState::Stored)
        ) {
            return Err(StoreError::WrongState {
                expected: "in the room",
                actual: state,
            });
        }
        tx.execute(
            "UPDATE packages SET shelf_id = ?2 WHERE id = ?1",
            params![package.0, shelf_id],
        )?;
        note(
            &tx,
            now,
            EventKind::ShelfSet,
            actor,
            locker.map(LockerId),
            Some(package),
            &format!("on shelf {shelf}"),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Take a package off its shelf to put it in a locker: it is held by
    /// staff (code unchanged) until they load it, which gives it a locker, a
    /// fresh code and a notice. Returns the room's door, to open for them.
    pub fn room_to_staff(
        &mut self,
        package: PackageId,
        actor: &str,
        now: Timestamp,
    ) -> Result<Locker, StoreError> {
        let tx = self.write()?;
        let what = "package in the room";
        let mut p = transition::take(&tx, package, &[PackageState::Stored], what)?;
        let door = p.locker()?;
        p.require("shelf_id IS NOT NULL", &[])?;
        p.set(
            PackageState::Overflow,
            "locker_id = NULL, shelf_id = NULL, held_at = ?4",
            &[&now.0],
        )?;
        p.audit(now, EventKind::MovedFromRoom, actor, "to go into a locker")?;
        note(
            &tx,
            now,
            EventKind::StaffOpen,
            actor,
            Some(door),
            None,
            "to take a package to a locker",
        )?;
        let door = lockers::locker(&tx, door)?;
        tx.commit()?;
        Ok(door)
    }

    /// Packages waiting in the room, by shelf.
    pub fn room_packages(&self) -> Result<Vec<RoomPackage>, StoreError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT p.id, p.tracking, r.name || ' (' || r.building || '-' || r.unit || ')',
                    s.label, COALESCE(p.stored_at, p.created_at)
             FROM packages p JOIN shelves s ON s.id = p.shelf_id
             JOIN residents r ON r.id = p.resident_id
             WHERE p.state = ",
            state!(Stored),
            " ORDER BY s.label, p.stored_at"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(RoomPackage {
                package: PackageId(r.get(0)?),
                tracking: r.get(1)?,
                resident: r.get(2)?,
                shelf: r.get(3)?,
                since: Timestamp(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The room with its shelves' use (inside the caller's transaction).
pub(super) fn room_tx(conn: &rusqlite::Connection) -> Result<Option<Room>, StoreError> {
    let door: Option<i64> = conn
        .query_row("SELECT id FROM lockers WHERE kind = 'room'", [], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(door) = door else {
        return Ok(None);
    };
    let door = lockers::locker(conn, LockerId(door))?;
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT s.label, s.capacity,
                (SELECT COUNT(*) FROM packages p WHERE p.shelf_id = s.id
                 AND p.state IN ",
        live_states!(),
        ")
         FROM shelves s WHERE s.active = 1 ORDER BY s.label"
    ))?;
    let shelves = stmt
        .query_map([], |r| {
            Ok(Shelf {
                label: r.get(0)?,
                capacity: r.get(1)?,
                used: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(Room { door, shelves }))
}
