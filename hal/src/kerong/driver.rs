//! The KR-CU16 bus driver: one request in flight, every reply checked.

use super::frame::{self, Reply, REPLY_STATUS};
use crate::{BoardReading, Channel, DoorReading, HalError, HalFuture, LockController};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::Mutex;

/// How one board is wired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardSettings {
    /// Board address (0..=9, the DIP switches).
    pub address: u8,
    /// True when a set hook bit means "door closed" (the vendor's examples);
    /// false for locks whose switches work the other way round.
    pub hook_set_means_closed: bool,
    /// Locks that have an occupancy sensor (bit 0 = lock 1).
    pub sensors: u16,
}

impl BoardSettings {
    /// A board with the vendor's polarity and no sensors.
    pub fn new(address: u8) -> Self {
        Self {
            address,
            hook_set_means_closed: true,
            sensors: 0,
        }
    }
}

/// Timing and retries on the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BusSettings {
    /// How long to wait for a reply.
    pub reply_timeout: Duration,
    /// Further attempts after the first fails.
    pub retries: u32,
    /// Pause after an unlock before reading the board back.
    pub after_unlock: Duration,
}

impl Default for BusSettings {
    fn default() -> Self {
        // Drivers in the field wait about 100 ms for a reply; at 19200 baud a
        // 9-byte reply takes under 5 ms on the wire.
        Self {
            reply_timeout: Duration::from_millis(150),
            retries: 2,
            after_unlock: Duration::from_millis(100),
        }
    }
}

struct Io<T> {
    port: T,
    buf: Vec<u8>,
}

/// A KR-CU16 bus on any byte stream (a serial port, a pseudo-terminal).
pub struct KerongBus<T> {
    io: Mutex<Io<T>>,
    boards: Vec<BoardSettings>,
    settings: BusSettings,
}

impl<T: AsyncRead + AsyncWrite + Unpin + Send> KerongBus<T> {
    /// A driver for these boards on `port`.
    pub fn new(port: T, boards: Vec<BoardSettings>, settings: BusSettings) -> Self {
        Self {
            io: Mutex::new(Io {
                port,
                buf: Vec::with_capacity(64),
            }),
            boards,
            settings,
        }
    }

    fn board(&self, address: u8) -> Result<&BoardSettings, HalError> {
        self.boards
            .iter()
            .find(|b| b.address == address)
            .ok_or(HalError::NotAnswering { board: address })
    }

    /// Send `request` and wait for a `want` reply from `board`, with retries.
    async fn transact(&self, board: u8, request: &[u8], want: u8) -> Result<Reply, HalError> {
        let mut io = self.io.lock().await;
        let mut last = HalError::NotAnswering { board };
        for attempt in 0..=self.settings.retries {
            drain_stale(&mut io).await;
            tracing::trace!(board, attempt, tx = %frame::hex(request), "lock bus send");
            if let Err(e) = write_frame(&mut io.port, request).await {
                return Err(HalError::BadReply {
                    board,
                    detail: format!("cannot write to the bus: {e}"),
                });
            }
            let mut foreign = None;
            match tokio::time::timeout(
                self.settings.reply_timeout,
                read_reply(&mut io, board, want, &mut foreign),
            )
            .await
            {
                Ok(Ok(reply)) => return Ok(reply),
                Ok(Err(e)) => last = e,
                // Answered, but by the wrong board: a wiring or DIP-switch fault.
                Err(_) if foreign.is_some() => {
                    let other = foreign.unwrap_or_default();
                    last = HalError::BadReply {
                        board,
                        detail: format!("board {other} answered instead"),
                    };
                }
                // Silence: a dead board, a wrong address and a garbled request all look like this.
                Err(_) => {
                    if !matches!(last, HalError::BadReply { .. }) {
                        last = HalError::NotAnswering { board };
                    }
                }
            }
            tracing::debug!(board, attempt, error = %last, "lock bus retry");
        }
        Err(last)
    }

    /// Read the board's status (hooks and sensors) as door readings.
    pub async fn status(&self, board: u8) -> Result<BoardReading, HalError> {
        let settings = *self.board(board)?;
        let reply = self
            .transact(board, &frame::status_request(board), REPLY_STATUS)
            .await?;
        Ok(decode_status(&reply, &settings))
    }

    /// Release one lock, then read the board back to be sure it is there.
    /// Whether the door opened is for the caller to watch.
    pub async fn release(&self, ch: Channel) -> Result<(), HalError> {
        self.board(ch.board)?;
        if ch.lock >= frame::LOCKS {
            return Err(HalError::NoSuchChannel(ch));
        }
        {
            let mut io = self.io.lock().await;
            drain_stale(&mut io).await;
            let request = frame::unlock_request(ch.board, ch.lock);
            tracing::trace!(board = ch.board, tx = %frame::hex(&request), "lock bus send");
            write_frame(&mut io.port, &request)
                .await
                .map_err(|e| HalError::BadReply {
                    board: ch.board,
                    detail: format!("cannot write to the bus: {e}"),
                })?;
        }
        tokio::time::sleep(self.settings.after_unlock).await;
        self.status(ch.board).await.map(|_| ())
    }

    /// Set a board's unlock pulse (the board stores it in flash: allow 500 ms after).
    pub async fn set_unlock_time(&self, board: u8, ms: u32) -> Result<u32, HalError> {
        self.board(board)?;
        let reply = self
            .transact(
                board,
                &frame::set_unlock_time_request(board, ms),
                frame::REPLY_UNLOCK_TIME,
            )
            .await?;
        Ok(reply.unlock_time_ms())
    }

    /// A board's unlock pulse.
    pub async fn unlock_time(&self, board: u8) -> Result<u32, HalError> {
        self.board(board)?;
        let reply = self
            .transact(
                board,
                &frame::query_unlock_time_request(board),
                frame::REPLY_UNLOCK_TIME,
            )
            .await?;
        Ok(reply.unlock_time_ms())
    }
}

/// Turn a status reply into door readings with the board's polarity and sensors.
pub fn decode_status(reply: &Reply, b: &BoardSettings) -> BoardReading {
    let (hooks, sensors) = (reply.hooks(), reply.sensors());
    let doors = (0..frame::LOCKS)
        .map(|lock| {
            let bit = 1u16 << lock;
            let set = hooks & bit != 0;
            DoorReading {
                open: set != b.hook_set_means_closed,
                occupied: (b.sensors & bit != 0).then_some(sensors & bit != 0),
            }
        })
        .collect();
    BoardReading {
        board: b.address,
        doors,
    }
}

async fn write_frame<T: AsyncWrite + Unpin>(port: &mut T, bytes: &[u8]) -> std::io::Result<()> {
    port.write_all(bytes).await?;
    port.flush().await
}

/// Throw away whatever arrived since the last request (late replies, noise).
async fn drain_stale<T: AsyncRead + Unpin>(io: &mut Io<T>) {
    io.buf.clear();
    let mut scratch = [0u8; 64];
    // A zero timeout polls the read once: it takes what is already there.
    while let Ok(Ok(n)) = tokio::time::timeout(Duration::ZERO, io.port.read(&mut scratch)).await {
        if n == 0 {
            break;
        }
        tracing::trace!(rx = %frame::hex(&scratch[..n]), "lock bus stale bytes dropped");
    }
}

/// Read until a well-formed `want` reply from `board` arrives. Replies from
/// other addresses are skipped; a damaged frame is an error (the caller retries).
async fn read_reply<T: AsyncRead + Unpin>(
    io: &mut Io<T>,
    board: u8,
    want: u8,
    foreign: &mut Option<u8>,
) -> Result<Reply, HalError> {
    let mut scratch = [0u8; 64];
    loop {
        while let Some((parsed, used)) = frame::next_reply(&io.buf) {
            let bytes: Vec<u8> = io.buf.drain(..used).collect();
            tracing::trace!(board, rx = %frame::hex(&bytes), "lock bus receive");
            match parsed {
                Ok(r) if r.board() == board && r.cmd == want => return Ok(r),
                Ok(r) => {
                    tracing::debug!(
                        board,
                        from = r.board(),
                        cmd = r.cmd,
                        "reply from another board or command ignored"
                    );
                    if r.board() != board {
                        *foreign = Some(r.board());
                    }
                }
                Err(e) => {
                    return Err(HalError::BadReply {
                        board,
                        detail: format!("{e:?}"),
                    })
                }
            }
        }
        let n = io
            .port
            .read(&mut scratch)
            .await
            .map_err(|e| HalError::BadReply {
                board,
                detail: format!("cannot read the bus: {e}"),
            })?;
        if n == 0 {
            return Err(HalError::NotAnswering { board });
        }
        io.buf.extend_from_slice(&scratch[..n]);
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin + Send> LockController for KerongBus<T> {
    fn boards(&self) -> Vec<u8> {
        self.boards.iter().map(|b| b.address).collect()
    }

    fn unlock(&self, channel: Channel) -> HalFuture<'_, ()> {
        Box::pin(self.release(channel))
    }

    fn read_board(&self, board: u8) -> HalFuture<'_, BoardReading> {
        Box::pin(self.status(board))
    }
}
