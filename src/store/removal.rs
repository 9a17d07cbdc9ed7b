//! Staff taking a package out of its locker, under the safety rule: recorded
//! before the door moves (the package is released, its code paused), settled
//! when its door is seen open and then closed, back to waiting when the door
//! does not open, and settled at start-up like any door in flight. A package
//! moved to the package room keeps its code and goes on a shelf.

use super::audit::note as audit;
use super::{outbox, package_locker, room, Store, StoreError};
use crate::domain::wall::Removal;
use crate::domain::PackageState;
use crate::domain::Refusal;
use crate::domain::{LockerId, PackageId, Timestamp};
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
        let locker = package_locker(&tx, package, &[PackageState::Stored], "waiting package")?;
        if removal == Removal::PackageRoom {
            match room::room_tx(&tx)? {
                None => return Err(StoreError::Refused(Refusal::NoPackageRoom)),
                Some(r) if r.door.id == locker => {
                    return Err(StoreError::Refused(Refusal::AlreadyInRoom))
                }
                Some(_) => {}
            }
        }
        tx.execute(
            concat!(
                "UPDATE packages SET state = ",
                state!(Releasing),
                ", door_seen_open = 0, removal = ?2
             WHERE id = ?1 OR (shares_with = ?1 AND state = ",
                state!(Stored),
                ")"
            ),
            params![package.0, removal.code()],
        )?;
        let (_, words) = removal.outcome();
        audit(
            &tx,
            now,
            "removal_started",
            actor,
            Some(locker),
            Some(package),
            words,
        )?;
        audit(
            &tx,
            now,
            "staff_open",
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
            "SELECT actor FROM events WHERE package_id = ?1 AND kind = 'removal_started'
             ORDER BY id DESC LIMIT 1",
            [package.0],
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
            tx.execute(
                "UPDATE packages SET state = ?2, closed_at = ?3, code_hash = NULL,
                        code_version = code_version + 1, shares_with = NULL WHERE id = ?1",
                params![p.0, state, now.0],
            )?;
            outbox::drop_code(tx, p)?;
            audit(
                tx,
                now,
                "removed_by_staff",
                &actor,
                Some(locker),
                Some(p),
                words,
            )?;
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
    tx.execute(
        concat!(
            "UPDATE packages SET state = ",
            state!(Stored),
            ", locker_id = ?2, shelf_id = ?3, removal = NULL,
                door_seen_open = 0, shares_with = NULL WHERE id = ?1"
        ),
        params![package.0, room.door.id.0, shelf_id],
    )?;
    let from_label = super::lockers::locker(tx, from)?.label;
    audit(
        tx,
        now,
        "moved_to_room",
        actor,
        Some(room.door.id),
        Some(package),
        &format!("from locker {from_label} to shelf {}", shelf.label),
    )?;
    Ok(())
}

/// A release that did not happen (door failed, screen gone, restart): the
/// package waits as before, its removal forgotten (inside the caller's transaction).
pub(super) fn undo(conn: &Connection, package: PackageId) -> Result<(), StoreError> {
    conn.execute(
        concat!(
            "UPDATE packages SET state = ",
            state!(Stored),
            ", removal = NULL
         WHERE state = ",
            state!(Releasing),
            " AND (id = ?1 OR (shares_with = ?1 AND removal IS NOT NULL))"
        ),
        [package.0],
    )?;
    Ok(())
}
