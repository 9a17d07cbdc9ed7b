//! The staff's attention list: everything that needs a person.

use super::{Store, StoreError};
pub use crate::domain::attention::AttentionItem;
use crate::domain::{LockerId, PackageId, Timestamp};
use rusqlite::{params, Connection};

/// Add an item unless the same one (kind, locker, package) is already open.
pub(super) fn add(
    conn: &Connection,
    now: Timestamp,
    kind: &str,
    locker: Option<LockerId>,
    package: Option<PackageId>,
    message: &str,
) -> Result<(), StoreError> {
    let (l, p) = (locker.map(|l| l.0), package.map(|p| p.0));
    let open: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM attention WHERE resolved_at IS NULL AND kind = ?1
         AND locker_id IS ?2 AND package_id IS ?3)",
        params![kind, l, p],
        |r| r.get(0),
    )?;
    if !open {
        conn.execute(
            "INSERT INTO attention (created_at, kind, locker_id, package_id, message) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now.0, kind, l, p, message],
        )?;
        tracing::warn!(kind, message, "attention item raised");
    }
    Ok(())
}

impl Store {
    /// Open items, newest first.
    pub fn open_attention(&self) -> Result<Vec<AttentionItem>, StoreError> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT a.id, a.created_at, a.kind, COALESCE(a.locker_id, p.locker_id), a.package_id,
                    a.message, a.board
             FROM attention a LEFT JOIN packages p ON p.id = a.package_id
                 AND p.state IN ",
            live_states!(),
            "
             WHERE a.resolved_at IS NULL ORDER BY a.id DESC"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(AttentionItem {
                id: r.get(0)?,
                created_at: Timestamp(r.get(1)?),
                kind: r.get(2)?,
                locker: r.get::<_, Option<i64>>(3)?.map(LockerId),
                package: r.get::<_, Option<i64>>(4)?.map(PackageId),
                message: r.get(5)?,
                board: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Resolve every open item of `kind` as the kiosk (the problem went away by itself).
pub(super) fn settle(conn: &Connection, kind: &str, now: Timestamp) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE attention SET resolved_at = ?1, resolved_by = 'kiosk'
         WHERE resolved_at IS NULL AND kind = ?2",
        params![now.0, kind],
    )?;
    Ok(())
}
