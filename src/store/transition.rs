//! A package's move from one state to another, in one place: the row found
//! in a state it may leave (under the use case's write transaction, which
//! holds the database's lock), the state changed only if it is still that
//! one, and the move audited against the package and its locker. Every use
//! case that moves a package goes through here, so the safety rule (the
//! database first, then the door) is kept the same way everywhere.

use super::audit::note;
use super::StoreError;
use crate::domain::{LockerId, PackageId, PackageState, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{Connection, OptionalExtension, ToSql};

/// A package taken for a move, as it was found.
pub(super) struct Moving<'t> {
    tx: &'t Connection,
    pub package: PackageId,
    /// The state it was found in (one of those the use case may move it from).
    pub state: PackageState,
    locker: Option<LockerId>,
    what: &'static str,
}

/// Take `package` for a move if it is in one of `from`; otherwise
/// `NotFound(what)` ("waiting package"), as the screen that asked is out of date.
pub(super) fn take<'t>(
    tx: &'t Connection,
    package: PackageId,
    from: &[PackageState],
    what: &'static str,
) -> Result<Moving<'t>, StoreError> {
    let row: Option<(PackageState, Option<i64>)> = tx
        .query_row(
            "SELECT state, locker_id FROM packages WHERE id = ?1",
            [package.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        Some((state, locker)) if from.contains(&state) => Ok(Moving {
            tx,
            package,
            state,
            locker: locker.map(LockerId),
            what,
        }),
        _ => Err(StoreError::NotFound(what)),
    }
}

/// A package waiting for its resident, taken for a move.
pub(super) fn waiting(tx: &Connection, package: PackageId) -> Result<Moving<'_>, StoreError> {
    take(tx, package, &[PackageState::Stored], "waiting package")
}

/// A package whose door is opening for a pickup, taken for a move.
pub(super) fn being_picked_up(
    tx: &Connection,
    package: PackageId,
) -> Result<Moving<'_>, StoreError> {
    take(
        tx,
        package,
        &[PackageState::Releasing],
        "package being picked up",
    )
}

/// A package whose door is opening for a drop-off, taken for a move.
pub(super) fn being_deposited(
    tx: &Connection,
    package: PackageId,
) -> Result<Moving<'_>, StoreError> {
    take(
        tx,
        package,
        &[PackageState::Depositing],
        "package being deposited",
    )
}

impl Moving<'_> {
    /// Go on only if its row meets `condition` (SQL over ?1, the package,
    /// and `with` from ?2); otherwise it is not the package asked for.
    pub fn require(&self, condition: &str, with: &[&dyn ToSql]) -> Result<(), StoreError> {
        let sql = format!("SELECT {condition} FROM packages WHERE id = ?1");
        let mut params: Vec<&dyn ToSql> = vec![&self.package.0];
        params.extend_from_slice(with);
        let meets: bool = self.tx.query_row(&sql, params.as_slice(), |r| r.get(0))?;
        meets.then_some(()).ok_or(StoreError::NotFound(self.what))
    }

    /// The locker it is in (every state on the wall has one).
    pub fn locker(&self) -> Result<LockerId, StoreError> {
        self.locker.ok_or(StoreError::NotFound(self.what))
    }

    /// Move it to `to`, setting `also` too: SQL assignments over ?1 (the
    /// package), ?2 (the state it leaves) and `with` from ?4 on.
    pub fn set(
        &mut self,
        to: PackageState,
        also: &str,
        with: &[&dyn ToSql],
    ) -> Result<(), StoreError> {
        let also = if also.is_empty() {
            String::new()
        } else {
            format!(", {also}")
        };
        let sql = format!("UPDATE packages SET state = ?3{also} WHERE id = ?1 AND state = ?2");
        let mut params: Vec<&dyn ToSql> = vec![&self.package.0, &self.state, &to];
        params.extend_from_slice(with);
        if self.tx.execute(&sql, params.as_slice())? != 1 {
            // Unreachable under the write lock `take` was called in; said, not assumed.
            let actual: Option<String> = self
                .tx
                .query_row(
                    "SELECT state FROM packages WHERE id = ?1",
                    [self.package.0],
                    |r| r.get(0),
                )
                .optional()?;
            return Err(StoreError::WrongState {
                expected: self.state.as_str(),
                actual: actual.unwrap_or_else(|| "gone".into()),
            });
        }
        self.state = to;
        Ok(())
    }

    /// Where the move put it, when `also` changed its locker (the audit row names it).
    pub fn now_in(&mut self, locker: Option<LockerId>) {
        self.locker = locker;
    }

    /// Write the move's audit row: `kind` by `actor`, against the package and its locker.
    pub fn audit(
        &self,
        now: Timestamp,
        kind: EventKind,
        actor: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        note(
            self.tx,
            now,
            kind,
            actor,
            self.locker,
            Some(self.package),
            detail,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real schema in memory, with one locker, one resident and one
    /// package waiting in the locker.
    fn waiting() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrate::run(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO lockers (id, label, size, col, row, board, lock) VALUES (7, 'A01', 'S', 0, 0, 1, 1);
             INSERT INTO residents (id, name, unit, building) VALUES (1, 'Ana', '101', '');
             INSERT INTO packages (id, tracking, resident_id, size, locker_id, state, created_at)
                 VALUES (3, 'T1', 1, 'S', 7, 'stored', 0);",
        )
        .unwrap();
        conn
    }

    fn state(conn: &Connection) -> String {
        conn.query_row("SELECT state FROM packages WHERE id = 3", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_move_checks_the_state_it_leaves_changes_it_and_is_audited() {
        let conn = waiting();
        let from = [PackageState::Releasing];
        assert!(matches!(
            take(&conn, PackageId(3), &from, "package being picked up"),
            Err(StoreError::NotFound("package being picked up"))
        ));
        assert!(matches!(
            take(
                &conn,
                PackageId(4),
                &[PackageState::Stored],
                "waiting package"
            ),
            Err(StoreError::NotFound(_))
        ));

        let mut p = take(
            &conn,
            PackageId(3),
            &[PackageState::Stored],
            "waiting package",
        )
        .unwrap();
        assert_eq!(p.locker().unwrap(), LockerId(7));
        p.set(PackageState::Releasing, "door_seen_open = ?4", &[&1])
            .unwrap();
        p.audit(Timestamp(5), EventKind::PickupStarted, "kiosk", "")
            .unwrap();
        assert_eq!(state(&conn), "releasing");
        let row: (String, Option<i64>, Option<i64>, i64) = conn
            .query_row(
                "SELECT kind, locker_id, package_id, at FROM events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(row, ("pickup_started".into(), Some(7), Some(3), 5));
        let seen: i64 = conn
            .query_row(
                "SELECT door_seen_open FROM packages WHERE id = 3",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(seen, 1, "what the move sets besides the state");
    }

    #[test]
    fn a_package_that_moved_since_it_was_taken_is_not_moved_again() {
        let conn = waiting();
        let mut p = take(
            &conn,
            PackageId(3),
            &[PackageState::Stored],
            "waiting package",
        )
        .unwrap();
        // Something else on this connection moved it meanwhile.
        conn.execute("UPDATE packages SET state = 'picked_up' WHERE id = 3", [])
            .unwrap();
        assert!(matches!(
            p.set(PackageState::Releasing, "", &[]),
            Err(StoreError::WrongState { expected: "stored", actual }) if actual == "picked_up"
        ));
        assert_eq!(state(&conn), "picked_up");
    }
}
