//! The runtime for real: the real store on a SQLite file, the simulated wall,
//! the flow; a carrier delivers and a resident picks up, and faults are handled.

mod common;

use common::{demo_store, ManualClock};
use lockerwall::domain::Size;
use lockerwall::kiosk::{DoorPhase, Event, FlowConfig, Message, Screen, TextKey};
use lockerwall::runtime::{ChannelSink, Parts, Runtime, UiUpdate};
use lockerwall::site::Site;
use lockerwall_hal::sim::{Fault, SimWall};
use lockerwall_hal::Channel;
use rand::SeedableRng;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

struct Rig {
    rt: Runtime,
    events: tokio::sync::mpsc::UnboundedReceiver<Event>,
    screens: mpsc::Receiver<UiUpdate>,
    wall: SimWall,
    clock: ManualClock,
    _dir: tempfile::TempDir,
    _pty: Option<tokio_serial::SerialStream>,
}

async fn rig() -> Rig {
    let wall = lockerwall::app::sim_wall(&Site::demo());
    rig_on(Arc::new(wall.clone()), wall, None).await
}

/// The same wall behind the real KR-CU16 driver, over a pseudo-terminal.
async fn kerong_rig() -> Rig {
    let wall = lockerwall::app::sim_wall(&Site::demo());
    let (bus, slave, _) = common::kerong_on_pty(&wall);
    rig_on(Arc::new(bus), wall, Some(slave)).await
}

async fn rig_on(
    hal: Arc<dyn lockerwall_hal::LockController>,
    wall: SimWall,
    pty: Option<tokio_serial::SerialStream>,
) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = demo_store(dir.path());
    let clock = ManualClock::new();
    let (tx, screens) = mpsc::channel();
    let parts = Parts {
        store,
        hal,
        clock: Arc::new(clock.clone()),
        rng: rand::rngs::StdRng::seed_from_u64(9),
        sink: Box::new(ChannelSink(tx)),
        flow: FlowConfig::default(),
        door_poll: Duration::from_millis(10),
    };
    // The test drives the runtime by hand (`handle` and `pump`) instead of `run`,
    // so every step is in a known order.
    let (rt, events) = Runtime::start(parts).await.unwrap();
    Rig {
        rt,
        events,
        screens,
        wall,
        clock,
        _dir: dir,
        _pty: pty,
    }
}

impl Rig {
    fn send(&mut self, e: Event) {
        self.rt.handle(e);
    }
    /// Let the door watcher and unlock tasks run, then feed what they reported.
    /// (The real driver needs a few bus round trips, so allow for them.)
    async fn pump(&mut self) {
        let wait = if self._pty.is_some() { 400 } else { 40 };
        tokio::time::sleep(Duration::from_millis(wait)).await;
        while let Ok(e) = self.events.try_recv() {
            self.rt.handle(e);
        }
    }
    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Event::Key(TextKey::Char(c)));
        }
    }
    fn screen(&self) -> Screen {
        self.rt.flow().screen().clone()
    }
    fn notices(&self) -> Vec<lockerwall::store::Notice> {
        let mut last = None;
        while let Ok(u) = self.screens.try_recv() {
            if let UiUpdate::Notices(n) = u {
                last = Some(n);
            }
        }
        last.unwrap_or_default()
    }
    /// The simulated door for a label.
    fn channel(&self, label: &str) -> Channel {
        let site = Site::demo();
        let l = site.lockers.iter().find(|l| l.label == label).unwrap();
        Channel::new(l.board, l.lock)
    }
}

async fn deliver(r: &mut Rig, tracking: &str, name_part: &str, size: Size) -> String {
    if r.screen().name() != "scan" {
        r.send(Event::Deliver);
        let ups = lockerwall::domain::CarrierId(2);
        r.send(Event::ChooseCarrier(ups, "UPS".into()));
        r.keys("1357");
        r.send(Event::Key(TextKey::Enter));
        assert_eq!(
            r.screen().name(),
            "scan",
            "logged in with the real PIN check"
        );
    }
    r.keys(tracking);
    r.send(Event::Key(TextKey::Enter));
    assert_eq!(r.screen().name(), "recipient");
    r.keys(name_part);
    let Screen::Recipient { results, .. } = r.screen() else {
        panic!()
    };
    r.send(Event::ChooseResident(results[0].id));
    let Screen::Size {
        counts: Some(_), ..
    } = r.screen()
    else {
        panic!("{:?}", r.screen())
    };
    r.send(Event::ChooseSize(size));
    r.pump().await;
    let Screen::DepositDoor { door, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    door.locker.label
}

#[tokio::test]
async fn carrier_delivers_resident_picks_up() {
    delivery_and_pickup(rig().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_flows_run_on_the_kerong_driver() {
    delivery_and_pickup(kerong_rig().await).await;
}

async fn delivery_and_pickup(mut r: Rig) {
    let label = deliver(&mut r, "1Z999AA10123456784", "alvarez", Size::S).await;
    let ch = r.channel(&label);
    assert!(r.wall.door(ch).unwrap().open, "the unlock reached the wall");
    assert_eq!(r.wall.door(ch).unwrap().unlocks, 1);
    assert!(
        matches!(r.screen(), Screen::DepositDoor { door, .. } if door.phase == DoorPhase::Open),
        "the watcher saw it open"
    );
    r.wall.close(ch);
    r.pump().await;
    assert_eq!(
        r.screen(),
        Screen::DepositDone {
            locker: label.clone(),
            recipient: "Carmen Alvarez".into()
        }
    );
    // The resident's phone got the notice with the code.
    let notices = r.notices();
    assert_eq!(notices.len(), 1);
    let code: String = notices[0]
        .body
        .split("pickup code is ")
        .nth(1)
        .unwrap()
        .chars()
        .take(6)
        .collect();
    r.send(Event::Done);

    // Pickup.
    r.send(Event::PickUp);
    r.keys(&code);
    r.pump().await;
    let Screen::PickupDoor { doors, others, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(doors[0].locker.label, label);
    assert!(others.is_empty());
    assert_eq!(r.wall.door(ch).unwrap().unlocks, 2);
    assert_eq!(doors[0].phase, DoorPhase::Open);
    r.wall.close(ch);
    r.pump().await;
    assert_eq!(
        r.screen(),
        Screen::Home {
            message: Some(Message::ThankYou)
        }
    );
    // The same code does nothing now.
    r.send(Event::PickUp);
    r.keys(&code);
    assert!(matches!(
        r.screen(),
        Screen::PickupCode {
            message: Some(Message::WrongCode),
            ..
        }
    ));
    let notices = r.notices();
    assert!(!notices[0].waiting, "the phone shows it as collected");
}

#[tokio::test]
async fn jammed_door_gets_another_locker_and_staff_are_told() {
    let mut r = rig().await;
    // Jam every XL door but one: the first offered fails, the next works.
    let site = Site::demo();
    let xl: Vec<_> = site
        .lockers
        .iter()
        .filter(|l| l.size == Size::XL)
        .map(|l| l.label.clone())
        .collect();
    assert!(xl.len() >= 2);
    for label in &xl[..xl.len() - 1] {
        let ch = r.channel(label);
        r.wall.set_fault(ch, Some(Fault::DoorStuck));
    }
    let first = deliver(&mut r, "TBA123456789000", "wei", Size::XL).await;
    let mut label = first.clone();
    let mut tries = 0;
    while label != xl[xl.len() - 1] {
        tries += 1;
        assert!(tries <= xl.len(), "kept trying jammed lockers");
        r.clock.advance(4_000);
        r.send(Event::Tick);
        r.pump().await;
        let Screen::DepositDoor { door, message, .. } = r.screen() else {
            panic!("{:?}", r.screen())
        };
        assert!(matches!(message, Some(Message::DoorFailedTryingAnother(ref l)) if *l == label));
        let good = door.locker.label == xl[xl.len() - 1];
        assert_eq!(
            door.phase,
            if good {
                DoorPhase::Open
            } else {
                DoorPhase::Opening
            },
            "{}",
            door.locker.label
        );
        label = door.locker.label;
    }
    assert!(r.wall.door(r.channel(&label)).unwrap().open);
    // Every jammed locker is now faulty and on the attention list.
    let store =
        lockerwall::store::Store::open(&r._dir.path().join("lockerwall.db"), common::hasher())
            .unwrap();
    assert_eq!(store.open_attention().unwrap().len(), tries);
}

#[tokio::test]
async fn board_not_answering_fails_fast() {
    let mut r = rig().await;
    for b in r
        .wall
        .snapshot()
        .iter()
        .map(|(c, _)| c.board)
        .collect::<std::collections::BTreeSet<_>>()
    {
        r.wall.set_offline(b, true);
    }
    r.send(Event::PickUp);
    r.send(Event::Back);
    let label = deliver(&mut r, "TBA123456789001", "zhang", Size::S).await;
    // The unlock task reported the board silent; the flow tried every S locker, then gave up.
    let mut rounds = 0;
    while let Screen::DepositDoor { .. } = r.screen() {
        rounds += 1;
        assert!(rounds < 40, "never gave up");
        r.pump().await;
    }
    assert!(
        matches!(
            r.screen(),
            Screen::Size {
                message: Some(Message::DoorFailedNoOther(_)),
                ..
            }
        ),
        "{:?} after {label}",
        r.screen()
    );
    // Nothing was stored and no reservation is left behind.
    let store =
        lockerwall::store::Store::open(&r._dir.path().join("lockerwall.db"), common::hasher())
            .unwrap();
    let live: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM packages WHERE state IN ('depositing','stored','releasing')",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(live, 0);
}
