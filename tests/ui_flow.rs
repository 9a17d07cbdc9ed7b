//! The real Slint UI through the testing backend, on the real runtime, store and
//! simulated wall: a carrier logs in, scans with a keyboard wedge, picks the
//! recipient and size, the door opens and closes; then the resident picks up
//! both their packages with one code. Everything is found by accessible label.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use i_slint_backend_testing::ElementQuery;
use lockerwall::kiosk::{DoorPhase, Screen};
use lockerwall::runtime::{ChannelSink, Parts, Runtime, UiUpdate};
use lockerwall::site::Site;
use lockerwall::ui::AppWindow;
use lockerwall::view;
use lockerwall_hal::sim::SimWall;
use lockerwall_hal::Channel;
use rand::SeedableRng;
use slint::platform::WindowEvent;
use slint::ComponentHandle;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

struct Kiosk {
    ui: AppWindow,
    updates: mpsc::Receiver<UiUpdate>,
    screen: Screen,
    notices: Vec<lockerwall::notify::PhoneNotice>,
    wall: SimWall,
}

impl Kiosk {
    /// Apply updates until the screen satisfies `pred` (5 s at most).
    fn wait(&mut self, what: &str, pred: impl Fn(&Screen) -> bool) -> Screen {
        self.wait_until(what, |k| pred(&k.screen));
        self.screen.clone()
    }

    /// Apply updates (screens and notices, as the kiosk would) until `pred` holds.
    fn wait_until(&mut self, what: &str, pred: impl Fn(&Kiosk) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !pred(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.updates.recv_timeout(left) {
                Ok(u) => {
                    view::apply(&self.ui, &u);
                    match u {
                        UiUpdate::Screen(s) => self.screen = s,
                        UiUpdate::Notices(n) => self.notices = n,
                        UiUpdate::Viewfinder(_) => {}
                    }
                }
                Err(_) => panic!("timed out waiting for {what}; screen is {:?}", self.screen),
            }
        }
    }

    fn labels(&self) -> Vec<String> {
        ElementQuery::from_root(&self.ui)
            .find_all()
            .into_iter()
            .filter(|e| e.is_valid())
            .filter_map(|e| e.accessible_label().map(|l| l.to_string()))
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Tap the enabled element whose accessible label is `label` (or starts with `label, `).
    fn tap(&self, label: &str) {
        let exact = label.to_string();
        let prefix = format!("{label}, ");
        let found = ElementQuery::from_root(&self.ui)
            .match_predicate(move |e| {
                e.accessible_label()
                    .is_some_and(|l| l == exact.as_str() || l.starts_with(&prefix))
                    && e.accessible_enabled() != Some(false)
            })
            .find_first();
        match found {
            Some(e) => e.invoke_accessible_default_action(),
            None => panic!(
                "no enabled element labelled {label:?}; labels: {:?}",
                self.labels()
            ),
        }
    }

    fn shows(&self, text: &str) -> bool {
        self.labels().iter().any(|l| l.contains(text))
    }

    fn assert_shows(&self, text: &str) {
        assert!(
            self.shows(text),
            "screen does not show {text:?}; labels: {:?}",
            self.labels()
        );
    }

    /// Type on the physical keyboard (a keyboard-wedge scanner does exactly this).
    fn wedge(&self, text: &str) {
        for c in text.chars().map(String::from).chain(["\n".to_string()]) {
            self.ui.window().dispatch_event(WindowEvent::KeyPressed {
                text: c.clone().into(),
            });
            self.ui
                .window()
                .dispatch_event(WindowEvent::KeyReleased { text: c.into() });
        }
    }

    fn channel(label: &str) -> Channel {
        let site = Site::demo();
        let l = site.lockers.iter().find(|l| l.label == label).unwrap();
        Channel::new(l.board, l.lock)
    }

    fn deposit(&mut self, tracking: &str, size_label: &str, counts: &[&str]) -> String {
        self.wedge(tracking);
        self.wait("recipient screen", |s| s.name() == "recipient");
        for k in ["A", "L", "V"] {
            self.tap(k);
        }
        self.wait("search results", |s| matches!(s, Screen::Recipient { results, query, .. } if query == "ALV" && !results.is_empty()));
        self.assert_shows("Unit 101 · Building C");
        self.tap("Carmen Alvarez");
        self.wait("sizes", |s| {
            matches!(
                s,
                Screen::Size {
                    counts: Some(_),
                    ..
                }
            )
        });
        self.assert_shows("For Carmen Alvarez");
        for c in counts {
            self.assert_shows(c);
        }
        self.tap(size_label);
        let s = self.wait(
            "door open",
            |s| matches!(s, Screen::DepositDoor { door, .. } if door.phase == DoorPhase::Open),
        );
        let Screen::DepositDoor { door, .. } = s else {
            unreachable!()
        };
        let label = door.locker.label;
        self.assert_shows(&format!(
            "Put the package in locker {label} and close the door."
        ));
        self.assert_shows(&format!("Locker {label}: Door open"));
        // The carrier closes the door.
        self.wall.close(Kiosk::channel(&label));
        self.wait("stored", |s| s.name() == "deposit-done");
        self.assert_shows(&format!(
            "Stored in locker {label}. Carmen Alvarez will be notified."
        ));
        label
    }
}

#[test]
fn carrier_drop_off_and_resident_pickup_through_the_ui() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let carriers = store.carriers().unwrap();
    let site = Site::demo();
    let wall = lockerwall::app::sim_wall(&site);

    let ui = AppWindow::new().unwrap();
    view::kiosk::set_site_name(&ui, &site.name);
    view::deposit::set_carriers(&ui, &carriers);
    ui.show().unwrap();

    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (tx, updates) = mpsc::channel();
    // The outbox worker, as the kiosk runs it with no SMTP server: .eml files
    // in the data folder, and the phone panel fed with what was sent.
    common::write_test_secret(dir.path());
    let config = lockerwall::config::Config {
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
    let parts = Parts {
        store,
        hal: Arc::new(wall.clone()),
        clock: Arc::new(lockerwall::domain::SystemClock),
        rng: rand::rngs::StdRng::seed_from_u64(5),
        sink: Box::new(ChannelSink(tx)),
        flow: lockerwall::kiosk::FlowConfig::default(),
        door_poll: Duration::from_millis(20),
        outbox: Some(wake),
        report_offset: None,
    };
    let (runtime, events) = tokio.block_on(Runtime::start(parts)).unwrap();
    view::bind(&ui, runtime.sender());
    tokio.spawn(runtime.run(events));

    let mut k = Kiosk {
        ui,
        updates,
        screen: Screen::Scan {
            carrier: String::new(),
            tracking: String::new(),
            message: None,
            confirm_duplicate: false,
        },
        notices: Vec::new(),
        wall,
    };
    k.wait("home", |s| s.name() == "home");
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
    let first = k.deposit(
        "1Z999AA10123456784",
        "Small",
        &[
            "Small, 14 free",
            "Medium, 11 free",
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
    let second = k.deposit(
        "9400100000000000000006",
        "Medium",
        &[
            "Small, 13 free",
            "Medium, 11 free",
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
    // The notices are on disk as .eml files, as a mail server would have had them.
    let mails = std::fs::read_dir(dir.path().join("mail")).unwrap().count();
    assert_eq!(mails, 4);
}
