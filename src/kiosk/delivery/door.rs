//! The door: open, the package in, closed; or taken back; then done.

use super::super::flow::{Flow, Then};
use super::super::screen::{DoorPhase, DoorView, Message, Screen};
use super::super::{Effect, Event};
use crate::domain::Timestamp;

impl Flow {
    /// The door and done screens.
    pub(super) fn door_step(
        &mut self,
        screen: Screen,
        event: Event,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        self.screen = match (screen, event) {
            (
                Screen::DepositDoor {
                    recipient, message, ..
                },
                Event::Reserved { package, locker },
            ) => self.reserved(package, locker, recipient, message, now, fx),
            (Screen::DepositDoor { door, .. }, Event::NoneFree(_)) if self.is_return() => {
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
                self.size_screen(
                    recipient,
                    None,
                    Some(Message::DoorFailedNoOther(door.locker.label)),
                    None,
                    false,
                )
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
                            reason: if self.is_return() {
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

            (Screen::DepositDone { .. }, Event::NextPackage) if self.is_return() => {
                return self.next_return(false, fx)
            }
            (Screen::DepositDone { .. }, Event::NextPackage) => return self.show_scan(None),
            (Screen::DepositDone { .. }, Event::Done) => {
                self.go_home_clean();
                Screen::home()
            }
            (screen, event) => return self.stray(screen, event, fx),
        };
    }
}
