//! Who is at the screen, by their unit and the last name on the lease: two
//! fields typed in turn and checked against the directory (a return's
//! sender; a resident asking for a link to their own page). Wrong guesses
//! are slowed like wrong codes.

use super::flow::Flow;
use super::screen::{Message, SenderField};
use super::{Effect, TextKey};
use crate::domain::Timestamp;

/// Longest unit ("Apt 1204-B").
const UNIT_MAX: usize = 12;
/// Longest last name.
const LAST_NAME_MAX: usize = 40;

/// The two fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Who {
    pub unit: String,
    pub last_name: String,
}

/// What a key did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Typed {
    /// Still typing, into this field.
    Editing(SenderField),
    /// Both filled and Enter pressed: checking (the lookup is asked for).
    Checking,
    /// Too many wrong guesses lately: said, not checked.
    Refused(Message),
}

impl Flow {
    /// A key into `field` of `who`; Enter moves on, or asks the directory.
    pub(super) fn who_key(
        &mut self,
        who: &mut Who,
        field: SenderField,
        key: TextKey,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) -> Typed {
        let enter = match field {
            SenderField::Unit => Flow::edit(&mut who.unit, &key, UNIT_MAX, |c| {
                c.is_alphanumeric() || "-# ".contains(c)
            }),
            SenderField::LastName => Flow::edit(&mut who.last_name, &key, LAST_NAME_MAX, |c| {
                c.is_alphabetic() || "-' ’.".contains(c)
            }),
        };
        if !enter {
            return Typed::Editing(field);
        }
        if who.unit.trim().is_empty() {
            return Typed::Editing(SenderField::Unit);
        }
        if who.last_name.trim().is_empty() {
            return Typed::Editing(SenderField::LastName);
        }
        if let Some(until) = self.sender_throttle.blocked_until(now) {
            return Typed::Refused(Message::try_again(until, now));
        }
        fx.push(Effect::FindSender {
            unit: who.unit.trim().to_string(),
            last_name: who.last_name.trim().to_string(),
        });
        Typed::Checking
    }

    /// The directory's answer: a match resets the guard; none is a wrong
    /// guess, said (or slowed).
    pub(super) fn who_checked(&mut self, found: bool, now: Timestamp) -> Option<Message> {
        if found {
            self.sender_throttle.succeed();
            return None;
        }
        Some(match self.sender_throttle.fail(now) {
            Some(until) => Message::try_again(until, now),
            None => Message::NoSuchSender,
        })
    }
}
