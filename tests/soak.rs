//! The soak: weeks at a busy wall, on a simulated clock. The real runtime and
//! store (on a SQLite file) and the outbox worker run a large wall (768
//! lockers, 1,200 residents) in process; carriers come in rounds through the
//! day and deliver through the kiosk's own flow, residents collect with the
//! code from their notice some hours or days later (some never do, and their
//! packages expire), staff sweep the wall every morning through staff mode
//! (expired packages to the office, a notice resent, a locker out of service
//! and back), the mail server is down for three hours every fifth day, and a
//! lock board goes silent for an hour every seventh.
//!
//! Checked every simulated day: the outbox is drained. At the end: no package
//! lost (every package the kiosk accepted is picked up, removed by staff, or in
//! the locker the board says holds it; none left half-way), and the board and
//! the database agree. Reported per day: packages, memory (anonymous resident set), and the
//! database's size on disk.
//!
//! `cargo test` runs 2 days at 60 packages a day; `scripts/soak.sh` runs
//! 30 days at 500 (`SOAK_DAYS`, `SOAK_PER_DAY`).

mod common;

use common::driver::{self, person, Driver};
use common::ManualClock;
use lockerwall::domain::wall::Removal;
use lockerwall::domain::{CarrierId, LockerId, PackageId, Size};
use lockerwall::kiosk::staff::{StaffEvent, StaffPage};
use lockerwall::kiosk::{DoorPhase, Event, FlowConfig, Screen, TextKey};
use lockerwall::notify::transport::Security;
use lockerwall::notify::SmtpSettings;
use lockerwall::runtime::{ChannelSink, Parts, Runtime};
use lockerwall::site::Site;
use lockerwall::store::{NoticeKind, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;
const BOARDS: u8 = 48;
const RESIDENTS: usize = 1200;
const STAFF_PIN: &str = "258025";
const UPS_PIN: &str = "1357";

/// 48 boards of 16 locks on five buses (a KR-CU16 bus has 10 addresses):
/// 384 S, 240 M, 96 L, 48 XL.
fn soak_site() -> Site {
    let mut toml = String::from("name = \"Soak Towers\"\n");
    for b in 0..BOARDS {
        toml += &format!(
            "[[boards]]\nnumber = {b}\nbus = \"bus{}\"\naddress = {}\n",
            b / 10,
            b % 10
        );
        for lock in 0..16u8 {
            let size = match lock {
                0..=7 => "S",
                8..=12 => "M",
                13..=14 => "L",
                _ => "XL",
            };
            toml += &format!(
                "[[lockers]]\nlabel = \"{}{:02}\"\nsize = \"{size}\"\ncolumn = {b}\nrow = {lock}\nboard = {b}\nlock = {lock}\n",
                column_name(b),
                lock + 1
            );
        }
    }
    for i in 0..RESIDENTS {
        toml += &format!(
            "[[residents]]\nname = \"Resident Soak{i:04}\"\nunit = \"{}\"\nbuilding = \"{}\"\nemail = \"r{i}@example.com\"\n",
            100 + i % 400,
            ["A", "B", "C"][i / 400]
        );
    }
    toml += "[[carriers]]\nname = \"UPS\"\npin = \"1357\"\n";
    toml += "[[staff]]\nname = \"Dana Brooks\"\npin = \"258025\"\n";
    Site::parse(&toml).expect("the soak site")
}

fn column_name(b: u8) -> String {
    let letters = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    format!(
        "{}{}",
        letters[(b / 24) as usize] as char,
        letters[(b % 24) as usize] as char
    )
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    /// A carrier's round: this many packages.
    Carrier(usize),
    /// A resident comes for a package with its code.
    Pickup(PackageId, String),
    /// The outbox worker's pass.
    Outbox,
    /// The morning sweep in staff mode.
    Staff,
    MailDown(bool),
    BoardSilent(u8, bool),
}

#[derive(Default, Debug)]
struct Tally {
    stored: u64,
    refused_full: u64,
    picked_up: u64,
    pickup_retries: u64,
    removed_expired: u64,
    resent: u64,
    notices: u64,
    skipped: u64,
    max_backlog: u64,
}

struct Soak {
    tokio: tokio::runtime::Runtime,
    k: Driver,
    clock: ManualClock,
    worker: lockerwall::notify::Worker,
    dir: tempfile::TempDir,
    read: Store,
    rng: StdRng,
    queue: BinaryHeap<Reverse<(i64, u64, Action)>>,
    seq: u64,
    tally: Tally,
    mail_dir: std::path::PathBuf,
}

impl Soak {
    fn at(&mut self, t: i64, a: Action) {
        self.seq += 1;
        self.queue.push(Reverse((t, self.seq, a)));
    }

    fn now(&self) -> i64 {
        self.clock.0.load(Ordering::SeqCst)
    }

    /// Back to the home screen, whatever state a step left the kiosk in.
    fn home(&mut self) {
        for _ in 0..6 {
            if self.k.screen.name() == "home" {
                return;
            }
            let e = match self.k.screen.name() {
                "deposit-done" | "pickup-door" => Event::Done,
                "staff" => Event::Staff(StaffEvent::Logout),
                _ => Event::Back,
            };
            self.k.event(e);
            self.k
                .wait_up_to(Duration::from_secs(2), |s| s.name() == "home");
        }
        panic!("cannot get home from {:?}", self.k.screen);
    }

    fn carrier(&mut self, packages: usize) {
        let k = &mut self.k;
        k.event(Event::Deliver);
        k.event(Event::ChooseCarrier(CarrierId(1), "UPS".into()));
        k.keys(UPS_PIN);
        k.event(Event::Key(TextKey::Enter));
        k.wait("scan", |s| s.name() == "scan");
        for _ in 0..packages {
            let resident = self.rng.gen_range(0..RESIDENTS);
            let size = match self.rng.gen_range(0..100) {
                0..=54 => Size::S,
                55..=84 => Size::M,
                85..=96 => Size::L,
                _ => Size::XL,
            };
            // Amazon's TBA numbers carry no check digit to compute.
            self.seq += 1;
            let tracking = format!("TBA{:012}", self.seq);
            let k = &mut self.k;
            k.event(Event::Scanned(tracking));
            k.wait("recipient", |s| s.name() == "recipient");
            let name = format!("soak{resident:04}");
            k.keys(&name);
            k.wait("the resident found", |s| {
                matches!(s, Screen::Recipient { results, query, .. }
                    if *query == name && !results.is_empty())
            });
            let Screen::Recipient { results, .. } = &k.screen else {
                unreachable!()
            };
            k.event(Event::ChooseResident(results[0].id));
            // The size asked for, or the next one up that has room.
            let mut stored = false;
            for size in [Size::S, Size::M, Size::L, Size::XL]
                .into_iter()
                .filter(|s| *s >= size)
            {
                k.wait("sizes", |s| {
                    matches!(
                        s,
                        Screen::Size {
                            counts: Some(_),
                            ..
                        }
                    )
                });
                let Screen::Size {
                    counts: Some(counts),
                    ..
                } = &k.screen
                else {
                    unreachable!()
                };
                if counts[size as usize] == 0 {
                    continue;
                }
                k.event(Event::ChooseSize(size));
                k.wait("stored, or the size full", |s| {
                    s.name() == "deposit-done"
                        || matches!(
                            s,
                            Screen::Size {
                                message: Some(_),
                                ..
                            }
                        )
                });
                if k.screen.name() == "deposit-done" {
                    stored = true;
                    break;
                }
            }
            if stored {
                self.tally.stored += 1;
                self.k.event(Event::NextPackage);
            } else {
                // The carrier keeps it: said on screen, nothing recorded.
                self.tally.refused_full += 1;
                self.k.event(Event::Back);
                self.k.wait("recipient", |s| s.name() == "recipient");
                self.k.event(Event::Back);
            }
            self.k.wait("scan", |s| s.name() == "scan");
        }
        self.k.event(Event::Done);
        self.home();
    }

    fn state(&self, p: PackageId) -> String {
        self.read
            .connection()
            .query_row("SELECT state FROM packages WHERE id = ?1", [p.0], |r| {
                r.get(0)
            })
            .unwrap()
    }

    fn pickup(&mut self, package: PackageId, code: String) {
        if self.state(package) != "stored" {
            return; // Collected with another of theirs, or removed by staff.
        }
        let k = &mut self.k;
        k.event(Event::PickUp);
        k.wait("keypad", |s| s.name() == "pickup-code");
        k.keys(&code);
        let opened = k.wait_up_to(Duration::from_secs(5), |s| {
            matches!(s, Screen::PickupDoor { doors, .. }
                if doors.iter().all(|d| d.phase != DoorPhase::Opening))
        });
        if opened {
            if matches!(&k.screen, Screen::PickupDoor { others, .. } if !others.is_empty()) {
                k.event(Event::OpenOthers);
            }
            k.wait_up_to(Duration::from_secs(5), |s| s.name() == "home");
        }
        self.home();
        if self.state(package) == "stored" {
            // The door did not open (its board silent): they come back later.
            self.tally.pickup_retries += 1;
            let t = self.now() + 2 * HOUR;
            self.at(t, Action::Pickup(package, code));
        }
    }

    fn outbox(&mut self) {
        let pass = self.tokio.block_on(self.worker.run_once()).unwrap();
        self.tally.notices += pass.sent as u64;
        self.tally.skipped += pass.skipped as u64;
        if pass.sent == 0 {
            return;
        }
        let now = self.now();
        for n in self.read.sent_emails(pass.sent).unwrap() {
            if n.kind != NoticeKind::Stored {
                continue;
            }
            let Some(code) = n.facts.code else { continue };
            // Most come the same day, many in the next days, a few never.
            let wait = match self.rng.gen_range(0..100) {
                0..=59 => self.rng.gen_range(HOUR..10 * HOUR),
                60..=89 => self.rng.gen_range(DAY..3 * DAY),
                90..=97 => self.rng.gen_range(3 * DAY..6 * DAY),
                _ => continue,
            };
            self.at(now + wait, Action::Pickup(n.facts.package, code));
        }
    }

    /// Staff mode: expired packages to the office, one notice resent, one
    /// free locker out of service and back, then the attention list cleared.
    fn staff(&mut self) {
        let k = &mut self.k;
        k.event(Event::Staff(StaffEvent::Enter));
        k.wait("staff PIN", |s| s.name() == "staff-pin");
        k.keys(STAFF_PIN);
        k.event(Event::Key(TextKey::Enter));
        k.wait("staff mode", |s| s.name() == "staff");
        let expired: Vec<i64> = {
            let c = self.read.connection();
            let mut stmt = c
                .prepare("SELECT locker_id FROM packages WHERE state = 'stored' AND expired_at IS NOT NULL")
                .unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        for locker in expired {
            self.card(locker);
            self.k.event(Event::Staff(StaffEvent::AskRemove));
            self.k
                .event(Event::Staff(StaffEvent::Remove(Removal::Office)));
            let k = &mut self.k;
            assert!(
                k.wait_up_to(Duration::from_secs(5), |s| matches!(
                    s,
                    Screen::Staff {
                        message: Some(_),
                        ..
                    }
                )),
                "removal not confirmed: {:?}",
                k.screen
            );
            self.tally.removed_expired += 1;
            self.k.event(Event::Staff(StaffEvent::CloseCard));
        }
        let waiting: Option<i64> = self
            .read
            .connection()
            .query_row(
                "SELECT locker_id FROM packages WHERE state = 'stored' ORDER BY random() LIMIT 1",
                [],
                |r| r.get(0),
            )
            .ok();
        if let Some(locker) = waiting {
            self.card(locker);
            self.k.event(Event::Staff(StaffEvent::Resend));
            self.tally.resent += 1;
            self.k.event(Event::Staff(StaffEvent::CloseCard));
        }
        let free = self.read.free_lockers().unwrap();
        if let Some(l) = free.first() {
            self.card(l.id.0);
            self.k.event(Event::Staff(StaffEvent::AskOutOfService));
            self.k
                .event(Event::Staff(StaffEvent::OutOfService("shelf loose".into())));
            self.k.event(Event::Staff(StaffEvent::ReturnToService));
            self.k.event(Event::Staff(StaffEvent::CloseCard));
        }
        for item in self.read.open_attention().unwrap() {
            self.k.event(Event::Staff(StaffEvent::Resolve(item.id)));
        }
        self.k.event(Event::Staff(StaffEvent::Logout));
        self.k.wait("home", |s| s.name() == "home");
        // Let the runtime finish the staff effects before the clock moves.
        std::thread::sleep(Duration::from_millis(50));
    }

    fn card(&mut self, locker: i64) {
        self.k
            .event(Event::Staff(StaffEvent::Locker(LockerId(locker))));
        self.k.wait("the locker's card", |s| {
            matches!(s, Screen::Staff { page, .. }
                if matches!(&**page, StaffPage::Wall { card: Some(c), .. } if c.tile.locker.id.0 == locker))
        });
    }

    fn backlog(&self) -> u64 {
        self.read
            .connection()
            .query_row(
                "SELECT COUNT(*) FROM outbox
                 WHERE sent_at IS NULL AND failed_at IS NULL AND skipped_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }
}

/// The process's anonymous resident memory (its heaps; the binary's own
/// pages, counted in VmRSS, do not grow).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

fn db_bytes(dir: &Path) -> u64 {
    ["lockerwall.db", "lockerwall.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

#[test]
fn soak() {
    let days: i64 = std::env::var("SOAK_DAYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let per_day: usize = std::env::var("SOAK_PER_DAY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let started = Instant::now();
    let site = soak_site();
    let dir = tempfile::tempdir().unwrap();
    drop(common::store_for(dir.path(), &site));
    let wall = lockerwall::app::sim_wall(&site);
    let clock = ManualClock::new();
    // Day 0 starts at midnight UTC.
    clock
        .0
        .store(common::T0.0 - common::T0.0 % DAY, Ordering::SeqCst);
    let tokio = driver::kiosk_tokio();
    let (tx, screens) = mpsc::channel();
    let store = Store::open(&dir.path().join("lockerwall.db"), common::hasher()).unwrap();
    let parts = Parts {
        store,
        hal: Arc::new(wall.clone()),
        clock: Arc::new(clock.clone()),
        rng: StdRng::seed_from_u64(7),
        sink: Box::new(ChannelSink(tx)),
        flow: FlowConfig::default(),
        door_poll: Duration::from_millis(2),
        outbox: None,
        report_offset: Some(0),
    };
    let (rt, events) = tokio.block_on(Runtime::start(parts)).unwrap();
    let k = Driver {
        send: rt.sender(),
        screens,
        screen: Screen::home(),
    };
    tokio.spawn(rt.run(events));
    let stop = Arc::new(AtomicBool::new(false));
    // Long enough for the door watcher (2 ms polls) to see every door open, as
    // it always would at a real wall, where loading a locker takes seconds.
    let hands = person(wall.clone(), stop.clone(), Duration::from_millis(20));
    let mail_dir = dir.path().join("mail");
    let worker = {
        let mut store = Store::open(&dir.path().join("lockerwall.db"), common::hasher()).unwrap();
        store.set_notices(Default::default());
        lockerwall::notify::Worker {
            mailer: common::mailer(&store),
            store,
            transport: lockerwall::notify::Transport::Folder(mail_dir.clone()),
            webhook: None,
            texts: None,
            clock: Arc::new(clock.clone()),
            backoff: Default::default(),
            wake: Arc::new(tokio::sync::Notify::new()),
            phone: None,
        }
    };
    let read = Store::open(&dir.path().join("lockerwall.db"), common::hasher()).unwrap();
    let mut s = Soak {
        tokio,
        k,
        clock,
        worker,
        dir,
        read,
        rng: StdRng::seed_from_u64(2026),
        queue: BinaryHeap::new(),
        seq: 0,
        tally: Tally::default(),
        mail_dir,
    };
    s.k.wait("home", |s| s.name() == "home");

    let day0 = s.now();
    for d in 0..days {
        let t = day0 + d * DAY;
        // Carriers in 16 rounds between 09:00 and 19:00.
        let rounds = 16;
        for r in 0..rounds {
            let n = per_day / rounds + usize::from(r < per_day % rounds);
            s.at(t + 9 * HOUR + r as i64 * 40 * MIN, Action::Carrier(n));
        }
        for m in (0..DAY).step_by(10 * MIN as usize) {
            s.at(t + m + MIN, Action::Outbox);
        }
        s.at(t + 8 * HOUR, Action::Staff);
        if d % 5 == 2 {
            s.at(t + 13 * HOUR, Action::MailDown(true));
            s.at(t + 16 * HOUR, Action::MailDown(false));
        }
        if d % 7 == 3 {
            let board = s.rng.gen_range(0..BOARDS);
            s.at(t + 11 * HOUR, Action::BoardSilent(board, true));
            s.at(t + 12 * HOUR, Action::BoardSilent(board, false));
        }
    }
    eprintln!("day  stored  full  picked  expired  notices  backlog  heap_MiB  db_MiB");
    let mut day_end = day0 + DAY;
    let mut rss = Vec::new();
    let mut done_before = (0, 0, 0);
    let end = day0 + days * DAY;
    while let Some(Reverse((t, _, action))) = s.queue.pop() {
        if t >= end {
            break; // Pickups after the last day are not run.
        }
        while t >= day_end {
            report_day(&mut s, day_end, day0, &mut rss, &mut done_before);
            day_end += DAY;
        }
        if t > s.now() {
            s.clock.0.store(t, Ordering::SeqCst);
        }
        match action {
            Action::Carrier(n) => s.carrier(n),
            Action::Pickup(p, code) => s.pickup(p, code),
            Action::Outbox => s.outbox(),
            Action::Staff => s.staff(),
            Action::MailDown(down) => {
                s.worker.transport = if down {
                    // Nothing listens on port 9 here: every send fails, to be retried.
                    lockerwall::notify::Transport::smtp(&SmtpSettings {
                        host: "127.0.0.1".into(),
                        port: 9,
                        security: Security::Plain,
                        username: None,
                        password: None,
                        timeout_seconds: 2,
                    })
                    .unwrap()
                } else {
                    lockerwall::notify::Transport::Folder(s.mail_dir.clone())
                };
            }
            // The wall the runtime holds (clones share it).
            Action::BoardSilent(b, silent) => wall.set_offline(b, silent),
        }
        // A tick on the new time (idle timers, door supervision).
        s.k.event(Event::Touch);
    }
    report_day(&mut s, day_end, day0, &mut rss, &mut done_before);
    stop.store(true, Ordering::Relaxed);
    hands.join().unwrap();

    let t = &s.tally;
    eprintln!(
        "soak: {days} days, {} packages stored ({} refused with the wall full), {} picked up \
         ({} tries while a board was silent), {} expired and removed by staff, {} notices \
         resent, {} notices sent ({} skipped: collected first), largest outbox backlog at a day's end {}; anonymous memory \
         {:.1} MiB after day 1, {:.1} MiB at the end; database {:.1} MiB; {:.0} s",
        t.stored,
        t.refused_full,
        t.picked_up,
        t.pickup_retries,
        t.removed_expired,
        t.resent,
        t.notices,
        t.skipped,
        t.max_backlog,
        rss.first().copied().unwrap_or(0) as f64 / 1024.0,
        rss.last().copied().unwrap_or(0) as f64 / 1024.0,
        db_bytes(s.dir.path()) as f64 / 1048576.0,
        started.elapsed().as_secs_f64()
    );
    check_nothing_lost(&s, &wall);
    if days >= 10 {
        // Flat: the last week's peak within 16 MiB of the first week's.
        let first = rss[..7].iter().max().unwrap();
        let last = rss[rss.len() - 7..].iter().max().unwrap();
        assert!(
            *last <= first + 16 * 1024,
            "memory grew: {first} KiB in week 1, {last} KiB at the end"
        );
    }
}

fn report_day(s: &mut Soak, end: i64, day0: i64, rss: &mut Vec<u64>, before: &mut (u64, u64, u64)) {
    // The day's last pass has run; nothing due may be left waiting.
    let backlog = s.backlog();
    s.tally.max_backlog = s.tally.max_backlog.max(backlog);
    // Overdue: due an hour before the day's end and still not out.
    let due: u64 = s
        .read
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL
             AND skipped_at IS NULL AND next_attempt_at <= ?1",
            [end - HOUR],
            |r| r.get(0),
        )
        .unwrap();
    let picked: u64 = s
        .read
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM packages WHERE state = 'picked_up'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    s.tally.picked_up = picked;
    let day = (end - day0) / DAY;
    let kib = rss_kib();
    rss.push(kib);
    eprintln!(
        "{day:>3}  {:>6}  {:>4}  {:>6}  {:>7}  {:>7}  {:>7}  {:>8.1}  {:>6.1}",
        s.tally.stored - before.0,
        s.tally.refused_full,
        picked - before.1,
        s.tally.removed_expired - before.2,
        s.tally.notices,
        backlog,
        kib as f64 / 1024.0,
        db_bytes(s.dir.path()) as f64 / 1048576.0
    );
    *before = (s.tally.stored, picked, s.tally.removed_expired);
    assert_eq!(due, 0, "day {day}: notices overdue at the day's end");
}

fn check_nothing_lost(s: &Soak, wall: &lockerwall_hal::sim::SimWall) {
    let c = s.read.connection();
    let count = |sql: &str| -> u64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    let recorded = count("SELECT COUNT(*) FROM packages");
    // Nothing here is cancelled: every drop-off that began was finished.
    assert_eq!(
        recorded, s.tally.stored,
        "the kiosk said stored {} times but holds {recorded} packages",
        s.tally.stored
    );
    let half_way = count("SELECT COUNT(*) FROM packages WHERE state NOT IN ('stored', 'picked_up', 'removed_by_staff')");
    assert_eq!(half_way, 0, "packages left half-way");
    let accounted = count(
        "SELECT COUNT(*) FROM packages WHERE state IN ('stored', 'picked_up', 'removed_by_staff')",
    );
    assert_eq!(accounted, recorded);
    // The board and the database agree on every locker.
    let lockers = s.read.lockers().unwrap();
    for l in &lockers {
        let held: u64 = c
            .query_row(
                "SELECT COUNT(*) FROM packages WHERE locker_id = ?1 AND state = 'stored'",
                [l.id.0],
                |r| r.get(0),
            )
            .unwrap();
        let door = wall.door(l.channel).unwrap();
        assert!(!door.open, "locker {} left open", l.label);
        assert_eq!(
            door.occupied,
            held > 0,
            "locker {}: board says occupied={}, database holds {held}",
            l.label,
            door.occupied
        );
    }
    // Every package that was stored had its notice sent, unless it was
    // collected (with another of theirs) before the notice could go out.
    let unannounced = count(
        "SELECT COUNT(*) FROM packages p WHERE NOT EXISTS
         (SELECT 1 FROM outbox o WHERE o.package_id = p.id AND o.kind = 'stored'
          AND (o.sent_at IS NOT NULL OR (o.skipped_at IS NOT NULL AND p.state <> 'stored')))",
    );
    assert_eq!(unannounced, 0, "packages whose notice was never sent");
    // No notice failed: the mail server's outages were waited out.
    let failed = count("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL");
    assert_eq!(failed, 0, "notices given up");
}
