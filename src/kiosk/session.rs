//! The journey under way at the screen. Each journey owns what only it
//! needs; going home is `Session::Idle`, so nothing is left to reset by hand.

use super::flow::Flow;
use super::returns::ReturnDraft;
use super::{LockerRef, ResidentHit};
use crate::domain::wall::WallTile;
use crate::domain::{CarrierId, PackageId, StaffMember};

/// Who is at the screen, and how far they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Session {
    /// Nobody: the home screen, where a keyboard-wedge scanner's keys gather
    /// until its Enter.
    Idle { keys: String },
    /// A carrier logging in, dropping off and collecting returns.
    Carrier(Delivery),
    /// A resident picking up.
    Resident(Pickup),
    /// A resident sending a return (its door screens are the drop-off's).
    Return(ReturnDraft),
    /// A resident asking for a link to their own page.
    PageLink(super::who::Who),
    /// Staff logging in and at work.
    Staff(StaffSession),
}

impl Session {
    /// Nobody at the screen.
    pub fn idle() -> Session {
        Session::Idle {
            keys: String::new(),
        }
    }
}

/// The logged-in carrier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct CarrierSession {
    pub id: CarrierId,
    pub name: String,
}

/// A carrier's visit: the login, then one drop-off after another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Delivery {
    /// Logged in once the PIN is checked.
    pub carrier: Option<CarrierSession>,
    /// Digits typed on the PIN keypad; the screen shows only their count.
    pub pin: String,
    /// The drop-off being put together.
    pub tracking: String,
    pub recipient: Option<ResidentHit>,
    /// The whole payload of the label just scanned, to find its recipient by.
    pub label_payload: Option<String>,
    /// A label scanned before the carrier logged in, scanned in after the PIN.
    pub pending_label: Option<String>,
    /// The chosen resident's package whose locker can take this one too.
    pub share: Option<(PackageId, LockerRef)>,
    /// The carrier's returns waiting to be collected, in wall order.
    pub returns_waiting: Vec<(PackageId, LockerRef)>,
}

/// A resident's pickup.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Pickup {
    /// The code (or a token) typed so far; the screen shows only its length.
    pub code: String,
    /// The resident's other waiting packages, offered after the first door opens.
    pub others: Vec<(PackageId, LockerRef)>,
}

/// Staff mode: the PIN, then the member at work.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StaffSession {
    /// Logged in once the PIN is checked.
    pub member: Option<StaffMember>,
    /// A PIN being typed (the login's, or a new account's).
    pub pin: String,
    /// The wall map as the store last gave it (doors open are laid over it).
    pub wall: Vec<WallTile>,
}

impl Flow {
    /// The carrier's visit, while one is under way.
    pub(super) fn delivery(&self) -> Option<&Delivery> {
        match &self.session {
            Session::Carrier(d) => Some(d),
            _ => None,
        }
    }

    /// The carrier's visit, to change.
    pub(super) fn delivery_mut(&mut self) -> Option<&mut Delivery> {
        match &mut self.session {
            Session::Carrier(d) => Some(d),
            _ => None,
        }
    }

    /// The logged-in carrier.
    pub(super) fn carrier(&self) -> Option<&CarrierSession> {
        self.delivery()?.carrier.as_ref()
    }

    /// The resident's pickup, to change.
    pub(super) fn pickup_mut(&mut self) -> Option<&mut Pickup> {
        match &mut self.session {
            Session::Resident(p) => Some(p),
            _ => None,
        }
    }

    /// Whether the drop-off at the door is a resident's return.
    pub(super) fn is_return(&self) -> bool {
        matches!(self.session, Session::Return(_))
    }

    /// The return being put together.
    pub(super) fn return_draft(&self) -> Option<&ReturnDraft> {
        match &self.session {
            Session::Return(d) => Some(d),
            _ => None,
        }
    }

    /// The return, taken out to work on (put back with `Session::Return`).
    pub(super) fn take_return(&mut self) -> Option<ReturnDraft> {
        match std::mem::replace(&mut self.session, Session::idle()) {
            Session::Return(d) => Some(d),
            other => {
                self.session = other;
                None
            }
        }
    }

    /// Staff mode, while it is up.
    pub(crate) fn staff_session(&self) -> Option<&StaffSession> {
        match &self.session {
            Session::Staff(s) => Some(s),
            _ => None,
        }
    }

    /// Staff mode, to change.
    pub(crate) fn staff_session_mut(&mut self) -> Option<&mut StaffSession> {
        match &mut self.session {
            Session::Staff(s) => Some(s),
            _ => None,
        }
    }

    /// The staff member logged in.
    pub(crate) fn staff_member(&self) -> Option<&StaffMember> {
        self.staff_session()?.member.as_ref()
    }
}
