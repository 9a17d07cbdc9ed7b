//! The Modbus RTU relay-board driver, on tokio-modbus: one request in flight,
//! each with a timeout and bounded retries; an unlock is a relay pulse.

use super::tap::{Tap, TapState};
use crate::{BoardReading, Channel, DoorReading, HalError, HalFuture, LockController};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Mutex;
use tokio_modbus::client::{Context, Reader, Writer};
use tokio_modbus::prelude::{ExceptionCode, Slave, SlaveContext};

/// How one relay board is wired.
///
/// Register map (the common 8/16/32-channel boards): coil N drives lock N's
/// relay; discrete input N is lock N's door switch; where item sensors are
/// fitted, discrete input `locks + N` is lock N's sensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelayBoard {
    /// Modbus unit id (1..=247).
    pub unit: u8,
    /// Relays used as locks.
    pub locks: u8,
    /// True when a set input means "door closed" (a switch the door closes).
    pub input_set_means_closed: bool,
    /// Locks with an item sensor (bit 0 = lock 1).
    pub sensors: u32,
}

impl RelayBoard {
    /// A board with `locks` relays, door switches closed by the door, no sensors.
    pub fn new(unit: u8, locks: u8) -> Self {
        Self {
            unit,
            locks,
            input_set_means_closed: true,
            sensors: 0,
        }
    }
}

/// Timing and retries on the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelaySettings {
    /// How long to wait for a reply.
    pub reply_timeout: Duration,
    /// Further attempts after the first fails.
    pub retries: u32,
    /// How long a relay stays on to release a lock.
    pub pulse: Duration,
}

impl Default for RelaySettings {
    fn default() -> Self {
        // Solenoid locks want more than 500 ms; the Kerong boards' default is 550.
        Self {
            reply_timeout: Duration::from_millis(150),
            retries: 2,
            pulse: Duration::from_millis(600),
        }
    }
}

enum Op {
    ReadInputs(u16),
    WriteCoil(u16, bool),
}

/// Relay boards on one Modbus RTU bus.
pub struct ModbusBus {
    ctx: Mutex<Context>,
    tap: Arc<TapState>,
    boards: Vec<RelayBoard>,
    settings: RelaySettings,
}

impl ModbusBus {
    /// A driver for these boards on `port` (a serial port or a pseudo-terminal).
    pub fn new<T>(port: T, boards: Vec<RelayBoard>, settings: RelaySettings) -> Self
    where
        T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let (tapped, tap) = Tap::new(port);
        let first = boards.first().map_or(1, |b| b.unit);
        Self {
            ctx: Mutex::new(tokio_modbus::client::rtu::attach_slave(
                tapped,
                Slave(first),
            )),
            tap,
            boards,
            settings,
        }
    }

    fn board(&self, unit: u8) -> Result<&RelayBoard, HalError> {
        self.boards
            .iter()
            .find(|b| b.unit == unit)
            .ok_or(HalError::NotAnswering { board: unit })
    }

    /// One request to `unit`, retried on silence or a damaged reply.
    async fn call(&self, unit: u8, op: &Op) -> Result<Vec<bool>, HalError> {
        let mut ctx = self.ctx.lock().await;
        ctx.set_slave(Slave(unit));
        let mut last = HalError::NotAnswering { board: unit };
        for attempt in 0..=self.settings.retries {
            self.tap.start_request();
            let sent = async {
                match *op {
                    Op::ReadInputs(n) => ctx.read_discrete_inputs(0, n).await,
                    Op::WriteCoil(coil, on) => ctx
                        .write_single_coil(coil, on)
                        .await
                        .map(|r| r.map(|()| Vec::new())),
                }
            };
            match tokio::time::timeout(self.settings.reply_timeout, sent).await {
                Ok(Ok(Ok(bits))) => return Ok(bits),
                // An exception is an answer: the board is there and said no.
                Ok(Ok(Err(ExceptionCode::ServerDeviceBusy))) => {
                    last = HalError::Busy { board: unit };
                }
                Ok(Ok(Err(code))) => {
                    return Err(HalError::BadReply {
                        board: unit,
                        detail: format!("the board refused the request: {code}"),
                    })
                }
                Ok(Err(e)) => {
                    last = HalError::BadReply {
                        board: unit,
                        detail: e.to_string(),
                    }
                }
                // Bytes came back but no valid reply: a damaged frame (bad CRC).
                Err(_) if self.tap.received() > 0 => {
                    last = HalError::BadReply {
                        board: unit,
                        detail: "a reply that failed its CRC check".into(),
                    }
                }
                Err(_) => {
                    if !matches!(last, HalError::BadReply { .. } | HalError::Busy { .. }) {
                        last = HalError::NotAnswering { board: unit };
                    }
                }
            }
            tracing::debug!(unit, attempt, error = %last, "modbus retry");
        }
        Err(last)
    }

    /// Read every door switch (and sensor) of a board.
    pub async fn status(&self, unit: u8) -> Result<BoardReading, HalError> {
        let b = *self.board(unit)?;
        let locks = usize::from(b.locks);
        let count = if b.sensors != 0 { 2 * locks } else { locks };
        let bits = self.call(unit, &Op::ReadInputs(count as u16)).await?;
        if bits.len() < count {
            return Err(HalError::BadReply {
                board: unit,
                detail: format!("{} inputs read, {count} expected", bits.len()),
            });
        }
        let doors = (0..locks)
            .map(|lock| DoorReading {
                open: bits[lock] != b.input_set_means_closed,
                occupied: (b.sensors & (1 << lock) != 0).then(|| bits[locks + lock]),
            })
            .collect();
        Ok(BoardReading { board: unit, doors })
    }

    /// Pulse one lock's relay. The relay is always switched off again: a
    /// solenoid left powered burns out, so a failed "off" is retried and reported.
    pub async fn release(&self, ch: Channel) -> Result<(), HalError> {
        let b = *self.board(ch.board)?;
        if ch.lock >= b.locks {
            return Err(HalError::NoSuchChannel(ch));
        }
        let coil = u16::from(ch.lock);
        self.call(ch.board, &Op::WriteCoil(coil, true)).await?;
        tokio::time::sleep(self.settings.pulse).await;
        let mut off = self.call(ch.board, &Op::WriteCoil(coil, false)).await;
        if off.is_err() {
            tokio::time::sleep(self.settings.reply_timeout).await;
            off = self.call(ch.board, &Op::WriteCoil(coil, false)).await;
        }
        if let Err(e) = &off {
            tracing::error!(channel = %ch, error = %e, "relay may still be on");
        }
        off.map(|_| ())
    }
}

impl LockController for ModbusBus {
    fn boards(&self) -> Vec<u8> {
        self.boards.iter().map(|b| b.unit).collect()
    }

    fn unlock(&self, channel: Channel) -> HalFuture<'_, ()> {
        Box::pin(self.release(channel))
    }

    fn read_board(&self, board: u8) -> HalFuture<'_, BoardReading> {
        Box::pin(self.status(board))
    }
}
