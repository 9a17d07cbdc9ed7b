//! Where a resident's notices go: by email, by text message or both, as
//! they chose, and by email whenever a text cannot go (no number a text can
//! reach, texts stopped, a wall that sends none), so no choice loses a notice.

use super::outbox::{Channel, NoticeSetup};
use super::StoreError;
use crate::domain::{NotifyBy, ResidentId};
use lockerwall_wire::texts::e164;
use rusqlite::Connection;

/// A resident's addresses for one notice, and its language.
pub(super) struct Addresses {
    /// Each channel with its address (an email, a number in E.164, the webhook's URL).
    pub all: Vec<(Channel, String)>,
    pub language: String,
}

/// Where `resident`'s notices go now.
pub(super) fn of_resident(
    conn: &Connection,
    setup: &NoticeSetup,
    resident: ResidentId,
) -> Result<Addresses, StoreError> {
    let (email, phone, language, by, stopped): (
        Option<String>,
        Option<String>,
        String,
        String,
        bool,
    ) = conn.query_row(
        "SELECT email, phone, language, notify_by, texts_stopped_at IS NOT NULL
             FROM residents WHERE id = ?1",
        [resident.0],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let by = NotifyBy::parse(&by).unwrap_or_default();
    let number = match (&setup.texts, phone) {
        (Some(t), Some(phone)) if by.texts() && !stopped => e164(&phone, &t.country),
        _ => None,
    };
    let email = email
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .filter(|_| by.emails() || number.is_none());
    let all = [
        number.map(|n| (Channel::Text, n)),
        email.map(|e| (Channel::Email, e)),
        setup.webhook.clone().map(|w| (Channel::Webhook, w)),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Addresses { all, language })
}
