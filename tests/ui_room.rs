//! The package room through the real Slint UI (testing backend), on the real
//! runtime, store and simulated wall: a carrier puts an oversize package in
//! the room and taps the shelf it went on; the resident's code opens the room
//! and the screen says which shelf. Everything is found by accessible label.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use lockerwall::kiosk::{DoorPhase, Place, Screen};
use lockerwall::site::Site;
use lockerwall::store::NoticeKind;
use lockerwall_hal::Channel;
use std::sync::mpsc;

#[test]
fn package_room_drop_off_and_pickup_through_the_ui() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = common::demo_store(dir.path());
    let site = Site::demo();
    let room = site.room.clone().unwrap();
    let door = Channel::new(room.board, room.lock);
    let wall = lockerwall::app::sim_wall(&site);
    let tokio = common::ui::tokio();
    let setup = common::ui::plain_setup();
    let mut k = Kiosk::start(&tokio, store, wall, setup, mpsc::channel());

    // ----- the carrier -----
    k.carrier_to_sizes("FedEx", "3690", "449044304137821");
    k.wait("sizes and the room", |s| {
        matches!(
            s,
            Screen::Size {
                counts: Some(_),
                room: Some(_),
                ..
            }
        )
    });
    k.tap("Package room, 38 places free");
    k.wait(
        "room door open",
        |s| matches!(s, Screen::DepositDoor { door, .. } if door.phase == DoorPhase::Open),
    );
    k.assert_shows("Package room, shelf R1: Door open");
    // It went on R3: the carrier taps that shelf.
    k.tap("Shelf R3");
    k.wait("shelf chosen", |s| {
        matches!(s, Screen::DepositDoor { door, .. } if door.locker.shelf.as_deref() == Some("R3"))
    });
    k.assert_shows("Put the package on shelf R3 in the Package room, then close the door.");
    k.wall.close(door);
    k.wait(
        "stored",
        |s| matches!(s, Screen::DepositDone { place: Place::Room(shelf), .. } if shelf == "R3"),
    );
    k.assert_shows("Stored in the package room on shelf R3. Carmen Alvarez will be notified.");
    k.tap("Done");
    k.wait("home", |s| s.name() == "home");

    // ----- the resident -----
    let code = common::reopen(&db)
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Stored && i.facts.shelf.as_deref() == Some("R3"))
        .and_then(|i| i.facts.code)
        .expect("the notice names the shelf and carries the code");
    k.tap("Pick up a package");
    k.wait("keypad", |s| s.name() == "pickup-code");
    // Her notices are Spanish; English chosen at the screen wins.
    k.tap("English");
    for d in code.chars() {
        k.tap(&d.to_string());
    }
    k.wait("room open", |s| {
        matches!(s, Screen::PickupDoor { doors, .. } if doors.iter().any(|d| d.phase == DoorPhase::Open))
    });
    k.assert_shows("The Package room is open. Your package is on shelf R3.");
    k.assert_shows("Package room, shelf R3: Door open");
    k.wall.close(door);
    k.wait("thanks", |s| s.name() == "home");
    assert!(common::reopen(&db).room_packages().unwrap().is_empty());
}
