//! The resident's screens: code, doors, and the other packages waiting.

use super::flow::{Flow, InFlight, Trip};
use super::screen::{DoorPhase, DoorView, Message, Screen};
use super::{Effect, Event, LockerRef, TextKey};
use crate::domain::{PackageId, Timestamp};
use crate::security::codes::CODE_LEN;

/// The longest token the pickup screen takes (a token is 42 characters).
const TOKEN_MAX: usize = 64;
use crate::security::Typed;

impl Flow {
    pub(super) fn pickup_event(&mut self, event: Event, now: Timestamp, fx: &mut Vec<Effect>) {
        let screen = std::mem::replace(&mut self.screen, Screen::home());
        self.screen = match (screen, event) {
            (
                Screen::PickupCode {
                    checking: false,
                    message,
                    ..
                },
                Event::Key(key),
            ) => {
                // A QR token from a scanner starts with a letter; a typed code is digits.
                let token = self
                    .secret
                    .chars()
                    .next()
                    .or(match key {
                        TextKey::Char(c) => Some(c),
                        _ => None,
                    })
                    .is_some_and(|c| c.is_ascii_alphabetic());
                let enter = if token {
                    Flow::edit(&mut self.secret, &key, TOKEN_MAX, |c| {
                        c.is_ascii_alphanumeric()
                    })
                } else {
                    Flow::edit(&mut self.secret, &key, CODE_LEN, |c| c.is_ascii_digit())
                };
                let mut message = message.filter(|_| !matches!(key, TextKey::Char(_)));
                // A full code submits itself: one less tap. A token waits for its Enter.
                let submit = enter
                    || (!token && matches!(key, TextKey::Char(_)) && self.secret.len() == CODE_LEN);
                if submit {
                    // A signed token cannot be guessed, so the code throttle does not
                    // apply to it: a resident who mistyped their code can still scan.
                    if token {
                        fx.push(Effect::CheckToken(Typed(std::mem::take(&mut self.secret))));
                        return self.screen = Screen::PickupCode {
                            entered_len: 0,
                            checking: true,
                            message: None,
                        };
                    } else if self.secret.len() == CODE_LEN {
                        // The store's guard decides whether it is read at all (decision 0024).
                        fx.push(Effect::CheckCode(Typed(std::mem::take(&mut self.secret))));
                        return self.screen = Screen::PickupCode {
                            entered_len: 0,
                            checking: true,
                            message: None,
                        };
                    } else if enter {
                        message = Some(Message::WrongCode);
                    }
                }
                Screen::PickupCode {
                    entered_len: self.secret.len().min(CODE_LEN),
                    checking: false,
                    message,
                }
            }
            (Screen::PickupCode { .. }, Event::TokenChecked(Err(problem))) => Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::Token(problem)),
            },
            (Screen::PickupCode { .. }, Event::TokenChecked(Ok(found))) => {
                // A good token is handled as a good code.
                self.screen = Screen::PickupCode {
                    entered_len: 0,
                    checking: true,
                    message: None,
                };
                return self.pickup_event(Event::CodeChecked(Some(found)), now, fx);
            }
            (Screen::PickupCode { .. }, Event::CodeChecked(found)) => match found {
                Some(found) => {
                    // The resident's screens in their notices' language,
                    // unless they chose one at the screen.
                    if self.language.is_none() {
                        self.language = Some(found.language.clone());
                    }
                    fx.push(Effect::BeginPickup(vec![(
                        found.package,
                        found.locker.clone(),
                    )]));
                    let door = DoorView {
                        locker: found.locker,
                        phase: DoorPhase::Opening,
                    };
                    let others = found.others.iter().map(|(_, l)| l.clone()).collect();
                    self.pending_others = found.others;
                    Screen::PickupDoor {
                        doors: vec![door],
                        others,
                        message: None,
                    }
                }
                None => Screen::PickupCode {
                    entered_len: 0,
                    checking: false,
                    message: Some(Message::WrongCode),
                },
            },
            (Screen::PickupCode { .. }, Event::CodeBlocked(until)) => Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::try_again(until, now)),
            },
            // A right code, for a package the staff hold: say where it is.
            (Screen::PickupCode { .. }, Event::CodeHeld) => Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::WithStaff),
            },
            (Screen::PickupCode { .. }, Event::Back) => {
                self.go_home_clean();
                Screen::home()
            }
            (
                Screen::PickupDoor {
                    mut doors,
                    others,
                    message,
                },
                Event::PickupStarted(started),
            ) => {
                for (package, locker) in started {
                    self.track_pickup(package, locker, now, fx);
                }
                // A door already open (the package room with someone inside) shows so.
                for d in doors.iter_mut().filter(|d| d.phase == DoorPhase::Opening) {
                    if self.doors.is_open(d.locker.id) {
                        d.phase = DoorPhase::Open;
                    }
                }
                Screen::PickupDoor {
                    doors,
                    others,
                    message,
                }
            }
            (
                Screen::PickupDoor {
                    mut doors,
                    others,
                    message,
                },
                Event::OpenOthers,
            ) if !others.is_empty() => {
                let more = std::mem::take(&mut self.pending_others);
                doors.extend(more.iter().map(|(_, l)| DoorView {
                    locker: l.clone(),
                    phase: DoorPhase::Opening,
                }));
                fx.push(Effect::BeginPickup(more));
                Screen::PickupDoor {
                    doors,
                    others: Vec::new(),
                    message,
                }
            }
            (Screen::PickupDoor { .. }, Event::Done | Event::Back) => {
                self.pending_others.clear();
                self.go_home_clean();
                Screen::Home {
                    message: Some(Message::ThankYou),
                }
            }
            // The pickup was recorded after its screen went away: put it back to waiting.
            (screen, Event::PickupStarted(started)) => {
                for (package, _) in started {
                    fx.push(Effect::CancelPickup(package));
                }
                screen
            }
            (screen, _) => screen,
        };
    }

    fn track_pickup(
        &mut self,
        package: PackageId,
        locker: LockerRef,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        self.track_release(package, locker, Trip::Pickup, now, fx);
    }

    /// Watch a door a package leaves through (recorded already): unlocked,
    /// unless it stands open or is being unlocked for another package.
    pub(super) fn track_release(
        &mut self,
        package: PackageId,
        locker: LockerRef,
        trip: Trip,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        // The package room's door may stand open already (another of theirs,
        // another resident inside): the package is as good as seen through it.
        let open = self.doors.is_open(locker.id);
        // A door already being unlocked for another package (a shared locker) is not unlocked twice.
        let unlocking = self
            .in_flight
            .iter()
            .any(|f| f.locker.id == locker.id && !f.seen_open);
        if open {
            fx.push(Effect::DoorSeenOpen(package));
        } else if !unlocking {
            fx.push(Effect::Unlock(locker.clone()));
        }
        self.in_flight.push(InFlight {
            package,
            locker,
            trip,
            seen_open: open,
            deadline: now.plus_ms(self.config.door_open_timeout_ms),
            taking_back: None,
            abandoned: false,
        });
    }
}
