//! Online backup: a consistent copy of the database while the kiosk runs.

use super::{Store, StoreError};
use std::path::Path;

impl Store {
    /// Write a consistent, compacted copy of the database to `path` (which must
    /// not exist) and check the copy's integrity. `VACUUM INTO` reads in one
    /// transaction, so the kiosk keeps writing (WAL) while it runs.
    pub fn backup_to(&self, path: &Path) -> Result<u64, StoreError> {
        if path.exists() {
            return Err(StoreError::BackupExists(path.to_path_buf()));
        }
        let target = path.to_str().ok_or(StoreError::BackupPathNotUtf8)?;
        self.conn.execute("VACUUM INTO ?1", [target])?;
        let copy = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Corrupt(format!(
                "the backup failed its check: {check}"
            )));
        }
        Ok(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
    }

    /// The database passes SQLite's integrity check (a restore checks its copy).
    pub fn integrity_checked(&self) -> Result<(), StoreError> {
        let check: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Corrupt(format!("integrity check: {check}")));
        }
        Ok(())
    }

    /// Packages waiting for their residents (in lockers, on shelves, held).
    pub fn waiting_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            concat!(
                "SELECT count(*) FROM packages WHERE state = ",
                state!(Stored),
                " AND is_return = 0"
            ),
            [],
            |r| r.get(0),
        )?)
    }
}
