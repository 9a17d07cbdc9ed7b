//! Residents' own pages, at the wall: the links issued so far stop opening
//! the page when staff revoke them or the resident moves out. The server
//! learns it from the event, which names the resident (decision 0038).

use super::{Store, StoreError};
use crate::domain::{Refusal, ResidentId, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{params, Connection, OptionalExtension};

/// Every link to `resident`'s page issued before `now` stops opening it
/// (inside the caller's transaction).
pub(super) fn revoke_links(
    conn: &Connection,
    resident: ResidentId,
    actor: &str,
    now: Timestamp,
    why: &str,
) -> Result<(), StoreError> {
    super::audit::note_resident(conn, now, EventKind::PageLinkRevoked, actor, resident, why)
}

impl Store {
    /// Whether residents may ask on their own page for a package at their
    /// door (the property's `door_delivery_requests`), and from which units
    /// (`door_delivery_units`); refused otherwise.
    pub fn let_residents_ask_door_delivery(&mut self, offer: crate::domain::DoorOffer) {
        self.door_offer = offer;
    }

    /// Staff revoke the links to `resident`'s page (a notice went to the
    /// wrong person, a phone was lost): the next notice brings a new one.
    pub fn revoke_page_links(
        &mut self,
        resident: ResidentId,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM residents WHERE id = ?1)",
            [resident.0],
            |r| r.get(0),
        )?;
        if !known {
            return Err(StoreError::NotFound("resident"));
        }
        revoke_links(&tx, resident, actor, now, "revoked by staff")?;
        tx.commit()?;
        Ok(())
    }
}

/// A resident asks again within this long: the link already on its way is enough.
const PAGE_LINK_AGAIN_MS: i64 = 10 * 60 * 1000;

impl Store {
    /// Email `resident` a fresh link to their page (asked for at the screen
    /// by their unit and last name); the address it goes to, masked for the
    /// screen. Asked again within minutes, the link on its way is enough.
    pub fn send_page_link(
        &mut self,
        resident: ResidentId,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let site_tag = self.site_tag.clone();
        let tx = self.write()?;
        let (email, language): (Option<String>, String) = tx
            .query_row(
                "SELECT email, language FROM residents WHERE id = ?1 AND active = 1",
                [resident.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound("resident"))?;
        let email = email
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty())
            .ok_or(StoreError::Refused(Refusal::NoEmail))?;
        let recent: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'page_link' AND resident_id = ?1
                            AND created_at > ?2)",
            params![resident.0, now.0 - PAGE_LINK_AGAIN_MS],
            |r| r.get(0),
        )?;
        if !recent {
            tx.execute(
                "INSERT INTO outbox (created_at, kind, channel, resident_id, recipient, language,
                                     message_id, next_attempt_at)
                 VALUES (?1, 'page_link', 'email', ?2, ?3, ?4, ?5, ?1)",
                params![
                    now.0,
                    resident.0,
                    email,
                    language,
                    format!(
                        "<lw.{site_tag}.r{}.page_link.{}@lockerwall>",
                        resident.0, now.0
                    )
                ],
            )?;
        }
        tx.commit()?;
        Ok(masked(&email))
    }
}

/// An address as the screen may show it to whoever stands there: enough for
/// its owner to know it, not enough to learn it ("c•••@example.com").
pub fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}\u{2022}\u{2022}\u{2022}@{domain}")
        }
        None => "\u{2022}\u{2022}\u{2022}".into(),
    }
}
