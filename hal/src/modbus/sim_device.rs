//! A simulated Modbus RTU relay board (or several on one bus): serves the real
//! bytes on any byte stream, with its doors kept in a [`SimWall`] and
//! scriptable faults on the wire.
//!
//! The register map is the one [`super::RelayBoard`] documents: coil N drives
//! lock N; discrete input N is lock N's door switch; inputs `locks..2*locks`
//! are the item sensors where fitted.

use super::frame::{
    self, Request, EX_ILLEGAL_ADDRESS, EX_ILLEGAL_FUNCTION, FC_READ_COILS, FC_READ_INPUTS,
    FC_WRITE_COIL,
};
use crate::sim::SimWall;
use crate::Channel;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::io::{AsyncRead, AsyncWrite};

/// Illegal data value: a coil write that is neither on nor off.
const EX_ILLEGAL_VALUE: u8 = 0x03;

/// One relay board on the simulated bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimUnit {
    /// Its Modbus unit id on the bus.
    pub unit: u8,
    /// The board in the [`SimWall`] that holds its doors.
    pub board: u8,
    /// Relays (locks) on the board.
    pub locks: u8,
    /// True when a set input means "door closed" (a switch closed by the door).
    pub input_set_means_closed: bool,
}

/// Faults on the wire, each for the next N requests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WireFaults {
    /// Replies sent with a wrong CRC.
    pub corrupt: u32,
    /// Replies sent as if from another unit.
    pub wrong_unit: u32,
    /// Requests ignored (as if lost on the bus).
    pub silent: u32,
    /// Requests answered with a "server device failure" exception.
    pub exception: u32,
}

#[derive(Debug, Default)]
struct State {
    faults: WireFaults,
    received: Vec<Vec<u8>>,
    coils: HashMap<(u8, u16), bool>,
}

/// The simulated bus, shared between the serving task and whoever scripts it.
#[derive(Clone, Debug)]
pub struct SimRelayBus {
    wall: SimWall,
    units: Arc<Vec<SimUnit>>,
    state: Arc<Mutex<State>>,
}

impl SimRelayBus {
    /// Relay boards over this wall.
    pub fn new(wall: SimWall, units: Vec<SimUnit>) -> Self {
        Self {
            wall,
            units: Arc::new(units),
            state: Arc::default(),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The wall behind the bus.
    pub fn wall(&self) -> &SimWall {
        &self.wall
    }

    /// Script faults on the wire.
    pub fn set_faults(&self, faults: WireFaults) {
        self.state().faults = faults;
    }

    /// Every well-formed request received so far, as bytes.
    pub fn received(&self) -> Vec<Vec<u8>> {
        self.state().received.clone()
    }

    /// Whether a relay is energised now.
    pub fn coil(&self, unit: u8, coil: u16) -> bool {
        self.state()
            .coils
            .get(&(unit, coil))
            .copied()
            .unwrap_or(false)
    }

    fn answer(&self, req: Request) -> Option<Vec<u8>> {
        let unit = *self.units.iter().find(|u| u.unit == req.unit)?;
        let mut st = self.state();
        if st.faults.silent > 0 {
            st.faults.silent -= 1;
            return None;
        }
        // A board that is off the bus says nothing.
        let reading = self.wall.read_now(unit.board).ok()?;
        if st.faults.exception > 0 {
            st.faults.exception -= 1;
            return Some(frame::exception_reply(req.unit, req.function, 0x04));
        }
        let locks = u16::from(unit.locks);
        let mut reply = match req.function {
            FC_READ_INPUTS | FC_READ_COILS => {
                let limit = if req.function == FC_READ_INPUTS {
                    2 * locks
                } else {
                    locks
                };
                let end = req.address.checked_add(req.value);
                if req.value == 0 || end.is_none_or(|e| e > limit) {
                    frame::exception_reply(req.unit, req.function, EX_ILLEGAL_ADDRESS)
                } else {
                    let bits: Vec<bool> = (req.address..req.address + req.value)
                        .map(|i| {
                            if req.function == FC_READ_COILS {
                                return st.coils.get(&(unit.unit, i)).copied().unwrap_or(false);
                            }
                            let lock = (i % locks) as usize;
                            let door = reading.doors.get(lock).copied().unwrap_or_default();
                            if i < locks {
                                door.open != unit.input_set_means_closed
                            } else {
                                door.occupied == Some(true)
                            }
                        })
                        .collect();
                    frame::bits_reply(req.unit, req.function, &bits)
                }
            }
            FC_WRITE_COIL => {
                if req.address >= locks {
                    frame::exception_reply(req.unit, req.function, EX_ILLEGAL_ADDRESS)
                } else if req.value != 0xFF00 && req.value != 0x0000 {
                    frame::exception_reply(req.unit, req.function, EX_ILLEGAL_VALUE)
                } else {
                    let on = req.value == 0xFF00;
                    let was = st.coils.insert((unit.unit, req.address), on);
                    if on && was != Some(true) {
                        // The relay pulls the solenoid: the lock releases (or not, if scripted).
                        let _ = self
                            .wall
                            .unlock_now(Channel::new(unit.board, req.address as u8));
                    }
                    req.encode()
                }
            }
            _ => frame::exception_reply(req.unit, req.function, EX_ILLEGAL_FUNCTION),
        };
        if st.faults.wrong_unit > 0 {
            st.faults.wrong_unit -= 1;
            reply[0] = reply[0].wrapping_add(1);
            let n = reply.len() - 2;
            let crc = frame::crc16(&reply[..n]).to_le_bytes();
            reply[n..].copy_from_slice(&crc);
        }
        if st.faults.corrupt > 0 {
            st.faults.corrupt -= 1;
            let last = reply.len() - 1;
            reply[last] = reply[last].wrapping_add(1);
        }
        Some(reply)
    }

    /// Serve requests on `port` until it closes.
    pub async fn serve<T: AsyncRead + AsyncWrite + Unpin>(self, port: T) -> std::io::Result<()> {
        crate::sim_serve::serve(port, frame::next_request, |req, bytes| {
            self.state().received.push(bytes);
            self.answer(req)
        })
        .await
    }
}
