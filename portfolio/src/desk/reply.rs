//! Answering a ticket: the reply goes out from the property's package
//! address in the resident's thread, and is kept in the ticket.

use super::{mailbox, smtp};
use crate::PortfolioError;
use deadpool_postgres::Pool;
use lettre::message::header::ContentType;
use lettre::message::Mailbox as Address;
use lettre::Message;
use rand::RngCore;

/// What to do with the ticket once answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    /// The question needs the resident's word: waiting on the resident.
    WaitForResident,
    /// The answer settles it: solved.
    Solve,
}

/// The threading headers of an answer to a conversation whose message ids
/// are `ids` (oldest first): it replies to the latest, and names the
/// first and the last few (a long thread keeps its header short).
pub fn threading(ids: &[String]) -> (Option<String>, Option<String>) {
    let Some(last) = ids.last() else {
        return (None, None);
    };
    let mut refs: Vec<&String> = Vec::new();
    if ids.len() > 10 {
        refs.push(&ids[0]);
        refs.extend(&ids[ids.len() - 9..]);
    } else {
        refs.extend(ids);
    }
    let refs: Vec<String> = refs.iter().map(|i| format!("<{i}>")).collect();
    (Some(format!("<{last}>")), Some(refs.join(" ")))
}

/// "Re: " once, however deep the thread.
pub fn reply_subject(subject: &str) -> String {
    let s = subject.trim();
    // By bytes, but only where a character ends: a subject may start with "📦".
    if s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("re:")) {
        s.to_string()
    } else {
        format!("Re: {s}")
    }
}

/// Send `body` as `author`'s answer to `ticket` (which `author` must cover);
/// returns the answer's Message-ID. Nothing is kept when the mail server
/// refuses: the desk shows the error with the text still in the form.
pub async fn answer(
    pool: &Pool,
    author: i64,
    ticket: i64,
    body: &str,
    after: After,
) -> Result<String, PortfolioError> {
    if body.trim().is_empty() {
        return Err(PortfolioError::Refused("Write the answer first.".into()));
    }
    let mut client = pool.get().await?;
    let t = client
        .query_opt(
            "SELECT t.property_id, t.subject, t.requester, p.name FROM tickets t
             JOIN properties p ON p.id = t.property_id
             JOIN manager_properties mp ON mp.property_id = t.property_id AND mp.manager_id = $2
             WHERE t.id = $1",
            &[&ticket, &author],
        )
        .await?
        .ok_or_else(|| PortfolioError::NotFound("no such ticket".into()))?;
    let (property, subject, requester, name): (String, String, String, String) =
        (t.get(0), t.get(1), t.get(2), t.get(3));
    if !requester.contains('@') {
        return Err(PortfolioError::Refused(
            "This was reported at the kiosk: there is no address to answer. Mark it solved when it is dealt with.".into(),
        ));
    }
    let Some(m) = mailbox::of(pool, &property).await? else {
        return Err(PortfolioError::Refused(format!(
            "{name} has no help mailbox set, so answers cannot be sent."
        )));
    };
    let ids: Vec<String> = client
        .query(
            "SELECT message_id FROM ticket_messages WHERE ticket_id = $1 ORDER BY at, id",
            &[&ticket],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut nonce = [0u8; 8];
    rand::thread_rng().fill_bytes(&mut nonce);
    let message_id = format!("desk.{ticket}.{}@{}", hex::encode(nonce), m.domain());
    let subject = reply_subject(&subject);
    let refused = |what: &str, e: String| PortfolioError::Refused(format!("{what}: {e}"));
    let from: Address = format!("{name} packages <{}>", m.address)
        .parse()
        .or_else(|_| m.address.parse())
        .map_err(|e: lettre::address::AddressError| {
            refused("the package address", e.to_string())
        })?;
    let to: Address = requester
        .parse()
        .map_err(|e: lettre::address::AddressError| {
            refused("the resident's address", e.to_string())
        })?;
    let (in_reply_to, references) = threading(&ids);
    let mut b = Message::builder()
        .from(from)
        .to(to)
        .subject(&subject)
        .message_id(Some(format!("<{message_id}>")))
        .header(ContentType::TEXT_PLAIN);
    if let (Some(i), Some(r)) = (in_reply_to, references) {
        b = b.in_reply_to(i).references(r);
    }
    let msg = b
        .body(body.replace("\r\n", "\n"))
        .map_err(|e| refused("the answer", e.to_string()))?;
    let tx = client.transaction().await?;
    tx.execute(
        "INSERT INTO ticket_messages (ticket_id, property_id, message_id, direction, sender, at,
                                      subject, body, author)
         VALUES ($1, $2, $3, 'out', $4, now(), $5, $6, $7)",
        &[
            &ticket,
            &property,
            &message_id,
            &m.address,
            &subject,
            &body,
            &author,
        ],
    )
    .await?;
    let status = match after {
        After::WaitForResident => "waiting_on_resident",
        After::Solve => "solved",
    };
    tx.execute(
        "UPDATE tickets SET status = $2, updated_at = now(),
                first_response_at = COALESCE(first_response_at, now()),
                first_responder = COALESCE(first_responder, $3),
                solved_at = CASE WHEN $2 = 'solved' THEN now() END
         WHERE id = $1",
        &[&ticket, &status, &author],
    )
    .await?;
    // Sent inside the transaction: a refused answer leaves no trace; the
    // commit after a send that worked is the only gap, and it is local.
    smtp::send(&m, msg)
        .await
        .map_err(|e| PortfolioError::Refused(e.to_string()))?;
    tx.commit().await?;
    Ok(message_id)
}

/// Set a ticket's status by hand (staff solved it another way, or reopened it).
pub async fn set_status(
    pool: &Pool,
    manager: i64,
    ticket: i64,
    status: &str,
) -> Result<(), PortfolioError> {
    if !["new", "waiting_on_resident", "waiting_on_staff", "solved"].contains(&status) {
        return Err(PortfolioError::Refused(format!("no status {status:?}")));
    }
    let c = pool.get().await?;
    let n = c
        .execute(
            "UPDATE tickets t SET status = $3, updated_at = now(),
                    solved_at = CASE WHEN $3 = 'solved' THEN now() END
             FROM manager_properties mp
             WHERE t.id = $1 AND mp.property_id = t.property_id AND mp.manager_id = $2",
            &[&ticket, &manager, &status],
        )
        .await?;
    if n == 0 {
        return Err(PortfolioError::NotFound("no such ticket".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_thread_under_the_latest_message() {
        let ids: Vec<String> = ["q1@a", "desk.1.x@b", "q2@a"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (irt, refs) = threading(&ids);
        assert_eq!(irt.as_deref(), Some("<q2@a>"));
        assert_eq!(refs.as_deref(), Some("<q1@a> <desk.1.x@b> <q2@a>"));
        let long: Vec<String> = (0..30).map(|i| format!("m{i}@a")).collect();
        let refs = threading(&long).1.unwrap();
        assert!(refs.starts_with("<m0@a> <m21@a>") && refs.ends_with("<m29@a>"));
        assert_eq!(threading(&[]), (None, None));
    }

    #[test]
    fn subjects_take_one_re() {
        assert_eq!(reply_subject("Locker B07"), "Re: Locker B07");
        assert_eq!(reply_subject("RE: Locker B07"), "RE: Locker B07");
        assert_eq!(reply_subject("📦 Where is it"), "Re: 📦 Where is it");
        assert_eq!(reply_subject("é"), "Re: é");
    }
}
