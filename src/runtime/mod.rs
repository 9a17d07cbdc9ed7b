//! Carries out the flow's effects (store, doors, timers) and feeds the results
//! back as events. Owns the kiosk's state; the UI only sends events in and
//! receives screens out.

mod doors;
mod effects;
mod sink;
mod staff;

pub use doors::{DoorMap, Reading};
pub use sink::{ChannelSink, UiSink, UiUpdate};

use crate::domain::Clock;
use crate::kiosk::{Event, Flow, FlowConfig, LockerRef, Trip};
use crate::security::TokenSigner;
use crate::store::{RecoveryAction, Store, StoreError};
use lockerwall_hal::LockController;
use rand::rngs::StdRng;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// How often the flow hears the time (idle and door deadlines).
const TICK: Duration = Duration::from_millis(250);

/// Everything the runtime needs to start.
pub struct Parts {
    pub store: Store,
    pub hal: Arc<dyn LockController>,
    pub clock: Arc<dyn Clock>,
    pub rng: StdRng,
    pub sink: Box<dyn UiSink>,
    pub flow: FlowConfig,
    /// How often the door watcher reads the boards.
    pub door_poll: Duration,
    /// Woken when a notice is queued (the outbox worker waits on it); none in tests without one.
    pub outbox: Option<Arc<tokio::sync::Notify>>,
    /// Reports' days are in this zone (minutes east of UTC); none: the system's.
    pub report_offset: Option<i32>,
}

/// The kiosk's engine.
pub struct Runtime {
    flow: Flow,
    store: Store,
    hal: Arc<dyn LockController>,
    /// Where each locker is wired: the flow names lockers, the runtime finds channels.
    doors: DoorMap,
    clock: Arc<dyn Clock>,
    rng: StdRng,
    sink: Box<dyn UiSink>,
    events: mpsc::UnboundedSender<Event>,
    shown: Option<crate::kiosk::Screen>,
    /// The help panel last sent to the UI.
    help_shown: Option<crate::kiosk::HelpPanel>,
    /// The language last sent to the UI.
    language_shown: String,
    /// The "Need more time?" countdown last sent to the UI.
    time_left_shown: Option<u32>,
    /// The look last sent to the UI.
    look_shown: crate::kiosk::Look,
    /// Whether the UI was last told it is night.
    night_shown: bool,
    /// Checks QR tokens scanned at the pickup screen.
    signer: TokenSigner,
    outbox: Option<Arc<tokio::sync::Notify>>,
    report_offset: Option<i32>,
}

impl Runtime {
    /// Reconcile interrupted packages with the doors, start the door watcher, and
    /// return the runtime with the sender the UI uses for its events.
    pub async fn start(
        parts: Parts,
    ) -> Result<(Runtime, mpsc::UnboundedReceiver<Event>), StoreError> {
        let (tx, rx) = mpsc::unbounded_channel();
        let Parts {
            mut store,
            hal,
            clock,
            mut rng,
            sink,
            flow,
            door_poll,
            outbox,
            report_offset,
        } = parts;
        let signer = store.token_signer();
        let doors = DoorMap::new(store.doors()?);
        let readings = doors.read_all(hal.as_ref()).await;
        for (board, e) in &readings.silent {
            tracing::warn!(board, error = %e, "lock board not answering at start-up");
        }
        let now = clock.now();
        let recovered =
            store.reconcile(&|l| readings.doors.get(&l.channel).copied(), now, &mut rng)?;
        let mut flow = Flow::new(flow, now);
        for r in recovered
            .into_iter()
            .filter(|r| r.action == RecoveryAction::AwaitingClose)
        {
            let trip = if r.deposit {
                Trip::Deposit(None)
            } else {
                Trip::Pickup
            };
            flow.resume(r.package, LockerRef::from(&r.locker), trip, now);
        }
        flow.know_lockers(store.doors()?.into_iter().map(|l| (l.id, l.label)));
        if let Some(room) = store.room()? {
            flow.know_room(room.door.id);
        }
        store.sync_offline_boards(&readings.silent.keys().copied().collect(), now)?;
        store.settle_left_open(&readings.closed_lockers(&doors), now)?;
        let first = flow.start_watching(
            &readings.open_lockers(&doors),
            readings.sensors(&doors),
            now,
        );
        doors::spawn_watcher(hal.clone(), doors.clone(), readings, door_poll, tx.clone());
        let mut runtime = Runtime {
            flow,
            store,
            hal,
            doors,
            clock,
            rng,
            sink,
            events: tx,
            shown: None,
            help_shown: None,
            language_shown: String::new(),
            time_left_shown: None,
            look_shown: Default::default(),
            night_shown: false,
            signer,
            outbox,
            report_offset,
        };
        for effect in first {
            if let Some(event) = runtime.execute(effect, now) {
                runtime.handle(event);
            }
        }
        Ok((runtime, rx))
    }

    /// Change where notices go (tests; the admin screens' settings later).
    pub fn set_notices(&mut self, setup: crate::store::NoticeSetup) {
        self.store.set_notices(setup);
    }

    /// The property's sync key: expected packages are known by tags under
    /// it (set at start from `[portfolio]`; tests set it here).
    pub fn know_sync_key(&mut self, key: String) {
        self.store.know_sync_key(key);
    }

    /// A sender for events from the UI.
    pub fn sender(&self) -> mpsc::UnboundedSender<Event> {
        self.events.clone()
    }

    /// The flow's current state (tests).
    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    /// Run until every sender is gone.
    pub async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Event>) {
        self.publish();
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let event = tokio::select! {
                e = rx.recv() => match e { Some(e) => e, None => break },
                _ = tick.tick() => Event::Tick,
            };
            self.handle(event);
        }
    }

    /// Step the flow with one event and everything it leads to, then show the result.
    pub fn handle(&mut self, event: Event) {
        let mut queue = VecDeque::from([event]);
        while let Some(event) = queue.pop_front() {
            let now = self.clock.now();
            for effect in self.flow.step(event, now) {
                if let Some(result) = self.execute(effect, now) {
                    queue.push_back(result);
                }
            }
        }
        self.publish();
    }

    fn publish(&mut self) {
        // The language first, so the new screen is drawn in it.
        let language = self.flow.language();
        if self.language_shown != language {
            self.sink.update(UiUpdate::Language(language.to_string()));
            self.language_shown = language.to_string();
        }
        let night = self.flow.config().night_hours.is_some_and(|hours| {
            let now = self.clock.now();
            let offset = crate::report::offset_now(self.report_offset, now);
            let minutes = (now.0 / 60_000 + i64::from(offset)).rem_euclid(24 * 60);
            crate::kiosk::is_night(hours, (minutes / 60) as u32)
        });
        if self.night_shown != night {
            self.sink.update(UiUpdate::Night(night));
            self.night_shown = night;
        }
        let look = self.flow.look();
        if self.look_shown != look {
            self.sink.update(UiUpdate::Look(look));
            self.look_shown = look;
        }
        let screen = self.flow.screen();
        if self.shown.as_ref() != Some(screen) {
            tracing::debug!(screen = screen.name(), "screen");
            self.sink.update(UiUpdate::Screen(screen.clone()));
            self.shown = Some(screen.clone());
        }
        let left = self.flow.time_left();
        if self.time_left_shown != left {
            self.sink.update(UiUpdate::TimeLeft(left));
            self.time_left_shown = left;
        }
        let help = self.flow.help();
        if self.help_shown.as_ref() != help {
            self.sink.update(UiUpdate::Help(help.cloned()));
            self.help_shown = help.cloned();
        }
    }

    /// Tell the outbox worker a notice is waiting.
    fn wake_outbox(&self) {
        if let Some(n) = &self.outbox {
            n.notify_one();
        }
    }
}
