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
    /// Messages that are not readable email; they stay in the mailbox.
    pub unreadable: usize,
}

/// Messages fetched per IMAP round trip.
const PER_FETCH: usize = 100;

/// Read `property`'s mailbox once and file what is new.
pub async fn check(pool: &Pool, property: &str) -> Result<Checked, PortfolioError> {
    let Some(m) = mailbox::of(pool, property).await? else {
        return Err(PortfolioError::NotFound(format!(
            "{property} has no help mailbox; set one with `lockerwall portfolio mailbox`"
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
    let mut unreadable_note = None;
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
        for (uid, raw) in &fetched.messages {
            done.read += 1;
            match mail::parse(raw) {
                Ok(msg) => {
                    let filed =
                        intake::file(pool, property, &msg, Utc::now().timestamp_millis()).await?;
                    if filed.duplicate {
                        done.duplicates += 1;
                    } else if filed.new_ticket {
                        done.new_tickets += 1;
                    } else {
                        done.replies += 1;
                    }
                }
                Err(e) => {
                    // Left in the mailbox for a person to read; the desk goes on.
                    tracing::warn!("{property}: message UID {uid} is not filed: {e}");
                    done.unreadable += 1;
                    unreadable_note = Some(format!(
                        "message UID {uid} could not be read ({e}); it is still in the mailbox"
                    ));
                }
            }
            last_uid = last_uid.max(*uid);
        }
        c.execute(
            "UPDATE mailboxes SET uidvalidity = $2, last_uid = $3, checked_at = now(), last_error = $4
             WHERE property_id = $1",
            &[
                &property,
                &(fetched.uidvalidity as i64),
                &(last_uid as i64),
                &unreadable_note,
            ],
        )
        .await?;
        if !fetched.more {
            return Ok(done);
        }
    }
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
