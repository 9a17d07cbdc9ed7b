//! The package room on the real runtime, store and simulated wall (the demo
//! site has one): a carrier puts an oversize package in the room and scans
//! another shelf's label at its door; the resident's notice names the room
//! and shelf; their code opens the room door and the screen says which shelf;
//! every entry is audited; an exit from inside is not a break-in.

mod common;

use common::rig::{at_sizes, rig, Rig};
use lockerwall::domain::{CarrierId, Clock, Size};
use lockerwall::kiosk::{DoorPhase, Event, Message, Place, Screen, TextKey};
use lockerwall::notify::Transport;
use lockerwall::store::{DepositRequest, NoticeKind};
use lockerwall_hal::Channel;

/// The room door's channel in the demo site.
fn room_door() -> Channel {
    let site = lockerwall::site::Site::demo();
    let room = site.room.expect("the demo site has a package room");
    Channel::new(room.board, room.lock)
}

#[tokio::test]
async fn a_package_room_deposit_and_pickup() {
    let mut r = rig().await;
    let mut w = r.worker(Transport::Folder(r._dir.path().join("mail")));

    // ----- the carrier: too big for any locker, so the package room -----
    at_sizes(&mut r, "1Z999AA10123456784");
    let Screen::Size { room, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(room, Some(38), "12 + 12 + 8 + 6 places, all free");
    r.send(Event::UseRoom);
    let Screen::DepositDoor { door, shelves, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(shelves, ["R1", "R2", "R3", "R4"]);
    assert_eq!(door.locker.label, "Package room");
    assert_eq!(
        door.locker.shelf.as_deref(),
        Some("R1"),
        "the emptiest shelf"
    );
    r.pump().await;
    assert!(
        r.wall.door(room_door()).unwrap().open,
        "the room's door opened"
    );
    // The carrier puts it on R3 instead, and scans R3's label to say so.
    r.send(Event::Scanned("r3".into()));
    let Screen::DepositDoor { door, .. } = r.screen() else {
        panic!()
    };
    assert_eq!(door.locker.shelf.as_deref(), Some("R3"));
    assert_eq!(door.phase, DoorPhase::Open);
    // A label that is no shelf changes nothing.
    r.send(Event::Scanned("R9".into()));
    r.wall.close(room_door());
    r.pump().await;
    assert_eq!(
        r.screen(),
        Screen::DepositDone {
            place: Place::Room("R3".into()),
            recipient: "Carmen Alvarez".into(),
            is_return: false,
        }
    );
    r.send(Event::Done);

    // Stored on R3; the room has one place fewer; the wall map does not show it.
    let store = r.store();
    let in_room = store.room_packages().unwrap();
    assert_eq!(in_room.len(), 1);
    assert_eq!(
        (in_room[0].tracking.as_str(), in_room[0].shelf.as_str()),
        ("1Z999AA10123456784", "R3")
    );
    let package = in_room[0].package;
    assert_eq!(store.room().unwrap().unwrap().free(), 37);
    assert!(store
        .wall_tiles()
        .unwrap()
        .iter()
        .all(|t| t.locker.label != "Package room"));
    let kinds = store.audit_kinds(package).unwrap();
    for k in ["deposit_reserved", "door_opened", "shelf_set", "stored"] {
        assert!(kinds.contains(&k.to_string()), "{k} in {kinds:?}");
    }

    // The notice says where: Carmen reads Spanish.
    w.run_once().await.unwrap();
    let notice = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Stored && i.facts.package == package)
        .unwrap();
    let composed = common::mailer(&store).compose(&notice).unwrap();
    assert!(
        composed
            .rendered
            .subject
            .contains("la sala de paquetes, estante R3"),
        "{}",
        composed.rendered.subject
    );
    let code = notice.facts.code.clone().unwrap();

    // ----- the resident: the code opens the room's door, the screen says the shelf -----
    r.send(Event::PickUp);
    r.keys(&code);
    r.pump().await;
    let Screen::PickupDoor { doors, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(doors[0].locker.label, "Package room");
    assert_eq!(doors[0].locker.shelf.as_deref(), Some("R3"));
    assert_eq!(doors[0].phase, DoorPhase::Open);
    r.wall.close(room_door());
    r.pump().await;
    assert_eq!(
        r.screen(),
        Screen::Home {
            message: Some(Message::ThankYou)
        }
    );
    let store = r.store();
    assert!(store.room_packages().unwrap().is_empty());
    let kinds = store.audit_kinds(package).unwrap();
    assert!(kinds.contains(&"picked_up".to_string()), "{kinds:?}");

    // Leaving the room opens its door from inside: an exit, audited, no alarm.
    r.wall.force_open(room_door());
    r.pump().await;
    r.wall.close(room_door());
    r.pump().await;
    let store = r.store();
    assert!(
        !store
            .open_attention()
            .unwrap()
            .iter()
            .any(|a| a.kind == "door_forced"),
        "{:?}",
        store.open_attention().unwrap()
    );
    let room = store.room().unwrap().unwrap();
    assert!(store
        .locker_audit_kinds(room.door.id)
        .unwrap()
        .contains(&"room_exit".to_string()));
}

/// The full chain on a full wall: the kiosk offers the package room; with the
/// room full too, "leave it with staff".
#[tokio::test]
async fn a_full_wall_offers_the_room_then_staff() {
    let mut r = rig().await;
    let mut store = r.store();
    let mut rng = rand::thread_rng();
    let now = r.clock.now();
    common::fill_wall(&mut store, now, &[]);
    at_sizes(&mut r, "1Z999AA10123456793");
    assert!(matches!(
        r.screen(),
        Screen::Size {
            message: Some(Message::TryRoom(None)),
            counts: Some([0, 0, 0, 0]),
            ..
        }
    ));
    // The room fills (other carriers, all 38 places).
    for n in 0..38 {
        let req = DepositRequest {
            tracking: format!("TBA6{n:011}"),
            carrier: CarrierId(1),
            resident: lockerwall::domain::ResidentId(1 + n % 40),
            size: Size::L,
            is_return: false,
            accessible_first: false,
        };
        let res = store.begin_room_deposit(&req, now).unwrap();
        store.door_seen_open(res.package, now).unwrap();
        store.confirm_deposit(res.package, now, &mut rng).unwrap();
    }
    assert_eq!(store.room().unwrap().unwrap().free(), 0);
    // The carrier taps the room anyway: refused, and the screen now says staff.
    r.send(Event::UseRoom);
    assert!(matches!(
        r.screen(),
        Screen::Size {
            message: Some(Message::WallFull),
            room: Some(0),
            ..
        }
    ));
    r.send(Event::LeaveWithStaff);
    r.send(Event::ChooseSize(Size::XL));
    assert!(matches!(
        r.screen(),
        Screen::DepositDone {
            place: Place::Staff,
            ..
        }
    ));
}

/// Staff tidy the room from the Overflow page: move a package to another
/// shelf, and take one out (the room's door opens for them), both audited.
#[tokio::test]
async fn staff_move_a_package_between_shelves_and_take_one_out() {
    use lockerwall::domain::wall::Removal;
    use lockerwall::kiosk::staff::{StaffEvent, StaffPage, Tab};
    let mut r = rig().await;
    let mut store = r.store();
    let mut rng = rand::thread_rng();
    let now = r.clock.now();
    let mut ids = Vec::new();
    for n in 0..2 {
        let req = DepositRequest {
            tracking: format!("TBA50000000000{n}"),
            carrier: CarrierId(4),
            resident: lockerwall::domain::ResidentId(7 + n),
            size: Size::XL,
            is_return: false,
            accessible_first: false,
        };
        let res = store.begin_room_deposit(&req, now).unwrap();
        store.door_seen_open(res.package, now).unwrap();
        store.confirm_deposit(res.package, now, &mut rng).unwrap();
        ids.push(res.package);
    }
    r.send(Event::Staff(StaffEvent::Enter));
    r.keys("258025");
    r.send(Event::Key(TextKey::Enter));
    r.send(Event::Staff(StaffEvent::Tab(Tab::Overflow)));
    let room = |r: &Rig| match r.screen() {
        Screen::Staff { page, .. } => match *page {
            StaffPage::Overflow { room, .. } => room.expect("the room's list"),
            p => panic!("{p:?}"),
        },
        s => panic!("{s:?}"),
    };
    assert_eq!(room(&r).packages.len(), 2);
    assert_eq!(room(&r).shelves, ["R1", "R2", "R3", "R4"]);
    r.send(Event::Staff(StaffEvent::AskMove(ids[0])));
    assert_eq!(room(&r).moving, Some(ids[0]));
    r.send(Event::Staff(StaffEvent::MoveTo("R4".into())));
    let moved = room(&r)
        .packages
        .into_iter()
        .find(|p| p.package == ids[0])
        .unwrap();
    assert_eq!(moved.shelf, "R4");
    assert_eq!(room(&r).moving, None);

    // A third goes from the room into a locker: off its shelf (held by
    // staff, the room's door opens), then loaded like overflow.
    let third = {
        let req = DepositRequest {
            tracking: "TBA500000000009".into(),
            carrier: CarrierId(4),
            resident: lockerwall::domain::ResidentId(9),
            size: Size::M,
            is_return: false,
            accessible_first: false,
        };
        let mut store = r.store();
        let res = store.begin_room_deposit(&req, now).unwrap();
        store.door_seen_open(res.package, now).unwrap();
        store.confirm_deposit(res.package, now, &mut rng).unwrap();
        res.package
    };
    r.send(Event::Staff(StaffEvent::Tab(Tab::Overflow)));
    r.send(Event::Staff(StaffEvent::RoomToLocker(third)));
    r.pump().await;
    assert!(
        r.wall.door(room_door()).unwrap().open,
        "the room opens for staff"
    );
    r.wall.close(room_door());
    r.pump().await;
    r.send(Event::Staff(StaffEvent::Load(third)));
    r.pump().await;
    let open: Vec<_> = r
        .wall
        .snapshot()
        .into_iter()
        .filter(|(_, d)| d.open)
        .map(|(ch, _)| ch)
        .collect();
    assert_eq!(open.len(), 1, "its locker");
    r.wall.close(open[0]);
    r.pump().await;
    let stored = r
        .store()
        .outbox()
        .unwrap()
        .into_iter()
        .rfind(|i| i.kind == NoticeKind::Stored && i.facts.package == third)
        .unwrap();
    assert!(stored.facts.shelf.is_none(), "in a locker now");
    assert!(r
        .store()
        .audit_kinds(third)
        .unwrap()
        .contains(&"moved_from_room".to_string()));

    r.send(Event::Staff(StaffEvent::TakeOut(ids[1], Removal::Office)));
    r.pump().await;
    assert!(r.wall.door(room_door()).unwrap().open, "opened for staff");
    assert_eq!(room(&r).packages.len(), 1);
    let store = r.store();
    let kinds = store.audit_kinds(ids[0]).unwrap();
    assert!(kinds.contains(&"shelf_set".to_string()), "{kinds:?}");
    r.wall.close(room_door());
    r.pump().await;
    // Settled once the door it went through is shut (the safety rule).
    let kinds = store.audit_kinds(ids[1]).unwrap();
    assert!(kinds.contains(&"removed_by_staff".to_string()), "{kinds:?}");
    assert!(
        !store
            .open_attention()
            .unwrap()
            .iter()
            .any(|a| a.kind == "door_forced"),
        "staff's own opening is no break-in"
    );
}
