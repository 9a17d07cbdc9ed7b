//! Notices to residents (shown in the simulator's "resident's phone" until email lands).

use super::{Store, StoreError};
use crate::domain::{PackageId, Timestamp};

/// A notice as the resident's phone shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: i64,
    pub package: PackageId,
    pub resident: String,
    pub unit: String,
    pub created_at: Timestamp,
    pub subject: String,
    pub body: String,
    /// Whether the package is still waiting (the phone greys out collected ones).
    pub waiting: bool,
}

impl Store {
    /// The newest notices, newest first.
    pub fn recent_notices(&self, limit: usize) -> Result<Vec<Notice>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.id, n.package_id, r.name, r.unit, n.created_at, n.subject, n.body, p.state = 'stored'
             FROM notices n JOIN residents r ON r.id = n.resident_id JOIN packages p ON p.id = n.package_id
             ORDER BY n.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(Notice {
                id: r.get(0)?,
                package: PackageId(r.get(1)?),
                resident: r.get(2)?,
                unit: r.get(3)?,
                created_at: Timestamp(r.get(4)?),
                subject: r.get(5)?,
                body: r.get(6)?,
                waiting: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
