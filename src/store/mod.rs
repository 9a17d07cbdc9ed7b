//! SQLite storage: migrations, one module per table group, one transaction per use case.

#[macro_use]
mod states;
mod accounts;
mod addresses;
mod attention;
mod audit;
mod away;
mod backup;
mod clock;
mod code_check;
mod deposit;
mod desk;
mod directory;
mod door_delivery;
mod error;
mod expected;
mod guided_audit;
mod health;
mod import;
mod lockers;
mod migrate;
mod notice_choices;
mod outbox;
mod overflow;
mod pickup;
mod portfolio_sync;
mod problems;
mod recovery;
mod removal;
mod report;
mod resident_page;
mod residents;
mod returns;
mod room;
mod seed;
mod shared;
mod staff_actions;
mod supervision;
mod texts;
mod trail;
mod transition;
mod wall;

pub use accounts::AccountKind;
pub use attention::AttentionItem;
pub use away::MAX_AWAY_DAYS;
pub use clock::{CLOCK_SKEW, CLOCK_UNSYNCED};
pub use code_check::{
    CarrierPin, CodeCheck, PinCheck, GUESSING, WRONG_CARRIER_PIN, WRONG_CODE, WRONG_STAFF_PIN,
};
pub use deposit::{DepositRequest, Reserved, StoredPackage};
pub use door_delivery::{floor_of, RunStop};
pub use error::StoreError;
pub use expected::Expected;
pub use guided_audit::{AuditReport, Finding, FindingAt, FindingRow};
pub use health::HealthFigures;
pub use import::{ImportMode, ImportOutcome, ResidentRecord};
pub use notice_choices::NoticeChoices;
pub use outbox::{
    Channel, NoticeFacts, NoticeKind, NoticeSetup, OutboxItem, ProblemFacts, TextsSetup,
};
pub use overflow::HeldPackage;
pub use pickup::Waiting;
pub use portfolio_sync::{actor_role, SyncStatus};
pub use recovery::{Recovery, RecoveryAction};
pub use returns::DropOff;
pub use room::{Room, RoomPackage, RoomReserved, Shelf};
pub use trail::{TrailFilter, TrailRow};

use crate::security::CodeHasher;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::Path;

pub use crate::domain::staff::ACTOR_KIOSK;

/// A write transaction on `conn` that takes the lock at once; for use cases
/// that also need other fields of the store while it is open.
fn begin(conn: &mut Connection) -> Result<Transaction<'_>, StoreError> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// The wall's database: one connection, owned by the runtime.
pub struct Store {
    conn: Connection,
    hasher: CodeHasher,
    /// Seals pickup codes for the notices that carry them.
    sealer: crate::security::Sealer,
    /// A short tag of the site secret, so message ids differ between walls.
    site_tag: String,
    /// What PINs are hashed with besides themselves.
    pepper: crate::security::pin::Pepper,
    notices: NoticeSetup,
    /// Accessible lockers held back for residents who need them.
    kept_free: crate::domain::KeptFree,
    /// Whether residents may ask on their own page for door delivery, and from which units.
    door_offer: crate::domain::DoorOffer,
    /// The property's sync key, which the server names what it must not
    /// hold by: residents' numbers when it relays a STOP
    /// ([`lockerwall_wire::texts::phone_tag`]), expected tracking numbers
    /// ([`lockerwall_wire::tracking_tag`]).
    sync_key: Option<String>,
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
        let sealer = crate::security::Sealer::new(hasher.secret());
        let site_tag = hasher.tag();
        let pepper = crate::security::pin::Pepper::new(hasher.secret());
        let mut store = Store {
            conn,
            hasher,
            sealer,
            site_tag,
            pepper,
            notices: NoticeSetup::default(),
            kept_free: crate::domain::KeptFree::default(),
            door_offer: crate::domain::DoorOffer::default(),
            sync_key: None,
        };
        migrate::run(&mut store.conn)?;
        Ok(store)
    }

    /// A write transaction that takes the lock at once (no upgrade races).
    fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        begin(&mut self.conn)
    }

    /// The property's sync key (`[portfolio] key`): STOP replies and
    /// expected packages the server relays are known by tags under it.
    pub fn know_sync_key(&mut self, key: String) {
        self.sync_key = Some(key);
    }

    /// Where notices go and on what schedule (the default: email only, the default policy).
    pub fn set_notices(&mut self, setup: NoticeSetup) {
        self.notices = setup;
    }

    /// How many accessible lockers of each size are held back for residents who need them.
    pub fn keep_accessible_free(&mut self, kept: crate::domain::KeptFree) {
        self.kept_free = kept;
    }

    /// Checks (and makes) QR tokens with this site's secret.
    pub fn token_signer(&self) -> crate::security::TokenSigner {
        crate::security::TokenSigner::new(self.hasher.secret().clone())
    }

    /// The holding policy in force.
    pub fn policy(&self) -> &crate::domain::HoldPolicy {
        &self.notices.policy
    }

    /// The raw connection, for read-only queries in tests and tools.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Whether the database at `path` (if there is one) holds any package.
pub fn holds_packages(path: &Path) -> Result<bool, StoreError> {
    if !path.exists() {
        return Ok(false);
    }
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'packages')",
        [],
        |r| r.get(0),
    )?;
    Ok(has_table && conn.query_row("SELECT EXISTS (SELECT 1 FROM packages)", [], |r| r.get(0))?)
}

impl Store {
    /// Tie the database to the site key it is opened with: the first time,
    /// its tag is written; after that, another key is refused.
    pub fn claim_site_key(&mut self) -> Result<(), StoreError> {
        use rusqlite::OptionalExtension;
        let known: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'site_key_tag'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        match known {
            Some(tag) if tag != self.site_tag => Err(StoreError::WrongSiteKey),
            Some(_) => Ok(()),
            None => {
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES ('site_key_tag', ?1)",
                    [&self.site_tag],
                )?;
                Ok(())
            }
        }
    }
}
