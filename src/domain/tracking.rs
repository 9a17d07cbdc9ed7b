//! Tracking numbers as typed or scanned (the rules live in the wire crate,
//! beside the labels').

pub use lockerwall_wire::tracking::*;
