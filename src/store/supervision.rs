//! What door supervision writes: forced and left-open doors, silent boards and
//! item sensors that disagree with the packages recorded. Each is audited and,
//! where a person must act, raised on the attention list. Nothing here changes
//! a package's state: a disagreement is for staff to settle, never "fixed".

use super::audit::note;
use super::{attention, lockers, Store, StoreError, ACTOR_KIOSK};
use crate::domain::{LockerId, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeSet;

/// A technician's or staff member's unlock this recent explains a door opening.
const EXPLAINED_WITHIN_MS: i64 = 60_000;

fn audit(
    conn: &Connection,
    now: Timestamp,
    kind: EventKind,
    actor: &str,
    locker: Option<LockerId>,
    detail: &str,
) -> Result<(), StoreError> {
    note(conn, now, kind, actor, locker, None, detail)
}

/// Close open items of `kind` about a locker or a board, saying why.
fn resolve(
    conn: &Connection,
    now: Timestamp,
    kind: &str,
    locker: Option<LockerId>,
    board: Option<u8>,
    by: &str,
) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE attention SET resolved_at = ?1, resolved_by = ?2
         WHERE resolved_at IS NULL AND kind = ?3 AND locker_id IS ?4 AND board IS ?5",
        params![now.0, by, kind, locker.map(|l| l.0), board],
    )?)
}

/// The live package in a locker, as (tracking, state).
fn live_package(conn: &Connection, locker: LockerId) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            concat!(
                "SELECT tracking FROM packages WHERE locker_id = ?1
             AND state IN ",
                live_states!()
            ),
            [locker.0],
            |r| r.get(0),
        )
        .optional()?)
}

/// How long after the kiosk let someone into the package room an opening from
/// inside counts as them leaving.
const ROOM_VISIT_MS: i64 = 20 * 60_000;

impl Store {
    /// A door opened that the kiosk did not unlock. A recent technician's or
    /// staff unlock explains it; otherwise it was forced. Returns true when forced.
    pub fn door_opened_unexpectedly(
        &mut self,
        locker: LockerId,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let tx = self.write()?;
        let label = lockers::locker(&tx, locker)?.label;
        // The package room's door opens from inside without an unlock: someone
        // leaving soon after the kiosk let them in is an exit, not a break-in.
        let room_exit: bool = tx.query_row(
            "SELECT kind = 'room' AND EXISTS (SELECT 1 FROM events WHERE locker_id = ?1
                 AND at >= ?2 AND kind IN (?3, ?4, ?5))
             FROM lockers WHERE id = ?1",
            params![
                locker.0,
                now.0 - ROOM_VISIT_MS,
                EventKind::DoorOpened.as_str(),
                EventKind::StaffOpen.as_str(),
                EventKind::RoomExit.as_str()
            ],
            |r| r.get(0),
        )?;
        if room_exit {
            audit(
                &tx,
                now,
                EventKind::RoomExit,
                "unknown",
                Some(locker),
                "opened from inside",
            )?;
            tx.commit()?;
            return Ok(false);
        }
        let explained: Option<String> = tx
            .query_row(
                "SELECT actor FROM events WHERE locker_id = ?1 AND at >= ?2
                 AND kind IN (?3, ?4) ORDER BY id DESC LIMIT 1",
                params![
                    locker.0,
                    now.0 - EXPLAINED_WITHIN_MS,
                    EventKind::TechnicianOpen.as_str(),
                    EventKind::StaffOpen.as_str()
                ],
                |r| r.get(0),
            )
            .optional()?;
        let forced = explained.is_none();
        match explained {
            Some(actor) => audit(
                &tx,
                now,
                EventKind::DoorOpened,
                &actor,
                Some(locker),
                "after their unlock",
            )?,
            None => {
                audit(
                    &tx,
                    now,
                    EventKind::DoorForced,
                    "unknown",
                    Some(locker),
                    "opened without an unlock",
                )?;
                attention::add(
                    &tx,
                    now,
                    "door_forced",
                    Some(locker),
                    None,
                    &format!(
                        "Locker {label} was opened without an unlock (forced, or the lock did not catch). \
                         Check what is inside and that the door locks."
                    ),
                )?;
            }
        }
        tx.commit()?;
        Ok(forced)
    }

    /// A door open at start-up that no package in flight explains.
    pub fn door_found_open(&mut self, locker: LockerId, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        audit(
            &tx,
            now,
            EventKind::DoorFoundOpen,
            ACTOR_KIOSK,
            Some(locker),
            "open at start-up",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A door has stood open past the limit: audited and raised.
    pub fn door_left_open(
        &mut self,
        locker: LockerId,
        seconds: i64,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let label = lockers::locker(&tx, locker)?.label;
        let what = match live_package(&tx, locker)? {
            Some(tracking) => format!(" Check that package {tracking} is inside, then close it."),
            None => " Close it.".to_string(),
        };
        audit(
            &tx,
            now,
            EventKind::DoorLeftOpen,
            ACTOR_KIOSK,
            Some(locker),
            &format!("{seconds} s"),
        )?;
        attention::add(
            &tx,
            now,
            "door_left_open",
            Some(locker),
            None,
            &format!("Locker {label} has stood open for {seconds} seconds.{what}"),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A door reported as left open is closed: audited, and its item resolved.
    pub fn door_closed_after_left_open(
        &mut self,
        locker: LockerId,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        audit(
            &tx,
            now,
            EventKind::DoorClosed,
            ACTOR_KIOSK,
            Some(locker),
            "after being left open",
        )?;
        resolve(
            &tx,
            now,
            "door_left_open",
            Some(locker),
            None,
            "kiosk: the door closed",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// At start-up: doors reported left open before a restart that read closed now.
    pub fn settle_left_open(
        &mut self,
        closed: &[LockerId],
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        let tx = self.write()?;
        let mut settled = 0;
        for &locker in closed {
            settled += resolve(
                &tx,
                now,
                "door_left_open",
                Some(locker),
                None,
                "kiosk: closed when the kiosk started",
            )?;
        }
        tx.commit()?;
        Ok(settled)
    }

    /// A board stopped answering: its lockers are no longer offered, and staff are told.
    pub fn board_offline(&mut self, board: u8, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO boards_offline (board, since) VALUES (?1, ?2)",
            params![board, now.0],
        )?;
        if added > 0 {
            let labels: Vec<String> = {
                let mut stmt =
                    tx.prepare("SELECT label FROM lockers WHERE board = ?1 ORDER BY label")?;
                let rows = stmt.query_map([board], |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            };
            audit(
                &tx,
                now,
                EventKind::BoardOffline,
                ACTOR_KIOSK,
                None,
                &format!("board {board}"),
            )?;
            let open: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM attention WHERE resolved_at IS NULL
                 AND kind = 'board_offline' AND board = ?1)",
                [board],
                |r| r.get(0),
            )?;
            if !open {
                let message = format!(
                    "Lock board {board} is not answering: lockers {} cannot open and are not offered to carriers. \
                     Check the board's power and cable.",
                    labels.join(", ")
                );
                tx.execute(
                    "INSERT INTO attention (created_at, kind, message, board) VALUES (?1, 'board_offline', ?2, ?3)",
                    params![now.0, message, board],
                )?;
                tracing::warn!(board, "attention item raised: board not answering");
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A silent board answers again: its lockers are offered again.
    pub fn board_online(&mut self, board: u8, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        let removed = tx.execute("DELETE FROM boards_offline WHERE board = ?1", [board])?;
        if removed > 0 {
            audit(
                &tx,
                now,
                EventKind::BoardOnline,
                ACTOR_KIOSK,
                None,
                &format!("board {board}"),
            )?;
            resolve(
                &tx,
                now,
                "board_offline",
                None,
                Some(board),
                "kiosk: the board answers again",
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// At start-up: exactly these boards are silent now.
    pub fn sync_offline_boards(
        &mut self,
        silent: &BTreeSet<u8>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        for board in self.offline_boards()? {
            if !silent.contains(&board) {
                self.board_online(board, now)?;
            }
        }
        for &board in silent {
            self.board_offline(board, now)?;
        }
        Ok(())
    }

    /// Boards not answering now.
    pub fn offline_boards(&self) -> Result<Vec<u8>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT board FROM boards_offline ORDER BY board")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Compare item sensors of closed doors with the packages recorded there.
    /// A disagreement is audited and raised; the package records are left as
    /// they are. Returns how many lockers disagree.
    pub fn check_occupancy(
        &mut self,
        readings: &[(LockerId, bool)],
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        let tx = self.write()?;
        let mut disagree = 0;
        for &(locker, inside) in readings {
            let label = lockers::locker(&tx, locker)?.label;
            let message = match (inside, live_package(&tx, locker)?) {
                (true, None) => format!(
                    "Locker {label}'s sensor sees something inside, but no package is recorded there. \
                     Open it and check."
                ),
                (false, Some(tracking)) => format!(
                    "Locker {label} should hold package {tracking}, but its sensor sees nothing inside. \
                     Open it and check."
                ),
                _ => continue,
            };
            disagree += 1;
            let detail = if inside {
                "sees an item"
            } else {
                "sees nothing"
            };
            audit(
                &tx,
                now,
                EventKind::SensorDisagrees,
                ACTOR_KIOSK,
                Some(locker),
                detail,
            )?;
            attention::add(&tx, now, "sensor_disagrees", Some(locker), None, &message)?;
        }
        tx.commit()?;
        Ok(disagree)
    }
}
