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
        DoorMap {
            by_channel: Arc::new(by_channel),
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

    /// The locker on a channel.
    pub fn locker(&self, ch: Channel) -> Option<LockerId> {
        self.by_channel.get(&ch).copied()
    }
}

/// Start the watcher task; it ends when the event receiver is dropped.
pub fn spawn_watcher(
    hal: Arc<dyn LockController>,
    map: DoorMap,
    first: Reading,
    every: Duration,
    events: mpsc::UnboundedSender<Event>,
) {
    let mut last = first.doors;
    let mut silent: std::collections::BTreeSet<u8> = first.silent.into_keys().collect();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let Reading {
                doors: now,
                silent: now_silent,
            } = map.read_all(hal.as_ref()).await;
            // Log a board going silent or coming back once, not at every poll.
            for (board, e) in &now_silent {
                if !silent.contains(board) {
                    tracing::warn!(board, error = %e, "lock board stopped answering");
                }
            }
            for board in silent.iter().filter(|b| !now_silent.contains_key(b)) {
                tracing::info!(board, "lock board answers again");
            }
            silent = now_silent.into_keys().collect();
            for (ch, reading) in &now {
                let was_open = last.get(ch).map(|d| d.open);
                if was_open == Some(reading.open) {
                    continue;
                }
                let Some(locker) = map.locker(*ch) else {
                    continue;
                };
                // A board coming back online reports doors as they are; only real edges matter,
                // but an open door first seen now is still worth telling the flow about.
                let event = if reading.open {
                    Event::DoorOpened(locker)
                } else {
                    Event::DoorClosed(locker)
                };
                if was_open.is_none() && !reading.open {
                    continue;
                }
                if events.send(event).is_err() {
                    return;
                }
            }
            last.extend(now);
        }
    });
}
