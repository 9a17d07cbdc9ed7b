//! A refusal as the UI's kind and its facts; the words are in
//! ui/globals/words.slint, translated like every other sentence.

use crate::domain::{AccountKind, PinRule, Refusal};
use crate::ui::RefusalId;

/// The refusal's kind for the UI, and up to two facts it names.
pub fn refusal_parts(r: &Refusal) -> (RefusalId, String, String) {
    let plain = |id| (id, String::new(), String::new());
    let one = |id, fact: &str| (id, fact.to_string(), String::new());
    match r {
        Refusal::NoPackageRoom => plain(RefusalId::NoPackageRoom),
        Refusal::AlreadyInRoom => plain(RefusalId::AlreadyInRoom),
        Refusal::RoomFull => plain(RefusalId::RoomFull),
        Refusal::NoEmail => plain(RefusalId::NoEmail),
        Refusal::AlreadyFor(name) => one(RefusalId::AlreadyFor, name),
        Refusal::ReturnHasNoNotice => plain(RefusalId::ReturnHasNoNotice),
        Refusal::NothingFitsYet(size) => one(RefusalId::NothingFitsYet, size.code()),
        Refusal::HoldDays => plain(RefusalId::HoldDays),
        Refusal::AwayDates => plain(RefusalId::AwayDates),
        Refusal::StandingDays => plain(RefusalId::StandingDays),
        Refusal::NameNeeded => plain(RefusalId::NameNeeded),
        Refusal::NameTaken { kind, name } => one(
            match kind {
                AccountKind::Staff => RefusalId::NameTakenStaff,
                AccountKind::Carrier => RefusalId::NameTakenCarrier,
            },
            name,
        ),
        Refusal::UnitNeeded => plain(RefusalId::UnitNeeded),
        Refusal::NotAnEmail(typed) => one(RefusalId::NotAnEmail, typed),
        Refusal::NoNoticesIn(language) => one(RefusalId::NoNoticesIn, language),
        Refusal::NoNumberForTexts => plain(RefusalId::NoNumberForTexts),
        Refusal::ExpectedPackage => plain(RefusalId::ExpectedPackage),
        Refusal::Pin(PinRule::Length { min, max }) => {
            (RefusalId::PinLength, min.to_string(), max.to_string())
        }
        Refusal::Pin(PinRule::Repeated) => plain(RefusalId::PinRepeated),
        Refusal::Pin(PinRule::InARow) => plain(RefusalId::PinInARow),
        Refusal::LastStaffAccount => plain(RefusalId::LastStaffAccount),
        Refusal::PinUnusable => plain(RefusalId::PinUnusable),
        Refusal::NotShareable => plain(RefusalId::NotShareable),
        Refusal::AnotherResidents => plain(RefusalId::AnotherResidents),
        Refusal::Gone => plain(RefusalId::Gone),
        Refusal::Changed => plain(RefusalId::Changed),
        Refusal::NotWired(label) => one(RefusalId::NotWired, label),
        Refusal::DidNotOpen(label) => one(RefusalId::DidNotOpen, label),
        Refusal::RunDoorFailed(label) => one(RefusalId::RunDoorFailed, label),
    }
}
