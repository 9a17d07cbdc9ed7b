//! The Deliveries page: the door-delivery run. Staff see the waiting door
//! deliveries grouped by building and floor in walking order, take them out
//! (the doors open one after another: the next when the last one closes; a
//! room package's door opens once for all on it), then mark each delivered
//! at the door or not delivered (it stays with staff, visible).

use super::event::StaffEvent;
use super::page::StaffPage;
use super::StaffEffect;
use crate::domain::{PackageId, Refusal, Timestamp};
use crate::kiosk::flow::{Flow, InFlight, Trip};
use crate::kiosk::screen::{DoorPhase, DoorView, Message};
use crate::kiosk::{Effect, LockerRef};

impl Flow {
    /// Deliveries-page events; returns false for events that are not its own.
    pub(super) fn deliveries_event(
        &mut self,
        event: &StaffEvent,
        actor: &str,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) -> bool {
        let Some(StaffPage::Deliveries {
            stops,
            queue,
            opening,
        }) = self.page_mut()
        else {
            return false;
        };
        match event {
            StaffEvent::Run(list) => *stops = list.clone(),
            StaffEvent::TakeOutAll => {
                if opening.is_some() || !queue.is_empty() {
                    return true;
                }
                *queue = stops
                    .iter()
                    .filter(|s| !s.out && s.door.is_some())
                    .map(|s| s.package)
                    .collect();
                self.open_next_delivery(now, fx);
            }
            StaffEvent::Delivered(p) | StaffEvent::NotDelivered(p) => {
                if !stops.iter().any(|s| s.package == *p && s.out) {
                    return true;
                }
                let (actor, package) = (actor.to_string(), *p);
                fx.push(Effect::Staff(
                    if matches!(event, StaffEvent::Delivered(_)) {
                        StaffEffect::Delivered { actor, package }
                    } else {
                        StaffEffect::NotDelivered { actor, package }
                    },
                ));
            }
            _ => return false,
        }
        true
    }

    /// Open the next door of the run (with every queued package behind it).
    fn open_next_delivery(&mut self, now: Timestamp, fx: &mut Vec<Effect>) {
        let timeout = self.config.door_open_timeout_ms;
        let Some(StaffPage::Deliveries {
            stops,
            queue,
            opening,
        }) = self.page_mut()
        else {
            return;
        };
        let Some(first) = queue.first().copied() else {
            *opening = None;
            return;
        };
        let Some(door) = stops
            .iter()
            .find(|s| s.package == first)
            .and_then(|s| s.door.clone())
        else {
            queue.remove(0);
            return self.open_next_delivery(now, fx);
        };
        let behind: Vec<PackageId> = stops
            .iter()
            .filter(|s| {
                queue.contains(&s.package) && s.door.as_ref().map(|d| d.id) == Some(door.id)
            })
            .map(|s| s.package)
            .collect();
        queue.retain(|p| !behind.contains(p));
        let door = LockerRef::from(&door);
        *opening = Some(DoorView {
            locker: door.clone(),
            phase: DoorPhase::Opening,
        });
        fx.push(Effect::Unlock(door.clone()));
        for package in behind {
            self.in_flight.push(InFlight::unlocked(
                package,
                door.clone(),
                Trip::DeliveryOut,
                now.plus_ms(timeout),
            ));
        }
    }

    /// A run's door closed or failed: the list as the store has it, and the next door.
    pub(crate) fn delivery_door_settled(
        &mut self,
        failed: Option<String>,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        if !matches!(self.page_mut(), Some(StaffPage::Deliveries { .. })) {
            return;
        }
        if let Some(label) = failed {
            self.set_staff_message(Some(Message::Refused(Refusal::RunDoorFailed(label))));
        }
        fx.push(Effect::Staff(StaffEffect::LoadRun));
        self.open_next_delivery(now, fx);
    }
}
