//! From the confirming tap to the unlock command on the wire, p50/p99: the
//! real runtime (flow, durable commit with `synchronous=FULL`, KR-CU16 driver)
//! against a simulated board served over a pseudo-terminal, and a person who
//! loads or empties each door that opens. Two confirming events are timed:
//! the carrier's size tap (reserve a locker, commit, unlock) and the
//! resident's last code digit (check the code, commit the pickup, unlock),
//! each until the board has received its unlock frame. The baseline, in the
//! same run on the same line: the driver's unlock alone (no flow, no commit).
//!
//! `cargo bench --bench unlock_wire` (`UNLOCK_ROUNDS`, default 200 of each).

#[path = "../tests/common/driver.rs"]
mod driver;

use driver::{person, Driver};
use lockerwall::domain::{CarrierId, ResidentId, Size, SystemClock, Timestamp};
use lockerwall::kiosk::{Event, FlowConfig, Screen, TextKey};
use lockerwall::runtime::{ChannelSink, Parts, Runtime};
use lockerwall::security::{CodeHasher, SiteSecret};
use lockerwall::site::Site;
use lockerwall::store::Store;
use lockerwall_hal::sim::SimWall;
use lockerwall_hal::LockController;
use rand::SeedableRng;
use std::sync::atomic::AtomicBool;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

fn percentiles(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    let at = |p: usize| d[(p * d.len()).div_ceil(100).max(1) - 1].as_secs_f64() * 1e3;
    (at(50), at(99))
}

fn unlocks(wall: &SimWall) -> u32 {
    wall.snapshot().iter().map(|(_, d)| d.unlocks).sum()
}

/// Send `e` and spin until the board has received one more unlock.
fn timed(k: &Driver, wall: &SimWall, e: Event) -> Duration {
    let before = unlocks(wall);
    let t0 = Instant::now();
    k.event(e);
    while unlocks(wall) == before {
        assert!(
            t0.elapsed() < Duration::from_secs(5),
            "no unlock on the wire"
        );
        std::hint::spin_loop();
    }
    t0.elapsed()
}

fn main() {
    let rounds: usize = std::env::var("UNLOCK_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let tokio = driver::kiosk_tokio();
    let dir = tempfile::tempdir().unwrap();
    let site = Site::demo();
    let hasher = || CodeHasher::new(SiteSecret::from_bytes([9; 32]));
    let mut store = Store::open(&dir.path().join("bench.db"), hasher()).unwrap();
    store.seed_if_empty(&site, Timestamp(0)).unwrap();
    let wall = lockerwall::app::sim_wall(&site);
    let _guard = tokio.enter();
    let (master, _slave, path) = lockerwall_hal::serial::pty_pair().expect("pty");
    lockerwall::app::serve_simulated_buses(
        &wall,
        &site,
        vec![(lockerwall::site::wiring::MAIN_BUS.into(), master)],
    );
    let port = lockerwall_hal::serial::open(&path, 19200).expect("open the pty");
    let config = lockerwall::site::config::Config::default();
    let hal = Arc::new(lockerwall::app::serial_wall(
        &config,
        &site,
        vec![(lockerwall::site::wiring::MAIN_BUS.into(), port)],
    ));
    let stop = Arc::new(AtomicBool::new(false));
    // Doors stay open long enough for the 10 ms door watcher to see them.
    let _hands = person(wall.clone(), stop.clone(), Duration::from_millis(60));

    // ----- the baseline: the driver's unlock alone, same line -----
    let a01 = lockerwall_hal::Channel::new(0, 0);
    let mut bare = Vec::new();
    for _ in 0..rounds {
        let before = unlocks(&wall);
        let t0 = Instant::now();
        // The driver's call goes on to read the board back after the pulse:
        // time only until the frame is at the board.
        let h = hal.clone();
        let call = tokio.spawn(async move { h.unlock(a01).await });
        while unlocks(&wall) == before {
            std::hint::spin_loop();
        }
        bare.push(t0.elapsed());
        tokio.block_on(call).unwrap().unwrap();
        // The person shuts it again (and loads it: empty it back).
        while wall.door(a01).unwrap().open {
            std::thread::sleep(Duration::from_millis(1));
        }
        wall.set_occupied(a01, false);
    }

    // ----- the kiosk: size tap and last code digit -----
    let (tx, screens) = mpsc::channel();
    let parts = Parts {
        store,
        hal,
        clock: Arc::new(SystemClock),
        rng: rand::rngs::StdRng::seed_from_u64(5),
        sink: Box::new(ChannelSink(tx)),
        flow: FlowConfig::default(),
        door_poll: Duration::from_millis(10),
        outbox: None,
        report_offset: Some(0),
    };
    let (rt, events) = tokio.block_on(Runtime::start(parts)).unwrap();
    let mut k = Driver {
        send: rt.sender(),
        screens,
        screen: Screen::home(),
    };
    tokio.spawn(rt.run(events));
    let read = Store::open(&dir.path().join("bench.db"), hasher()).unwrap();
    let (mut deposit, mut pickup) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        k.wait("home", |s| s.name() == "home");
        k.event(Event::Deliver);
        k.event(Event::ChooseCarrier(CarrierId(2), "UPS".into()));
        k.keys("1357");
        k.event(Event::Key(TextKey::Enter));
        k.wait("scan", |s| s.name() == "scan");
        k.event(Event::Scanned(format!("TBA{:012}", i + 1)));
        k.wait("recipient", |s| s.name() == "recipient");
        k.keys("ALV");
        k.wait("Carmen", |s| {
            matches!(s, Screen::Recipient { results, query, .. } if query == "ALV" && !results.is_empty())
        });
        k.event(Event::ChooseResident(ResidentId(3)));
        k.wait("sizes", |s| {
            matches!(
                s,
                Screen::Size {
                    counts: Some(_),
                    ..
                }
            )
        });
        deposit.push(timed(&k, &wall, Event::ChooseSize(Size::S)));
        k.wait("stored", |s| s.name() == "deposit-done");
        k.event(Event::Done);
        k.wait("home", |s| s.name() == "home");

        let code = read
            .outbox()
            .unwrap()
            .into_iter()
            .rev()
            .find_map(|n| n.facts.code.filter(|_| n.facts.waiting))
            .expect("the new package's code");
        k.event(Event::PickUp);
        k.wait("keypad", |s| s.name() == "pickup-code");
        let (head, last) = code.split_at(code.len() - 1);
        k.keys(head);
        let last = last.chars().next().unwrap();
        pickup.push(timed(&k, &wall, Event::Key(TextKey::Char(last))));
        k.wait("door open", |s| s.name() == "pickup-door");
        // Shut by the person; the kiosk goes home by itself.
        k.wait("home", |s| s.name() == "home");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);

    let row = |name: &str, d: Vec<Duration>| {
        let (p50, p99) = percentiles(d);
        println!("{name:<58} p50 {p50:>6.2} ms  p99 {p99:>6.2} ms");
    };
    println!("unlock on the wire, {rounds} of each (KR-CU16 at 19200 baud over a pty):");
    row(
        "size tap -> reserve + commit -> unlock frame at the board",
        deposit,
    );
    row(
        "last code digit -> check + commit -> unlock frame at the board",
        pickup,
    );
    row(
        "baseline: the driver's unlock alone -> frame at the board",
        bare,
    );
}
