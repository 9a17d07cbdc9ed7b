//! The carrier's journey: log in, scan, recipient, size, door, done; one
//! module per screen, and what they share here.

use super::flow::{Flow, InFlight, Then, Trip};
use super::screen::{DoorPhase, DoorView, Message, Screen};
use super::session::Delivery;
use super::{Effect, Event, LockerRef, ResidentHit};
use crate::domain::{DepositRequest, PackageId, Size, Timestamp};

pub(super) use scan::{field, tracking_char};

/// Longest PIN accepted on the keypad.
pub(super) const PIN_MAX: usize = 8;
/// Longest tracking number the field takes (longer scans are refused by `tracking::normalize`).
pub(super) const TRACKING_MAX: usize = 64;
/// Longest recipient query.
pub(super) const QUERY_MAX: usize = 40;

mod door;
mod login;
mod recipient;
mod scan;
mod size;

impl Flow {
    /// An event for the drop-off (a carrier's, or a resident's return at its door).
    pub(super) fn deposit_event(&mut self, event: Event, now: Timestamp, fx: &mut Vec<Effect>) {
        let screen = std::mem::replace(&mut self.screen, Screen::home());
        match &screen {
            Screen::CarrierLogin { .. } => self.login_step(screen, event, now, fx),
            Screen::Scan { .. } | Screen::CollectReturns { .. } => {
                self.scan_step(screen, event, now, fx)
            }
            Screen::Recipient { .. } => self.recipient_step(screen, event, now, fx),
            Screen::Size { .. } => self.size_step(screen, event, now, fx),
            Screen::DepositDoor { .. } | Screen::DepositDone { .. } => {
                self.door_step(screen, event, now, fx)
            }
            _ => self.stray(screen, event, fx),
        }
    }

    /// What any screen does with an answer that outlived its question; other
    /// events leave it as it was (stale results, taps on disabled buttons).
    fn stray(&mut self, screen: Screen, event: Event, fx: &mut Vec<Effect>) {
        self.screen = match (screen, event) {
            (screen, Event::ReturnsWaiting(list)) => {
                if let Some(d) = self.delivery_mut() {
                    d.returns_waiting = list;
                }
                screen
            }
            // A reservation that arrives after its screen is gone is released at once.
            (screen, Event::Reserved { package, .. }) => {
                fx.push(Effect::CancelDeposit {
                    package,
                    reason: "session ended before the door was opened",
                });
                screen
            }
            (screen, _) => screen,
        };
    }
    /// After a cancelled drop-off: scanning again, or the sizes for the same package.
    pub(super) fn after_cancel(&mut self, then: Then, fx: &mut Vec<Effect>) {
        if self.is_return() {
            return match then {
                Then::ChooseSize => self.next_return(true, fx),
                Then::Scan => self.go_home_clean(),
            };
        }
        match (then, self.recipient()) {
            (Then::ChooseSize, Some(r)) => {
                let name = r.name.clone();
                fx.push(self.availability());
                self.screen = self.plain_sizes(name, None);
            }
            _ => self.show_scan(None),
        }
    }

    /// The scan screen for the logged-in carrier.
    pub(super) fn show_scan(&mut self, message: Option<Message>) {
        if let Some(d) = self.delivery_mut() {
            d.tracking.clear();
            d.recipient = None;
            d.share = None;
        }
        self.screen = self.scan_screen(message, false);
    }

    fn scan_screen(&self, message: Option<Message>, confirm_duplicate: bool) -> Screen {
        match self.delivery() {
            Some(Delivery {
                carrier: Some(c),
                tracking,
                returns_waiting,
                ..
            }) => Screen::Scan {
                carrier: c.name.clone(),
                tracking: tracking.clone(),
                message,
                confirm_duplicate,
                returns: returns_waiting.len(),
            },
            _ => Screen::home(),
        }
    }

    fn show_recipient(&mut self, fx: &mut Vec<Effect>) -> Screen {
        let payload = self.delivery_mut().and_then(|d| d.label_payload.take());
        fx.push(match payload {
            // The label says who it is for: those residents come first.
            Some(payload) => Effect::MatchShipTo(payload),
            None => Effect::Search {
                query: String::new(),
            },
        });
        Screen::Recipient {
            tracking: self
                .delivery()
                .map(|d| d.tracking.clone())
                .unwrap_or_default(),
            query: String::new(),
            results: Vec::new(),
        }
    }

    /// The size screen with what the wall and the room have free, the
    /// overflow chain applied to its message.
    fn sizes(
        &self,
        recipient: String,
        counts: Option<[u32; 4]>,
        message: Option<Message>,
        for_staff: bool,
    ) -> Screen {
        let (suggested, message) = match counts {
            Some(c) => overflow_chain(message, c, self.room_free),
            None => (None, message),
        };
        let suggested =
            suggested.filter(|_| self.share().is_none() || full_size(&message).is_some());
        self.size_screen(recipient, counts, message, suggested, for_staff)
    }

    /// The size screen with the package room's space and the shared-locker
    /// offer as they stand now.
    fn size_screen(
        &self,
        recipient: String,
        counts: Option<[u32; 4]>,
        message: Option<Message>,
        suggested: Option<Size>,
        for_staff: bool,
    ) -> Screen {
        Screen::Size {
            recipient,
            counts,
            message,
            suggested,
            for_staff,
            room: self.room_free,
            share: self.share_label(),
        }
    }

    /// The size screen as first shown: nothing said, the size after the
    /// first full one marked.
    fn plain_sizes(&self, recipient: String, counts: Option<[u32; 4]>) -> Screen {
        // The shared locker's offer is the one suggestion while it stands.
        let suggested = counts.and_then(next_up).filter(|_| self.share().is_none());
        self.size_screen(recipient, counts, None, suggested, false)
    }

    /// Ask what the wall has free for this drop-off's resident.
    pub(super) fn availability(&self) -> Effect {
        Effect::LoadAvailability {
            resident: self.recipient().map(|r| r.id),
            low_reach: self.look.low_reach,
        }
    }

    /// The resident this drop-off is for, once chosen.
    fn recipient(&self) -> Option<&ResidentHit> {
        self.delivery()?.recipient.as_ref()
    }

    /// The chosen resident's package whose locker can take this one too.
    fn share(&self) -> Option<&(PackageId, LockerRef)> {
        self.delivery()?.share.as_ref()
    }

    /// The shared-locker offer's locker label, while there is one.
    fn share_label(&self) -> Option<String> {
        self.share().map(|(_, l)| l.label.clone())
    }

    /// Leave the package with staff, recorded as needing a locker of `size`.
    fn hold(&mut self, size: Size, fx: &mut Vec<Effect>) {
        if let Some(req) = self.request(size) {
            fx.push(Effect::HoldWithStaff(req));
        }
    }

    fn request(&self, size: Size) -> Option<DepositRequest> {
        if self.is_return() {
            return self.return_request(size);
        }
        let d = self.delivery()?;
        Some(DepositRequest {
            tracking: d.tracking.clone(),
            carrier: d.carrier.as_ref()?.id,
            resident: d.recipient.as_ref()?.id,
            size,
            is_return: false,
            accessible_first: self.look.low_reach,
        })
    }

    pub(super) fn reserved(
        &mut self,
        package: crate::domain::PackageId,
        locker: super::LockerRef,
        recipient: String,
        message: Option<Message>,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) -> Screen {
        let Some(req) = self.request(locker.size) else {
            // The session ended between the request and its answer: release at once.
            fx.push(Effect::CancelDeposit {
                package,
                reason: "session ended before the door was opened",
            });
            return Screen::home();
        };
        fx.push(Effect::Unlock(locker.clone()));
        self.in_flight.push(InFlight::unlocked(
            package,
            locker.clone(),
            Trip::Deposit(Some(req)),
            now.plus_ms(self.config.door_open_timeout_ms),
        ));
        Screen::DepositDoor {
            door: DoorView {
                locker,
                phase: DoorPhase::Opening,
            },
            recipient,
            message,
            shelves: Vec::new(),
            is_return: self.is_return(),
        }
    }

    /// A place in the package room is reserved: open its door, the shelf
    /// suggested on screen (the carrier may pick or scan another).
    fn room_reserved(
        &mut self,
        package: crate::domain::PackageId,
        door: super::LockerRef,
        shelves: Vec<String>,
        recipient: String,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) -> Screen {
        if self.carrier().is_none() {
            fx.push(Effect::CancelDeposit {
                package,
                reason: "session ended before the door was opened",
            });
            return Screen::home();
        }
        fx.push(Effect::Unlock(door.clone()));
        // No other room to retry in: a failed door is said, and staff told.
        self.in_flight.push(InFlight::unlocked(
            package,
            door.clone(),
            Trip::Deposit(None),
            now.plus_ms(self.config.door_open_timeout_ms),
        ));
        Screen::DepositDoor {
            door: DoorView {
                locker: door,
                phase: DoorPhase::Opening,
            },
            recipient,
            message: None,
            shelves,
            is_return: false,
        }
    }

    /// The carrier picked (or scanned) a shelf in the room.
    pub(super) fn choose_shelf(&mut self, shelf: &str, fx: &mut Vec<Effect>) {
        let Screen::DepositDoor { door, shelves, .. } = &mut self.screen else {
            return;
        };
        let Some(label) = shelves
            .iter()
            .find(|s| s.eq_ignore_ascii_case(shelf.trim()))
        else {
            return;
        };
        let Some(f) = self
            .in_flight
            .iter()
            .find(|f| f.locker.id == door.locker.id)
        else {
            return;
        };
        fx.push(Effect::SetShelf {
            package: f.package,
            shelf: label.clone(),
        });
        door.locker.shelf = Some(label.clone());
    }
}

/// The size the screen's message says was full (what a package left with
/// staff or put in the room is recorded as needing).
fn full_size(message: &Option<Message>) -> Option<Size> {
    match message {
        Some(Message::SizeFull(z) | Message::NothingFits(z) | Message::TryRoom(Some(z))) => {
            Some(*z)
        }
        _ => None,
    }
}

/// The overflow chain, in order: the next size up with a free locker, then
/// the package room while it has space, then leave it with staff.
fn overflow_chain(
    message: Option<Message>,
    counts: [u32; 4],
    room: Option<u32>,
) -> (Option<Size>, Option<Message>) {
    let room_ok = room.is_some_and(|n| n > 0);
    if let Some(full) = full_size(&message) {
        if let Some(up) = Size::ALL
            .into_iter()
            .find(|z| *z > full && counts[z.index()] > 0)
        {
            return (Some(up), Some(Message::SizeFull(full)));
        }
        return (
            None,
            Some(if room_ok {
                Message::TryRoom(Some(full))
            } else {
                Message::NothingFits(full)
            }),
        );
    }
    let wall_full = counts.iter().all(|c| *c == 0);
    match message {
        None | Some(Message::WallFull | Message::TryRoom(None)) if wall_full => (
            None,
            Some(if room_ok {
                Message::TryRoom(None)
            } else {
                Message::WallFull
            }),
        ),
        // Lockers freed up meanwhile: the old "full" no longer holds.
        Some(Message::WallFull | Message::TryRoom(None)) => (next_up(counts), None),
        m => (next_up(counts), m),
    }
}

/// Full sizes are greyed, and the next size up from the smallest full one is
/// marked, so a carrier whose package needs the full size sees where it goes.
fn next_up(counts: [u32; 4]) -> Option<Size> {
    let full = Size::ALL.into_iter().find(|z| counts[z.index()] == 0)?;
    Size::ALL
        .into_iter()
        .find(|z| *z > full && counts[z.index()] > 0)
}
