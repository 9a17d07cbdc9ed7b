//! Returns through the real Slint UI (testing backend), on the real runtime,
//! store and simulated wall: a resident sends a return from Home (carrier,
//! tracking number, unit and last name on the keyboard, a size, the door),
//! and the carrier who logs in next sees "Collect returns (1)" and takes it.
//! Everything is found by accessible label.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use lockerwall::kiosk::{DoorPhase, Message, Screen};
use lockerwall::store::NoticeKind;

#[test]
fn a_return_sent_and_collected_through_the_ui() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = common::demo_store(dir.path());
    let tokio = common::ui::tokio();
    let mut k = Kiosk::demo(&tokio, store);

    // ----- the resident -----
    k.tap("Send a return");
    k.wait("return label", |s| s.name() == "return-label");
    k.tap("UPS");
    k.wait(
        "UPS chosen",
        |s| matches!(s, Screen::ReturnLabel { carrier: Some(c), .. } if c == "UPS"),
    );
    k.wedge("1Z999AA10123456784");
    k.wait("who sends it", |s| s.name() == "return-sender");
    k.assert_shows("Unit");
    for key in ["1", "0", "1"] {
        k.tap(key);
    }
    k.tap("Next");
    k.wait("last name field", |s| {
        matches!(
            s,
            Screen::ReturnSender {
                field: lockerwall::kiosk::SenderField::LastName,
                ..
            }
        )
    });
    for key in ["A", "L", "V", "A", "R", "E", "Z"] {
        k.tap(key);
    }
    k.tap("Continue");
    k.wait("sizes", |s| {
        matches!(
            s,
            Screen::ReturnSize {
                counts: Some(_),
                ..
            }
        )
    });
    k.assert_shows("UPS return from Carmen Alvarez");
    k.tap("Small");
    let Screen::DepositDoor { door, .. } = k.wait(
        "door open",
        |s| matches!(s, Screen::DepositDoor { door, .. } if door.phase == DoorPhase::Open),
    ) else {
        unreachable!()
    };
    let label = door.locker.label.clone();
    k.assert_shows(&format!(
        "Put your return in locker {label} and close the door."
    ));
    k.wall.close(Kiosk::channel(&label));
    k.wait("dropped off", |s| {
        matches!(
            s,
            Screen::DepositDone {
                is_return: true,
                ..
            }
        )
    });
    k.assert_shows(&format!(
        "Your return is in locker {label}. UPS collects it from there."
    ));
    k.tap("Done");
    k.wait("home", |s| s.name() == "home");
    let receipt = common::reopen(&db)
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::ReturnReceipt)
        .expect("the receipt is queued");
    assert_eq!(receipt.facts.locker, label);

    // ----- the carrier -----
    k.tap("Deliver packages");
    k.wait("carrier list", |s| s.name() == "carrier-login");
    k.tap("UPS");
    k.wait("PIN pad", |s| {
        matches!(
            s,
            Screen::CarrierLogin {
                chosen: Some(_),
                ..
            }
        )
    });
    for d in "1357".chars() {
        k.tap(&d.to_string());
    }
    k.tap("Log in");
    k.wait("scan with a return to collect", |s| {
        matches!(s, Screen::Scan { returns: 1, .. })
    });
    k.tap("Collect returns (1)");
    k.wait("return door open", |s| {
        matches!(s, Screen::CollectReturns { doors, .. } if doors.iter().any(|d| d.phase == DoorPhase::Open))
    });
    k.assert_shows(&format!(
        "Take the return from locker {label} and close the door. It is the last one."
    ));
    k.wall.close(Kiosk::channel(&label));
    k.wait("collected", |s| {
        matches!(
            s,
            Screen::Scan {
                message: Some(Message::ReturnsCollected(1)),
                ..
            }
        )
    });
    k.assert_shows("1 return collected.");
    let state: String = common::reopen(&db)
        .connection()
        .query_row(
            "SELECT state FROM packages WHERE id = ?1",
            [receipt.facts.package.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(state, "returned_to_sender");
}
