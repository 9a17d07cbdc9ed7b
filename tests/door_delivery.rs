//! Package-to-door delivery on the real runtime, store and simulated wall:
//! residents who asked for it and a package staff switched make the run, in
//! walking order; taking them out opens their doors one after another (the
//! package room's once for all on it); delivered ones are closed and their
//! residents told; one not delivered stays with staff, visible.

mod common;

use common::rig::{rig, Rig};
use lockerwall::domain::{CarrierId, Clock, PackageId, ResidentId, Size};
use lockerwall::kiosk::staff::{StaffEvent, StaffPage, Tab};
use lockerwall::kiosk::{Event, Screen, TextKey};
use lockerwall::notify::Transport;
use lockerwall::store::{DepositRequest, NoticeKind, RunStop, Store};

fn store_for(store: &mut Store, r: &Rig, n: u64, resident: i64, room: bool) -> PackageId {
    let now = r.clock.now();
    let req = DepositRequest {
        tracking: format!("TBA{:012}", 600_000_000_000 + n),
        carrier: CarrierId(4),
        resident: ResidentId(resident),
        size: Size::S,
        is_return: false,
        accessible_first: false,
    };
    let package = if room {
        store.begin_room_deposit(&req, now).unwrap().package
    } else {
        store.begin_deposit(&req, now).unwrap().package
    };
    store.door_seen_open(package, now).unwrap();
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(n);
    store.confirm_deposit(package, now, &mut rng).unwrap();
    package
}

fn run(r: &Rig) -> Vec<RunStop> {
    match r.screen() {
        Screen::Staff { page, .. } => match *page {
            StaffPage::Deliveries { stops, .. } => stops,
            p => panic!("{p:?}"),
        },
        s => panic!("{s:?}"),
    }
}

fn state(store: &Store, p: PackageId) -> String {
    store
        .connection()
        .query_row("SELECT state FROM packages WHERE id = ?1", [p.0], |r| {
            r.get(0)
        })
        .unwrap()
}

#[tokio::test]
async fn a_delivery_run_takes_packages_out_in_turn_and_records_each_door() {
    let mut r = rig().await;
    let mut store = r.store();
    // Residents 20 and 30 asked for door delivery; resident 12 did not.
    let prefs = store.connection();
    for id in [20, 30] {
        prefs
            .execute("UPDATE residents SET door_delivery = 1 WHERE id = ?1", [id])
            .unwrap();
    }
    let a = store_for(&mut store, &r, 1, 30, false);
    let b = store_for(&mut store, &r, 2, 20, false);
    let c = store_for(&mut store, &r, 3, 20, true);
    let d = store_for(&mut store, &r, 4, 30, true);
    let not_on_run = store_for(&mut store, &r, 5, 12, false);
    // One package switched by staff from its locker card.
    let switched = store_for(&mut store, &r, 6, 12, false);
    store
        .set_door_delivery(switched, true, None, "staff:Dana Brooks", r.clock.now())
        .unwrap();

    r.send(Event::Staff(StaffEvent::Enter));
    r.keys("258025");
    r.send(Event::Key(TextKey::Enter));
    r.send(Event::Staff(StaffEvent::Tab(Tab::Deliveries)));
    let stops = run(&r);
    let ids: Vec<PackageId> = stops.iter().map(|s| s.package).collect();
    assert_eq!(ids.len(), 5);
    assert!(!ids.contains(&not_on_run));
    // Walking order: building, then floor, then unit.
    let keys: Vec<(String, u32, String)> = stops
        .iter()
        .map(|s| (s.building.clone(), s.floor, s.unit.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    // Take them out: one door at a time, the room's once for both in it.
    r.send(Event::Staff(StaffEvent::TakeOutAll));
    let mut opened = Vec::new();
    for _ in 0..10 {
        // The close is seen, then the next unlock runs on its own task.
        r.pump().await;
        r.pump().await;
        let open: Vec<_> = r
            .wall
            .snapshot()
            .into_iter()
            .filter(|(_, d)| d.open)
            .map(|(ch, _)| ch)
            .collect();
        if open.is_empty() {
            break;
        }
        assert_eq!(open.len(), 1, "one door at a time");
        opened.push(open[0]);
        r.wall.close(open[0]);
    }
    assert_eq!(opened.len(), 4, "three lockers and the room, once");
    let stops = run(&r);
    assert!(stops.iter().all(|s| s.out), "{stops:?}");
    let store = r.store();
    for p in [a, b, c, d, switched] {
        assert_eq!(state(&store, p), "overflow", "with staff now");
        assert!(store
            .audit_kinds(p)
            .unwrap()
            .contains(&"out_for_delivery".to_string()));
    }

    // At the doors: delivered, except one nobody could take.
    for p in [a, b, c, switched] {
        r.send(Event::Staff(StaffEvent::Delivered(p)));
    }
    r.send(Event::Staff(StaffEvent::NotDelivered(d)));
    let store = r.store();
    for p in [a, b, c, switched] {
        assert_eq!(state(&store, p), "delivered_to_door");
    }
    assert_eq!(state(&store, d), "overflow");
    assert!(run(&r).is_empty(), "the run is done");
    assert_eq!(
        store
            .held_packages()
            .unwrap()
            .iter()
            .map(|h| h.package)
            .collect::<Vec<_>>(),
        [d],
        "back with staff, on the Overflow list"
    );
    assert!(store
        .open_attention()
        .unwrap()
        .iter()
        .any(|i| i.kind == "overflow_held" && i.package == Some(d)));
    // Residents are told (Spanish or English, as each reads).
    let mut w = r.worker(Transport::Folder(r._dir.path().join("mail")));
    w.run_once().await.unwrap();
    let delivered: Vec<_> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == NoticeKind::Delivered)
        .collect();
    assert_eq!(delivered.len(), 4);
    assert!(delivered.iter().all(|i| i.sent_at.is_some()));
    // The package not delivered goes back into a locker with a fresh notice.
    r.send(Event::Staff(StaffEvent::Tab(Tab::Overflow)));
    r.send(Event::Staff(StaffEvent::Load(d)));
    r.pump().await;
    let open: Vec<_> = r
        .wall
        .snapshot()
        .into_iter()
        .filter(|(_, door)| door.open)
        .collect();
    assert_eq!(open.len(), 1);
    r.wall.close(open[0].0);
    r.pump().await;
    assert_eq!(state(&r.store(), d), "stored");
}
