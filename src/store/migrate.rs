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
    include_str!("migrations/0018_residents_choices.sql"),
    include_str!("migrations/0019_texts.sql"),
    include_str!("migrations/0020_expected.sql"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Apply the first `n` migrations.
    fn up_to(conn: &mut Connection, n: usize) {
        for (i, sql) in MIGRATIONS.iter().enumerate().take(n) {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64)
                .unwrap();
        }
    }

    #[test]
    fn the_outbox_keeps_its_rows_when_away_summaries_arrive() {
        let mut c = Connection::open_in_memory().unwrap();
        up_to(&mut c, 16);
        c.execute_batch(
            "INSERT INTO residents (id, name, unit, building) VALUES (3, 'Carmen', '101', 'C');
             INSERT INTO packages (id, tracking, resident_id, size, state, created_at, stored_at,
                                   hold_extra_days)
                 VALUES (1, '1Z', 3, 'S', 'stored', 1000, 1000, 2);
             INSERT INTO outbox (created_at, kind, channel, package_id, recipient, message_id,
                                 next_attempt_at)
                 VALUES (1000, 'stored', 'email', 1, 'c@example.com', '<a@lw>', 1000);
             INSERT INTO outbox (created_at, kind, channel, resident_id, recipient, message_id,
                                 next_attempt_at)
                 VALUES (2000, 'page_link', 'email', 3, 'c@example.com', '<b@lw>', 2000);",
        )
        .unwrap();
        run(&mut c).unwrap();
        let kinds: Vec<String> = c
            .prepare("SELECT kind FROM outbox ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(kinds, ["stored", "page_link"]);
        // The hold starts two extended days after it was stored; an away
        // period from 86_401_000 to 3 days later pauses it that long again.
        let hold = |c: &Connection| -> i64 {
            c.query_row(
                "SELECT hold_from FROM package_holds WHERE package_id = 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        let day = 86_400_000;
        assert_eq!(hold(&c), 1000 + 2 * day);
        c.execute(
            "INSERT INTO away_periods (resident_id, from_at, until_at, set_at) VALUES (3, ?1, ?2, 0)",
            [1000 + day, 1000 + 4 * day],
        )
        .unwrap();
        assert_eq!(hold(&c), 1000 + 5 * day);
        // A summary is about a resident, never a package.
        let bad = c.execute(
            "INSERT INTO outbox (created_at, kind, channel, package_id, resident_id, recipient,
                                 message_id, next_attempt_at)
                 VALUES (3000, 'away_summary', 'email', 1, 3, 'c@example.com', '<c@lw>', 3000)",
            [],
        );
        assert!(bad.is_err());
    }
}
