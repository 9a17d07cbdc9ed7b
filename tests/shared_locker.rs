//! "Add to B07 with their other package?" on the real runtime, store and
//! simulated wall (the demo site enables it): a second package for a resident
//! joins the locker their first one waits in and takes its code; the one code
//! opens the one door and both are picked up; staff removing the first take
//! the second with it.

mod common;

use common::rig::{at_sizes, rig, stored_for_carmen};
use lockerwall::domain::wall::Removal;
use lockerwall::domain::Clock;
use lockerwall::kiosk::{Event, Message, Place, Screen};
use lockerwall::store::NoticeKind;

#[tokio::test]
async fn a_second_package_shares_the_first_ones_locker_and_code() {
    let mut r = rig().await;
    let (label, first) = stored_for_carmen(&mut r, "1Z999AA10123456784").await;

    at_sizes(&mut r, "1Z999AA10123456793");
    let Screen::Size { share, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(
        share.as_deref(),
        Some(label.as_str()),
        "the offer names the locker"
    );
    r.send(Event::ShareLocker);
    r.pump().await;
    let Screen::DepositDoor { door, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(door.locker.label, label, "the same locker opens");
    r.wall.close(r.channel(&label));
    r.pump().await;
    assert!(matches!(
        r.screen(),
        Screen::DepositDone { place: Place::Locker(l), .. } if l == label
    ));
    r.send(Event::Done);

    // Both notices carry the one code.
    let store = r.store();
    let stored: Vec<_> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == NoticeKind::Stored)
        .collect();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].facts.locker, stored[1].facts.locker);
    assert_eq!(stored[0].facts.code, stored[1].facts.code);
    let second = stored[1].facts.package;
    // A third package is not offered the same locker again.
    at_sizes(&mut r, "1Z999AA10123456800");
    let Screen::Size { share, .. } = r.screen() else {
        panic!()
    };
    assert_eq!(share, None, "one package joins a locker, once");
    r.send(Event::Back);
    r.send(Event::Back);
    r.send(Event::Done);
    assert_eq!(r.screen().name(), "home");

    // One code, one door, both out.
    let code = stored[0].facts.code.clone().unwrap();
    r.send(Event::PickUp);
    r.keys(&code);
    r.pump().await;
    let Screen::PickupDoor { doors, others, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(doors.len(), 1);
    assert!(others.is_empty(), "{others:?}");
    r.wall.close(r.channel(&label));
    r.pump().await;
    assert_eq!(
        r.screen(),
        Screen::Home {
            message: Some(Message::ThankYou)
        }
    );
    let store = r.store();
    for p in [first, second] {
        let kinds = store.audit_kinds(p).unwrap();
        assert!(kinds.contains(&"picked_up".to_string()), "{p:?}: {kinds:?}");
    }
}

#[tokio::test]
async fn staff_removing_a_shared_lockers_package_take_both() {
    let mut r = rig().await;
    let (label, first) = stored_for_carmen(&mut r, "1Z999AA10123456784").await;
    at_sizes(&mut r, "1Z999AA10123456793");
    r.send(Event::ShareLocker);
    r.pump().await;
    r.wall.close(r.channel(&label));
    r.pump().await;
    let mut store = r.store();
    let second = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == NoticeKind::Stored)
        .map(|i| i.facts.package)
        .find(|p| *p != first)
        .unwrap();
    // Staff take the first out: both leave through the one door.
    store
        .begin_removal(first, Removal::Office, "staff:Dana Brooks", r.clock.now())
        .unwrap();
    store.door_seen_open(first, r.clock.now()).unwrap();
    store.confirm_pickup(first, r.clock.now()).unwrap();
    for p in [first, second] {
        assert!(store
            .audit_kinds(p)
            .unwrap()
            .contains(&"removed_by_staff".to_string()));
    }
    // The locker is free again, and shows so.
    let tile = store
        .wall_tiles()
        .unwrap()
        .into_iter()
        .find(|t| t.locker.label == label)
        .unwrap();
    assert_eq!(tile.state, lockerwall::domain::wall::TileState::Free);
}
