//! The resident's screens: code, doors, and the other packages waiting.

use super::delivery::field;
use super::flow::{Flow, InFlight, Trip};
use super::screen::{DoorPhase, DoorView, Message, Screen};
use super::{Effect, Event, Found, LockerRef, TextKey};
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
            ) => return self.code_key(key, message, fx),
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
            (Screen::PickupCode { .. }, Event::CodeChecked(Some(found))) => {
                self.code_found(found, fx)
            }
            (Screen::PickupCode { .. }, Event::CodeChecked(None)) => Screen::PickupCode {
                entered_len: 0,
                checking: false,
                message: Some(Message::WrongCode),
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
                let more = self
                    .pickup_mut()
                    .map(|p| std::mem::take(&mut p.others))
                    .unwrap_or_default();
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

    /// A right code: its door opens, the resident's other packages offered.
    fn code_found(&mut self, found: Found, fx: &mut Vec<Effect>) -> Screen {
        // The resident's screens in their notices' language, unless they
        // chose one at the screen.
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
        if let Some(p) = self.pickup_mut() {
            p.others = found.others;
        }
        Screen::PickupDoor {
            doors: vec![door],
            others,
            message: None,
        }
    }

    /// A key on the code field: a code (digits) submits itself when whole,
    /// a token (a wedge scanner's, starting with a letter) on its Enter.
    fn code_key(&mut self, key: TextKey, message: Option<Message>, fx: &mut Vec<Effect>) {
        let Some(p) = self.pickup_mut() else {
            return self.go_home_clean();
        };
        let first = p.code.chars().next().or(match key {
            TextKey::Char(c) => Some(c),
            _ => None,
        });
        let token = is_token(first);
        let enter = if token {
            Flow::edit(&mut p.code, &key, TOKEN_MAX, token_char)
        } else {
            Flow::edit(&mut p.code, &key, CODE_LEN, code_char)
        };
        let message = message.filter(|_| !matches!(key, TextKey::Char(_)));
        // A full code submits itself: one less tap. A token waits for its Enter.
        let whole = !token && matches!(key, TextKey::Char(_)) && p.code.len() == CODE_LEN;
        self.screen = if enter || whole {
            self.submit_code(token, enter, message, fx)
        } else {
            Screen::PickupCode {
                entered_len: p.code.len().min(CODE_LEN),
                checking: false,
                message,
            }
        };
    }

    /// A code read whole at the pickup screen: a QR token, or a code's digits.
    pub(super) fn pickup_read(&mut self, text: &str, fx: &mut Vec<Effect>) {
        let token = is_token(text.chars().find(char::is_ascii_alphanumeric));
        let Some(p) = self.pickup_mut() else {
            return;
        };
        p.code = if token {
            field(text, TOKEN_MAX, token_char)
        } else {
            field(text, CODE_LEN, code_char)
        };
        self.screen = self.submit_code(token, true, None, fx);
    }

    /// Check what the field holds. A signed token cannot be guessed, so the
    /// code throttle does not apply to it: a resident who mistyped their
    /// code can still scan.
    fn submit_code(
        &mut self,
        token: bool,
        enter: bool,
        message: Option<Message>,
        fx: &mut Vec<Effect>,
    ) -> Screen {
        let Some(p) = self.pickup_mut() else {
            return Screen::home();
        };
        let checking = Screen::PickupCode {
            entered_len: 0,
            checking: true,
            message: None,
        };
        if token {
            fx.push(Effect::CheckToken(Typed(std::mem::take(&mut p.code))));
            return checking;
        }
        if p.code.len() == CODE_LEN {
            // The store's guard decides whether it is read at all (decision 0024).
            fx.push(Effect::CheckCode(Typed(std::mem::take(&mut p.code))));
            return checking;
        }
        Screen::PickupCode {
            entered_len: p.code.len().min(CODE_LEN),
            checking: false,
            message: if enter {
                Some(Message::WrongCode)
            } else {
                message
            },
        }
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

/// A QR token starts with a letter; a typed code is digits.
fn is_token(first: Option<char>) -> bool {
    first.is_some_and(|c| c.is_ascii_alphabetic())
}

/// What a token's field takes.
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// What a code's field takes.
fn code_char(c: char) -> bool {
    c.is_ascii_digit()
}
