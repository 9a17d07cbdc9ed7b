//! Door supervision: every door's open time, doors nobody unlocked, doors left
//! open, silent boards and item sensors. The flow decides; the runtime records.

use super::flow::Flow;
use super::screen::{Message, Screen};
use super::Effect;
use crate::domain::{LockerId, Timestamp};
use std::collections::{BTreeMap, HashMap};

/// One door seen open.
#[derive(Clone, Debug, PartialEq, Eq)]
struct OpenDoor {
    since: Timestamp,
    /// Already reported as left open.
    told: bool,
}

/// What the flow knows of every door, apart from the doors in flight.
#[derive(Clone, Debug, Default)]
pub(super) struct Doors {
    labels: HashMap<LockerId, String>,
    open: BTreeMap<LockerId, OpenDoor>,
    /// Last reading of each item sensor.
    sensors: HashMap<LockerId, bool>,
}

impl Flow {
    /// Tell the flow every locker's label (for the messages it shows).
    pub fn know_lockers(&mut self, lockers: impl IntoIterator<Item = (LockerId, String)>) {
        self.doors.labels.extend(lockers);
    }

    /// The first reading at start-up: doors open now and item sensors. Doors
    /// in flight were resumed before this; any other open door is reported.
    pub fn start_watching(
        &mut self,
        open: &[LockerId],
        sensors: Vec<(LockerId, bool)>,
        now: Timestamp,
    ) -> Vec<Effect> {
        let mut fx = Vec::new();
        for &l in open {
            self.doors.open.insert(
                l,
                OpenDoor {
                    since: now,
                    told: false,
                },
            );
            if !self.in_flight.iter().any(|f| f.locker.id == l) {
                fx.push(Effect::DoorFoundOpen(l));
            }
        }
        self.occupancy(sensors, &mut fx);
        fx
    }

    /// Doors open now, with how long (tests, and the staff screens to come).
    pub fn open_doors(&self, now: Timestamp) -> Vec<(LockerId, i64)> {
        self.doors
            .open
            .iter()
            .map(|(l, d)| (*l, now.since(d.since)))
            .collect()
    }

    pub(super) fn note_open(&mut self, locker: LockerId, now: Timestamp, fx: &mut Vec<Effect>) {
        if self.doors.open.contains_key(&locker) {
            return;
        }
        self.doors.open.insert(
            locker,
            OpenDoor {
                since: now,
                told: false,
            },
        );
        let expected = self
            .in_flight
            .iter()
            .any(|f| f.locker.id == locker && !f.seen_open);
        if !expected {
            fx.push(Effect::DoorOpenedUnexpectedly(locker));
        }
    }

    /// A door closed: stop its clock, and check its sensor once the flow has
    /// settled what is inside (call after the in-flight handling).
    pub(super) fn note_closed(&mut self, locker: LockerId, fx: &mut Vec<Effect>) {
        if let Some(d) = self.doors.open.remove(&locker) {
            if d.told {
                fx.push(Effect::DoorClosedAfterLeftOpen(locker));
            }
        }
        if let Some(&inside) = self.doors.sensors.get(&locker) {
            if !self.in_flight.iter().any(|f| f.locker.id == locker) {
                fx.push(Effect::CheckOccupancy(vec![(locker, inside)]));
            }
        }
    }

    /// Report doors open past the limit (once each).
    pub(super) fn check_left_open(&mut self, now: Timestamp, fx: &mut Vec<Effect>) {
        let limit = self.config.door_left_open_ms;
        for (l, d) in self.doors.open.iter_mut() {
            let seconds = now.since(d.since) / 1000;
            if !d.told && now.since(d.since) >= limit {
                d.told = true;
                fx.push(Effect::DoorLeftOpen {
                    locker: *l,
                    seconds,
                });
            }
        }
    }

    pub(super) fn board_event(&mut self, board: u8, silent: bool, fx: &mut Vec<Effect>) {
        fx.push(if silent {
            Effect::BoardOffline(board)
        } else {
            Effect::BoardOnline(board)
        });
        // A carrier choosing a size sees the counts change at once.
        if matches!(self.screen, Screen::Size { .. }) {
            fx.push(self.availability());
        }
    }

    /// New sensor readings: check the ones whose doors are shut and settled.
    pub(super) fn occupancy(&mut self, readings: Vec<(LockerId, bool)>, fx: &mut Vec<Effect>) {
        let mut check = Vec::new();
        for (l, inside) in readings {
            self.doors.sensors.insert(l, inside);
            let busy =
                self.doors.open.contains_key(&l) || self.in_flight.iter().any(|f| f.locker.id == l);
            if !busy {
                check.push((l, inside));
            }
        }
        if !check.is_empty() {
            fx.push(Effect::CheckOccupancy(check));
        }
    }

    /// Put "please close locker X" on the screen while a door left open stays
    /// open, without hiding any other message; take it down once it closes.
    pub(super) fn show_close_prompt(&mut self) {
        let wanted = self.doors.open.iter().find(|(_, d)| d.told).map(|(l, _)| {
            let in_flight = self.in_flight.iter().find(|f| f.locker.id == *l);
            self.doors
                .labels
                .get(l)
                .cloned()
                .or_else(|| in_flight.map(|f| f.locker.label.clone()))
                .unwrap_or_else(|| l.0.to_string())
        });
        let Some(slot) = self.screen.message_mut() else {
            return;
        };
        match (&slot, wanted) {
            (None | Some(Message::CloseDoor(_)), Some(label)) => {
                *slot = Some(Message::CloseDoor(label))
            }
            (Some(Message::CloseDoor(_)), None) => *slot = None,
            _ => {}
        }
    }
}

impl Doors {
    /// The door is open now.
    pub(super) fn is_open(&self, locker: LockerId) -> bool {
        self.open.contains_key(&locker)
    }

    /// The item sensor's last reading says something is inside.
    pub(super) fn sensed(&self, locker: LockerId) -> bool {
        self.sensors.get(&locker).copied().unwrap_or(false)
    }
}
