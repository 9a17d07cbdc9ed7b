//! A simulated KR-CU16 bus: serves the real bytes on any byte stream (one end
//! of a pseudo-terminal), with its doors kept in a [`SimWall`] and scriptable
//! faults on the wire.

use super::frame::{
    self, Reply, CMD_STATUS, CMD_UNLOCK, CMD_UNLOCK_TIME, REPLY_STATUS, REPLY_UNLOCK_TIME,
};
use crate::sim::SimWall;
use crate::Channel;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::io::{AsyncRead, AsyncWrite};

/// Faults on the wire, each for the next N replies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WireFaults {
    /// Replies sent with a wrong checksum.
    pub corrupt: u32,
    /// Replies sent as if from another board.
    pub wrong_address: u32,
    /// Requests ignored (as if lost on the bus).
    pub silent: u32,
}

#[derive(Debug, Default)]
struct State {
    faults: WireFaults,
    /// Every frame received, as bytes (for tests of what is on the wire).
    received: Vec<Vec<u8>>,
    /// Unlock pulse per board, in ms.
    unlock_ms: HashMap<u8, u32>,
    /// Boards whose hook switches report "set" for open doors.
    inverted: Vec<u8>,
}

/// The bus's behaviour, shared between the serving task and the test or CLI that scripts it.
#[derive(Clone, Debug, Default)]
pub struct SimBus {
    wall: SimWall,
    /// Bus address -> board in the wall; empty means the same number.
    addresses: Arc<HashMap<u8, u8>>,
    state: Arc<Mutex<State>>,
}

impl SimBus {
    /// A bus over this simulated wall (boards and doors come from the wall).
    pub fn new(wall: SimWall) -> Self {
        Self::with_addresses(wall, HashMap::new())
    }

    /// A bus whose boards sit at these addresses (bus address -> board in the wall);
    /// addresses not listed do not answer.
    pub fn with_addresses(wall: SimWall, addresses: HashMap<u8, u8>) -> Self {
        Self {
            wall,
            addresses: Arc::new(addresses),
            state: Arc::default(),
        }
    }

    fn wall_board(&self, address: u8) -> Option<u8> {
        if self.addresses.is_empty() {
            Some(address)
        } else {
            self.addresses.get(&address).copied()
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

    /// The wire faults still to come (tests and the simulator's console).
    pub fn faults(&self) -> WireFaults {
        self.state().faults.clone()
    }

    /// Make a board's hook switches read the other way round (normally-open switches).
    pub fn invert_hooks(&self, board: u8) {
        self.state().inverted.push(board);
    }

    /// Every frame received so far.
    pub fn received(&self) -> Vec<Vec<u8>> {
        self.state().received.clone()
    }

    /// The reply (if any) to one request.
    fn answer(&self, addr: u8, cmd: u8, data: &[u8]) -> Option<Vec<u8>> {
        let address = addr >> 4;
        let board = self.wall_board(address)?;
        let mut st = self.state();
        if st.faults.silent > 0 {
            st.faults.silent -= 1;
            return None;
        }
        let reading = self.wall.read_now(board).ok()?;
        let mut reply = match cmd {
            CMD_STATUS => {
                let (hooks, sensors) = bits(&reading.doors, st.inverted.contains(&address));
                Reply {
                    addr: address << 4,
                    cmd: REPLY_STATUS,
                    data: le(hooks, sensors),
                }
            }
            CMD_UNLOCK => {
                // No reply on the wire; the lock releases (or not, if scripted).
                let _ = self.wall.unlock_now(Channel::new(board, addr & 0x0F));
                return None;
            }
            CMD_UNLOCK_TIME => {
                if let [hi, lo] = data {
                    st.unlock_ms
                        .insert(address, u32::from(u16::from_be_bytes([*hi, *lo])) * 10);
                }
                let ms = *st.unlock_ms.get(&address).unwrap_or(&550);
                let (hooks, _) = bits(&reading.doors, st.inverted.contains(&address));
                let units = ((ms / 10) as u16).to_be_bytes();
                let h = hooks.to_le_bytes();
                Reply {
                    addr: address << 4,
                    cmd: REPLY_UNLOCK_TIME,
                    data: [h[0], h[1], units[0], units[1]],
                }
            }
            _ => return None,
        };
        if st.faults.wrong_address > 0 {
            st.faults.wrong_address -= 1;
            reply.addr = ((address + 1) % 10) << 4;
        }
        let mut bytes = reply.encode().to_vec();
        if st.faults.corrupt > 0 {
            st.faults.corrupt -= 1;
            bytes[8] = bytes[8].wrapping_add(1);
        }
        Some(bytes)
    }

    /// Serve requests on `port` until it closes.
    pub async fn serve<T: AsyncRead + AsyncWrite + Unpin>(self, port: T) -> std::io::Result<()> {
        crate::sim_serve::serve(port, frame::next_request, |req, bytes| {
            self.state().received.push(bytes);
            self.answer(req.addr, req.cmd, &req.data)
        })
        .await
    }
}

/// Hook bits (set = closed, unless inverted) and sensor bits of a board.
fn bits(doors: &[crate::DoorReading], inverted: bool) -> (u16, u16) {
    let mut hooks = 0u16;
    let mut sensors = 0u16;
    for (i, d) in doors.iter().enumerate().take(16) {
        if d.open == inverted {
            hooks |= 1 << i;
        }
        if d.occupied == Some(true) {
            sensors |= 1 << i;
        }
    }
    (hooks, sensors)
}

fn le(hooks: u16, sensors: u16) -> [u8; 4] {
    let h = hooks.to_le_bytes();
    let s = sensors.to_le_bytes();
    [h[0], h[1], s[0], s[1]]
}
