//! Peak season through the real Slint UI (testing backend), on the real
//! runtime, store and simulated wall: the wall is full, so the carrier leaves
//! the package with staff; a resident's pickup frees a locker; staff load the
//! held package into it from the Overflow page and its resident gets a fresh
//! notice. Everything is found by accessible label.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use lockerwall::domain::Size;
use lockerwall::kiosk::staff::StaffPage;
use lockerwall::kiosk::{DoorPhase, Place, Screen};
use lockerwall::site::Site;
use lockerwall::store::NoticeKind;
use std::sync::mpsc;

#[test]
fn full_wall_leave_with_staff_then_load_overflow_through_the_ui() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, db) = common::demo_store(dir.path());
    // Other carriers filled every locker today; keep a medium's code to free it later.
    let medium = common::fill_wall(&mut store, common::T0, &[])
        .into_iter()
        .find(|p| p.locker.size == Size::M)
        .map(|p| (p.locker.label, p.code));
    let (medium_label, medium_code) = medium.unwrap();
    let wall = lockerwall::app::sim_wall(&Site::demo());
    let tokio = common::ui::tokio();
    let setup = common::ui::plain_setup();
    let mut k = Kiosk::start(&tokio, store, wall, setup, mpsc::channel());
    let look = || common::reopen(&db);

    // ----- the carrier: the wall is full, leave it with staff -----
    k.carrier_to_sizes("UPS", "1357", "1Z999AA10123456793");
    k.wait("sizes", |s| {
        matches!(
            s,
            Screen::Size {
                counts: Some(_),
                ..
            }
        )
    });
    k.assert_shows(
        "Every locker is full. Put the package in the package room, or leave it with the package staff.",
    );
    k.assert_shows("Package room, 38 places free");
    k.assert_shows("Medium, Full");
    k.tap("Leave with staff");
    k.wait("which size", |s| {
        matches!(
            s,
            Screen::Size {
                for_staff: true,
                ..
            }
        )
    });
    k.assert_shows("What size would it need?");
    k.tap("Medium");
    k.wait("left with staff", |s| {
        matches!(
            s,
            Screen::DepositDone {
                place: Place::Staff,
                ..
            }
        )
    });
    k.assert_shows("Recorded as left with the package staff.");
    k.tap("Done");
    k.wait("home", |s| s.name() == "home");
    let held = look().held_packages().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].tracking.as_str(), held[0].size),
        ("1Z999AA10123456793", Size::M)
    );
    let package = held[0].package;

    // ----- a resident collects a medium: a locker that fits is free -----
    k.tap("Pick up a package");
    k.wait("keypad", |s| s.name() == "pickup-code");
    for d in medium_code.as_str().chars() {
        k.tap(&d.to_string());
    }
    k.wait("door open", |s| {
        matches!(s, Screen::PickupDoor { doors, .. } if doors.iter().any(|d| d.phase == DoorPhase::Open))
    });
    k.wall.close(Kiosk::channel(&medium_label));
    k.wait("thanks", |s| s.name() == "home");

    // ----- staff load the overflow into it -----
    k.staff_logs_in("258025");
    k.tap("Overflow");
    k.wait("held list", |s| {
        matches!(s, Screen::Staff { page, .. } if matches!(page.as_ref(), StaffPage::Overflow { held, .. } if held.len() == 1))
    });
    k.assert_shows("Carmen Alvarez (C-101)");
    k.tap("Load into a locker: 1Z999AA10123456793");
    k.wait("load door open", |s| {
        matches!(s, Screen::Staff { page, .. } if matches!(page.as_ref(),
            StaffPage::Overflow { loading: Some(l), .. } if l.door.phase == DoorPhase::Open))
    });
    k.assert_shows(&format!(
        "Locker {medium_label} is open: put package 1Z999AA10123456793 in and close the door."
    ));
    k.wall.close(Kiosk::channel(&medium_label));
    k.wait("loaded", |s| {
        matches!(s, Screen::Staff { page, .. } if matches!(page.as_ref(),
            StaffPage::Overflow { loading: Some(l), held, .. } if l.door.phase == DoorPhase::Closed && held.is_empty()))
    });
    k.assert_shows(&format!(
        "1Z999AA10123456793 is stored in locker {medium_label}."
    ));
    k.assert_shows("No packages are waiting with staff.");

    let store = look();
    assert!(store.held_packages().unwrap().is_empty());
    let fresh = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Stored && i.facts.package == package)
        .expect("a fresh notice with the locker");
    assert_eq!(fresh.facts.locker, medium_label);
    assert!(fresh.facts.code.is_some());
}
