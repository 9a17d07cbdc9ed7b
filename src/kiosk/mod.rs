//! The kiosk flow as a state machine: `Screen + Event -> next Screen + Effects`.
//! Pure: no I/O, no Slint, no clock (time comes in with each step).

mod code_read;
mod delivery;
mod effect;
mod event;
mod flow;
pub mod help;
mod idle;
mod look;
mod page_link;
mod pickup;
mod returns;
mod screen;
mod session;
pub mod staff;
mod supervision;
mod who;

pub use effect::Effect;
pub use event::{Event, Found, TextKey, TokenProblem};
pub use flow::{Flow, FlowConfig, InFlight, Then, Trip};
pub use help::{HelpEvent, HelpPanel, ProblemContext, ProblemKind, ProblemReport};
pub use look::{is_night, Look, LookSetting};
pub use screen::{DoorPhase, DoorView, Message, Place, ResidentHit, Screen, SenderField};

use crate::domain::{LockerId, Size};

/// A locker as the flow needs it: which door and what it is called (the
/// runtime's door map knows where it is wired).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockerRef {
    pub id: LockerId,
    pub label: String,
    pub size: Size,
    /// In the package room (whose door this is): the package's shelf.
    pub shelf: Option<String>,
}

impl From<&crate::domain::Locker> for LockerRef {
    fn from(l: &crate::domain::Locker) -> Self {
        LockerRef {
            id: l.id,
            label: l.label.clone(),
            size: l.size,
            shelf: None,
        }
    }
}
#[cfg(test)]
mod idle_tests;
#[cfg(test)]
mod language_tests;
#[cfg(test)]
mod page_link_tests;
#[cfg(test)]
mod returns_tests;
#[cfg(test)]
mod test_fixtures;
#[cfg(test)]
mod tests;
