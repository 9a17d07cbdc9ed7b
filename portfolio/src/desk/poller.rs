//! Reading every property's help mailbox in turn and filing what is new.

use super::{imap, intake, mail, mailbox};
use crate::PortfolioError;
use chrono::Utc;
use deadpool_postgres::Pool;
use std::time::Duration;

/// What one reading of a mailbox did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// Messages read from the mailbox.
    pub read: usize,
    pub new_tickets: usize,
    /// Messages that joined an existing ticket.
    pub replies: usize,
    /// Messages already filed (the position was lost or the folder rebuilt).
    pub duplicates: usize,
    /// Messages that could not be filed (not email, refused by the database,
    /// too large): kept aside with the reason; they stay in the mailbox.
    pub unfiled: usize,
}

/// Messages fetched per IMAP round trip.
const PER_FETCH: usize = 100;

/// Read `property`'s mailbox once and file what is new. One message that
/// cannot be filed never holds up the others.
pub async fn check(pool: &Pool, property: &str) -> Result<Checked, PortfolioError> {
    let Some(m) = mailbox::of(pool, property).await? else {
        return Err(PortfolioError::NotFound(format!(
            "{property} has no help mailbox; set one with `lockerwall-portfolio mailbox`"
        )));
    };
    let c = pool.get().await?;
    let state = c
        .query_one(
            "SELECT uidvalidity, last_uid FROM mailboxes WHERE property_id = $1",
            &[&property],
        )
        .await?;
    let mut validity: Option<u32> = state.get::<_, Option<i64>>(0).map(|v| v as u32);
    let mut last_uid = state.get::<_, i64>(1) as u32;
    let mut done = Checked::default();
    loop {
        let fetched = match imap::fetch_new(&m, validity, last_uid, PER_FETCH).await {
            Ok(f) => f,
            Err(e) => {
                c.execute(
                    "UPDATE mailboxes SET checked_at = now(), last_error = $2 WHERE property_id = $1",
                    &[&property, &e.to_string()],
                )
                .await?;
                return Err(PortfolioError::Refused(format!("{property}: {e}")));
            }
        };
        if validity != Some(fetched.uidvalidity) {
            last_uid = 0;
        }
        validity = Some(fetched.uidvalidity);
        let mut aside: Vec<(u32, usize, String)> = fetched
            .too_large
            .iter()
            .map(|&(uid, size)| {
                let mb = f64::from(size) / 1_048_576.0;
                (
                    uid,
                    size as usize,
                    format!("too large to read here ({mb:.1} MB); read it in a mail client"),
                )
            })
            .collect();
        let mut stopped = None;
        for (uid, raw) in &fetched.messages {
            done.read += 1;
            match file_one(pool, property, raw).await {
                Ok(f) if f.duplicate => done.duplicates += 1,
                Ok(f) if f.new_ticket => done.new_tickets += 1,
                Ok(_) => done.replies += 1,
                Err(Unfiled::Aside(reason)) => {
                    tracing::warn!("{property}: message UID {uid} is not filed: {reason}");
                    aside.push((*uid, raw.len(), reason));
                }
                // The database itself is away: stop here, go on from here next time.
                Err(Unfiled::Stop(e)) => {
                    stopped = Some(e);
                    break;
                }
            }
            last_uid = last_uid.max(*uid);
        }
        if stopped.is_none() {
            last_uid = aside.iter().map(|a| a.0).fold(last_uid, u32::max);
        }
        for (uid, size, reason) in &aside {
            set_aside(&c, property, fetched.uidvalidity, *uid, *size, reason).await?;
        }
        done.unfiled += aside.len();
        let note = aside.last().map(|(uid, _, reason)| {
            format!("message UID {uid} was not filed: {reason}; it is still in the mailbox")
        });
        c.execute(
            "UPDATE mailboxes SET uidvalidity = $2, last_uid = $3, checked_at = now(), last_error = $4
             WHERE property_id = $1",
            &[
                &property,
                &(fetched.uidvalidity as i64),
                &(last_uid as i64),
                &note,
            ],
        )
        .await?;
        if let Some(e) = stopped {
            return Err(e);
        }
        if !fetched.more {
            return Ok(done);
        }
    }
}

/// Why a message was not filed.
enum Unfiled {
    /// This message: kept aside with the reason.
    Aside(String),
    /// Not the message's fault (the database is not answering).
    Stop(PortfolioError),
}

async fn file_one(pool: &Pool, property: &str, raw: &[u8]) -> Result<intake::Filed, Unfiled> {
    let msg =
        mail::parse(raw).map_err(|e| Unfiled::Aside(format!("it could not be read ({e})")))?;
    intake::file(pool, property, &msg, Utc::now().timestamp_millis())
        .await
        .map_err(|e| match &e {
            // The database answered, and refused this message's contents.
            PortfolioError::Db(db) if db.as_db_error().is_some() => {
                Unfiled::Aside(format!("the desk's database refused it ({e})"))
            }
            _ => Unfiled::Stop(e),
        })
}

async fn set_aside(
    c: &deadpool_postgres::Object,
    property: &str,
    uidvalidity: u32,
    uid: u32,
    size: usize,
    reason: &str,
) -> Result<(), PortfolioError> {
    c.execute(
        "INSERT INTO unfiled_mail (property_id, uidvalidity, uid, size, reason)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (property_id, uidvalidity, uid) DO UPDATE SET reason = EXCLUDED.reason",
        &[
            &property,
            &i64::from(uidvalidity),
            &i64::from(uid),
            &(size as i64),
            &reason,
        ],
    )
    .await?;
    Ok(())
}

/// Messages kept aside for `property`, newest first: (UID, size, reason, when).
pub async fn unfiled(
    pool: &Pool,
    properties: &[String],
) -> Result<Vec<UnfiledMail>, PortfolioError> {
    let c = pool.get().await?;
    Ok(c.query(
        "SELECT property_id, uid, size, reason, seen_at FROM unfiled_mail
         WHERE property_id = ANY($1) ORDER BY seen_at DESC LIMIT 50",
        &[&properties],
    )
    .await?
    .iter()
    .map(|r| UnfiledMail {
        property: r.get(0),
        uid: r.get(1),
        size: r.get(2),
        reason: r.get(3),
        seen_at: r.get(4),
    })
    .collect())
}

/// A message the desk could not file.
#[derive(Clone, Debug)]
pub struct UnfiledMail {
    pub property: String,
    pub uid: i64,
    pub size: i64,
    pub reason: String,
    pub seen_at: chrono::DateTime<Utc>,
}

/// Read every mailbox every `every`, for as long as the server runs.
pub async fn run(pool: Pool, every: Duration) {
    loop {
        match mailbox::all(&pool).await {
            Ok(boxes) => {
                for m in boxes {
                    match check(&pool, &m.property).await {
                        Ok(d) if d.read > 0 => tracing::info!(
                            "{}: {} new tickets, {} replies from the help mailbox",
                            m.property,
                            d.new_tickets,
                            d.replies
                        ),
                        Ok(_) => {}
                        Err(e) => tracing::warn!("help mailbox: {e}"),
                    }
                }
            }
            Err(e) => tracing::warn!("help mailboxes: {e}"),
        }
        tokio::time::sleep(every).await;
    }
}
