//! Shared set-up for the integration tests: a real SQLite file in a temp dir,
//! seeded with the demo site, and a fixed site secret so codes are exact.
#![allow(dead_code)]

use lockerwall::domain::{Clock, Timestamp};
use lockerwall::security::{CodeHasher, SiteSecret};
use lockerwall::site::Site;
use lockerwall::store::Store;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

pub const T0: Timestamp = Timestamp(1_764_000_000_000);

pub fn hasher() -> CodeHasher {
    CodeHasher::new(SiteSecret::from_bytes([42; 32]))
}

/// A fresh database file with the demo site in it.
pub fn demo_store(dir: &Path) -> (Store, PathBuf) {
    let path = dir.join("lockerwall.db");
    let mut store = Store::open(&path, hasher()).expect("open");
    assert!(store.seed_if_empty(&Site::demo(), T0).expect("seed"));
    (store, path)
}

/// Reopen the same file, as after a restart.
pub fn reopen(path: &Path) -> Store {
    Store::open(path, hasher()).expect("reopen")
}

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct ManualClock(pub Arc<AtomicI64>);

impl ManualClock {
    pub fn new() -> Self {
        Self(Arc::new(AtomicI64::new(T0.0)))
    }
    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

/// The demo wall served as a simulated KR-CU16 bus on a pseudo-terminal, and the
/// real driver on the other end. Keep the returned pty end (and path) alive.
pub fn kerong_on_pty(
    wall: &lockerwall_hal::sim::SimWall,
) -> (
    lockerwall_hal::kerong::KerongBus<tokio_serial::SerialStream>,
    tokio_serial::SerialStream,
    String,
) {
    use lockerwall_hal::kerong::{sim_board::SimBus, BusSettings, KerongBus};
    let site = Site::demo();
    let (master, slave, path) = lockerwall_hal::serial::pty_pair().expect("pty");
    tokio::spawn(SimBus::new(wall.clone()).serve(master));
    let port = lockerwall_hal::serial::open(&path, 19200).expect("open the pty");
    let bus = KerongBus::new(
        port,
        lockerwall::app::kerong_boards(&site, true),
        BusSettings::default(),
    );
    (bus, slave, path)
}
