//! SQLite storage: migrations, one module per table group, one transaction per use case.

mod attention;
mod audit;
mod deposit;
mod directory;
mod error;
mod lockers;
mod migrate;
mod notices;
mod pickup;
mod recovery;
mod seed;

pub use attention::AttentionItem;
pub use deposit::{DepositRequest, Reserved, StoredPackage};
pub use error::StoreError;
pub use notices::Notice;
pub use pickup::Waiting;
pub use recovery::{Recovery, RecoveryAction};

use crate::security::CodeHasher;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::Path;

/// Who did something, as written in the audit.
pub const ACTOR_KIOSK: &str = "kiosk";

/// The wall's database: one connection, owned by the runtime.
pub struct Store {
    conn: Connection,
    hasher: CodeHasher,
}

impl Store {
    /// Open (or create) the database at `path` and bring its schema up to date.
    pub fn open(path: &Path, hasher: CodeHasher) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        // WAL lets readers (backups, reports) run beside the kiosk; FULL makes
        // every commit durable before a door moves; foreign keys keep rows honest.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut store = Store { conn, hasher };
        migrate::run(&mut store.conn)?;
        Ok(store)
    }

    /// A write transaction that takes the lock at once (no upgrade races).
    fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// The raw connection, for read-only queries in tests and tools.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
