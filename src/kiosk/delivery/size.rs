//! The sizes, and the overflow chain when one is full.

use super::super::flow::Flow;
use super::super::screen::{Message, Place, Screen};
use super::super::{Effect, Event};
use super::full_size;
use crate::domain::{Size, Timestamp};

impl Flow {
    /// The size screen: what is free, the choice, and where else it can go.
    pub(super) fn size_step(
        &mut self,
        screen: Screen,
        event: Event,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        match event {
            Event::Availability(_)
            | Event::RoomSpace(_)
            | Event::RoomReserved { .. }
            | Event::Shareable(_)
            | Event::Held { .. }
            | Event::Reserved { .. }
            | Event::NoneFree(_) => self.size_answer(screen, event, now, fx),
            _ => self.size_tap(screen, event, fx),
        }
    }

    /// The store's answers at the size screen: what is free, a door reserved, or none.
    fn size_answer(&mut self, screen: Screen, event: Event, now: Timestamp, fx: &mut Vec<Effect>) {
        self.screen = match (screen, event) {
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
                if let Some(d) = self.delivery_mut() {
                    d.share = found;
                }
                if let Screen::Size { share, .. } = &mut screen {
                    *share = self.share_label();
                }
                screen
            }
            (Screen::Size { recipient, .. }, Event::Held { .. }) => Screen::DepositDone {
                place: Place::Staff,
                recipient,
                is_return: false,
            },
            (Screen::Size { recipient, .. }, Event::Reserved { package, locker }) => {
                self.reserved(package, locker, recipient, None, now, fx)
            }
            (Screen::Size { recipient, .. }, Event::NoneFree(size)) => {
                fx.push(self.availability());
                self.size_screen(recipient, None, Some(Message::SizeFull(size)), None, false)
            }
            (screen, event) => return self.stray(screen, event, fx),
        };
    }

    /// The carrier's taps at the size screen.
    fn size_tap(&mut self, screen: Screen, event: Event, fx: &mut Vec<Effect>) {
        match event {
            Event::UseRoom | Event::ShareLocker | Event::LeaveWithStaff => {
                self.size_elsewhere(screen, event, fx)
            }
            _ => self.size_choose(screen, event, fx),
        }
    }

    /// Somewhere other than a free locker of the size: the room, a shared locker, the staff.
    fn size_elsewhere(&mut self, screen: Screen, event: Event, fx: &mut Vec<Effect>) {
        self.screen = match (screen, event) {
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
                if let (Some((partner, locker)), Some(_)) = (self.share(), self.recipient()) {
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
                    self.size_screen(recipient, counts, message, suggested, false)
                }
                _ => self.size_screen(recipient, counts, None, None, true),
            },
            (screen, event) => return self.stray(screen, event, fx),
        };
    }

    /// A size chosen, or back to the recipient.
    fn size_choose(&mut self, screen: Screen, event: Event, fx: &mut Vec<Effect>) {
        self.screen = match (screen, event) {
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
            (Screen::Size { .. }, Event::Back) => {
                if let Some(d) = self.delivery_mut() {
                    d.recipient = None;
                }
                return self.screen = self.show_recipient(fx);
            }
            (screen, event) => return self.stray(screen, event, fx),
        };
    }
}
