//! The runtime for real: the real store on a SQLite file, the simulated wall,
//! the flow; a carrier delivers and a resident picks up, and faults are handled.

mod common;

use common::rig::{deliver, rig, serial_rig, Rig};
use lockerwall::domain::Size;
use lockerwall::kiosk::{DoorPhase, Event, Message, Screen};
use lockerwall::site::Site;
use lockerwall::store::NoticeKind;
use lockerwall_hal::sim::Fault;
use lockerwall_hal::Channel;

#[tokio::test]
async fn carrier_delivers_resident_picks_up() {
    delivery_and_pickup(rig().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_flows_run_on_the_kerong_driver() {
    delivery_and_pickup(serial_rig(&Site::demo()).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_flows_run_on_modbus_relay_boards() {
    delivery_and_pickup(serial_rig(&common::modbus_demo_site()).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_flows_run_on_two_buses_of_two_kinds() {
    delivery_and_pickup(serial_rig(&common::two_bus_demo_site()).await).await;
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
            place: lockerwall::kiosk::Place::Locker(label.clone()),
            recipient: "Carmen Alvarez".into(),
            is_return: false,
        }
    );
    // The notice with the code was queued in the same transaction.
    let queued = r.store().outbox().unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, NoticeKind::Stored);
    assert_eq!(queued[0].recipient, "carmen.alvarez@example.com");
    assert_eq!(queued[0].language, "es");
    let code = queued[0].facts.code.clone().unwrap();
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
    // The code is forgotten, and a receipt is queued for the resident.
    let queued = r.store().outbox().unwrap();
    assert_eq!(queued.len(), 2);
    assert_eq!(queued[0].facts.code, None);
    assert_eq!(queued[1].kind, NoticeKind::PickedUp);
    // Supervision saw nothing amiss: no forced doors, no silent boards.
    let store = r.store();
    assert_eq!(store.open_attention().unwrap(), []);
    assert!(store.offline_boards().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_door_of_a_two_bus_wall_opens_and_reads_right() {
    let site = common::two_bus_demo_site();
    let r = serial_rig(&site).await;
    for l in &site.lockers {
        let ch = Channel::new(l.board, l.lock);
        r.hal.unlock(ch).await.unwrap();
        assert!(r.wall.door(ch).unwrap().open, "{} did not open", l.label);
        let reading = r.hal.read_board(l.board).await.unwrap();
        let open: Vec<usize> = (0..reading.doors.len())
            .filter(|i| reading.doors[*i].open)
            .collect();
        assert_eq!(open, [l.lock as usize], "{} reads wrong", l.label);
        r.wall.close(ch);
    }
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
