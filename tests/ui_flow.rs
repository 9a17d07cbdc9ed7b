//! The real Slint UI through the testing backend, on the real runtime, store and
//! simulated wall: a carrier logs in, scans with a keyboard wedge, picks the
//! recipient and size, the door opens and closes; then the resident picks up
//! both their packages with one code. Everything is found by accessible label.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use lockerwall::kiosk::{DoorPhase, Screen};
use lockerwall::runtime::ChannelSink;
use lockerwall::site::Site;
use std::sync::{mpsc, Arc};

use common::ui::Kiosk;

fn deposit(k: &mut Kiosk, tracking: &str, size_label: &str, counts: &[&str]) -> String {
    k.wedge(tracking);
    k.wait("recipient screen", |s| s.name() == "recipient");
    for key in ["A", "L", "V"] {
        k.tap(key);
    }
    k.wait("search results", |s| matches!(s, Screen::Recipient { results, query, .. } if query == "ALV" && !results.is_empty()));
    k.assert_shows("Unit 101 · Building C");
    k.tap("Carmen Alvarez");
    k.wait("sizes", |s| {
        matches!(
            s,
            Screen::Size {
                counts: Some(_),
                ..
            }
        )
    });
    k.assert_shows("For Carmen Alvarez");
    for c in counts {
        k.assert_shows(c);
    }
    k.tap(size_label);
    let s = k.wait(
        "door open",
        |s| matches!(s, Screen::DepositDoor { door, .. } if door.phase == DoorPhase::Open),
    );
    let Screen::DepositDoor { door, .. } = s else {
        unreachable!()
    };
    let label = door.locker.label;
    k.assert_shows(&format!(
        "Put the package in locker {label} and close the door."
    ));
    k.assert_shows(&format!("Locker {label}: Door open"));
    // The carrier closes the door.
    k.wall.close(Kiosk::channel(&label));
    k.wait("stored", |s| s.name() == "deposit-done");
    k.assert_shows(&format!(
        "Stored in locker {label}. Carmen Alvarez will be notified."
    ));
    label
}

#[test]
fn carrier_drop_off_and_resident_pickup_through_the_ui() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let site = Site::demo();
    let wall = lockerwall::app::sim_wall(&site);

    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (tx, updates) = mpsc::channel();
    // The outbox worker, as the kiosk runs it with no SMTP server: .eml files
    // in the data folder, and the phone panel fed with what was sent.
    common::write_test_secret(dir.path());
    let config = lockerwall::site::config::Config {
        data_dir: dir.path().to_path_buf(),
        ..Default::default()
    };
    let wake = Arc::new(tokio::sync::Notify::new());
    let worker = {
        let _guard = tokio.enter();
        lockerwall::app::outbox_worker(
            &config,
            Arc::new(lockerwall::domain::SystemClock),
            wake.clone(),
            Box::new(ChannelSink(tx.clone())),
        )
        .unwrap()
    };
    tokio.spawn(worker.run());
    let setup = common::ui::Setup {
        clock: Arc::new(lockerwall::domain::SystemClock),
        outbox: Some(wake),
        page_links: false,
    };
    // Notices as the kiosk sets them up: problem reports go to the help address.
    store.set_notices(lockerwall::app::notice_setup(&config));
    let mut k = Kiosk::start(&tokio, store, wall, setup, (tx, updates));
    k.assert_shows("Maple Court Apartments");

    // ----- carrier logs in -----
    k.tap("Deliver packages");
    k.wait("carrier list", |s| s.name() == "carrier-login");
    k.assert_shows("Who are you delivering for?");
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
    for d in ["9", "9", "9", "9"] {
        k.tap(d);
    }
    k.tap("Log in");
    k.wait("wrong PIN", |s| {
        matches!(
            s,
            Screen::CarrierLogin {
                message: Some(_),
                ..
            }
        )
    });
    k.assert_shows("That PIN is not right. Try again.");
    for d in ["1", "3", "5", "7"] {
        k.tap(d);
    }
    k.wait("4 digits", |s| {
        matches!(s, Screen::CarrierLogin { pin_len: 4, .. })
    });
    k.assert_shows("4 of 4 digits entered");
    k.tap("Log in");
    k.wait("scan", |s| s.name() == "scan");
    k.assert_shows("Delivering for UPS.");

    // ----- first package: the wedge types without a field being tapped -----
    let first = deposit(
        &mut k,
        "1Z999AA10123456784",
        "Small",
        &[
            "Small, 14 free",
            // 11 medium lockers, one accessible kept for a resident who needs it.
            "Medium, 10 free",
            "Large, 4 free",
            "Extra large, 3 free",
        ],
    );
    k.tap("Next package");
    k.wait(
        "scan again",
        |s| matches!(s, Screen::Scan { tracking, .. } if tracking.is_empty()),
    );
    // A tracking number already stored is warned about.
    k.wedge("1Z999AA10123456784");
    k.wait("duplicate warning", |s| {
        matches!(
            s,
            Screen::Scan {
                confirm_duplicate: true,
                ..
            }
        )
    });
    k.assert_shows(&format!(
        "This tracking number is already in locker {first}."
    ));
    k.tap("Scan another");
    k.wait("cleared", |s| matches!(s, Screen::Scan { confirm_duplicate: false, tracking, .. } if tracking.is_empty()));
    // 14 small lockers less the one just used; every size enabled with its count.
    let second = deposit(
        &mut k,
        "9400100000000000000006",
        "Medium",
        &[
            "Small, 13 free",
            "Medium, 10 free",
            "Large, 4 free",
            "Extra large, 3 free",
        ],
    );
    assert_ne!(first, second);
    k.tap("Done");
    k.wait("home", |s| s.name() == "home");

    // ----- the resident's phone has both notices -----
    k.wait_until("two notices", |k| k.notices.len() == 2);
    // The code is the six-digit word in the notice's text.
    let code_of = |n: &lockerwall::notify::PhoneNotice| -> String {
        n.body
            .split_whitespace()
            .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
            .unwrap()
            .to_string()
    };
    let first_notice = k
        .notices
        .iter()
        .find(|n| n.subject.contains(&first))
        .unwrap();
    let code = code_of(first_notice);

    // ----- resident: a wrong code first -----
    k.tap("Pick up a package");
    k.wait("keypad", |s| s.name() == "pickup-code");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for d in wrong.chars() {
        k.tap(&d.to_string());
    }
    k.wait("wrong code", |s| {
        matches!(
            s,
            Screen::PickupCode {
                message: Some(_),
                checking: false,
                ..
            }
        )
    });
    k.assert_shows("That code does not match a package waiting here.");

    // ----- the right code opens the first door and offers the other -----
    // (Carmen's notices are Spanish, so her screens would follow them; she
    // taps English first, and a language chosen at the screen wins.)
    k.tap("English");
    for d in code.chars() {
        k.tap(&d.to_string());
    }
    k.wait(
        "door open",
        |s| matches!(s, Screen::PickupDoor { doors, .. } if doors[0].phase == DoorPhase::Open),
    );
    k.assert_shows(&format!(
        "Take your package from locker {first} and close the door when you are done."
    ));
    k.assert_shows("You have 1 more package here.");
    k.tap("Open them too");
    k.wait("both open", |s| matches!(s, Screen::PickupDoor { doors, .. } if doors.len() == 2 && doors.iter().all(|d| d.phase == DoorPhase::Open)));
    k.assert_shows(&format!("Locker {second}: Door open"));

    // ----- "Need help?" over the open doors: a report reaches staff -----
    k.tap("Need help?");
    k.wait_until("the help panel", |k| k.help.is_some());
    k.assert_shows(&format!(
        "Or tell them here what went wrong with locker {second}:"
    ));
    k.tap("My package is missing");
    k.wait_until("the report recorded", |k| {
        k.help.as_ref().is_some_and(|h| h.reported.is_some())
    });
    k.assert_shows("Thank you. The package staff have been told and will look into it.");
    let reported =
        lockerwall::store::Store::open(&dir.path().join("lockerwall.db"), common::hasher())
            .unwrap()
            .open_attention()
            .unwrap()
            .into_iter()
            .find(|a| a.kind == "problem_missing")
            .expect("the report is on the staff's list");
    assert!(
        reported.message.contains(&format!("locker {second}")),
        "{}",
        reported.message
    );
    k.tap("Close");
    k.wait_until("the panel closed", |k| k.help.is_none());
    k.wall.close(Kiosk::channel(&first));
    k.wait(
        "first closed",
        |s| matches!(s, Screen::PickupDoor { doors, .. } if doors[0].phase == DoorPhase::Closed),
    );
    k.assert_shows(&format!("Locker {first}: Closed"));
    k.wall.close(Kiosk::channel(&second));
    k.wait("home", |s| s.name() == "home");
    k.assert_shows("Thank you! Your locker is closed.");
    k.wait_until("receipts", |k| k.notices.len() == 4);
    assert!(
        k.notices.iter().all(|n| !n.waiting && n.qr.is_none()),
        "both shown as collected on the phone, their QR codes gone"
    );
    // The notices are on disk as .eml files, as a mail server would have had
    // them, and so is the problem report, to the package help address.
    let mails: Vec<String> = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(mails.len(), 5);
    let report = mails
        .iter()
        .find(|m| m.contains("Problem reported"))
        .expect("the report was mailed through the outbox");
    assert!(report.contains("packages@lockerwall.invalid"), "{report}");
}
