//! A door-delivery run through the real Slint UI (testing backend), on the
//! real runtime, store and simulated wall: staff open the Deliveries page,
//! take the run's packages out (their doors open one after another), and
//! mark one delivered and one not. Everything is found by accessible label.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use lockerwall::domain::{CarrierId, ResidentId, Size};
use lockerwall::kiosk::staff::StaffPage;
use lockerwall::kiosk::{DoorPhase, Screen};
use lockerwall::site::Site;
use lockerwall::store::DepositRequest;
use rand::SeedableRng;
use std::sync::mpsc;

#[test]
fn a_delivery_run_through_the_ui() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, db) = common::demo_store(dir.path());
    let mut rng = rand::rngs::StdRng::seed_from_u64(4);
    let mut packages = Vec::new();
    for (n, resident) in [(1, 14), (2, 35)] {
        store
            .connection()
            .execute(
                "UPDATE residents SET door_delivery = 1 WHERE id = ?1",
                [resident],
            )
            .unwrap();
        let r = store
            .begin_deposit(
                &DepositRequest {
                    tracking: format!("TBA70000000000{n}"),
                    carrier: CarrierId(4),
                    resident: ResidentId(resident),
                    size: Size::S,
                    is_return: false,
                    accessible_first: false,
                },
                common::T0,
            )
            .unwrap();
        store.door_seen_open(r.package, common::T0).unwrap();
        store
            .confirm_deposit(r.package, common::T0, &mut rng)
            .unwrap();
        packages.push((r.package, format!("TBA70000000000{n}")));
    }
    let wall = lockerwall::app::sim_wall(&Site::demo());
    let tokio = common::ui::tokio();
    let setup = common::ui::plain_setup();
    let mut k = Kiosk::start(&tokio, store, wall, setup, mpsc::channel());

    k.staff_logs_in("258025");
    k.tap("Deliveries");
    k.wait("the run", |s| {
        matches!(s, Screen::Staff { page, .. } if matches!(page.as_ref(), StaffPage::Deliveries { stops, .. } if stops.len() == 2))
    });
    k.assert_shows("2 packages to take out, 2 on the run.");
    k.tap("Take the run's packages out");

    // Their doors open one after another: once the kiosk has seen each one
    // open (staff take the package out), close it.
    let open_door = |s: &Screen| match s {
        Screen::Staff { page, .. } => match page.as_ref() {
            StaffPage::Deliveries {
                opening: Some(d), ..
            } if d.phase == DoorPhase::Open => Some(d.locker.label.clone()),
            _ => None,
        },
        _ => None,
    };
    let mut closed = Vec::new();
    while closed.len() < 2 {
        let s = k.wait("a run door open", |s| {
            open_door(s).is_some_and(|l| !closed.contains(&l))
        });
        let label = open_door(&s).unwrap();
        k.assert_shows(&format!(
            "{label} is open: take the package out and close the door."
        ));
        k.wall.close(Kiosk::channel(&label));
        closed.push(label);
    }
    k.wait("both out", |s| {
        matches!(s, Screen::Staff { page, .. } if matches!(page.as_ref(), StaffPage::Deliveries { stops, .. } if stops.iter().all(|s| s.out)))
    });
    k.tap(&format!("Delivered at the door: {}", packages[0].1));
    k.tap(&format!("Not delivered: {}", packages[1].1));
    k.wait("run done", |s| {
        matches!(s, Screen::Staff { page, .. } if matches!(page.as_ref(), StaffPage::Deliveries { stops, .. } if stops.is_empty()))
    });
    k.assert_shows("No door deliveries waiting.");
    let store = common::reopen(&db);
    let state = |p: lockerwall::domain::PackageId| -> String {
        store
            .connection()
            .query_row("SELECT state FROM packages WHERE id = ?1", [p.0], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(state(packages[0].0), "delivered_to_door");
    assert_eq!(state(packages[1].0), "overflow", "back with staff");
}
