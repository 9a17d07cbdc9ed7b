//! Texts stopped and started: a resident's STOP or START reply, relayed by
//! the server as the number's keyed tag, and a provider refusing a number
//! that unsubscribed. Stopped texts go by email instead ([`super::addresses`]).
//! And a text the provider later reports undelivered, relayed the same way.

use super::{Store, StoreError};
use crate::domain::{ResidentId, Timestamp};
use lockerwall_wire::texts::{e164, phone_tag};
use lockerwall_wire::EventKind;
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    /// Whether the wall sends text messages.
    pub fn sends_texts(&self) -> bool {
        self.notices.texts.is_some()
    }

    /// A reply from the number tagged `tag` stopped texts (`stop`) or
    /// started them again: every resident with that number, audited.
    /// Returns how many residents it was.
    pub fn text_reply(
        &mut self,
        tag: &str,
        stop: bool,
        actor: &str,
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        let (Some(key), Some(texts)) = (self.sync_key.clone(), self.notices.texts.clone()) else {
            return Err(StoreError::NotFound("resident with that number"));
        };
        let tx = self.write()?;
        let theirs: Vec<i64> = numbers(&tx)?
            .into_iter()
            .filter(|(_, phone)| {
                e164(phone, &texts.country).is_some_and(|n| phone_tag(&key, &n) == tag)
            })
            .map(|(id, _)| id)
            .collect();
        if theirs.is_empty() {
            return Err(StoreError::NotFound("resident with that number"));
        }
        for id in &theirs {
            set_stopped(&tx, ResidentId(*id), stop, actor, now)?;
        }
        tx.commit()?;
        Ok(theirs.len())
    }

    /// The provider refused to text `resident` because their number
    /// unsubscribed: texts to them stop until they reply START.
    pub fn texts_refused(
        &mut self,
        resident: ResidentId,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        set_stopped(
            &tx,
            resident,
            true,
            "text provider (the number unsubscribed)",
            now,
        )?;
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// The provider reports the text it knows as `provider_id` was not
    /// delivered: staff are told (and the notice goes by email, where the
    /// resident has an address), as for a text refused at once.
    pub fn text_undelivered(
        &mut self,
        provider_id: &str,
        code: Option<u32>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let row: Option<(i64, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT id, resident_id FROM outbox WHERE provider_id = ?1 AND channel = 'text'
                   AND failed_at IS NULL",
                [provider_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, resident)) = row else {
            return Err(StoreError::NotFound("text by that id"));
        };
        if let (Some(r), Some(crate::notify::texts::UNSUBSCRIBED)) = (resident, code) {
            self.texts_refused(ResidentId(r), now)?;
        }
        self.outbox_failed(id, now, &undelivered(code))
    }
}

/// A delivery report's error, in staff's words.
fn undelivered(code: Option<u32>) -> String {
    let why = match code {
        Some(30003) => "the phone is off or out of reach",
        Some(30004) => "the number blocks texts",
        Some(30005) => "the number does not exist",
        Some(30006) => "the number is a landline",
        Some(30007) => "the carrier filtered it",
        Some(crate::notify::texts::UNSUBSCRIBED) => "the number replied STOP",
        _ => "no reason given",
    };
    match code {
        Some(c) => format!("the text was not delivered: {why} (provider error {c})"),
        None => format!("the text was not delivered: {why}"),
    }
}

/// Every active resident with a phone number, as the directory has it.
fn numbers(conn: &Connection) -> Result<Vec<(i64, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, phone FROM residents WHERE active = 1 AND phone IS NOT NULL AND phone <> ''",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Stop or start texts to one resident, audited (a change only: a second STOP says nothing).
fn set_stopped(
    conn: &Connection,
    resident: ResidentId,
    stop: bool,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE residents SET texts_stopped_at = CASE WHEN ?2 THEN ?3 END
         WHERE id = ?1 AND (texts_stopped_at IS NULL) = ?2",
        params![resident.0, stop, now.0],
    )?;
    if changed > 0 {
        let (kind, detail) = match stop {
            true => (
                EventKind::TextsStopped,
                "texts stopped; notices go by email",
            ),
            false => (EventKind::TextsStarted, "texts started again"),
        };
        super::audit::note_resident(conn, now, kind, actor, resident, detail)?;
    }
    Ok(())
}
