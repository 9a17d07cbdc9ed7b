//! A simulated wall: doors that spring open on unlock and stay open until
//! someone closes them, optional occupancy sensors, and scriptable faults.

use crate::{BoardReading, Channel, DoorReading, HalError, HalFuture, LockController};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// A fault to inject on one lock or board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The unlock command is accepted but the lock does not release.
    UnlockIgnored,
    /// The lock releases but the door stays shut (jammed, blocked).
    DoorStuck,
}

/// The simulated state of one lock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SimDoor {
    /// Door is open.
    pub open: bool,
    /// Something is inside (only reported when the lock has a sensor).
    pub occupied: bool,
    /// An occupancy sensor is fitted.
    pub has_sensor: bool,
    /// A fault scripted for this lock.
    pub fault: Option<Fault>,
    /// How many unlock commands this lock received.
    pub unlocks: u32,
}

#[derive(Debug, Default)]
struct SimBoard {
    doors: Vec<SimDoor>,
    offline: bool,
}

/// A simulated controller; clones share the same wall.
#[derive(Clone, Debug, Default)]
pub struct SimWall {
    boards: Arc<Mutex<BTreeMap<u8, SimBoard>>>,
}

impl SimWall {
    /// An empty wall; add boards with [`SimWall::add_board`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a board with `locks` locks, all closed and empty.
    pub fn add_board(&self, board: u8, locks: u8, sensors: bool) {
        let doors = (0..locks)
            .map(|_| SimDoor {
                has_sensor: sensors,
                ..SimDoor::default()
            })
            .collect();
        self.lock().insert(
            board,
            SimBoard {
                doors,
                offline: false,
            },
        );
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<u8, SimBoard>> {
        // A panic while holding the lock cannot leave the map half-written
        // (every change is a single field store), so poisoning is ignored.
        self.boards.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with_door<R>(&self, ch: Channel, f: impl FnOnce(&mut SimDoor) -> R) -> Option<R> {
        let mut boards = self.lock();
        boards
            .get_mut(&ch.board)
            .and_then(|b| b.doors.get_mut(ch.lock as usize))
            .map(f)
    }

    /// The simulated state of a lock.
    pub fn door(&self, ch: Channel) -> Option<SimDoor> {
        self.with_door(ch, |d| *d)
    }

    /// A person closes the door (no effect on a closed door).
    pub fn close(&self, ch: Channel) {
        self.with_door(ch, |d| d.open = false);
    }

    /// A person forces or pulls the door open without an unlock.
    pub fn force_open(&self, ch: Channel) {
        self.with_door(ch, |d| d.open = true);
    }

    /// Put something in, or take it out (the sensor follows).
    pub fn set_occupied(&self, ch: Channel, occupied: bool) {
        self.with_door(ch, |d| d.occupied = occupied);
    }

    /// Script a fault on one lock (`None` clears it).
    pub fn set_fault(&self, ch: Channel, fault: Option<Fault>) {
        self.with_door(ch, |d| d.fault = fault);
    }

    /// Make a whole board stop (or resume) answering.
    pub fn set_offline(&self, board: u8, offline: bool) {
        if let Some(b) = self.lock().get_mut(&board) {
            b.offline = offline;
        }
    }

    /// Every lock with its state, in board and lock order.
    pub fn snapshot(&self) -> Vec<(Channel, SimDoor)> {
        self.lock()
            .iter()
            .flat_map(|(&board, b)| {
                b.doors
                    .iter()
                    .enumerate()
                    .map(move |(i, d)| (Channel::new(board, i as u8), *d))
            })
            .collect()
    }

    /// Unlock at once, as a board would on command.
    pub fn unlock_now(&self, ch: Channel) -> Result<(), HalError> {
        let mut boards = self.lock();
        let board = boards
            .get_mut(&ch.board)
            .ok_or(HalError::NotAnswering { board: ch.board })?;
        if board.offline {
            return Err(HalError::NotAnswering { board: ch.board });
        }
        let door = board
            .doors
            .get_mut(ch.lock as usize)
            .ok_or(HalError::NoSuchChannel(ch))?;
        door.unlocks += 1;
        match door.fault {
            Some(Fault::UnlockIgnored) | Some(Fault::DoorStuck) => {}
            None => door.open = true,
        }
        Ok(())
    }

    /// Read a board at once, as a board would answer.
    pub fn read_now(&self, board: u8) -> Result<BoardReading, HalError> {
        let boards = self.lock();
        let b = boards.get(&board).ok_or(HalError::NotAnswering { board })?;
        if b.offline {
            return Err(HalError::NotAnswering { board });
        }
        let doors = b
            .doors
            .iter()
            .map(|d| DoorReading {
                open: d.open,
                occupied: d.has_sensor.then_some(d.occupied),
            })
            .collect();
        Ok(BoardReading { board, doors })
    }
}

impl LockController for SimWall {
    fn boards(&self) -> Vec<u8> {
        self.lock().keys().copied().collect()
    }

    fn unlock(&self, channel: Channel) -> HalFuture<'_, ()> {
        let result = self.unlock_now(channel);
        Box::pin(async move { result })
    }

    fn read_board(&self, board: u8) -> HalFuture<'_, BoardReading> {
        let result = self.read_now(board);
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall() -> SimWall {
        let w = SimWall::new();
        w.add_board(0, 4, true);
        w.add_board(1, 4, false);
        w
    }

    #[tokio::test]
    async fn unlock_opens_until_closed() {
        let w = wall();
        let ch = Channel::new(0, 2);
        w.unlock(ch).await.unwrap();
        let r = w.read_board(0).await.unwrap();
        assert_eq!(
            r.door(2),
            Some(DoorReading {
                open: true,
                occupied: Some(false)
            })
        );
        assert!(!r.door(1).unwrap().open);
        w.close(ch);
        assert!(!w.read_board(0).await.unwrap().door(2).unwrap().open);
        assert_eq!(w.door(ch).unwrap().unlocks, 1);
    }

    #[tokio::test]
    async fn boards_without_sensors_report_none() {
        let w = wall();
        let r = w.read_board(1).await.unwrap();
        assert_eq!(r.doors.len(), 4);
        assert!(r.doors.iter().all(|d| d.occupied.is_none()));
    }

    #[tokio::test]
    async fn faults_keep_the_door_shut() {
        let w = wall();
        for fault in [Fault::UnlockIgnored, Fault::DoorStuck] {
            let ch = Channel::new(0, 0);
            w.set_fault(ch, Some(fault));
            w.unlock(ch).await.unwrap();
            assert!(
                !w.read_board(0).await.unwrap().door(0).unwrap().open,
                "{fault:?}"
            );
        }
    }

    #[tokio::test]
    async fn offline_board_is_not_answering_not_closed() {
        let w = wall();
        w.set_offline(1, true);
        assert_eq!(
            w.read_board(1).await,
            Err(HalError::NotAnswering { board: 1 })
        );
        assert_eq!(
            w.unlock(Channel::new(1, 0)).await,
            Err(HalError::NotAnswering { board: 1 })
        );
        w.set_offline(1, false);
        assert!(w.read_board(1).await.is_ok());
    }

    #[tokio::test]
    async fn unknown_channel_and_board() {
        let w = wall();
        assert_eq!(
            w.unlock(Channel::new(0, 9)).await,
            Err(HalError::NoSuchChannel(Channel::new(0, 9)))
        );
        assert_eq!(
            w.read_board(7).await,
            Err(HalError::NotAnswering { board: 7 })
        );
    }

    #[tokio::test]
    async fn forced_open_and_occupancy() {
        let w = wall();
        let ch = Channel::new(0, 3);
        w.force_open(ch);
        w.set_occupied(ch, true);
        let d = w.read_board(0).await.unwrap().door(3).unwrap();
        assert!(d.open);
        assert_eq!(d.occupied, Some(true));
        assert_eq!(w.snapshot().len(), 8);
    }
}
