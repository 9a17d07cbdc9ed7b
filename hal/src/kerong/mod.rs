//! Kerong KR-CU16 lock control boards on an RS-485 bus.
//!
//! Up to ten boards share a bus, each with 16 locks, a hook switch and an
//! infrared item sensor per lock. Frames are in [`frame`]; the driver is
//! [`KerongBus`]; [`sim_board`] serves the same bytes from a simulated wall so
//! the driver can be tested over a real pseudo-terminal.

mod driver;
pub mod frame;
pub mod sim_board;

pub use driver::{BoardSettings, BusSettings, KerongBus};
