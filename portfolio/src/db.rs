//! The PostgreSQL connection pool and the numbered migrations.

use crate::PortfolioError;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use std::str::FromStr;

/// The migrations, in order; each runs once, in a transaction.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_portfolio.sql")),
    (2, include_str!("../migrations/0002_desk.sql")),
    (3, include_str!("../migrations/0003_desk_mail.sql")),
    (4, include_str!("../migrations/0004_desk_wall.sql")),
    (5, include_str!("../migrations/0005_trust.sql")),
    (6, include_str!("../migrations/0006_unread_replies.sql")),
];

/// A pool of connections to `url` (`postgres://user:pass@host/db`, or
/// `host=/var/run/postgresql dbname=portfolio`).
pub fn pool(url: &str, size: usize) -> Result<Pool, PortfolioError> {
    let config = tokio_postgres::Config::from_str(url)
        .map_err(|e| PortfolioError::Refused(format!("the database URL {url:?}: {e}")))?;
    // Walls and managers reach the server over HTTPS; the database is local
    // (a socket or loopback), so its connection is not encrypted.
    let manager = Manager::from_config(
        config,
        tokio_postgres::NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    // A caller waits at most 10 s for a connection, then hears why.
    Pool::builder(manager)
        .max_size(size)
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .wait_timeout(Some(std::time::Duration::from_secs(10)))
        .create_timeout(Some(std::time::Duration::from_secs(10)))
        .build()
        .map_err(|e| PortfolioError::Pool(e.to_string()))
}

/// Bring the schema up to date; returns how many migrations ran.
pub async fn migrate(pool: &Pool) -> Result<usize, PortfolioError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // One server migrates at a time, however many start together.
    tx.execute("SELECT pg_advisory_xact_lock(7226)", &[])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )
    .await?;
    let done: Vec<i32> = tx
        .query("SELECT version FROM schema_migrations", &[])
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut ran = 0;
    for (version, sql) in MIGRATIONS {
        if done.contains(version) {
            continue;
        }
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[version],
        )
        .await?;
        ran += 1;
    }
    tx.commit().await?;
    Ok(ran)
}
