//! A typed pickup code checked against the guard: refused unread while the
//! keypad is blocked, else looked up; a wrong one is audited, and a burst of
//! them goes to staff (decision 0024).

use super::audit::{record, Audit};
use super::{attention, Store, StoreError, Waiting, ACTOR_KIOSK};
use crate::domain::Timestamp;
use crate::security::code_guard::{self, BURST, WINDOW_MS};
use crate::security::PickupCode;
use lockerwall_wire::EventKind;

/// The audit kind of a wrong pickup code.
pub const WRONG_CODE: EventKind = EventKind::PickupCodeWrong;
/// The attention kind raised by a burst of wrong codes.
pub const GUESSING: &str = "code_guessing";

/// What a typed code turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeCheck {
    /// It opens a waiting package.
    Waiting(Waiting),
    /// It is right, for a package the staff hold.
    Held,
    /// Wrong; the keypad is blocked until then, if at all.
    Wrong(Option<Timestamp>),
    /// Not looked at: the keypad is blocked until then.
    Blocked(Timestamp),
}

impl Store {
    /// Check a typed code at `now`, through the guard.
    pub fn check_code(&mut self, typed: &str, now: Timestamp) -> Result<CodeCheck, StoreError> {
        let wrong = match self.guard(WRONG_CODE, None, now)? {
            Ok(wrong) => wrong,
            Err(until) => return Ok(CodeCheck::Blocked(until)),
        };
        if let Some(code) = PickupCode::parse(typed) {
            if let Some(w) = self.find_by_code(&code)? {
                return Ok(CodeCheck::Waiting(w));
            }
            if self.held_by_code(&code)? {
                return Ok(CodeCheck::Held);
            }
        }
        let wrong = wrong + 1;
        self.note_wrong(
            WRONG_CODE,
            "",
            now,
            (wrong >= BURST).then(|| {
                (
                    GUESSING,
                    format!("{wrong} wrong pickup codes were typed in the last 24 hours: someone may be guessing codes. The keypad slows down by itself; check the wall."),
                )
            }),
        )?;
        Ok(CodeCheck::Wrong(code_guard::blocked_until(
            wrong,
            Some(now),
        )))
    }

    /// Audit one wrong try (its own transaction); `burst` raises an attention
    /// item of that kind with those words (once while it is open).
    fn note_wrong(
        &mut self,
        kind: EventKind,
        detail: &str,
        now: Timestamp,
        burst: Option<(&str, String)>,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        record(
            &tx,
            Audit {
                at: now,
                kind,
                actor: ACTOR_KIOSK,
                locker: None,
                package: None,
                detail,
            },
        )?;
        if let Some((item, words)) = burst {
            attention::add(&tx, now, item, None, None, &words)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The guard on wrong tries of `kind` (those whose detail is `detail`,
    /// when given: one carrier's PIN): how many in the window before `now`,
    /// or until when tries are refused unread.
    fn guard(
        &self,
        kind: EventKind,
        detail: Option<&str>,
        now: Timestamp,
    ) -> Result<Result<u32, Timestamp>, StoreError> {
        let (wrong, last): (u32, Option<i64>) = self.conn.query_row(
            "SELECT count(*), max(at) FROM events
             WHERE kind = ?1 AND at > ?2 AND (?3 IS NULL OR detail = ?3)",
            rusqlite::params![kind.as_str(), now.0 - WINDOW_MS, detail],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(
            match code_guard::blocked_until(wrong, last.map(Timestamp)).filter(|t| *t > now) {
                Some(until) => Err(until),
                None => Ok(wrong),
            },
        )
    }
}

/// The audit kind of a wrong carrier PIN (its detail: the carrier's id).
pub const WRONG_CARRIER_PIN: EventKind = EventKind::CarrierPinWrong;

/// What a carrier's PIN typed at the kiosk turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CarrierPin {
    Right,
    /// Wrong; this carrier's log-in is blocked until then, if at all.
    Wrong(Option<Timestamp>),
    /// Not checked: blocked until then.
    Blocked(Timestamp),
}

impl Store {
    /// A carrier's log-in through the keypad's guard, counted per carrier, so
    /// a carrier who knows their own PIN cannot reset the count on another's.
    pub fn carrier_log_in(
        &mut self,
        carrier: crate::domain::CarrierId,
        typed: &str,
        now: Timestamp,
    ) -> Result<CarrierPin, StoreError> {
        let who = carrier.0.to_string();
        let wrong = match self.guard(WRONG_CARRIER_PIN, Some(&who), now)? {
            Ok(wrong) => wrong,
            Err(until) => return Ok(CarrierPin::Blocked(until)),
        };
        if self.check_carrier_pin(carrier, typed)? {
            return Ok(CarrierPin::Right);
        }
        self.note_wrong(WRONG_CARRIER_PIN, &who, now, None)?;
        Ok(CarrierPin::Wrong(code_guard::blocked_until(
            wrong + 1,
            Some(now),
        )))
    }
}

/// The audit kind of a wrong staff PIN.
pub const WRONG_STAFF_PIN: EventKind = EventKind::StaffPinWrong;

/// What a staff PIN typed at the kiosk turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinCheck {
    Member(crate::domain::StaffMember),
    /// Wrong; the PIN screen is blocked until then, if at all.
    Wrong(Option<Timestamp>),
    /// Not checked: blocked until then.
    Blocked(Timestamp),
}

impl Store {
    /// A staff log-in at the kiosk through the same guard as pickup codes:
    /// wrong PINs are audited and the wait is read back from them, so no
    /// log-in (another member's included) and no restart clears it.
    pub fn staff_log_in(&mut self, typed: &str, now: Timestamp) -> Result<PinCheck, StoreError> {
        let wrong = match self.guard(WRONG_STAFF_PIN, None, now)? {
            Ok(wrong) => wrong,
            Err(until) => return Ok(PinCheck::Blocked(until)),
        };
        if let Some(member) = self.check_staff_pin(typed)? {
            return Ok(PinCheck::Member(member));
        }
        let wrong = wrong + 1;
        self.note_wrong(
            WRONG_STAFF_PIN,
            "",
            now,
            (wrong >= BURST).then(|| {
                (
                    "staff_pin_guessing",
                    format!("{wrong} wrong staff PINs were typed in the last 24 hours: someone may be guessing. The PIN screen slows down by itself."),
                )
            }),
        )?;
        Ok(PinCheck::Wrong(code_guard::blocked_until(wrong, Some(now))))
    }
}
