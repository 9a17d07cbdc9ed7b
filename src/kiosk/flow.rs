//! The flow's state and the shared parts of `step`: keys, idle, doors in flight.

use super::screen::{DoorPhase, Message, Screen};
use super::session::{Delivery, Pickup, Session};
use super::{Effect, Event, LockerRef, TextKey};
use crate::domain::DepositRequest;
use crate::domain::{PackageId, Timestamp};
use crate::security::Throttle;

/// Timing and limits, from config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowConfig {
    /// Any screen but Home returns Home after this long without a touch.
    pub idle_ms: i64,
    /// A door not seen open this long after its unlock has failed.
    pub door_open_timeout_ms: i64,
    /// A door open this long is prompted on screen and reported to staff.
    pub door_left_open_ms: i64,
    /// A staff session ends after this long without a touch.
    pub staff_idle_ms: i64,
    /// Offer the locker a resident's other package is in ("Add to B07?").
    pub share_lockers: bool,
    /// Screens that wait longer (or shorter) than `idle_ms`, by screen name.
    pub idle_by_screen: std::collections::BTreeMap<String, i64>,
    /// "Need more time?" counts down this long before a screen times out.
    pub more_time_ms: i64,
    /// Local hours (from, to) when the screens are dark; `None`: never.
    pub night_hours: Option<(u8, u8)>,
    /// Home offers "My packages": residents get a link to their own page.
    pub page_links: bool,
}

impl Default for FlowConfig {
    fn default() -> Self {
        Self {
            idle_ms: 60_000,
            door_open_timeout_ms: 4_000,
            door_left_open_ms: 90_000,
            staff_idle_ms: 180_000,
            share_lockers: false,
            idle_by_screen: Default::default(),
            more_time_ms: 20_000,
            night_hours: None,
            page_links: false,
        }
    }
}

/// Whether a door in flight is a drop-off or a pickup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trip {
    /// A drop-off; the request is kept to re-reserve if the door fails.
    Deposit(Option<DepositRequest>),
    Pickup,
    /// Staff taking a package out for a door-delivery run.
    DeliveryOut,
    /// A carrier collecting a return.
    Collect,
    /// Staff taking a package out (to the resident, the carrier, the office or the room).
    Removal,
}

/// A door the kiosk has unlocked and not yet seen closed. Kept apart from the
/// screen, so a walk-away or a timeout never loses track of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    pub package: PackageId,
    pub locker: LockerRef,
    pub trip: Trip,
    pub seen_open: bool,
    /// Not seen open by then: the door failed.
    pub deadline: Timestamp,
    /// The carrier cancelled with the door open: on close, the drop-off is cancelled
    /// and the carrier goes where this says.
    pub taking_back: Option<Then>,
    /// Nobody is at the screen for it any more (idle timeout): no re-reservation on failure.
    pub abandoned: bool,
}

impl InFlight {
    /// A door just sent its unlock: failed if not seen open by `deadline`.
    pub fn unlocked(
        package: PackageId,
        locker: LockerRef,
        trip: Trip,
        deadline: Timestamp,
    ) -> Self {
        InFlight {
            package,
            locker,
            trip,
            seen_open: false,
            deadline,
            taking_back: None,
            abandoned: false,
        }
    }
}

/// Where a carrier goes after a cancelled drop-off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// Back to scanning (the package is not being delivered now).
    Scan,
    /// Back to the sizes (it did not fit).
    ChooseSize,
}

/// The kiosk's whole state.
#[derive(Clone, Debug)]
pub struct Flow {
    pub(super) config: FlowConfig,
    pub(super) screen: Screen,
    /// The journey under way (`Idle` at Home).
    pub(super) session: Session,
    pub(super) in_flight: Vec<InFlight>,
    pub(super) last_touch: Timestamp,
    /// When Home started showing its current message (cleared after a while).
    pub(super) home_message_since: Option<Timestamp>,
    /// Every door's supervision: open since when, sensors, labels.
    pub(super) doors: super::supervision::Doors,
    /// The "Need help?" panel over the screen.
    pub(super) help: Option<super::help::HelpPanel>,
    /// The package room's door, where the site has a room.
    pub(super) room_door: Option<crate::domain::LockerId>,
    /// Places left in the package room, as last read.
    pub(super) room_free: Option<u32>,
    /// Wrong unit and last name pairs at the return screen.
    pub(super) sender_throttle: Throttle,
    /// The language this session's screens are in (`None`: the default).
    pub(super) language: Option<String>,
    /// This session's high contrast and text size.
    pub(super) look: super::Look,
    /// Seconds left on the "Need more time?" prompt, as of the last step.
    pub(super) time_left: Option<u32>,
}

/// The longest line a wedge scanner may type at the home screen.
const HOME_SCAN_MAX: usize = 512;

/// How long Home shows a message ("Thank you", "timed out") before it clears.
pub const HOME_MESSAGE_MS: i64 = 10_000;

impl Flow {
    /// A kiosk on its home screen.
    pub fn new(config: FlowConfig, now: Timestamp) -> Flow {
        Flow {
            config,
            screen: Screen::home(),
            session: Session::idle(),
            in_flight: Vec::new(),
            last_touch: now,
            home_message_since: None,
            doors: Default::default(),
            help: None,
            room_door: None,
            room_free: None,
            sender_throttle: Throttle::default(),
            language: None,
            look: super::Look::default(),
            time_left: None,
        }
    }

    /// The site has a package room behind this door.
    pub fn know_room(&mut self, door: crate::domain::LockerId) {
        self.room_door = Some(door);
    }

    /// What to show.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The timing and limits it runs with.
    pub fn config(&self) -> &FlowConfig {
        &self.config
    }

    /// The session's high contrast and text size.
    pub fn look(&self) -> super::Look {
        self.look
    }

    /// The language to show it in (`""`: the default, English).
    pub fn language(&self) -> &str {
        self.language.as_deref().unwrap_or("")
    }

    /// Doors unlocked and not yet seen closed.
    pub fn in_flight(&self) -> &[InFlight] {
        &self.in_flight
    }

    /// Resume watching a door after a restart (the store found it open).
    pub fn resume(&mut self, package: PackageId, locker: LockerRef, trip: Trip, now: Timestamp) {
        self.in_flight.push(InFlight {
            package,
            locker,
            trip,
            seen_open: true,
            deadline: now,
            taking_back: None,
            abandoned: true,
        });
    }

    /// Feed one event; returns what the runtime must do, in order.
    pub fn step(&mut self, event: Event, now: Timestamp) -> Vec<Effect> {
        let mut fx = Vec::new();
        let was_home = matches!(self.screen, Screen::Home { .. });
        if is_person(&event) {
            self.last_touch = now;
        }
        // What the doors and boards do can raise attention items: keep the
        // staff's list (and its badge) current.
        let refresh_attention = self.staff_member().is_some()
            && matches!(
                event,
                Event::DoorOpened(_)
                    | Event::DoorClosed(_)
                    | Event::BoardSilent(_)
                    | Event::BoardBack(_)
                    | Event::Occupancy(_)
                    | Event::UnlockFailed { .. }
            );
        match event {
            Event::Help(e) => self.help_event(e, now, &mut fx),
            Event::Staff(e) => self.staff_event(e, now, &mut fx),
            Event::Scanned(text) if self.in_staff_mode() => self.staff_scanned(&text, now, &mut fx),
            Event::Key(_) | Event::Back | Event::Searched { .. } | Event::StoreFailed
                if self.in_staff_mode() =>
            {
                self.staff_input(event, &mut fx)
            }
            Event::Tick => self.tick(now, &mut fx),
            Event::DoorOpened(_)
            | Event::DoorClosed(_)
            | Event::BoardSilent(_)
            | Event::BoardBack(_)
            | Event::Occupancy(_)
            | Event::UnlockFailed { .. } => self.wall_event(event, now, &mut fx),
            Event::Deliver => self.start(Session::Carrier(Delivery::default())),
            Event::PickUp => self.start(Session::Resident(Pickup::default())),
            Event::SendReturn => self.start_return(),
            Event::MyPackages => self.start_page_link(),
            // Chosen at any screen, kept until the session ends.
            Event::Language(lang) => self.language = Some(lang).filter(|l| !l.is_empty()),
            Event::ToggleLook(setting) => self.look = self.look.toggled(setting),
            Event::CollectStarted { package, locker } => {
                self.collect_started(package, locker, now, &mut fx)
            }
            // "More time": any touch restarts the screen's time.
            Event::Touch | Event::MoreTime => {}
            Event::CameraProblem => {
                if matches!(self.screen, Screen::Scan { .. } | Screen::PickupCode { .. }) {
                    if let Some(slot) = self.screen.message_mut() {
                        *slot = Some(Message::CameraProblem);
                    }
                }
            }
            Event::Scanned(text) => self.scanned(text, now, &mut fx),
            Event::StoreFailed => self.store_failed(),
            other => self.journey_event(other, now, &mut fx),
        }
        if refresh_attention && self.staff_member().is_some() {
            fx.push(Effect::Staff(super::staff::StaffEffect::LoadAttention));
        }
        self.settle_step(was_home, now);
        fx
    }

    /// A door moved, a board went quiet or came back, a door failed to open.
    fn wall_event(&mut self, event: Event, now: Timestamp, fx: &mut Vec<Effect>) {
        match event {
            Event::DoorOpened(locker) => {
                self.note_open(locker, now, fx);
                self.door_opened(locker, fx);
                self.overlay_doors();
            }
            Event::DoorClosed(locker) => {
                self.door_closed(locker, now, fx);
                self.note_closed(locker, fx);
                self.overlay_doors();
            }
            Event::BoardSilent(board) => self.board_event(board, true, fx),
            Event::BoardBack(board) => self.board_event(board, false, fx),
            Event::Occupancy(readings) => self.occupancy(readings, fx),
            Event::UnlockFailed { locker } => {
                if let Some(i) = self
                    .in_flight
                    .iter()
                    .position(|f| f.locker.id == locker && !f.seen_open)
                {
                    let f = self.in_flight.remove(i);
                    self.door_failed(f, now, fx);
                }
            }
            _ => {}
        }
    }

    /// The rest go to the journey under way.
    fn journey_event(&mut self, other: Event, now: Timestamp, fx: &mut Vec<Effect>) {
        // Nobody types at the home screen: keys there come from a
        // keyboard-wedge scanner, and a whole line is a scan.
        if let (Session::Idle { keys }, Event::Key(key)) = (&mut self.session, &other) {
            if let Some(scanned) = wedge_key(keys, key) {
                fx.extend(self.step(Event::Scanned(scanned), now));
            }
            return;
        }
        // A pickup's store answers go to the pickup even after it has
        // ended, which releases what they reserved.
        let pickup_result = matches!(
            other,
            Event::CodeChecked(_) | Event::TokenChecked(_) | Event::PickupStarted(_)
        );
        match self.session {
            _ if pickup_result => self.pickup_event(other, now, fx),
            Session::Resident(_) => self.pickup_event(other, now, fx),
            Session::Return(_) => self.return_event(other, now, fx),
            Session::PageLink(_) => self.page_link_event(other, now, fx),
            _ => self.deposit_event(other, now, fx),
        }
    }

    /// What holds after every step: Home ends the journey, its language and
    /// look; the prompts and the Home message's clock are brought up to date.
    fn settle_step(&mut self, was_home: bool, now: Timestamp) {
        // However a journey reached Home, it has ended there.
        let home = matches!(self.screen, Screen::Home { .. });
        if home && !matches!(self.session, Session::Idle { .. }) {
            self.session = Session::idle();
        }
        // A session's language ends with it, however it reached Home; one
        // chosen at Home goes with the session it starts.
        if !was_home && home {
            self.language = None;
            self.look = super::Look::default();
        }
        self.show_close_prompt();
        self.time_left = self.countdown(now);
        self.home_message_since = match (&self.screen, self.home_message_since) {
            (Screen::Home { message: Some(_) }, since) => since.or(Some(now)),
            _ => None,
        };
    }

    /// Start a journey at its first screen, forgetting the one before.
    pub(super) fn start(&mut self, session: Session) {
        self.screen = match &session {
            Session::Idle { .. } => Screen::home(),
            Session::Carrier(_) => Screen::carrier_login(),
            Session::Resident(_) => Screen::pickup_code(),
            Session::Return(_) | Session::PageLink(_) => Screen::home(),
            Session::Staff(_) => Screen::staff_pin(),
        };
        self.session = session;
    }

    /// Back to Home, forgetting the session (doors in flight are kept).
    pub(super) fn go_home_clean(&mut self) {
        self.session = Session::idle();
        self.screen = Screen::home();
    }

    fn store_failed(&mut self) {
        let msg = Some(Message::SystemError);
        match &mut self.screen {
            Screen::CarrierLogin {
                message, checking, ..
            }
            | Screen::PickupCode {
                message, checking, ..
            }
            | Screen::ReturnSender {
                message, checking, ..
            }
            | Screen::PageLinkWho {
                message, checking, ..
            } => {
                *message = msg;
                *checking = false;
            }
            Screen::Scan { message, .. }
            | Screen::Size { message, .. }
            | Screen::DepositDoor { message, .. }
            | Screen::PickupDoor { message, .. }
            | Screen::ReturnLabel { message, .. }
            | Screen::ReturnSize { message, .. }
            | Screen::CollectReturns { message, .. } => *message = msg,
            _ => self.screen = Screen::Home { message: msg },
        }
    }

    fn tick(&mut self, now: Timestamp, fx: &mut Vec<Effect>) {
        let (late, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.in_flight)
            .into_iter()
            .partition(|f| !f.seen_open && now >= f.deadline);
        self.in_flight = waiting;
        for f in late {
            self.door_failed(f, now, fx);
        }
        self.check_left_open(now, fx);
        if self
            .home_message_since
            .is_some_and(|t| now.since(t) >= HOME_MESSAGE_MS)
        {
            self.screen = Screen::home();
        }
        self.check_idle(now, fx);
    }

    /// The idle timeout: release what is only reserved, keep watching open doors.
    pub(super) fn time_out(&mut self) {
        for f in &mut self.in_flight {
            f.abandoned = true;
        }
        self.go_home_clean();
        self.screen = Screen::Home {
            message: Some(Message::TimedOut),
        };
    }

    fn door_opened(&mut self, locker: crate::domain::LockerId, fx: &mut Vec<Effect>) {
        // Every package waiting on this door (the package room's door serves many).
        let mut any = false;
        let actor = self
            .staff_member()
            .map_or(crate::domain::ACTOR_KIOSK.to_string(), |m| m.actor());
        for f in self
            .in_flight
            .iter_mut()
            .filter(|f| f.locker.id == locker && !f.seen_open)
        {
            f.seen_open = true;
            fx.push(match f.trip {
                // Out of its locker and with staff from this moment.
                Trip::DeliveryOut => Effect::Staff(super::staff::StaffEffect::TakenOut {
                    actor: actor.clone(),
                    package: f.package,
                }),
                _ => Effect::DoorSeenOpen(f.package),
            });
            any = true;
        }
        // Not a door we opened: `note_open` has reported it.
        if any {
            self.set_phase(locker, DoorPhase::Open);
        }
    }

    fn door_closed(
        &mut self,
        locker: crate::domain::LockerId,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        // Every package that went through this door while it was open.
        while let Some(i) = self
            .in_flight
            .iter()
            .position(|f| f.locker.id == locker && f.seen_open)
        {
            let f = self.in_flight.remove(i);
            self.settle_closed(f, locker, now, fx);
        }
    }

    fn settle_closed(
        &mut self,
        f: InFlight,
        locker: crate::domain::LockerId,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        match (&f.trip, f.taking_back) {
            (Trip::Deposit(_), Some(then)) => {
                fx.push(Effect::CancelDeposit {
                    package: f.package,
                    reason: if self.is_return() {
                        "the resident took the return back"
                    } else {
                        "carrier took the package back"
                    },
                });
                if matches!(&self.screen, Screen::DepositDoor { door, .. } if door.locker.id == locker)
                {
                    self.after_cancel(then, fx);
                }
            }
            (Trip::Deposit(_), None) => {
                fx.push(Effect::ConfirmDeposit(f.package));
                self.set_phase(locker, DoorPhase::Closed);
                self.overflow_door_settled(fx);
                if let Screen::DepositDoor {
                    door,
                    recipient,
                    is_return,
                    ..
                } = &self.screen
                {
                    if door.locker.id == locker {
                        let place = match &door.locker.shelf {
                            Some(shelf) => super::screen::Place::Room(shelf.clone()),
                            None => super::screen::Place::Locker(door.locker.label.clone()),
                        };
                        self.screen = Screen::DepositDone {
                            place,
                            recipient: recipient.clone(),
                            is_return: *is_return,
                        };
                    }
                }
            }
            (Trip::DeliveryOut, _) => {
                self.set_phase(locker, DoorPhase::Closed);
                // The next door once every package behind this one is settled.
                if !self.in_flight.iter().any(|g| g.locker.id == locker) {
                    self.delivery_door_settled(None, now, fx);
                }
            }
            (Trip::Collect, _) => {
                // The store settles a return's pickup as collected by its carrier.
                fx.push(Effect::ConfirmPickup(f.package));
                self.set_phase(locker, DoorPhase::Closed);
                self.collect_door_settled(None, fx);
            }
            (Trip::Removal, _) => {
                // The store settles it as the removal it recorded.
                fx.push(Effect::ConfirmPickup(f.package));
                self.removal_settled(fx);
            }
            (Trip::Pickup, _) => {
                fx.push(Effect::ConfirmPickup(f.package));
                self.set_phase(locker, DoorPhase::Closed);
                if let Screen::PickupDoor { doors, others, .. } = &self.screen {
                    let all_closed = doors
                        .iter()
                        .all(|d| matches!(d.phase, DoorPhase::Closed | DoorPhase::Failed));
                    if all_closed && others.is_empty() {
                        self.go_home_clean();
                        self.screen = Screen::Home {
                            message: Some(Message::ThankYou),
                        };
                    }
                }
            }
        }
    }

    fn door_failed(&mut self, f: InFlight, now: Timestamp, fx: &mut Vec<Effect>) {
        const WHY: &str = "the door did not open when unlocked";
        let label = f.locker.label.clone();
        self.set_phase(f.locker.id, DoorPhase::Failed);
        match f.trip {
            Trip::Deposit(req) => {
                fx.push(Effect::DepositDoorFailed {
                    package: f.package,
                    why: WHY,
                });
                self.overflow_door_settled(fx);
                let on_screen = matches!(&self.screen, Screen::DepositDoor { door, .. } if door.locker.id == f.locker.id);
                if let (false, true, Some(req)) = (f.abandoned, on_screen, req) {
                    fx.push(Effect::BeginDeposit(req));
                    if let Screen::DepositDoor { message, .. } = &mut self.screen {
                        *message = Some(Message::DoorFailedTryingAnother(label));
                    }
                }
            }
            Trip::DeliveryOut => {
                // Still in its locker: nothing to record but the door's fault.
                fx.push(Effect::DoorFault {
                    locker: f.locker.id,
                    why: WHY,
                });
                if !self.in_flight.iter().any(|g| g.locker.id == f.locker.id) {
                    self.delivery_door_settled(Some(label), now, fx);
                }
            }
            Trip::Pickup => {
                fx.push(Effect::PickupDoorFailed {
                    package: f.package,
                    why: WHY,
                });
                if let Screen::PickupDoor { message, .. } = &mut self.screen {
                    *message = Some(Message::PickupDoorFailed(label));
                }
            }
            Trip::Collect => {
                fx.push(Effect::PickupDoorFailed {
                    package: f.package,
                    why: WHY,
                });
                self.collect_door_settled(Some(label), fx);
            }
            Trip::Removal => {
                // Still inside, waiting with its code; the attention list says so.
                fx.push(Effect::PickupDoorFailed {
                    package: f.package,
                    why: WHY,
                });
                self.removal_settled(fx);
            }
        }
    }

    /// Update a door's phase on whichever door screen shows it.
    pub(super) fn set_phase(&mut self, locker: crate::domain::LockerId, phase: DoorPhase) {
        match &mut self.screen {
            Screen::DepositDoor { door, .. } if door.locker.id == locker => door.phase = phase,
            Screen::PickupDoor { doors, .. } | Screen::CollectReturns { doors, .. } => {
                for d in doors.iter_mut().filter(|d| d.locker.id == locker) {
                    d.phase = phase;
                }
            }
            Screen::Staff { page, .. } => match page.as_mut() {
                super::staff::StaffPage::Overflow {
                    loading: Some(l), ..
                } if l.door.locker.id == locker => l.door.phase = phase,
                super::staff::StaffPage::Deliveries {
                    opening: Some(d), ..
                } if d.locker.id == locker => d.phase = phase,
                _ => {}
            },
            _ => {}
        }
    }

    /// Apply a key to a text buffer; returns true on Enter.
    pub(super) fn edit(
        buf: &mut String,
        key: &TextKey,
        max: usize,
        accept: impl Fn(char) -> bool,
    ) -> bool {
        match key {
            TextKey::Char(c) if accept(*c) && buf.chars().count() < max => buf.push(*c),
            TextKey::Char(_) => {}
            TextKey::Backspace => {
                buf.pop();
            }
            TextKey::Clear => buf.clear(),
            TextKey::Enter => return true,
        }
        false
    }
}

/// A key a wedge scanner typed at Home; its Enter gives the whole line.
fn wedge_key(keys: &mut String, key: &TextKey) -> Option<String> {
    match key {
        TextKey::Char(c) if keys.len() < HOME_SCAN_MAX => keys.push(*c),
        TextKey::Enter if !keys.is_empty() => return Some(std::mem::take(keys)),
        _ => keys.clear(),
    }
    None
}

/// Events that come from a person at the screen (they keep the session alive).
fn is_person(e: &Event) -> bool {
    if let Event::Staff(s) = e {
        return s.from_person();
    }
    if let Event::Help(h) = e {
        return h.from_person();
    }
    !matches!(
        e,
        // A door moving is a person at the wall too, so it is not listed here.
        Event::Tick
            | Event::UnlockFailed { .. }
            | Event::PinChecked { .. }
            | Event::PinBlocked { .. }
            | Event::TrackingChecked { .. }
            | Event::Searched { .. }
            | Event::Availability(_)
            | Event::Reserved { .. }
            | Event::NoneFree(_)
            | Event::DepositStored { .. }
            | Event::CodeChecked(_)
            | Event::CodeHeld
            | Event::CodeBlocked(_)
            | Event::Held { .. }
            | Event::RoomSpace(_)
            | Event::RoomReserved { .. }
            | Event::Shareable(_)
            | Event::TokenChecked(_)
            | Event::PickupStarted(_)
            | Event::SenderChecked(_)
            | Event::ReturnsWaiting(_)
            | Event::CollectStarted { .. }
            | Event::StoreFailed
            | Event::BoardSilent(_)
            | Event::BoardBack(_)
            | Event::Occupancy(_)
            | Event::CameraProblem
    )
}
