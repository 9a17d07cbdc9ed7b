//! The wall's own figures for the portfolio's fleet view: how big its
//! database is and how its notices are going.

use super::{Store, StoreError};
use crate::domain::Timestamp;
use rusqlite::OptionalExtension;

/// What the database says of the wall's health.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthFigures {
    /// The database file's size in bytes (pages in use and free).
    pub database_bytes: i64,
    /// Notices waiting to be sent (due or retrying).
    pub outbox: i64,
    /// Notices given up on in the last 24 hours.
    pub failed_day: i64,
    /// The newest notice error's text, if any notice is failing or failed today.
    pub last_error: Option<String>,
}

impl Store {
    /// The database's size and the outbox's state at `now`.
    pub fn health_figures(&self, now: Timestamp) -> Result<HealthFigures, StoreError> {
        let c = &self.conn;
        let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let page_size: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let day_ago = now.0 - 86_400_000;
        let (outbox, failed_day) = c.query_row(
            "SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL AND skipped_at IS NULL),
                    count(*) FILTER (WHERE failed_at >= ?1)
             FROM outbox",
            [day_ago],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let last_error = c
            .query_row(
                "SELECT last_error FROM outbox
                 WHERE last_error IS NOT NULL AND sent_at IS NULL AND skipped_at IS NULL
                   AND (failed_at IS NULL OR failed_at >= ?1)
                 ORDER BY coalesce(failed_at, next_attempt_at) DESC LIMIT 1",
                [day_ago],
                |r| r.get(0),
            )
            .optional()?;
        Ok(HealthFigures {
            database_bytes: pages * page_size,
            outbox,
            failed_day,
            last_error,
        })
    }
}
