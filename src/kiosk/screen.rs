//! What each screen shows: the view turns these into Slint properties.

use super::LockerRef;
use crate::domain::{Refusal, ResidentId, Size, Timestamp};

/// A sentence for the screen, as a kind the UI translates (never a baked English string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// The PIN did not match.
    WrongPin,
    /// Too many wrong tries; retry after this many seconds.
    TryAgainIn(u32),
    /// The tracking number is not usable (why, in words from the domain).
    BadTracking,
    /// This tracking number is already in that locker.
    AlreadyStored(String),
    /// A carrier's tracking number whose check digit does not match (the carrier's name).
    CheckDigit(String),
    /// No locker of that size is free; the next size up is suggested where one is.
    SizeFull(Size),
    /// No locker of that size or larger is free: leave it with staff.
    NothingFits(Size),
    /// No locker at all is free: leave it with staff.
    WallFull,
    /// Nothing on the wall fits (that size, if one was tried): the package
    /// room has space, or leave it with staff.
    TryRoom(Option<Size>),
    /// The code is a package held by the package staff, not in a locker.
    WithStaff,
    /// The named locker's door did not open; another is being tried.
    DoorFailedTryingAnother(String),
    /// The named locker's door did not open and nothing else fits.
    DoorFailedNoOther(String),
    /// The pickup door did not open; staff have been told.
    PickupDoorFailed(String),
    /// The code matches no waiting package.
    WrongCode,
    /// Something went wrong behind the screen; nothing was lost.
    SystemError,
    /// Shown on Home after a pickup.
    ThankYou,
    /// Shown on Home after the idle timeout ended a session.
    TimedOut,
    /// The named locker's door has stood open too long.
    CloseDoor(String),
    /// The camera is not working; typing still does.
    CameraProblem,
    /// A scanned QR code did not open anything, and why.
    Token(super::TokenProblem),
    /// Staff mode: the action was refused, and why (the screen words it).
    Refused(Refusal),
    /// Staff mode: the action was carried out.
    Saved,
    /// A return: no carrier chosen for the tracking number typed.
    ChooseCarrier,
    /// A return: no resident of that unit has that last name.
    NoSuchSender,
    /// A return: no locker is free; take it to the package office.
    NoReturnLocker,
    /// A carrier collected this many returns.
    ReturnsCollected(u32),
    /// Home: the link to the resident's page went to this address (masked).
    PageLinkSent(String),
    /// "My packages": the office has no email address for this resident.
    NoEmailForLink,
    /// The size screen: the resident said they expect this package, so it is theirs.
    Expected,
}

impl Message {
    /// "Try again in N seconds", rounded up, from a throttle's deadline.
    pub fn try_again(until: Timestamp, now: Timestamp) -> Message {
        Message::TryAgainIn(((until.since(now).max(0) + 999) / 1000) as u32)
    }
}

/// A resident in the recipient list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentHit {
    pub id: ResidentId,
    pub name: String,
    pub unit: String,
    pub building: String,
}

/// Where a drop-off ended up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// In this locker.
    Locker(String),
    /// Left with the package staff (overflow).
    Staff,
    /// In the package room, on this shelf.
    Room(String),
}

/// The field on the return sender screen that keys go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SenderField {
    Unit,
    LastName,
}

/// Where a door is in its movement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DoorPhase {
    /// Unlock sent, waiting to see it open.
    Opening,
    /// Seen open.
    Open,
    /// Seen closed again.
    Closed,
    /// The carrier cancelled with the door open: take the package back out.
    TakeBack,
    /// It did not open.
    Failed,
}

/// One door on a door screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoorView {
    pub locker: LockerRef,
    pub phase: DoorPhase,
}

/// The screen the kiosk shows, with exactly what it needs to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Home {
        message: Option<Message>,
    },
    /// Carrier picks their company, then types their PIN.
    CarrierLogin {
        chosen: Option<(crate::domain::CarrierId, String)>,
        pin_len: usize,
        checking: bool,
        message: Option<Message>,
    },
    /// Scan or type the tracking number.
    Scan {
        carrier: String,
        tracking: String,
        message: Option<Message>,
        /// A duplicate was found: offer "deliver anyway".
        confirm_duplicate: bool,
        /// Returns waiting for this carrier ("Collect returns (N)").
        returns: usize,
    },
    /// Find the recipient by name or unit.
    Recipient {
        tracking: String,
        query: String,
        results: Vec<ResidentHit>,
    },
    /// Choose a size; counts of free lockers per size (S, M, L, XL).
    Size {
        recipient: String,
        counts: Option<[u32; 4]>,
        message: Option<Message>,
        suggested: Option<Size>,
        /// "Leave with staff" was tapped before a size: the sizes now say
        /// what the package needs, for staff to load it later.
        for_staff: bool,
        /// Places left in the package room (`None`: the site has none).
        room: Option<u32>,
        /// The locker the resident's other package is in, offered to share.
        share: Option<String>,
    },
    /// The deposit door (a locker's, or the package room's).
    DepositDoor {
        door: DoorView,
        /// Who it is for (a return: the carrier who collects it).
        recipient: String,
        message: Option<Message>,
        /// In the package room: the shelves to choose from (the door's
        /// `shelf` is the one chosen). Empty for a locker.
        shelves: Vec<String>,
        /// A resident's return, not a carrier's delivery.
        is_return: bool,
    },
    /// Stored (or left with staff): next package or done.
    DepositDone {
        place: Place,
        recipient: String,
        is_return: bool,
    },
    /// A resident's return: its carrier and tracking number.
    ReturnLabel {
        /// The carrier chosen, if any.
        carrier: Option<String>,
        tracking: String,
        message: Option<Message>,
    },
    /// A resident's return: who sends it (unit and last name on the lease).
    ReturnSender {
        unit: String,
        last_name: String,
        /// The field the keys go to.
        field: SenderField,
        checking: bool,
        message: Option<Message>,
    },
    /// "My packages": who asks for a link to their page (unit and last name).
    PageLinkWho {
        unit: String,
        last_name: String,
        /// The field the keys go to.
        field: SenderField,
        checking: bool,
        message: Option<Message>,
    },
    /// A resident's return: the locker size.
    ReturnSize {
        /// The sender's name, and the carrier.
        sender: String,
        carrier: String,
        counts: Option<[u32; 4]>,
        message: Option<Message>,
    },
    /// A carrier collecting their returns, one door after another.
    CollectReturns {
        /// Doors opened so far, with where each is.
        doors: Vec<DoorView>,
        /// Doors still to open, in turn.
        next: Vec<LockerRef>,
        message: Option<Message>,
    },
    /// Resident types their code.
    PickupCode {
        entered_len: usize,
        checking: bool,
        message: Option<Message>,
    },
    /// The resident's doors.
    PickupDoor {
        doors: Vec<DoorView>,
        /// More packages for the same resident, not opened yet.
        others: Vec<LockerRef>,
        message: Option<Message>,
    },
    /// Staff type their PIN.
    StaffPin {
        pin_len: usize,
        checking: bool,
        message: Option<Message>,
    },
    /// A staff screen.
    Staff {
        who: String,
        role: crate::domain::Role,
        page: Box<super::staff::StaffPage>,
        /// Open attention items (the tab's badge).
        attention: usize,
        message: Option<Message>,
    },
}

impl Screen {
    /// Every screen's `name`, as config refers to them (`[idle]`).
    pub const NAMES: [&'static str; 16] = [
        "home",
        "carrier-login",
        "scan",
        "recipient",
        "size",
        "deposit-door",
        "deposit-done",
        "pickup-code",
        "pickup-door",
        "staff-pin",
        "staff",
        "return-label",
        "return-sender",
        "page-link",
        "return-size",
        "collect-returns",
    ];

    /// A short name for logs and tests.
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Home { .. } => "home",
            Screen::CarrierLogin { .. } => "carrier-login",
            Screen::Scan { .. } => "scan",
            Screen::Recipient { .. } => "recipient",
            Screen::Size { .. } => "size",
            Screen::DepositDoor { .. } => "deposit-door",
            Screen::DepositDone { .. } => "deposit-done",
            Screen::ReturnLabel { .. } => "return-label",
            Screen::ReturnSender { .. } => "return-sender",
            Screen::PageLinkWho { .. } => "page-link",
            Screen::ReturnSize { .. } => "return-size",
            Screen::CollectReturns { .. } => "collect-returns",
            Screen::PickupCode { .. } => "pickup-code",
            Screen::PickupDoor { .. } => "pickup-door",
            Screen::StaffPin { .. } => "staff-pin",
            Screen::Staff { .. } => "staff",
        }
    }

    /// The screen's message slot, on screens that have one.
    pub fn message(&self) -> Option<&Option<Message>> {
        match self {
            Screen::Home { message }
            | Screen::CarrierLogin { message, .. }
            | Screen::Scan { message, .. }
            | Screen::Size { message, .. }
            | Screen::DepositDoor { message, .. }
            | Screen::PickupCode { message, .. }
            | Screen::PickupDoor { message, .. }
            | Screen::StaffPin { message, .. }
            | Screen::Staff { message, .. }
            | Screen::ReturnLabel { message, .. }
            | Screen::ReturnSender { message, .. }
            | Screen::PageLinkWho { message, .. }
            | Screen::ReturnSize { message, .. }
            | Screen::CollectReturns { message, .. } => Some(message),
            Screen::Recipient { .. } | Screen::DepositDone { .. } => None,
        }
    }

    /// The screen's message slot, to change it.
    pub fn message_mut(&mut self) -> Option<&mut Option<Message>> {
        match self {
            Screen::Home { message }
            | Screen::CarrierLogin { message, .. }
            | Screen::Scan { message, .. }
            | Screen::Size { message, .. }
            | Screen::DepositDoor { message, .. }
            | Screen::PickupCode { message, .. }
            | Screen::PickupDoor { message, .. }
            | Screen::StaffPin { message, .. }
            | Screen::Staff { message, .. }
            | Screen::ReturnLabel { message, .. }
            | Screen::ReturnSender { message, .. }
            | Screen::PageLinkWho { message, .. }
            | Screen::ReturnSize { message, .. }
            | Screen::CollectReturns { message, .. } => Some(message),
            Screen::Recipient { .. } | Screen::DepositDone { .. } => None,
        }
    }

    /// The pickup keypad, empty.
    pub fn pickup_code() -> Screen {
        Screen::PickupCode {
            entered_len: 0,
            checking: false,
            message: None,
        }
    }

    /// The carrier list, nobody chosen yet.
    pub fn carrier_login() -> Screen {
        Screen::CarrierLogin {
            chosen: None,
            pin_len: 0,
            checking: false,
            message: None,
        }
    }

    /// The staff PIN pad, empty.
    pub fn staff_pin() -> Screen {
        Screen::StaffPin {
            pin_len: 0,
            checking: false,
            message: None,
        }
    }

    /// The home screen with nothing to say.
    pub fn home() -> Screen {
        Screen::Home { message: None }
    }
}
