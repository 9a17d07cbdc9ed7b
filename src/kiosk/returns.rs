//! Returns: a resident sends one (carrier, tracking number, who they are, a
//! size, the door), and a carrier collects theirs (doors one after another).
//! The door screens are the drop-off's and the door watching is shared.

use super::delivery::{field, tracking_char};
use super::flow::{Flow, InFlight, Trip};
use super::screen::{DoorPhase, DoorView, Message, ResidentHit, Screen, SenderField};
use super::session::Session;
use super::who::{Typed, Who};
use super::{Effect, Event, LockerRef, TextKey};
use crate::domain::DepositRequest;
use crate::domain::{labels, CarrierId, PackageId, Size, Timestamp};

/// Longest tracking number the field takes.
const TRACKING_MAX: usize = 64;

/// A return being put together at the screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct ReturnDraft {
    pub carrier: Option<(CarrierId, String)>,
    pub tracking: String,
    /// The tracking number was entered (Enter, or a scan) and reads well.
    pub entered: bool,
    /// Their unit and last name, as typed.
    pub who: Who,
    /// Who sends it, once the unit and last name matched.
    pub sender: Option<ResidentHit>,
}

impl Flow {
    /// Home's "Send a return".
    pub(super) fn start_return(&mut self) {
        self.go_home_clean();
        self.session = Session::Return(ReturnDraft::default());
        self.screen = self.return_label(None);
    }

    /// An event for the return being sent, routed by its screen.
    pub(super) fn return_event(&mut self, event: Event, now: Timestamp, fx: &mut Vec<Effect>) {
        // Its door and done screens are the drop-off's.
        if matches!(
            self.screen,
            Screen::DepositDoor { .. } | Screen::DepositDone { .. }
        ) {
            return self.deposit_event(event, now, fx);
        }
        let Some(d) = self.take_return() else {
            self.screen = Screen::home();
            return;
        };
        let screen = std::mem::replace(&mut self.screen, Screen::home());
        match &screen {
            Screen::ReturnLabel { .. } => self.return_label_step(d, screen, event, fx),
            Screen::ReturnSender { .. } => self.return_sender_step(d, screen, event, now, fx),
            _ => self.return_size_step(d, screen, event, now, fx),
        }
    }

    /// The carrier and the tracking number.
    fn return_label_step(
        &mut self,
        mut d: ReturnDraft,
        screen: Screen,
        event: Event,
        fx: &mut Vec<Effect>,
    ) {
        let next = match (screen, event) {
            (Screen::ReturnLabel { .. }, Event::ChooseCarrier(id, name)) => {
                d.carrier = Some((id, name));
                if d.entered {
                    fx.push(Effect::CheckTracking {
                        tracking: d.tracking.clone(),
                    });
                }
                self.return_label_of(&d, None)
            }
            (Screen::ReturnLabel { .. }, Event::Key(key)) => {
                if key != TextKey::Enter {
                    d.entered = false;
                }
                let enter = Flow::edit(&mut d.tracking, &key, TRACKING_MAX, tracking_char);
                let message = if enter {
                    enter_tracking(&mut d, fx)
                } else {
                    None
                };
                self.return_label_of(&d, message)
            }
            (
                Screen::ReturnLabel { .. },
                Event::TrackingChecked {
                    tracking,
                    already_in,
                    ..
                },
            ) if tracking == d.tracking && d.entered => match (already_in, &d.sender) {
                (Some(label), _) => self.return_label_of(&d, Some(Message::AlreadyStored(label))),
                // A second return by the same resident skips who they are.
                (None, Some(s)) => {
                    fx.push(Effect::LoadAvailability {
                        resident: Some(s.id),
                        low_reach: self.look.low_reach,
                    });
                    return_size(&d, s, None, None)
                }
                (None, None) => sender_screen(&d, SenderField::Unit, None),
            },
            (Screen::ReturnLabel { .. }, Event::Back) => {
                self.go_home_clean();
                return;
            }

            (screen, _) => screen,
        };
        self.session = Session::Return(d);
        self.screen = next;
    }

    /// Who sends it: their unit and last name, checked.
    fn return_sender_step(
        &mut self,
        mut d: ReturnDraft,
        screen: Screen,
        event: Event,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        let next = match (screen, event) {
            (Screen::ReturnSender { .. }, Event::SenderField(field)) => {
                sender_screen(&d, field, None)
            }
            (
                Screen::ReturnSender {
                    field,
                    checking: false,
                    ..
                },
                Event::Key(key),
            ) => self.sender_key(&mut d, field, key, now, fx),
            (Screen::ReturnSender { field, .. }, Event::SenderChecked(found)) => {
                match (self.who_checked(found.is_some(), now), found) {
                    (None, Some(hit)) => {
                        fx.push(Effect::LoadAvailability {
                            resident: Some(hit.id),
                            low_reach: self.look.low_reach,
                        });
                        let screen = return_size(&d, &hit, None, None);
                        d.sender = Some(hit);
                        screen
                    }
                    (message, _) => sender_screen(&d, field, message),
                }
            }
            (Screen::ReturnSender { .. }, Event::Back) => self.return_label_of(&d, None),
            (screen, _) => screen,
        };
        self.session = Session::Return(d);
        self.screen = next;
    }

    /// Its size, and the door the store reserves.
    fn return_size_step(
        &mut self,
        mut d: ReturnDraft,
        screen: Screen,
        event: Event,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        let next = match (screen, event) {
            (Screen::ReturnSize { message, .. }, Event::Availability(counts)) => {
                let message = if counts.iter().all(|c| *c == 0) {
                    Some(Message::NoReturnLocker)
                } else {
                    message.filter(|m| *m != Message::NoReturnLocker)
                };
                match &d.sender {
                    Some(s) => return_size(&d, s, Some(counts), message),
                    None => sender_screen(&d, SenderField::Unit, None),
                }
            }
            (
                screen @ Screen::ReturnSize {
                    counts: Some(counts),
                    ..
                },
                Event::ChooseSize(size),
            ) if counts[size.index()] > 0 => {
                if let Some(req) = return_request(&d, size, self.look.low_reach) {
                    fx.push(Effect::BeginDeposit(req));
                }
                screen
            }
            (Screen::ReturnSize { .. }, Event::Reserved { package, locker }) => {
                let carrier = d.carrier.as_ref().map_or(String::new(), |c| c.1.clone());
                self.session = Session::Return(d);
                self.screen = self.reserved(package, locker, carrier, None, now, fx);
                return;
            }
            (
                Screen::ReturnSize {
                    sender,
                    carrier,
                    counts,
                    ..
                },
                Event::NoneFree(size),
            ) => {
                fx.push(Effect::LoadAvailability {
                    resident: d.sender.as_ref().map(|s| s.id),
                    low_reach: self.look.low_reach,
                });
                Screen::ReturnSize {
                    sender,
                    carrier,
                    counts,
                    message: Some(Message::SizeFull(size)),
                }
            }
            (Screen::ReturnSize { .. }, Event::Back) => {
                d.sender = None;
                sender_screen(&d, SenderField::LastName, None)
            }
            (screen, _) => screen,
        };
        self.session = Session::Return(d);
        self.screen = next;
    }

    /// A label read at the return's label screen: its number, entered.
    pub(super) fn return_read(&mut self, text: &str, fx: &mut Vec<Effect>) {
        let Some(mut d) = self.take_return() else {
            return;
        };
        let number = match labels::find(text).filter(|l| l.tracking != text.trim()) {
            Some(label) => label.tracking,
            None => text.to_string(),
        };
        d.tracking = field(&number, TRACKING_MAX, tracking_char);
        d.entered = false;
        let message = enter_tracking(&mut d, fx);
        self.screen = self.return_label_of(&d, message);
        self.session = Session::Return(d);
    }

    /// A key on the sender screen: into the field; Enter moves on, or checks.
    fn sender_key(
        &mut self,
        d: &mut ReturnDraft,
        field: SenderField,
        key: TextKey,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) -> Screen {
        match self.who_key(&mut d.who, field, key, now, fx) {
            Typed::Editing(field) => sender_screen(d, field, None),
            Typed::Refused(message) => sender_screen(d, field, Some(message)),
            Typed::Checking => Screen::ReturnSender {
                unit: d.who.unit.clone(),
                last_name: d.who.last_name.clone(),
                field,
                checking: true,
                message: None,
            },
        }
    }

    /// The label screen for the return being put together.
    fn return_label(&self, message: Option<Message>) -> Screen {
        match self.return_draft() {
            Some(d) => self.return_label_of(d, message),
            None => Screen::home(),
        }
    }

    fn return_label_of(&self, d: &ReturnDraft, message: Option<Message>) -> Screen {
        Screen::ReturnLabel {
            carrier: d.carrier.as_ref().map(|c| c.1.clone()),
            tracking: d.tracking.clone(),
            message,
        }
    }

    /// The return's drop-off request, once everything is known.
    pub(super) fn return_request(&self, size: Size) -> Option<DepositRequest> {
        return_request(self.return_draft()?, size, self.look.low_reach)
    }

    /// After a return's door: another return by the same resident (who
    /// they are is kept), or its size again after "Doesn't fit".
    pub(super) fn next_return(&mut self, sizes: bool, fx: &mut Vec<Effect>) {
        let Session::Return(d) = &mut self.session else {
            self.screen = Screen::home();
            return;
        };
        match (&d.sender, sizes) {
            (Some(s), true) => {
                fx.push(Effect::LoadAvailability {
                    resident: Some(s.id),
                    low_reach: self.look.low_reach,
                });
                self.screen = return_size(d, s, None, None);
            }
            _ => {
                d.carrier = None;
                d.tracking.clear();
                d.entered = false;
                self.screen = self.return_label(None);
            }
        }
    }

    // ----- the carrier's collection -----

    /// "Collect returns (N)": the doors open one after another.
    pub(super) fn collect_returns(&mut self, fx: &mut Vec<Effect>) {
        let waiting = self.delivery().map_or(&[][..], |d| &d.returns_waiting[..]);
        if waiting.is_empty() {
            return;
        }
        let next: Vec<LockerRef> = waiting.iter().map(|r| r.1.clone()).collect();
        self.screen = Screen::CollectReturns {
            doors: Vec::new(),
            next,
            message: None,
        };
        self.collect_next(fx);
    }

    /// Record the next return as being collected (its door opens when the
    /// store says so); with none left, back to scanning, with the count.
    pub(super) fn collect_next(&mut self, fx: &mut Vec<Effect>) {
        let Some(carrier) = self.carrier().map(|c| c.id) else {
            return;
        };
        let waiting = match &self.session {
            Session::Carrier(d) => &d.returns_waiting[..],
            _ => &[],
        };
        let Screen::CollectReturns { doors, next, .. } = &mut self.screen else {
            return;
        };
        match next.first() {
            Some(l) => {
                let Some(package) = waiting.iter().find(|r| r.1.id == l.id).map(|r| r.0) else {
                    next.remove(0);
                    return self.collect_next(fx);
                };
                fx.push(Effect::BeginCollect { package, carrier });
            }
            None => {
                let collected = doors
                    .iter()
                    .filter(|d| d.phase == DoorPhase::Closed)
                    .count() as u32;
                self.show_scan(Some(Message::ReturnsCollected(collected)));
                fx.push(Effect::LoadReturns(carrier));
            }
        }
    }

    /// The store's answer to `BeginCollect`: open the door, or skip a return
    /// that is no longer waiting.
    pub(super) fn collect_started(
        &mut self,
        package: PackageId,
        locker: Option<LockerRef>,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        if let Some(d) = self.delivery_mut() {
            d.returns_waiting.retain(|r| r.0 != package);
        }
        let Screen::CollectReturns { doors, next, .. } = &mut self.screen else {
            // The carrier left meanwhile: put it back as waiting, unopened.
            if locker.is_some() {
                fx.push(Effect::CancelPickup(package));
            }
            return;
        };
        if !next.is_empty() {
            next.remove(0);
        }
        let Some(locker) = locker else {
            return self.collect_next(fx);
        };
        doors.push(DoorView {
            locker: locker.clone(),
            phase: DoorPhase::Opening,
        });
        fx.push(Effect::Unlock(locker.clone()));
        self.in_flight.push(InFlight::unlocked(
            package,
            locker,
            Trip::Collect,
            now.plus_ms(self.config.door_open_timeout_ms),
        ));
    }

    /// A collection door settled (closed, or failed): the next one opens.
    pub(super) fn collect_door_settled(&mut self, failed: Option<String>, fx: &mut Vec<Effect>) {
        if let (Some(label), Screen::CollectReturns { message, .. }) = (failed, &mut self.screen) {
            *message = Some(Message::PickupDoorFailed(label));
        }
        if matches!(self.screen, Screen::CollectReturns { .. }) {
            self.collect_next(fx);
        }
    }
}

/// The tracking number entered: checked for duplicates once a carrier is
/// chosen (the number itself may say which); a word for the screen if not.
fn enter_tracking(d: &mut ReturnDraft, fx: &mut Vec<Effect>) -> Option<Message> {
    let Ok((t, label)) = labels::read(&d.tracking) else {
        return Some(Message::BadTracking);
    };
    d.tracking = t.clone();
    // A carrier's number whose check digit fails is a typo (a printed
    // return label scans clean): typed again, not sent on.
    if let Some(l) = label.as_ref().filter(|l| !l.check_ok) {
        return Some(Message::CheckDigit(l.carrier.name().to_string()));
    }
    d.entered = true;
    match (&d.carrier, label) {
        (Some(_), _) => {
            fx.push(Effect::CheckTracking { tracking: t });
            None
        }
        // The number says whose it is: that carrier is chosen.
        (None, Some(l)) => {
            fx.push(Effect::FindCarrier(l.carrier.name().to_string()));
            None
        }
        (None, None) => Some(Message::ChooseCarrier),
    }
}

fn sender_screen(d: &ReturnDraft, field: SenderField, message: Option<Message>) -> Screen {
    Screen::ReturnSender {
        unit: d.who.unit.clone(),
        last_name: d.who.last_name.clone(),
        field,
        checking: false,
        message,
    }
}

fn return_size(
    d: &ReturnDraft,
    sender: &ResidentHit,
    counts: Option<[u32; 4]>,
    message: Option<Message>,
) -> Screen {
    Screen::ReturnSize {
        sender: sender.name.clone(),
        carrier: d.carrier.as_ref().map_or(String::new(), |c| c.1.clone()),
        counts,
        message,
    }
}

fn return_request(d: &ReturnDraft, size: Size, low_reach: bool) -> Option<DepositRequest> {
    Some(DepositRequest {
        tracking: d.tracking.clone(),
        carrier: d.carrier.as_ref()?.0,
        resident: d.sender.as_ref()?.id,
        size,
        is_return: true,
        accessible_first: low_reach,
    })
}
