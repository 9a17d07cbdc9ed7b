//! Filing an incoming message: once, in its thread, matched to what it is about.

use super::mail::Incoming;
use super::refs;
use crate::PortfolioError;
use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;

/// Where a message was filed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filed {
    pub ticket: i64,
    /// A new ticket (not a reply in an existing one).
    pub new_ticket: bool,
    /// The message was filed before (read twice from the mailbox).
    pub duplicate: bool,
}

/// What a new ticket was matched to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Match {
    pub resident: Option<i64>,
    pub package: Option<i64>,
    pub by: Option<&'static str>,
    /// Proven (decision 0027): the sender's address is one the wall gave
    /// for this resident (its keyed tag), the receiving server did not find
    /// it forged, and the package (if any) is that resident's. Anything
    /// else (a notice's Message-ID, a locker label, a tracking number quoted
    /// by a stranger) may be forged or mistaken.
    pub verified: bool,
}

fn bare(id: &str) -> String {
    id.trim().trim_matches(['<', '>']).to_string()
}

/// File `m`, received by `property`'s help mailbox at `received_ms`.
pub async fn file(
    pool: &Pool,
    property: &str,
    m: &Incoming,
    received_ms: i64,
) -> Result<Filed, PortfolioError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let message_id = bare(&m.message_id);
    if let Some(r) = tx
        .query_opt(
            "SELECT ticket_id FROM ticket_messages WHERE property_id = $1 AND message_id = $2",
            &[&property, &message_id],
        )
        .await?
    {
        return Ok(Filed {
            ticket: r.get(0),
            new_ticket: false,
            duplicate: true,
        });
    }
    let at: DateTime<Utc> = DateTime::from_timestamp_millis(received_ms).unwrap_or_default();
    let answers: Vec<String> = m.replies_to.iter().map(|r| bare(r)).collect();
    // A reply (to the desk's answer or to the resident's own message) stays in its ticket.
    let thread = tx
        .query_opt(
            "SELECT ticket_id FROM ticket_messages
             WHERE property_id = $1 AND message_id = ANY($2) ORDER BY at DESC LIMIT 1",
            &[&property, &answers],
        )
        .await?;
    let (ticket, new_ticket) = match thread {
        Some(r) => {
            let ticket: i64 = r.get(0);
            // The resident has answered: the ball is with the staff again.
            tx.execute(
                "UPDATE tickets SET status = 'waiting_on_staff', updated_at = $2, solved_at = NULL
                 WHERE id = $1",
                &[&ticket, &at],
            )
            .await?;
            (ticket, false)
        }
        None => {
            let found = matching(&tx, property, m, &answers).await?;
            // A resident's own shipping confirmation: the wall expects its numbers.
            if let (true, None, Some(resident)) = (found.verified, found.package, found.resident) {
                let told =
                    crate::resident::expected::in_mail(&format!("{}\n{}", m.subject, m.text));
                crate::resident::expected::from_mail(&tx, property, resident, &told).await?;
            }
            let r = tx
                .query_one(
                    "INSERT INTO tickets (property_id, subject, requester, resident, package,
                                          matched_by, verified, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                    &[
                        &property,
                        &m.subject,
                        &m.from,
                        &found.resident,
                        &found.package,
                        &found.by,
                        &found.verified,
                        &at,
                    ],
                )
                .await?;
            (r.get(0), true)
        }
    };
    let sent: DateTime<Utc> = m
        .date_ms
        .and_then(DateTime::from_timestamp_millis)
        .unwrap_or(at);
    let row = tx
        .query_one(
            "INSERT INTO ticket_messages (ticket_id, property_id, message_id, direction, sender,
                                          at, subject, body)
             VALUES ($1, $2, $3, 'in', $4, $5, $6, $7) RETURNING id",
            &[
                &ticket,
                &property,
                &message_id,
                &m.from,
                &sent,
                &m.subject,
                &m.text,
            ],
        )
        .await?;
    let stored: i64 = row.get(0);
    for a in &m.attachments {
        tx.execute(
            "INSERT INTO ticket_attachments (message, filename, content_type, bytes)
             VALUES ($1, $2, $3, $4)",
            &[&stored, &a.filename, &a.content_type, &a.bytes],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Filed {
        ticket,
        new_ticket,
        duplicate: false,
    })
}

/// The resident and package a new question is about: the resident whose
/// address sent it (walls that match senders share their residents'
/// addresses as keyed hashes), the package of the notice it replies to,
/// else the package whose tracking number it quotes (keyed hashes too),
/// else that resident's (or anyone's) latest package in a locker it names.
async fn matching(
    tx: &deadpool_postgres::Transaction<'_>,
    property: &str,
    m: &Incoming,
    answers: &[String],
) -> Result<Match, PortfolioError> {
    let key: String = tx
        .query_one(
            "SELECT sync_key FROM properties WHERE id = $1",
            &[&property],
        )
        .await?
        .get(0);
    let sender: Option<i64> = tx
        .query_opt(
            "SELECT resident FROM contacts WHERE property_id = $1 AND tag = $2",
            &[&property, &crate::wire::address_tag(&key, &m.from)],
        )
        .await?
        .map(|r| r.get(0));
    let mut by = Vec::new();
    if sender.is_some() {
        by.push("sender");
    }
    let mut found = Match {
        resident: sender,
        ..Match::default()
    };
    // The resident each matched package belongs to, to prove the match.
    let mut owner: Option<Option<i64>> = None;
    for package in answers.iter().filter_map(|a| refs::notice_package(a)) {
        if let Some(r) = tx
            .query_opt(
                "SELECT resident FROM packages WHERE property_id = $1 AND package = $2",
                &[&property, &package],
            )
            .await?
        {
            found.package = Some(package);
            found.resident = found.resident.or(r.get(0));
            owner = Some(r.get(0));
            by.push("notice reply");
            break;
        }
    }
    let text = format!("{}\n{}", m.subject, m.text);
    if found.package.is_none() {
        // A tracking number it quotes, by its keyed hash.
        let tags: Vec<String> = refs::tracking_candidates(&text)
            .iter()
            .map(|t| crate::wire::tracking_tag(&key, t))
            .collect();
        if let Some(r) = tx
            .query_opt(
                "SELECT package, resident FROM packages
                 WHERE property_id = $1 AND tracking_tag = ANY($2)
                 ORDER BY arrived_at DESC LIMIT 1",
                &[&property, &tags],
            )
            .await?
        {
            found.package = r.get(0);
            found.resident = found.resident.or(r.get(1));
            owner = Some(r.get(1));
            by.push("tracking number");
        }
    }
    if found.package.is_none() {
        for label in refs::locker_labels(&text) {
            if let Some(r) = tx
                .query_opt(
                    "SELECT package, resident FROM packages
                     WHERE property_id = $1 AND locker = $2
                       AND ($3::bigint IS NULL OR resident = $3)
                     ORDER BY arrived_at DESC LIMIT 1",
                    &[&property, &label, &sender],
                )
                .await?
            {
                found.package = r.get(0);
                found.resident = found.resident.or(r.get(1));
                owner = Some(r.get(1));
                by.push("locker label");
                break;
            }
        }
    }
    // Proven only by the sender's own address, for their own package.
    found.verified = m.sender_authenticated
        && sender.is_some()
        && owner.is_none_or(|o| o.is_some() && o == sender);
    found.by = match by.as_slice() {
        [] => None,
        ["sender"] => Some("sender"),
        ["notice reply"] => Some("notice reply"),
        ["tracking number"] => Some("tracking number"),
        ["locker label"] => Some("locker label"),
        ["sender", "notice reply"] => Some("sender and notice reply"),
        ["sender", "tracking number"] => Some("sender and tracking number"),
        _ => Some("sender and locker label"),
    };
    Ok(found)
}
