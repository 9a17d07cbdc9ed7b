//! The real Slint UI through the testing backend, driven by accessible labels:
//! the harness the UI integration tests share.

use i_slint_backend_testing::{ElementHandle, ElementQuery};
use lockerwall::kiosk::Screen;
use lockerwall::runtime::UiUpdate;
use lockerwall::site::Site;
use lockerwall::ui::AppWindow;
use lockerwall::view;
use lockerwall_hal::sim::SimWall;
use lockerwall_hal::Channel;
use slint::platform::WindowEvent;
use slint::ComponentHandle;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The kiosk window, the updates the runtime sends it, and the simulated wall.
pub struct Kiosk {
    pub ui: AppWindow,
    pub updates: mpsc::Receiver<UiUpdate>,
    pub screen: Screen,
    pub notices: Vec<lockerwall::notify::PhoneNotice>,
    pub wall: SimWall,
    /// The "Need help?" panel as last shown.
    pub help: Option<lockerwall::kiosk::HelpPanel>,
    /// Spoken guidance, as the kiosk's sink gives it after each update.
    pub speaker: Option<lockerwall::speech::Speaker>,
}

/// What a test kiosk runs on besides the store and the wall.
pub struct Setup {
    pub clock: std::sync::Arc<dyn lockerwall::domain::Clock>,
    /// The outbox worker's wake-up, when the test runs one.
    pub outbox: Option<std::sync::Arc<tokio::sync::Notify>>,
    /// Home offers "My packages" (the wall gives residents page links).
    pub page_links: bool,
}

impl Kiosk {
    /// The demo site's kiosk window on the real runtime, `store` and `wall`,
    /// with its updates arriving on `(tx, updates)`.
    pub fn start(
        tokio: &tokio::runtime::Runtime,
        store: lockerwall::store::Store,
        wall: SimWall,
        setup: Setup,
        (tx, updates): (mpsc::Sender<UiUpdate>, mpsc::Receiver<UiUpdate>),
    ) -> Kiosk {
        use rand::SeedableRng;
        let site = Site::demo();
        let ui = AppWindow::new().unwrap();
        view::kiosk::set_site_name(&ui, &site.name);
        view::kiosk::set_pages_offered(&ui, setup.page_links);
        view::deposit::set_carriers(&ui, &store.carriers().unwrap());
        ui.show().unwrap();
        let parts = lockerwall::runtime::Parts {
            store,
            hal: std::sync::Arc::new(wall.clone()),
            clock: setup.clock,
            rng: rand::rngs::StdRng::seed_from_u64(5),
            sink: Box::new(lockerwall::runtime::ChannelSink(tx)),
            flow: lockerwall::kiosk::FlowConfig {
                share_lockers: site.share_lockers,
                page_links: setup.page_links,
                ..Default::default()
            },
            door_poll: Duration::from_millis(20),
            outbox: setup.outbox,
            report_offset: Some(0),
        };
        let (runtime, events) = tokio
            .block_on(lockerwall::runtime::Runtime::start(parts))
            .unwrap();
        view::bind(&ui, runtime.sender());
        tokio.spawn(runtime.run(events));
        let mut k = Kiosk {
            ui,
            updates,
            screen: Screen::pickup_code(),
            notices: Vec::new(),
            wall,
            help: None,
            speaker: None,
        };
        k.wait("home", |s| s.name() == "home");
        k
    }

    /// Apply updates until the screen satisfies `pred` (5 s at most).
    pub fn wait(&mut self, what: &str, pred: impl Fn(&Screen) -> bool) -> Screen {
        self.wait_until(what, |k| pred(&k.screen));
        self.screen.clone()
    }

    /// Apply updates (screens and notices, as the kiosk would) until `pred` holds.
    pub fn wait_until(&mut self, what: &str, pred: impl Fn(&Kiosk) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !pred(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.updates.recv_timeout(left) {
                Ok(u) => {
                    self.show(&u);
                    match u {
                        UiUpdate::Screen(s) => self.screen = s,
                        UiUpdate::Notices(n) => self.notices = n,
                        UiUpdate::Help(h) => self.help = h,
                        UiUpdate::Viewfinder(_)
                        | UiUpdate::Carriers(_)
                        | UiUpdate::Language(_)
                        | UiUpdate::TimeLeft(_)
                        | UiUpdate::Look(_)
                        | UiUpdate::Night(_) => {}
                    }
                }
                Err(_) => panic!("timed out waiting for {what}; screen is {:?}", self.screen),
            }
        }
    }

    /// Keep showing updates until `pred` (which may read the database) holds (5 s at most).
    pub fn wait_for(&mut self, what: &str, pred: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !pred() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            if let Ok(u) = self.updates.recv_timeout(Duration::from_millis(20)) {
                self.show(&u);
                if let UiUpdate::Screen(s) = u {
                    self.screen = s;
                }
            }
        }
    }

    /// Show `u` as the kiosk's sink does: drawn, then spoken (speech on).
    fn show(&mut self, u: &UiUpdate) {
        view::apply(&self.ui, u);
        if let Some(speaker) = &mut self.speaker {
            view::speech::follow(&self.ui, u, speaker);
        }
    }

    pub fn labels(&self) -> Vec<String> {
        ElementQuery::from_root(&self.ui)
            .find_all()
            .into_iter()
            .filter(|e| e.is_valid())
            .filter_map(|e| e.accessible_label().map(|l| l.to_string()))
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Tap the enabled element whose accessible label is `label` (or starts with `label, `).
    pub fn tap(&self, label: &str) {
        self.find(label).invoke_accessible_default_action();
    }

    /// The enabled element labelled `label` (or `label, more words`).
    pub fn find(&self, label: &str) -> ElementHandle {
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
            Some(e) => e,
            None => panic!(
                "no enabled element labelled {label:?}; labels: {:?}",
                self.labels()
            ),
        }
    }

    pub fn shows(&self, text: &str) -> bool {
        self.labels().iter().any(|l| l.contains(text))
    }

    pub fn assert_shows(&self, text: &str) {
        assert!(
            self.shows(text),
            "screen does not show {text:?}; labels: {:?}",
            self.labels()
        );
    }

    /// Type on the physical keyboard (a keyboard-wedge scanner does exactly this).
    pub fn wedge(&self, text: &str) {
        for c in text.chars().map(String::from).chain(["\n".to_string()]) {
            self.ui.window().dispatch_event(WindowEvent::KeyPressed {
                text: c.clone().into(),
            });
            self.ui
                .window()
                .dispatch_event(WindowEvent::KeyReleased { text: c.into() });
        }
    }

    pub fn channel(label: &str) -> Channel {
        let site = Site::demo();
        let l = site.lockers.iter().find(|l| l.label == label).unwrap();
        Channel::new(l.board, l.lock)
    }
}

impl Kiosk {
    /// The demo site's kiosk on `store`: its simulated wall, the real clock,
    /// no outbox worker.
    pub fn demo(tokio: &tokio::runtime::Runtime, store: lockerwall::store::Store) -> Kiosk {
        let wall = lockerwall::app::sim_wall(&Site::demo());
        Kiosk::start(tokio, store, wall, plain_setup(), mpsc::channel())
    }

    /// From Home: a carrier logs in, scans `tracking` with the wedge, and
    /// picks Carmen Alvarez; the size screen is up with its counts.
    pub fn carrier_to_sizes(&mut self, carrier: &str, pin: &str, tracking: &str) {
        self.tap("Deliver packages");
        self.wait("carrier list", |s| s.name() == "carrier-login");
        self.tap(carrier);
        self.wait("PIN pad", |s| {
            matches!(
                s,
                Screen::CarrierLogin {
                    chosen: Some(_),
                    ..
                }
            )
        });
        for d in pin.chars() {
            self.tap(&d.to_string());
        }
        self.tap("Log in");
        self.wait("scan", |s| s.name() == "scan");
        self.wedge(tracking);
        self.wait("recipient screen", |s| s.name() == "recipient");
        for key in ["A", "L", "V"] {
            self.tap(key);
        }
        self.wait("search results", |s| {
            matches!(s, Screen::Recipient { results, query, .. } if query == "ALV" && !results.is_empty())
        });
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
    }
}

impl Kiosk {
    /// From Home: staff log in with `pin` on the keypad.
    pub fn staff_logs_in(&mut self, pin: &str) {
        self.tap("Staff");
        self.wait("staff PIN", |s| s.name() == "staff-pin");
        for d in pin.chars() {
            self.tap(&d.to_string());
        }
        self.tap("Log in");
        self.wait("staff", |s| s.name() == "staff");
    }
}

/// The runtime a test kiosk runs its doors and store on.
pub fn tokio() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// The real clock and no outbox worker.
pub fn plain_setup() -> Setup {
    Setup {
        clock: std::sync::Arc::new(lockerwall::domain::SystemClock),
        outbox: None,
        page_links: false,
    }
}
