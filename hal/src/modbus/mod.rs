//! Modbus RTU relay boards with digital inputs: the other common way locker
//! walls are built. One relay per lock, one input per door switch (and item
//! sensor). The driver speaks through tokio-modbus; [`sim_device`] serves the
//! same bytes from a simulated wall, written independently from [`frame`].

mod driver;
pub mod frame;
pub mod sim_device;
mod tap;

pub use driver::{ModbusBus, RelayBoard, RelaySettings};
