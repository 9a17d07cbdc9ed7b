//! Shared set-up for the integration tests: a real SQLite file in a temp dir,
//! seeded with the demo site, and a fixed site secret so codes are exact.
#![allow(dead_code)]

pub mod driver;
pub mod rig;
pub mod ui;

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

/// Put the tests' site secret where the kiosk's start-up code reads it.
pub fn write_test_secret(dir: &Path) {
    std::fs::write(dir.join("site.key"), hex::encode([42u8; 32])).expect("write site.key");
}

/// A fresh database file with the demo site in it.
pub fn demo_store(dir: &Path) -> (Store, PathBuf) {
    let path = dir.join("lockerwall.db");
    let mut store = Store::open(&path, hasher()).expect("open");
    assert!(store.seed_if_empty(&Site::demo(), T0).expect("seed"));
    (store, path)
}

/// A fresh database file seeded from `site`.
pub fn store_for(dir: &Path, site: &Site) -> (Store, PathBuf) {
    let path = dir.join("lockerwall.db");
    let mut store = Store::open(&path, hasher()).expect("open");
    assert!(store.seed_if_empty(site, T0).expect("seed"));
    (store, path)
}

/// The demo wall built from Modbus relay boards on one bus: wall boards 0..=5
/// are units 1..=6 with 16 relays each.
pub fn modbus_demo_site() -> Site {
    let boards: String = (0..6)
        .map(|n| {
            format!(
                "[[boards]]\nnumber = {n}\ntype = \"modbus-relay\"\naddress = {}\nlocks = 16\n",
                n + 1
            )
        })
        .collect();
    Site::parse(&format!("{}\n{boards}", lockerwall::site::DEMO_SITE)).expect("modbus site")
}

/// The demo wall on two buses: boards 0..=2 are KR-CU16s on the main bus,
/// boards 3..=5 Modbus relay boards (units 1..=3) on bus "lower", and board
/// 1's hook switches read the other way round.
pub fn two_bus_demo_site() -> Site {
    let mut boards = String::from("[[boards]]\nnumber = 1\nhook_set_means_closed = false\n");
    for n in 3..6 {
        boards += &format!(
            "[[boards]]\nnumber = {n}\nbus = \"lower\"\ntype = \"modbus-relay\"\naddress = {}\n",
            n - 2
        );
    }
    Site::parse(&format!("{}\n{boards}", lockerwall::site::DEMO_SITE)).expect("two-bus site")
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
    lockerwall_hal::buses::Buses,
    tokio_serial::SerialStream,
    String,
) {
    let (wall, mut slaves, mut paths) = site_on_ptys(wall, &Site::demo());
    (wall, slaves.remove(0), paths.remove(0))
}

/// Every bus of `site` served from `wall` on its own pseudo-terminal, speaking
/// its real protocol, and the kiosk's drivers on the other ends (as
/// `lockerwall hal simulate-board --pty` and `kind = "serial"` would wire them).
pub fn site_on_ptys(
    wall: &lockerwall_hal::sim::SimWall,
    site: &Site,
) -> (
    lockerwall_hal::buses::Buses,
    Vec<tokio_serial::SerialStream>,
    Vec<String>,
) {
    let mut masters = Vec::new();
    let mut ports = Vec::new();
    let mut slaves = Vec::new();
    let mut paths = Vec::new();
    for (bus, _) in lockerwall::site::wiring::by_bus(&site.wiring()) {
        let (master, slave, path) = lockerwall_hal::serial::pty_pair().expect("pty");
        let port = lockerwall_hal::serial::open(&path, 19200).expect("open the pty");
        masters.push((bus.clone(), master));
        ports.push((bus, port));
        slaves.push(slave);
        paths.push(path);
    }
    lockerwall::app::serve_simulated_buses(wall, site, masters);
    let mut config = lockerwall::site::config::Config::default();
    // Short pulses keep the Modbus tests quick; the kiosk's default is 600 ms.
    config.hal.relay_pulse_ms = 100;
    let wall = lockerwall::app::serial_wall(&config, site, ports);
    (wall, slaves, paths)
}

/// The mailer the tests send with: the demo property's addresses, dates in UTC.
pub fn mailer(store: &Store) -> lockerwall::notify::Mailer {
    lockerwall::notify::Mailer {
        templates: Default::default(),
        signer: store.token_signer(),
        policy: Default::default(),
        from: "Maple Court lockers <lockers@maple-court.example>".into(),
        help: "Package desk <packages@maple-court.example>".into(),
        location: "in the lobby of building A".into(),
        utc_offset_minutes: Some(0),
        page_links: None,
    }
}

/// A UPS package stored for Carmen Alvarez (resident 3, whose notices are in
/// Spanish) in a small locker, straight through the store.
pub fn carmens_package(
    store: &mut Store,
    now: lockerwall::domain::Timestamp,
) -> lockerwall::store::StoredPackage {
    stored(store, "1Z999AA10123456784", 3, 2, now, 1)
}

/// A small package for `resident` from `carrier`, deposited through the
/// store as the kiosk does (door seen open, then confirmed); `seed` draws
/// its code.
pub fn stored(
    store: &mut Store,
    tracking: &str,
    resident: i64,
    carrier: i64,
    now: lockerwall::domain::Timestamp,
    seed: u64,
) -> lockerwall::store::StoredPackage {
    use lockerwall::domain::{CarrierId, ResidentId, Size};
    let r = store
        .begin_deposit(
            &lockerwall::store::DepositRequest {
                tracking: tracking.into(),
                carrier: CarrierId(carrier),
                resident: ResidentId(resident),
                size: Size::S,
                is_return: false,
                accessible_first: false,
            },
            now,
        )
        .unwrap();
    store.door_seen_open(r.package, now).unwrap();
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(seed);
    store.confirm_deposit(r.package, now, &mut rng).unwrap()
}

/// A command's standard output and error, together (for messages).
pub fn said(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Fill every free locker straight through the store (other carriers' day),
/// one resident each from resident 5 on, leaving one free locker of each size
/// in `keep`. Returns what was stored.
pub fn fill_wall(
    store: &mut Store,
    now: lockerwall::domain::Timestamp,
    keep: &[lockerwall::domain::Size],
) -> Vec<lockerwall::store::StoredPackage> {
    use lockerwall::domain::{CarrierId, ResidentId};
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(3);
    let mut kept = Vec::new();
    let mut stored = Vec::new();
    for (n, l) in store.free_lockers().unwrap().into_iter().enumerate() {
        if keep.contains(&l.size) && !kept.contains(&l.size) {
            kept.push(l.size);
            continue;
        }
        let req = lockerwall::store::DepositRequest {
            tracking: format!("TBA9{n:011}"),
            carrier: CarrierId(1),
            // One each, so a pickup opens exactly one door.
            resident: ResidentId(5 + n as i64),
            size: l.size,
            is_return: false,
            // The last accessible lockers are kept for those who need one.
            accessible_first: l.accessible,
        };
        let res = store.begin_deposit(&req, now).unwrap();
        store.door_seen_open(res.package, now).unwrap();
        stored.push(store.confirm_deposit(res.package, now, &mut rng).unwrap());
    }
    stored
}

/// How the wall answered the desk's (or a resident's page's) request `id`:
/// done, or not and why.
pub fn desk_done(store: &Store, id: i64) -> (bool, String) {
    let report = store.desk_report().unwrap();
    let d = report.done.into_iter().find(|d| d.id == id);
    let d = d.unwrap_or_else(|| panic!("request {id} was not answered"));
    (d.ok, d.message)
}
