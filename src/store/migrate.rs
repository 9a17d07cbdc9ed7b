//! Numbered migrations, run at start-up; `PRAGMA user_version` records the last applied.

use super::StoreError;
use rusqlite::Connection;

/// Every migration, in order. Never edit one that has shipped: add the next.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_supervision.sql"),
    include_str!("migrations/0003_outbox.sql"),
    include_str!("migrations/0004_staff.sql"),
    include_str!("migrations/0005_outbox_skipped.sql"),
    include_str!("migrations/0006_problems.sql"),
    include_str!("migrations/0007_overflow.sql"),
    include_str!("migrations/0008_package_room.sql"),
    include_str!("migrations/0009_door_delivery.sql"),
    include_str!("migrations/0010_shared_lockers.sql"),
    include_str!("migrations/0011_returns.sql"),
    include_str!("migrations/0012_portfolio_sync.sql"),
    include_str!("migrations/0013_desk.sql"),
    include_str!("migrations/0014_trust.sql"),
    include_str!("migrations/0015_audit_places.sql"),
    include_str!("migrations/0016_resident_pages.sql"),
    include_str!("migrations/0017_away.sql"),
];

/// Apply the migrations the database has not seen yet, each in its own transaction.
pub fn run(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > MIGRATIONS.len() as i64 {
        return Err(StoreError::TooNew {
            found: current,
            known: MIGRATIONS.len() as i64,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(migration = i + 1, "database migrated");
    }
    Ok(())
}
