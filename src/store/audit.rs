//! The append-only audit: every door opening and state change is a row.

use super::StoreError;
use crate::domain::{LockerId, PackageId, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{params, Connection};

/// One audit row to append.
pub struct Audit<'a> {
    pub at: Timestamp,
    pub kind: EventKind,
    pub actor: &'a str,
    pub locker: Option<LockerId>,
    pub package: Option<PackageId>,
    pub detail: &'a str,
}

/// Append an audit row (inside the caller's transaction).
pub fn record(conn: &Connection, a: Audit<'_>) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO events (at, kind, actor, locker_id, package_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![a.at.0, a.kind.as_str(), a.actor, a.locker.map(|l| l.0), a.package.map(|p| p.0), a.detail],
    )?;
    Ok(())
}

/// Append an audit row about a resident and no package (their page links,
/// away periods, door requests, how they are told), naming them so the
/// server learns whose it is (inside the caller's transaction).
pub(super) fn note_resident(
    conn: &Connection,
    at: Timestamp,
    kind: EventKind,
    actor: &str,
    resident: crate::domain::ResidentId,
    detail: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO events (at, kind, actor, resident_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at.0, kind.as_str(), actor, resident.0, detail],
    )?;
    Ok(())
}

/// The day of `at` as the audit trail writes it (UTC, `2026-12-20`).
pub(super) fn day(at: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Append an audit row from its parts (inside the caller's transaction).
pub(super) fn note(
    conn: &Connection,
    at: Timestamp,
    kind: EventKind,
    actor: &str,
    locker: Option<LockerId>,
    package: Option<PackageId>,
    detail: &str,
) -> Result<(), StoreError> {
    record(
        conn,
        Audit {
            at,
            kind,
            actor,
            locker,
            package,
            detail,
        },
    )
}

impl super::Store {
    /// Audit kinds recorded for a package, oldest first (tests, the staff's history).
    pub fn audit_kinds(&self, package: PackageId) -> Result<Vec<String>, StoreError> {
        self.audit_kinds_where("package_id", package.0)
    }

    fn audit_kinds_where(&self, column: &str, id: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT kind FROM events WHERE {column} = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl super::Store {
    /// A technician opened a door from the command line.
    pub fn record_technician_open(
        &mut self,
        locker: LockerId,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.record_event(
            EventKind::TechnicianOpen,
            "technician",
            Some(locker),
            "",
            now,
        )
    }

    /// Append one audit row in a transaction of its own (a staff unlock,
    /// written before the unlock; a login, a wrong PIN, a logout).
    pub fn record_event(
        &mut self,
        kind: EventKind,
        actor: &str,
        locker: Option<LockerId>,
        detail: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        note(&tx, now, kind, actor, locker, None, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Audit kinds recorded for a locker, oldest first.
    pub fn locker_audit_kinds(&self, locker: LockerId) -> Result<Vec<String>, StoreError> {
        self.audit_kinds_where("locker_id", locker.0)
    }
}
