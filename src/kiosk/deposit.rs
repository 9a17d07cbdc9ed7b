//! The carrier's screens: log in, scan, recipient, size, door, done.

use super::flow::{CarrierSession, Flow, InFlight, Then, Trip};
use super::screen::{DoorPhase, DoorView, Message, Place, Screen};
use super::{Effect, Event, TextKey};
use crate::domain::{labels, Size, Timestamp};
use crate::security::Typed;
use crate::domain::DepositRequest;

/// Longest PIN accepted on the keypad.
const PIN_MAX: usize = 8;
/// Longest tracking number the field takes (longer scans are refused by `tracking::normalize`).
const TRACKING_MAX: usize = 64;
/// Longest recipient query.
const QUERY_MAX: usize = 40;

impl Flow {
    pub(super) fn deposit_event(&mut self, event: Event, now: Timestamp, fx: &mut Vec<Effect>) {
        let screen = std::mem::replace(&mut self.screen, Screen::home());
        self.screen = match (screen, event) {
            // ----- log in -----
            (Screen::CarrierLogin { .. }, Event::ChooseCarrier(id, name)) => {
                self.secret.clear();
                Screen::CarrierLogin {
                    chosen: Some((id, name)),
                    pin_len: 0,
                    checking: false,
                    message: None,
                }
            }
            (
                Screen::CarrierLogin {
                    chosen: Some(c),
                    checking: false,
                    message,
                    ..
                },
                Event::Key(key),
            ) => {
                let enter = Flow::edit(&mut self.secret, &key, PIN_MAX, |c| c.is_ascii_digit());
                let message = message.filter(|_| !matches!(key, TextKey::Char(_)));
                // The store's guard decides whether it is checked at all (decision 0024).
                if enter && !self.secret.is_empty() {
                    fx.push(Effect::CheckPin {
                        carrier: c.0,
                        pin: Typed(std::mem::take(&mut self.secret)),
                    });
                    return self.screen = Screen::CarrierLogin {
                        chosen: Some(c),
                        pin_len: 0,
                        checking: true,
                        message: None,
                    };
                }
                Screen::CarrierLogin {
                    chosen: Some(c),
                    pin_len: self.secret.len(),
                    checking: false,
                    message,
                }
            }
            (
                Screen::CarrierLogin {
                    chosen: Some(c), ..
                },
                Event::PinChecked { carrier, ok },
            ) if c.0 == carrier => {
                if ok {
                    self.carrier = Some(CarrierSession { id: c.0, name: c.1 });
                    fx.push(Effect::LoadReturns(c.0));
                    self.show_scan(None);
                    if let Some(label) = self.pending_label.take() {
                        let more = self.step(Event::Scanned(label), now);
                        fx.extend(more);
                    }
                    return;
                }
                Screen::CarrierLogin {
                    chosen: Some(c),
                    pin_len: 0,
                    checking: false,
                    message: Some(Message::WrongPin),
                }
            }
            (
                Screen::CarrierLogin {
                    chosen: Some(c), ..
                },
                Event::PinBlocked { carrier, until },
            ) if c.0 == carrier => Screen::CarrierLogin {
                chosen: Some(c),
                pin_len: 0,
                checking: false,
                message: Some(Message::try_again(until, now)),
            },
            (
                Screen::CarrierLogin {
                    chosen: Some(_), ..
                },
                Event::Back,
            ) => {
                self.secret.clear();
                Screen::carrier_login()
            }
            (Screen::CarrierLogin { chosen: None, .. }, Event::Back) => {
                self.go_home_clean();
                Screen::home()
            }

            // ----- scan -----
            (Screen::Scan { .. }, Event::Key(key)) => {
                // A number typed by hand is not the label scanned before it.
                self.label_payload = None;
                let enter = Flow::edit(&mut self.tracking, &key, TRACKING_MAX, |c| {
                    c.is_ascii_graphic() || c == ' '
                });
                if enter {
                    match labels::read(&self.tracking) {
                        // A carrier's number whose check digit fails: a misread or a typo.
                        Ok((t, Some(label))) if !label.check_ok => {
                            self.tracking = t;
                            let msg = Message::CheckDigit(label.carrier.name().to_string());
                            return self.screen = self.scan_screen(Some(msg), true);
                        }
                        Ok((t, _)) => {
                            self.tracking = t.clone();
                            fx.push(Effect::CheckTracking { tracking: t });
                            return self.screen = self.scan_screen(None, false);
                        }
                        Err(_) => {
                            return self.screen =
                                self.scan_screen(Some(Message::BadTracking), false)
                        }
                    }
                }
                self.scan_screen(None, false)
            }
            (
                Screen::Scan { .. },
                Event::TrackingChecked {
                    tracking,
                    already_in,
                },
            ) if tracking == self.tracking => match already_in {
                Some(label) => self.scan_screen(Some(Message::AlreadyStored(label)), true),
                None => self.show_recipient(fx),
            },
            (
                Screen::Scan {
                    confirm_duplicate: true,
                    message: Some(Message::CheckDigit(_)),
                    ..
                },
                Event::DeliverAnyway,
            ) => {
                // The carrier vouches for the number as printed; duplicates are still checked.
                fx.push(Effect::CheckTracking {
                    tracking: self.tracking.clone(),
                });
                self.scan_screen(None, false)
            }
            (
                Screen::Scan {
                    confirm_duplicate: true,
                    ..
                },
                Event::DeliverAnyway,
            ) => self.show_recipient(fx),
            (Screen::Scan { message, .. }, Event::ReturnsWaiting(list)) => {
                self.returns_waiting = list;
                self.scan_screen(message, false)
            }
            (screen, Event::ReturnsWaiting(list)) => {
                self.returns_waiting = list;
                screen
            }
            (screen @ Screen::Scan { .. }, Event::CollectReturns) => {
                self.screen = screen;
                return self.collect_returns(fx);
            }
            (Screen::CollectReturns { .. }, Event::Done) => {
                // Doors open now are still watched; the rest stay waiting.
                fx.extend(self.carrier.as_ref().map(|c| Effect::LoadReturns(c.id)));
                return self.show_scan(None);
            }
            (Screen::Scan { .. }, Event::Back | Event::Done) => {
                self.go_home_clean();
                Screen::home()
            }

            // ----- recipient -----
            (
                Screen::Recipient {
                    tracking,
                    mut query,
                    results,
                },
                Event::Key(key),
            ) => {
                Flow::edit(&mut query, &key, QUERY_MAX, |c| !c.is_control());
                fx.push(Effect::Search {
                    query: query.clone(),
                });
                Screen::Recipient {
                    tracking,
                    query,
                    results,
                }
            }
            (
                Screen::Recipient {
                    tracking, query, ..
                },
                Event::Searched { query: q, hits },
            ) if q == query => Screen::Recipient {
                tracking,
                query,
                results: hits,
            },
            (
                Screen::Recipient {
                    tracking,
                    query,
                    results,
                },
                Event::ChooseResident(id),
            ) => match results.iter().find(|r| r.id == id) {
                Some(hit) => {
                    self.recipient = Some(hit.clone());
                    self.share = None;
                    fx.push(self.availability());
                    if self.config.share_lockers {
                        fx.push(Effect::FindShareable(hit.id));
                    }
                    self.plain_sizes(hit.name.clone(), None)
                }
                None => Screen::Recipient {
                    tracking,
                    query,
                    results,
                },
            },
            (Screen::Recipient { .. }, Event::Back) => self.scan_screen(None, false),

            // ----- size -----
            (
                Screen::Size {
                    recipient,
                    message,
                    for_staff,
                    ..
                },
                Event::Availability(counts),
            ) => {
                if self.room_door.is_some() {
                    fx.push(Effect::LoadRoomSpace);
                }
                self.sizes(recipient, Some(counts), message, for_staff)
            }
            (
                Screen::Size {
                    recipient,
                    counts,
                    message,
                    for_staff,
                    ..
                },
                Event::RoomSpace(free),
            ) => {
                self.room_free = Some(free);
                self.sizes(recipient, counts, message, for_staff)
            }
            // The package room: oversize, or nothing on the wall fits.
            (
                Screen::Size {
                    recipient,
                    counts,
                    message,
                    suggested,
                    for_staff: false,
                    room: Some(free),
                    ..
                },
                Event::UseRoom,
            ) if free > 0 => {
                let size = full_size(&message).unwrap_or(Size::XL);
                if let Some(req) = self.request(size) {
                    fx.push(Effect::BeginRoomDeposit(req));
                }
                Screen::Size {
                    recipient,
                    counts,
                    message,
                    suggested,
                    for_staff: false,
                    room: Some(free),
                    share: self.share_label(),
                }
            }
            (
                Screen::Size { recipient, .. },
                Event::RoomReserved {
                    package,
                    door,
                    shelves,
                },
            ) => self.room_reserved(package, door, shelves, recipient, now, fx),
            // "Add to B07 with their other package?": one code, one door for both.
            (mut screen @ Screen::Size { .. }, Event::Shareable(found)) => {
                self.share = found;
                if let Screen::Size { share, .. } = &mut screen {
                    *share = self.share_label();
                }
                screen
            }
            (
                Screen::Size {
                    recipient,
                    counts,
                    message,
                    suggested,
                    for_staff: false,
                    room,
                    ..
                },
                Event::ShareLocker,
            ) => {
                if let (Some((partner, locker)), Some(_)) = (&self.share, &self.recipient) {
                    if let Some(req) = self.request(locker.size) {
                        fx.push(Effect::BeginSharedDeposit {
                            req,
                            partner: *partner,
                        });
                    }
                }
                Screen::Size {
                    recipient,
                    counts,
                    message,
                    suggested,
                    for_staff: false,
                    room,
                    share: self.share_label(),
                }
            }
            // Choosing the size a package left with staff needs: any size.
            (
                Screen::Size {
                    for_staff: true,
                    recipient,
                    counts,
                    ..
                },
                Event::ChooseSize(size),
            ) => {
                self.hold(size, fx);
                self.plain_sizes(recipient, counts)
            }
            (
                Screen::Size {
                    for_staff: true,
                    recipient,
                    counts,
                    ..
                },
                Event::Back,
            ) => self.plain_sizes(recipient, counts),
            (
                Screen::Size {
                    recipient,
                    counts,
                    message,
                    suggested,
                    ..
                },
                Event::LeaveWithStaff,
            ) => match full_size(&message) {
                // The size that was full is the size it needs.
                Some(z) => {
                    self.hold(z, fx);
                    Screen::Size {
                        recipient,
                        counts,
                        message,
                        suggested,
                        for_staff: false,
                        room: self.room_free,
                        share: self.share_label(),
                    }
                }
                _ => Screen::Size {
                    recipient,
                    counts,
                    message: None,
                    suggested: None,
                    for_staff: true,
                    room: self.room_free,
                    share: self.share_label(),
                },
            },
            (Screen::Size { recipient, .. }, Event::Held { .. }) => Screen::DepositDone {
                place: Place::Staff,
                recipient,
                is_return: false,
            },
            (
                Screen::Size {
                    recipient,
                    counts: Some(counts),
                    ..
                },
                Event::ChooseSize(size),
            ) if counts[size.index()] > 0 => match self.request(size) {
                Some(req) => {
                    fx.push(Effect::BeginDeposit(req));
                    self.plain_sizes(recipient, Some(counts))
                }
                None => Screen::home(),
            },
            (Screen::Size { recipient, .. }, Event::Reserved { package, locker }) => {
                self.reserved(package, locker, recipient, None, now, fx)
            }
            (Screen::Size { recipient, .. }, Event::NoneFree(size)) => {
                fx.push(self.availability());
                Screen::Size {
                    recipient,
                    counts: None,
                    message: Some(Message::SizeFull(size)),
                    suggested: None,
                    for_staff: false,
                    room: self.room_free,
                    share: self.share_label(),
                }
            }
            (Screen::Size { .. }, Event::Back) => {
                self.recipient = None;
                return self.screen = self.show_recipient(fx);
            }

            // ----- door -----
            (
                Screen::DepositDoor {
                    recipient, message, ..
                },
                Event::Reserved { package, locker },
            ) => self.reserved(package, locker, recipient, message, now, fx),
            (Screen::DepositDoor { door, .. }, Event::NoneFree(_)) if self.ret.is_some() => {
                self.next_return(true, fx);
                if let Some(slot) = self.screen.message_mut() {
                    *slot = Some(Message::DoorFailedNoOther(door.locker.label));
                }
                return;
            }
            (
                Screen::DepositDoor {
                    recipient, door, ..
                },
                Event::NoneFree(_),
            ) => {
                fx.push(self.availability());
                Screen::Size {
                    recipient,
                    counts: None,
                    message: Some(Message::DoorFailedNoOther(door.locker.label)),
                    suggested: None,
                    for_staff: false,
                    room: self.room_free,
                    share: self.share_label(),
                }
            }
            (
                Screen::DepositDoor {
                    door,
                    recipient,
                    message,
                    shelves,
                    is_return,
                },
                event @ (Event::CancelDeposit | Event::DoesNotFit),
            ) => {
                let then = if event == Event::DoesNotFit {
                    Then::ChooseSize
                } else {
                    Then::Scan
                };
                match self
                    .in_flight
                    .iter()
                    .position(|f| f.locker.id == door.locker.id)
                {
                    Some(i) if self.in_flight[i].seen_open => {
                        self.in_flight[i].taking_back = Some(then);
                        Screen::DepositDoor {
                            door: DoorView {
                                phase: DoorPhase::TakeBack,
                                ..door
                            },
                            recipient,
                            message,
                            shelves,
                            is_return,
                        }
                    }
                    Some(i) => {
                        let f = self.in_flight.remove(i);
                        fx.push(Effect::CancelDeposit {
                            package: f.package,
                            reason: if self.ret.is_some() {
                                "the resident cancelled the return before the door opened"
                            } else {
                                "carrier cancelled before the door opened"
                            },
                        });
                        return self.after_cancel(then, fx);
                    }
                    // Already settled (failed or closed): nothing in flight to release.
                    None => return self.after_cancel(then, fx),
                }
            }

            (screen @ Screen::DepositDoor { .. }, Event::ChooseShelf(shelf)) => {
                self.screen = screen;
                return self.choose_shelf(&shelf, fx);
            }

            // ----- done -----
            (Screen::DepositDone { .. }, Event::NextPackage) if self.ret.is_some() => {
                return self.next_return(false, fx)
            }
            (Screen::DepositDone { .. }, Event::NextPackage) => return self.show_scan(None),
            (Screen::DepositDone { .. }, Event::Done) => {
                self.go_home_clean();
                Screen::home()
            }
            // A reservation that arrives after its screen is gone is released at once.
            (screen, Event::Reserved { package, .. }) => {
                fx.push(Effect::CancelDeposit {
                    package,
                    reason: "session ended before the door was opened",
                });
                screen
            }

            // Anything else leaves the screen as it was (stale results, taps on disabled buttons).
            (screen, _) => screen,
        };
    }

    /// After a cancelled drop-off: scanning again, or the sizes for the same package.
    pub(super) fn after_cancel(&mut self, then: Then, fx: &mut Vec<Effect>) {
        if self.ret.is_some() {
            return match then {
                Then::ChooseSize => self.next_return(true, fx),
                Then::Scan => self.go_home_clean(),
            };
        }
        match (then, &self.recipient) {
            (Then::ChooseSize, Some(r)) => {
                fx.push(self.availability());
                self.screen = self.plain_sizes(r.name.clone(), None);
            }
            _ => self.show_scan(None),
        }
    }

    /// The scan screen for the logged-in carrier.
    pub(super) fn show_scan(&mut self, message: Option<Message>) {
        self.tracking.clear();
        self.recipient = None;
        self.share = None;
        self.screen = self.scan_screen(message, false);
    }

    fn scan_screen(&self, message: Option<Message>, confirm_duplicate: bool) -> Screen {
        match &self.carrier {
            Some(c) => Screen::Scan {
                carrier: c.name.clone(),
                tracking: self.tracking.clone(),
                message,
                confirm_duplicate,
                returns: self.returns_waiting.len(),
            },
            None => Screen::home(),
        }
    }

    fn show_recipient(&mut self, fx: &mut Vec<Effect>) -> Screen {
        fx.push(match self.label_payload.take() {
            // The label says who it is for: those residents come first.
            Some(payload) => Effect::MatchShipTo(payload),
            None => Effect::Search {
                query: String::new(),
            },
        });
        Screen::Recipient {
            tracking: self.tracking.clone(),
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
        let suggested = suggested.filter(|_| self.share.is_none() || full_size(&message).is_some());
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
        Screen::Size {
            recipient,
            counts,
            message: None,
            // The shared locker's offer is the one suggestion while it stands.
            suggested: counts.and_then(next_up).filter(|_| self.share.is_none()),
            for_staff: false,
            room: self.room_free,
            share: self.share_label(),
        }
    }

    /// Ask what the wall has free for this drop-off's resident.
    pub(super) fn availability(&self) -> Effect {
        Effect::LoadAvailability {
            resident: self.recipient.as_ref().map(|r| r.id),
            low_reach: self.look.low_reach,
        }
    }

    /// The shared-locker offer's locker label, while there is one.
    fn share_label(&self) -> Option<String> {
        self.share.as_ref().map(|(_, l)| l.label.clone())
    }

    /// Leave the package with staff, recorded as needing a locker of `size`.
    fn hold(&mut self, size: Size, fx: &mut Vec<Effect>) {
        if let Some(req) = self.request(size) {
            fx.push(Effect::HoldWithStaff(req));
        }
    }

    fn request(&self, size: Size) -> Option<DepositRequest> {
        if self.ret.is_some() {
            return self.return_request(size);
        }
        Some(DepositRequest {
            tracking: self.tracking.clone(),
            carrier: self.carrier.as_ref()?.id,
            resident: self.recipient.as_ref()?.id,
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
            is_return: self.ret.is_some(),
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
        if self.carrier.is_none() {
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
