//! Hardware abstraction for Lockerwall: lock controller boards as doors,
//! channels and sensors. Knows nothing of packages or residents.
//!
//! A controller is a set of boards; each board switches a number of locks
//! (channels) and reports, per lock, whether its door is open and, where a
//! sensor is fitted, whether something is inside. This matches the common
//! RS-485 boards (one status request returns every hook and sensor bit of a
//! board) and relay boards with digital inputs alike.

pub mod buses;
pub mod fuzzing;
pub mod kerong;
pub mod modbus;
pub mod serial;
pub mod sim;
pub mod sim_serve;

use std::future::Future;
use std::pin::Pin;

/// Bytes as spaced hex for trace logs and test messages: `02 00 30 03 35`.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One lock on one board, as wired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Channel {
    /// Board address on the bus.
    pub board: u8,
    /// Lock number on the board, counted from 0.
    pub lock: u8,
}

impl Channel {
    /// A channel on `board`, lock `lock` (0-based).
    pub const fn new(board: u8, lock: u8) -> Self {
        Self { board, lock }
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "board {} lock {}", self.board, self.lock + 1)
    }
}

/// What a board reports for one lock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DoorReading {
    /// True when the door is open (the hook switch is released).
    pub open: bool,
    /// Occupancy sensor: `Some(true)` when something is inside; `None` when no sensor is fitted.
    pub occupied: Option<bool>,
}

/// Every lock of one board, read in one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardReading {
    /// Board address.
    pub board: u8,
    /// One entry per lock, indexed by lock number.
    pub doors: Vec<DoorReading>,
}

impl BoardReading {
    /// The reading for `lock`, if the board has that many locks.
    pub fn door(&self, lock: u8) -> Option<DoorReading> {
        self.doors.get(lock as usize).copied()
    }
}

/// Errors a caller can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HalError {
    /// The board did not answer (dead, unplugged, wrong address or a garbled request: on the bus these look alike).
    #[error("lock board {board} is not answering")]
    NotAnswering { board: u8 },
    /// The board answered with a frame we could not accept.
    #[error("lock board {board} sent a bad reply: {detail}")]
    BadReply { board: u8, detail: String },
    /// The bus or board is busy with another request; try again shortly.
    #[error("lock board {board} is busy")]
    Busy { board: u8 },
    /// The channel is not wired on this controller.
    #[error("{0} is not wired")]
    NoSuchChannel(Channel),
}

impl HalError {
    /// The board the error concerns.
    pub fn board(&self) -> u8 {
        match self {
            HalError::NotAnswering { board }
            | HalError::BadReply { board, .. }
            | HalError::Busy { board } => *board,
            HalError::NoSuchChannel(ch) => ch.board,
        }
    }

    /// The same error, told about `board` (a bus address renumbered as the wall's board).
    pub fn on_board(self, board: u8) -> HalError {
        match self {
            HalError::NotAnswering { .. } => HalError::NotAnswering { board },
            HalError::BadReply { detail, .. } => HalError::BadReply { board, detail },
            HalError::Busy { .. } => HalError::Busy { board },
            HalError::NoSuchChannel(ch) => HalError::NoSuchChannel(Channel::new(board, ch.lock)),
        }
    }
}

/// A boxed future, so the trait stays object-safe (`dyn LockController`).
pub type HalFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, HalError>> + Send + 'a>>;

/// A lock controller: one bus (or one simulated wall) with its boards.
///
/// An unlock is a pulse: the lock releases and the door springs open (or
/// not). Drivers do not promise that a door opened; callers confirm by
/// reading the board.
pub trait LockController: Send + Sync {
    /// Addresses of the boards this controller drives.
    fn boards(&self) -> Vec<u8>;
    /// Release the lock on `channel`.
    fn unlock(&self, channel: Channel) -> HalFuture<'_, ()>;
    /// Read every door (and sensor) of one board.
    fn read_board(&self, board: u8) -> HalFuture<'_, BoardReading>;
}
