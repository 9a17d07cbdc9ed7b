//! Opening a serial port (or a pseudo-terminal) for a lock bus.

use tokio_serial::{SerialPortBuilderExt, SerialStream};

/// Open `path` at `baud`, 8N1, no flow control.
pub fn open(path: &str, baud: u32) -> std::io::Result<SerialStream> {
    tokio_serial::new(path, baud)
        .data_bits(tokio_serial::DataBits::Eight)
        .parity(tokio_serial::Parity::None)
        .stop_bits(tokio_serial::StopBits::One)
        .flow_control(tokio_serial::FlowControl::None)
        .open_native_async()
        .map_err(std::io::Error::from)
}

/// A pseudo-terminal pair: the end a simulated board serves, and the device
/// path a driver (or the kiosk) opens. Keep the returned slave end alive for as
/// long as the path should work.
pub fn pty_pair() -> std::io::Result<(SerialStream, SerialStream, String)> {
    let (master, slave) = SerialStream::pair().map_err(std::io::Error::from)?;
    let path = tokio_serial::SerialPort::name(&slave)
        .ok_or_else(|| std::io::Error::other("the pseudo-terminal has no device name"))?;
    Ok((master, slave, path))
}
