//! The audit trail as staff read it: events, newest first, filtered.

use super::{Store, StoreError};
pub use crate::domain::trail::{TrailFilter, TrailRow};
use crate::domain::{LockerId, PackageId, Timestamp};

impl Store {
    /// Events matching the filter, newest first, at most `limit`.
    pub fn trail(&self, filter: &TrailFilter, limit: usize) -> Result<Vec<TrailRow>, StoreError> {
        let mut sql = String::from(
            "SELECT e.id, e.at, e.kind, e.actor, l.label, p.tracking, r.name || ' (' || r.unit || ')',
                    e.detail, e.locker_id, e.package_id
             FROM events e LEFT JOIN lockers l ON l.id = e.locker_id
             LEFT JOIN packages p ON p.id = e.package_id
             LEFT JOIN residents r ON r.id = p.resident_id WHERE 1 = 1",
        );
        let mut params: Vec<String> = Vec::new();
        let mut add = |clause: &str, value: String| {
            params.push(value);
            sql.push_str(&clause.replace("?", &format!("?{}", params.len())));
        };
        if let Some(l) = filter.locker.as_deref().filter(|s| !s.trim().is_empty()) {
            add(" AND l.label = ? COLLATE NOCASE", l.trim().to_string());
        }
        if let Some(t) = filter.tracking.as_deref().filter(|s| !s.trim().is_empty()) {
            add(" AND p.tracking LIKE ?", format!("%{}", t.trim()));
        }
        if let Some(r) = filter.resident.as_deref().filter(|s| !s.trim().is_empty()) {
            add(
                " AND (r.name LIKE ? OR r.unit = TRIM(?, '%'))",
                format!("%{}%", r.trim()),
            );
        }
        if let Some(s) = filter.staff.as_deref().filter(|s| !s.trim().is_empty()) {
            add(" AND e.actor LIKE ?", format!("staff:%{}%", s.trim()));
        }
        sql.push_str(&format!(" ORDER BY e.id DESC LIMIT {limit}"));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok(TrailRow {
                id: r.get(0)?,
                at: Timestamp(r.get(1)?),
                kind: r.get(2)?,
                actor: r.get(3)?,
                locker: r.get(4)?,
                tracking: r.get(5)?,
                resident: r.get(6)?,
                detail: r.get(7)?,
                locker_id: r.get::<_, Option<i64>>(8)?.map(LockerId),
                package_id: r.get::<_, Option<i64>>(9)?.map(PackageId),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
