//! What the rules refuse a person at the wall, as kinds with their facts.
//! The screen words each in the reader's language (ui/globals/words.slint);
//! the English here is for logs, the command line and the package desk.

use super::{AccountKind, Size};

/// A request staff (or the desk) made that the rules do not allow.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("this wall has no package room")]
    NoPackageRoom,
    #[error("the package is in the room already")]
    AlreadyInRoom,
    #[error("the package room is full")]
    RoomFull,
    #[error("the resident has no email address: add one in the directory first")]
    NoEmail,
    /// The package is already for this resident (their name).
    #[error("the package is already for {0}")]
    AlreadyFor(String),
    #[error("this is a resident's return, waiting for its carrier: it has no pickup notice")]
    ReturnHasNoNotice,
    #[error("no free locker fits a size {} package yet", .0.code())]
    NothingFitsYet(Size),
    #[error("a hold can be extended by 1 to 30 days at a time")]
    HoldDays,
    #[error("an away period must end after today, start within a year and last at most 60 days")]
    AwayDates,
    #[error("a standing door delivery request lasts at most 90 days")]
    StandingDays,
    #[error("a name is needed")]
    NameNeeded,
    /// An account of that kind already has that name.
    #[error("there is already a {} called {name}", account_word(*.kind))]
    NameTaken { kind: AccountKind, name: String },
    #[error("a resident needs a unit")]
    UnitNeeded,
    /// What was typed as an email address.
    #[error("{0:?} is not an email address")]
    NotAnEmail(String),
    /// A language code notices cannot be sent in.
    #[error("notices cannot be sent in {0:?}")]
    NoNoticesIn(String),
    /// Texts were chosen for a resident with no number a text can go to.
    #[error("texts need the resident's mobile number in the directory")]
    NoNumberForTexts,
    /// An expected package's number, its ending or its day is not one the wall takes.
    #[error("an expected package needs its tracking number, and a day within two months")]
    ExpectedPackage,
    #[error(transparent)]
    Pin(#[from] PinRule),
    #[error("this is the last staff account: add another before disabling it")]
    LastStaffAccount,
    /// The PIN is someone else's: theirs is withdrawn, and it is not said whose.
    #[error("that PIN cannot be used: choose another")]
    PinUnusable,
    #[error("that locker cannot take another package now")]
    NotShareable,
    #[error("that locker holds another resident's package")]
    AnotherResidents,
    /// What the screen showed is gone (a resident, a package, an account).
    #[error("that is no longer there: the screen has been refreshed")]
    Gone,
    #[error("the package changed meanwhile (picked up?): the screen has been refreshed")]
    Changed,
    /// The locker's label.
    #[error("locker {0} is not wired to a lock board")]
    NotWired(String),
    /// The locker's label; the board's fault is in the log.
    #[error("locker {0} did not open")]
    DidNotOpen(String),
    /// A door-delivery run's locker (its label): its packages stay in it.
    #[error("locker {0} did not open: its packages stay in it, and it is out of use")]
    RunDoorFailed(String),
}

/// Why a new PIN is not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinRule {
    #[error("a PIN is {min} to {max} digits")]
    Length { min: u8, max: u8 },
    #[error("a PIN of one digit repeated is too easy to guess")]
    Repeated,
    #[error("a PIN of digits in a row (1234, 4321) is too easy to guess")]
    InARow,
}

fn account_word(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Staff => "staff member",
        AccountKind::Carrier => "carrier",
    }
}
