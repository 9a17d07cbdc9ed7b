//! The Overflow page: packages left with staff, and "load overflow". Staff
//! pick (or scan) a held package; the store chooses the best-fitting free
//! locker, its door opens, and when it closes the package is stored and its
//! resident gets a fresh notice. A door that fails puts it back on the list.

use super::event::StaffEvent;
use super::page::{RoomView, StaffPage};
use super::StaffEffect;
use crate::domain::{PackageId, Timestamp};
use crate::kiosk::flow::{Flow, InFlight, Trip};
use crate::kiosk::screen::{DoorPhase, DoorView};
use crate::kiosk::{Effect, LockerRef};

/// The load in progress on the Overflow page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loading {
    pub package: PackageId,
    pub tracking: String,
    pub door: DoorView,
}

impl Loading {
    /// The door has closed or failed: another load may start.
    pub fn settled(&self) -> bool {
        matches!(self.door.phase, DoorPhase::Closed | DoorPhase::Failed)
    }
}

impl Flow {
    /// Overflow-page events; returns false for events that are not its own.
    pub(super) fn overflow_event(
        &mut self,
        event: &StaffEvent,
        actor: &str,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) -> bool {
        let door_timeout = self.config.door_open_timeout_ms;
        let Some(StaffPage::Overflow {
            held,
            loading,
            room,
        }) = self.page_mut()
        else {
            // A locker reserved for a page staff have left: give it back at once
            // (the package returns to the list).
            if let StaffEvent::Loading { package, .. } = event {
                fx.push(Effect::CancelDeposit {
                    package: *package,
                    reason: "staff left the overflow page before the door opened",
                });
                return true;
            }
            return false;
        };
        match event {
            StaffEvent::Held(list) => *held = list.clone(),
            StaffEvent::Room {
                door,
                shelves,
                packages,
            } => {
                let moving = room
                    .as_ref()
                    .and_then(|r| r.moving)
                    .filter(|m| packages.iter().any(|p| p.package == *m));
                *room = Some(RoomView {
                    door: door.clone(),
                    shelves: shelves.clone(),
                    packages: packages.clone(),
                    moving,
                });
            }
            StaffEvent::AskMove(package) => {
                if let Some(r) = room.as_mut() {
                    r.moving = Some(*package).filter(|p| r.moving != Some(*p));
                }
            }
            StaffEvent::MoveTo(shelf) => {
                if let Some(package) = room.as_mut().and_then(|r| r.moving.take()) {
                    fx.push(Effect::Staff(StaffEffect::MoveShelf {
                        actor: actor.to_string(),
                        package,
                        shelf: shelf.clone(),
                    }));
                }
            }
            StaffEvent::RoomToLocker(package) => {
                if room
                    .as_ref()
                    .is_some_and(|r| r.packages.iter().any(|p| p.package == *package))
                {
                    fx.push(Effect::Staff(StaffEffect::RoomToStaff {
                        actor: actor.to_string(),
                        package: *package,
                    }));
                }
            }
            StaffEvent::TakeOut(package, removal) => {
                if let Some(r) = room.as_ref() {
                    if r.packages.iter().any(|p| p.package == *package) {
                        // Recorded, then the room's door opens for staff.
                        fx.push(Effect::Staff(StaffEffect::Remove {
                            actor: actor.to_string(),
                            package: *package,
                            removal: *removal,
                            locker: r.door.clone(),
                        }));
                    }
                }
            }
            StaffEvent::Load(package) => {
                // One door at a time: staff carry one package to one locker.
                if loading.as_ref().is_none_or(Loading::settled)
                    && held.iter().any(|h| h.package == *package)
                {
                    fx.push(Effect::Staff(StaffEffect::BeginLoad {
                        actor: actor.to_string(),
                        package: *package,
                    }));
                }
            }
            StaffEvent::HandOver(package) => fx.push(Effect::Staff(StaffEffect::HandOver {
                actor: actor.to_string(),
                package: *package,
            })),
            StaffEvent::Loading { package, locker } => {
                let tracking = held
                    .iter()
                    .find(|h| h.package == *package)
                    .map(|h| h.tracking.clone())
                    .unwrap_or_default();
                *loading = Some(Loading {
                    package: *package,
                    tracking,
                    door: DoorView {
                        locker: locker.clone(),
                        phase: DoorPhase::Opening,
                    },
                });
                self.open_for_load(*package, locker.clone(), now.plus_ms(door_timeout), fx);
            }
            _ => return false,
        }
        true
    }

    fn open_for_load(
        &mut self,
        package: PackageId,
        locker: LockerRef,
        deadline: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        fx.push(Effect::Unlock(locker.clone()));
        // Watched like any drop-off: closed means stored, not opened means failed.
        self.in_flight.push(InFlight::unlocked(
            package,
            locker,
            Trip::Deposit(None),
            deadline,
        ));
    }

    /// A held package's label scanned on the Overflow page: load it.
    pub(super) fn overflow_scanned(
        &mut self,
        tracking: &str,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) -> bool {
        let Some(StaffPage::Overflow { held, .. }) = self.page_mut() else {
            return false;
        };
        let Some(package) = held
            .iter()
            .find(|h| h.tracking.eq_ignore_ascii_case(tracking))
            .map(|h| h.package)
        else {
            return true;
        };
        let actor = self.staff_member().map(|m| m.actor()).unwrap_or_default();
        self.overflow_event(&StaffEvent::Load(package), &actor, now, fx);
        true
    }

    /// A load's door closed or failed: show the list as the store now has it.
    pub(crate) fn overflow_door_settled(&mut self, fx: &mut Vec<Effect>) {
        if matches!(self.page_mut(), Some(StaffPage::Overflow { .. })) {
            fx.push(Effect::Staff(StaffEffect::LoadHeld));
            fx.push(Effect::Staff(StaffEffect::LoadRoom));
            fx.push(Effect::Staff(StaffEffect::LoadAttention));
        }
    }
}
