//! Door watching: read every board on a short interval and report each door
//! that changed as an event. A board that does not answer reports nothing
//! (never "closed").

use crate::domain::{Locker, LockerId};
use crate::kiosk::Event;
use lockerwall_hal::{Channel, DoorReading, LockController};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// One pass over every board.
#[derive(Debug, Default)]
pub struct Reading {
    /// Every door that was read.
    pub doors: HashMap<Channel, DoorReading>,
    /// Boards that did not answer, with why.
    pub silent: std::collections::BTreeMap<u8, lockerwall_hal::HalError>,
}

/// Which locker each wired channel belongs to.
#[derive(Clone, Debug, Default)]
pub struct DoorMap {
    by_channel: Arc<HashMap<Channel, LockerId>>,
    by_locker: Arc<HashMap<LockerId, Channel>>,
    boards: Arc<Vec<u8>>,
}

impl DoorMap {
    /// The map for these lockers.
    pub fn new(lockers: Vec<Locker>) -> DoorMap {
        let by_channel: HashMap<Channel, LockerId> =
            lockers.iter().map(|l| (l.channel, l.id)).collect();
        let mut boards: Vec<u8> = by_channel.keys().map(|c| c.board).collect();
        boards.sort_unstable();
        boards.dedup();
        let by_locker = by_channel.iter().map(|(c, l)| (*l, *c)).collect();
        DoorMap {
            by_channel: Arc::new(by_channel),
            by_locker: Arc::new(by_locker),
            boards: Arc::new(boards),
        }
    }

    /// Read every wired door once; doors on silent boards are missing from the
    /// readings, and those boards are listed with their errors.
    pub async fn read_all(&self, hal: &dyn LockController) -> Reading {
        let mut reading = Reading::default();
        for &board in self.boards.iter() {
            match hal.read_board(board).await {
                Ok(r) => {
                    for (lock, door) in r.doors.iter().enumerate() {
                        let ch = Channel::new(board, lock as u8);
                        if self.by_channel.contains_key(&ch) {
                            reading.doors.insert(ch, *door);
                        }
                    }
                }
                Err(e) => {
                    reading.silent.insert(board, e);
                }
            }
        }
        reading
    }

    /// Where a locker is wired (the flow names lockers, never channels).
    pub fn channel(&self, locker: LockerId) -> Option<Channel> {
        self.by_locker.get(&locker).copied()
    }

    /// The locker on a channel.
    pub fn locker(&self, ch: Channel) -> Option<LockerId> {
        self.by_channel.get(&ch).copied()
    }
}

impl Reading {
    /// Doors open in this reading, as lockers.
    pub fn open_lockers(&self, map: &DoorMap) -> Vec<LockerId> {
        let mut open: Vec<LockerId> = self
            .doors
            .iter()
            .filter(|(_, d)| d.open)
            .filter_map(|(ch, _)| map.locker(*ch))
            .collect();
        open.sort_unstable();
        open
    }

    /// Doors read closed in this reading, as lockers.
    pub fn closed_lockers(&self, map: &DoorMap) -> Vec<LockerId> {
        self.doors
            .iter()
            .filter(|(_, d)| !d.open)
            .filter_map(|(ch, _)| map.locker(*ch))
            .collect()
    }

    /// Item sensors in this reading, as lockers.
    pub fn sensors(&self, map: &DoorMap) -> Vec<(LockerId, bool)> {
        let mut s: Vec<(LockerId, bool)> = self
            .doors
            .iter()
            .filter_map(|(ch, d)| Some((map.locker(*ch)?, d.occupied?)))
            .collect();
        s.sort_unstable();
        s
    }
}

/// What changed between two passes, as events for the flow: boards going
/// silent or coming back, doors opening and closing, sensors changing.
pub fn changes(map: &DoorMap, last: &Reading, now: &Reading) -> Vec<Event> {
    let mut events = Vec::new();
    for board in now.silent.keys().filter(|b| !last.silent.contains_key(b)) {
        events.push(Event::BoardSilent(*board));
    }
    for board in last.silent.keys().filter(|b| !now.silent.contains_key(b)) {
        events.push(Event::BoardBack(*board));
    }
    let mut sensors = Vec::new();
    let mut doors: Vec<_> = now.doors.iter().collect();
    doors.sort_by_key(|(ch, _)| **ch);
    for (ch, reading) in doors {
        let Some(locker) = map.locker(*ch) else {
            continue;
        };
        let before = last.doors.get(ch);
        if let Some(inside) = reading.occupied {
            if before.and_then(|d| d.occupied) != Some(inside) {
                sensors.push((locker, inside));
            }
        }
        match (before.map(|d| d.open), reading.open) {
            (Some(was), open) if was == open => {}
            // A board coming back reports doors as they are: an open one is news, a closed one is not.
            (None, false) => {}
            (_, true) => events.push(Event::DoorOpened(locker)),
            (_, false) => events.push(Event::DoorClosed(locker)),
        }
    }
    if !sensors.is_empty() {
        // Before the door edges: a door closing is checked against the newest sensor value.
        events.insert(0, Event::Occupancy(sensors));
    }
    events
}

/// Start the watcher task; it ends when the event receiver is dropped.
pub fn spawn_watcher(
    hal: Arc<dyn LockController>,
    map: DoorMap,
    first: Reading,
    every: Duration,
    events: mpsc::UnboundedSender<Event>,
) {
    tokio::spawn(async move {
        let mut last = first;
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let mut now = map.read_all(hal.as_ref()).await;
            // Log a board going silent or coming back once, not at every poll.
            for (board, e) in &now.silent {
                if !last.silent.contains_key(board) {
                    tracing::warn!(board, error = %e, "lock board stopped answering");
                }
            }
            for board in last.silent.keys().filter(|b| !now.silent.contains_key(b)) {
                tracing::info!(board, "lock board answers again");
            }
            for event in changes(&map, &last, &now) {
                if events.send(event).is_err() {
                    return;
                }
            }
            // Doors on a silent board keep their last known state.
            for (ch, d) in last.doors.drain() {
                now.doors.entry(ch).or_insert(d);
            }
            last = now;
        }
    });
}
