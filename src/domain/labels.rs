//! What a shipping label's barcode says: the carrier and the tracking number,
//! each carrier's check digit verified. The rules live in the wire crate, so
//! the server's package desk reads the numbers residents forward as the
//! kiosk's scanner does.

pub use lockerwall_wire::labels::*;
