//! Staff taking a package out of its locker, under the safety rule: recorded
//! before the door moves (the package is released, its code paused), settled
//! when its door is seen open and then closed, back to waiting when the door
//! does not open, and settled at start-up like any door in flight. A package
//! moved to the package room keeps its code and goes on a shelf.

use super::audit::note as audit;
use super::{outbox, room, transition, Store, StoreError};
use crate::domain::wall::Removal;
use crate::domain::PackageState;
use crate::domain::Refusal;
use crate::domain::{LockerId, PackageId, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

impl Store {
    /// Record that staff are about to open `package`'s door to take it out
    /// (with every package sharing that door). Returns the door.
    pub fn begin_removal(
        &mut self,
        package: PackageId,
        removal: Removal,
        actor: &str,
        now: Timestamp,
    ) -> Result<LockerId, StoreError> {
        let tx = self.write()?;
        let mut p = transition::waiting(&tx, package)?;
        let locker = p.locker()?;
        if removal == Removal::PackageRoom {
            match room::room_tx(&tx)? {
                None => return Err(StoreError::Refused(Refusal::NoPackageRoom)),
                Some(r) if r.door.id == locker => {
                    return Err(StoreError::Refused(Refusal::AlreadyInRoom))
                }
                Some(_) => {}
            }
        }
        let also = "door_seen_open = 0, removal = ?4";
        p.set(PackageState::Releasing, also, &[&removal.code()])?;
        // The packages sharing its door are released with it.
        tx.execute(
            concat!(
                "UPDATE packages SET state = ",
                state!(Releasing),
                ", door_seen_open = 0, removal = ?2 WHERE shares_with = ?1 AND state = ",
                state!(Stored)
            ),
            params![package.0, removal.code()],
        )?;
        p.audit(now, EventKind::RemovalStarted, actor, removal.outcome().1)?;
        audit(
            &tx,
            now,
            EventKind::StaffOpen,
            actor,
            Some(locker),
            None,
            "to take the package out",
        )?;
        tx.commit()?;
        Ok(locker)
    }
}

/// Whether a package being released is staff's removal (and which).
pub(super) fn removal_of(
    conn: &Connection,
    package: PackageId,
) -> Result<Option<Removal>, StoreError> {
    let code: Option<String> = conn
        .query_row(
            concat!(
                "SELECT removal FROM packages WHERE id = ?1 AND state = ",
                state!(Releasing)
            ),
            [package.0],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(code.as_deref().and_then(Removal::parse))
}

/// The door closed after it was seen open: the removal is done, for the
/// package and every package released with it through that door (inside
/// the caller's transaction). Returns the packages now in the package room
/// (their residents are told where).
pub(super) fn finish(
    tx: &Transaction<'_>,
    package: PackageId,
    removal: Removal,
    locker: LockerId,
    now: Timestamp,
) -> Result<Vec<PackageId>, StoreError> {
    let actor: String = tx
        .query_row(
            "SELECT actor FROM events WHERE package_id = ?1 AND kind = ?2
             ORDER BY id DESC LIMIT 1",
            params![package.0, EventKind::RemovalStarted.as_str()],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| super::ACTOR_KIOSK.to_string());
    let released: Vec<i64> = {
        let mut stmt = tx.prepare(concat!(
            "SELECT id FROM packages WHERE state = ",
            state!(Releasing),
            " AND removal IS NOT NULL
             AND locker_id = ?1 AND (id = ?2 OR shares_with = ?2)"
        ))?;
        let rows = stmt.query_map(params![locker.0, package.0], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut in_room = Vec::new();
    for p in released.into_iter().map(PackageId) {
        if removal == Removal::PackageRoom {
            to_room(tx, p, locker, &actor, now)?;
            in_room.push(p);
        } else {
            let (state, words) = removal.outcome();
            let mut moving = transition::take(tx, p, &[PackageState::Releasing], "package")?;
            moving.set(
                state,
                "closed_at = ?4, code_hash = NULL, code_version = code_version + 1,
                 shares_with = NULL",
                &[&now.0],
            )?;
            outbox::drop_code(tx, p)?;
            moving.audit(now, EventKind::RemovedByStaff, &actor, words)?;
        }
        super::staff_actions::resolve_for_package(tx, p, &actor, now)?;
    }
    Ok(in_room)
}

/// Put a package taken out of its locker on the package room's emptiest
/// shelf: still waiting, same code; its resident is told where it is now.
fn to_room(
    tx: &Transaction<'_>,
    package: PackageId,
    from: LockerId,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let room = room::room_tx(tx)?.ok_or(StoreError::NotFound("package room"))?;
    // Full shelves or not: the package is in the room now, on the emptiest.
    let shelf = room
        .shelves
        .iter()
        .max_by_key(|s| (s.free(), std::cmp::Reverse(s.label.clone())))
        .ok_or(StoreError::NotFound("shelf"))?;
    let shelf_id: i64 = tx.query_row(
        "SELECT id FROM shelves WHERE label = ?1 AND active = 1",
        [&shelf.label],
        |r| r.get(0),
    )?;
    let mut p = transition::take(tx, package, &[PackageState::Releasing], "package")?;
    p.set(
        PackageState::Stored,
        "locker_id = ?4, shelf_id = ?5, removal = NULL, door_seen_open = 0, shares_with = NULL",
        &[&room.door.id.0, &shelf_id],
    )?;
    p.now_in(Some(room.door.id));
    let from_label = super::lockers::locker(tx, from)?.label;
    let detail = format!("from locker {from_label} to shelf {}", shelf.label);
    p.audit(now, EventKind::MovedToRoom, actor, &detail)?;
    Ok(())
}

/// A release that did not happen (door failed, screen gone, restart): the
/// package waits as before with every package released with it, the
/// removal forgotten (inside the caller's transaction).
pub(super) fn undo(p: &mut transition::Moving<'_>, conn: &Connection) -> Result<(), StoreError> {
    p.set(PackageState::Stored, "removal = NULL", &[])?;
    conn.execute(
        concat!(
            "UPDATE packages SET state = ",
            state!(Stored),
            ", removal = NULL WHERE state = ",
            state!(Releasing),
            " AND shares_with = ?1 AND removal IS NOT NULL"
        ),
        [p.package.0],
    )?;
    Ok(())
}
