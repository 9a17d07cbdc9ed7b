//! A locker: a door on the wall with a size and a place.

use super::{LockerId, Size};
/// Where a locker is wired: a board and a lock on it.
pub use lockerwall_hal::Channel;

/// Whether a locker may be handed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Usable.
    InService,
    /// Taken out of service by staff.
    OutOfService,
    /// A door failed to open (or similar); staff must look at it.
    Faulty,
}

impl Service {
    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::InService => "in_service",
            Service::OutOfService => "out_of_service",
            Service::Faulty => "faulty",
        }
    }

    /// Parse the database spelling.
    pub fn parse(s: &str) -> Option<Service> {
        [Service::InService, Service::OutOfService, Service::Faulty]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A locker as the wall is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locker {
    pub id: LockerId,
    /// The label printed on the door, e.g. "B07".
    pub label: String,
    pub size: Size,
    /// Column on the wall, 0 = leftmost.
    pub column: u32,
    /// Row within the column, 0 = top.
    pub row: u32,
    /// Height in rows (a tall locker spans several).
    pub height: u32,
    /// Low enough to reach from a wheelchair.
    pub accessible: bool,
    /// Where its lock is wired.
    pub channel: Channel,
    pub service: Service,
}
