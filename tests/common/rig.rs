//! The runtime rig: the real store on a SQLite file, a simulated wall (in
//! process, or behind the real drivers over pseudo-terminals), the flow driven
//! by hand so every step happens in a known order.

use super::ManualClock;
use lockerwall::domain::Size;
use lockerwall::kiosk::{Event, FlowConfig, Screen, TextKey};
use lockerwall::runtime::{ChannelSink, Parts, Runtime, UiUpdate};
use lockerwall::site::Site;
use lockerwall_hal::sim::SimWall;
use lockerwall_hal::Channel;
use rand::SeedableRng;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

pub struct Rig {
    pub rt: Runtime,
    pub hal: Arc<dyn lockerwall_hal::LockController>,
    pub events: tokio::sync::mpsc::UnboundedReceiver<Event>,
    pub screens: mpsc::Receiver<UiUpdate>,
    pub wall: SimWall,
    pub clock: ManualClock,
    pub _dir: tempfile::TempDir,
    pub _pty: Vec<tokio_serial::SerialStream>,
}

pub async fn rig() -> Rig {
    let wall = lockerwall::app::sim_wall(&Site::demo());
    rig_on(Arc::new(wall.clone()), wall, Vec::new(), &Site::demo()).await
}

/// The same wall behind the real drivers the site's wiring names, each bus
/// served by a simulated board over its own pseudo-terminal.
pub async fn serial_rig(site: &Site) -> Rig {
    let wall = lockerwall::app::sim_wall(site);
    let (buses, slaves, _) = super::site_on_ptys(&wall, site);
    rig_on(Arc::new(buses), wall, slaves, site).await
}

pub async fn rig_on(
    hal: Arc<dyn lockerwall_hal::LockController>,
    wall: SimWall,
    pty: Vec<tokio_serial::SerialStream>,
    site: &Site,
) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = super::store_for(dir.path(), site);
    let clock = ManualClock::new();
    let (tx, screens) = mpsc::channel();
    let hal_kept = hal.clone();
    let parts = Parts {
        store,
        hal,
        clock: Arc::new(clock.clone()),
        rng: rand::rngs::StdRng::seed_from_u64(9),
        sink: Box::new(ChannelSink(tx)),
        flow: FlowConfig {
            share_lockers: site.share_lockers,
            ..FlowConfig::default()
        },
        door_poll: Duration::from_millis(10),
        outbox: None,
        report_offset: Some(0),
    };
    // The test drives the runtime by hand (`handle` and `pump`) instead of `run`,
    // so every step is in a known order.
    let (rt, events) = Runtime::start(parts).await.unwrap();
    Rig {
        rt,
        hal: hal_kept,
        events,
        screens,
        wall,
        clock,
        _dir: dir,
        _pty: pty,
    }
}

impl Rig {
    pub fn send(&mut self, e: Event) {
        self.rt.handle(e);
    }
    /// Let the door watcher and unlock tasks run, then feed what they reported.
    /// (The real driver needs a few bus round trips, so allow for them.)
    pub async fn pump(&mut self) {
        let wait = if self._pty.is_empty() { 40 } else { 400 };
        tokio::time::sleep(Duration::from_millis(wait)).await;
        while let Ok(e) = self.events.try_recv() {
            self.rt.handle(e);
        }
    }
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Event::Key(TextKey::Char(c)));
        }
    }
    pub fn screen(&self) -> Screen {
        self.rt.flow().screen().clone()
    }
    /// The simulated door for a label.
    pub fn store(&self) -> lockerwall::store::Store {
        lockerwall::store::Store::open(&self._dir.path().join("lockerwall.db"), super::hasher())
            .unwrap()
    }
    pub fn channel(&self, label: &str) -> Channel {
        let site = Site::demo();
        let l = site.lockers.iter().find(|l| l.label == label).unwrap();
        Channel::new(l.board, l.lock)
    }
}

pub async fn deliver(r: &mut Rig, tracking: &str, name_part: &str, size: Size) -> String {
    ups_logged_in(r);
    r.keys(tracking);
    r.send(Event::Key(TextKey::Enter));
    assert_eq!(r.screen().name(), "recipient");
    r.keys(name_part);
    let Screen::Recipient { results, .. } = r.screen() else {
        panic!()
    };
    r.send(Event::ChooseResident(results[0].id));
    let Screen::Size {
        counts: Some(_), ..
    } = r.screen()
    else {
        panic!("{:?}", r.screen())
    };
    r.send(Event::ChooseSize(size));
    r.pump().await;
    let Screen::DepositDoor { door, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    door.locker.label
}

/// Carmen collects her first queued package with its code, and shuts the door.
pub async fn collect_first(r: &mut Rig, label: &str) {
    let code = r.store().outbox().unwrap()[0].facts.code.clone().unwrap();
    r.send(Event::PickUp);
    r.keys(&code);
    r.pump().await;
    r.wall.close(r.channel(label));
    r.pump().await;
}

/// Deliver one package to Carmen Alvarez and close its door: (locker label, package).
pub async fn stored_for_carmen(
    r: &mut Rig,
    tracking: &str,
) -> (String, lockerwall::domain::PackageId) {
    let label = deliver(r, tracking, "alvarez", Size::S).await;
    r.wall.close(r.channel(&label));
    r.pump().await;
    r.send(Event::Done);
    let item = r
        .store()
        .outbox()
        .unwrap()
        .into_iter()
        .rfind(|i| i.facts.locker == label)
        .expect("a notice was queued");
    (label, item.facts.package)
}

impl Rig {
    /// The outbox worker on this rig's database, sending with `transport`.
    pub fn worker(&self, transport: lockerwall::notify::Transport) -> lockerwall::notify::Worker {
        let mut store = lockerwall::store::Store::open(
            &self._dir.path().join("lockerwall.db"),
            super::hasher(),
        )
        .unwrap();
        store.set_notices(Default::default());
        lockerwall::notify::Worker {
            mailer: super::mailer(&store),
            store,
            transport,
            webhook: None,
            texts: None,
            clock: Arc::new(self.clock.clone()),
            backoff: Default::default(),
            wake: Arc::new(tokio::sync::Notify::new()),
            phone: None,
        }
    }
}

impl Rig {
    /// Have the runtime's store queue webhook notices to `url` too.
    pub fn rt_set_webhook(&mut self, url: &str) {
        self.rt.set_notices(lockerwall::store::NoticeSetup {
            webhook: Some(url.to_string()),
            ..Default::default()
        });
    }
}

/// UPS logged in with its real PIN, unless a carrier already is: the scan screen is up.
pub fn ups_logged_in(r: &mut Rig) {
    if r.screen().name() != "scan" {
        r.send(Event::Deliver);
        r.send(Event::ChooseCarrier(
            lockerwall::domain::CarrierId(2),
            "UPS".into(),
        ));
        r.keys("1357");
        r.send(Event::Key(TextKey::Enter));
    }
    assert_eq!(
        r.screen().name(),
        "scan",
        "logged in with the real PIN check"
    );
}

/// A UPS carrier logged in (unless one already is), the package scanned and
/// Carmen Alvarez chosen: the size screen is up.
pub fn at_sizes(r: &mut Rig, tracking: &str) {
    ups_logged_in(r);
    r.keys(tracking);
    r.send(Event::Key(TextKey::Enter));
    r.keys("alvarez");
    let Screen::Recipient { results, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    r.send(Event::ChooseResident(results[0].id));
}
