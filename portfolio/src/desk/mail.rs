//! A raw email (RFC 5322, as read from the mailbox) in the parts the desk uses.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders};

/// One attachment (a photo of a damaged box).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What the desk keeps of one incoming message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    /// Without angle brackets; made up from the content when missing.
    pub message_id: String,
    /// The message ids it answers (In-Reply-To, then References).
    pub replies_to: Vec<String>,
    /// The sender's address, lower case.
    pub from: String,
    pub subject: String,
    /// The text body (the HTML part turned to text when there is no text part).
    pub text: String,
    /// When it was sent (ms since 1970), if the Date header says.
    pub date_ms: Option<i64>,
    pub attachments: Vec<Attachment>,
    /// The receiving server did not find the sender's address forged: no
    /// `Authentication-Results` header of its says DMARC failed, or SPF
    /// failed without a passing DKIM signature. (A sender cannot make a
    /// message pass by adding such a header: it can only make it fail.)
    pub sender_authenticated: bool,
}

/// Whether `Authentication-Results` values leave the sender standing.
pub fn authenticated(results: &[String]) -> bool {
    let all = results.join(";").to_ascii_lowercase();
    let has = |s: &str| all.contains(s);
    !(has("dmarc=fail") || (has("spf=fail") && !has("dkim=pass")))
}

/// Why a message could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailError {
    #[error("not an email message")]
    Unreadable,
    #[error("the message has no sender address")]
    NoSender,
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// Text as PostgreSQL and a page can hold it: no NUL or other control
/// characters (a line break and a tab stay), at most `max` characters.
pub fn clean(s: &str, max: usize) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .take(max)
        .collect()
}

/// The longest header value kept (a header line's limit in RFC 5322).
const HEADER_MAX: usize = 998;
/// The longest body text kept.
const TEXT_MAX: usize = 100_000;

/// Read a raw message.
pub fn parse(raw: &[u8]) -> Result<Incoming, MailError> {
    let mut m = read(raw)?;
    m.message_id = clean(&m.message_id, HEADER_MAX);
    m.replies_to = m.replies_to.iter().map(|r| clean(r, HEADER_MAX)).collect();
    m.from = clean(&m.from, HEADER_MAX);
    m.subject = clean(&m.subject, HEADER_MAX);
    m.text = clean(&m.text, TEXT_MAX);
    for a in &mut m.attachments {
        a.filename = clean(&a.filename, 255);
        a.content_type = clean(&a.content_type, 255);
    }
    Ok(m)
}

fn read(raw: &[u8]) -> Result<Incoming, MailError> {
    let m = MessageParser::default()
        .parse(raw)
        .ok_or(MailError::Unreadable)?;
    let from = m
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .filter(|a| a.contains('@'))
        .ok_or(MailError::NoSender)?;
    let mut replies_to = ids(m.in_reply_to());
    for r in ids(m.references()).into_iter().rev() {
        if !replies_to.contains(&r) {
            replies_to.push(r);
        }
    }
    let text = m
        .body_text(0)
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    let message_id = match m.message_id() {
        Some(id) if !id.trim().is_empty() => id.trim().to_string(),
        // No Message-ID: one from the content, so reading it twice stays one message.
        _ => {
            use sha2::Digest;
            format!(
                "{}@no-message-id",
                hex::encode(&sha2::Sha256::digest(raw)[..12])
            )
        }
    };
    let attachments = m
        .attachments()
        .map(|p| Attachment {
            filename: p.attachment_name().unwrap_or("attachment").to_string(),
            content_type: p
                .content_type()
                .map(|c| match c.subtype() {
                    Some(sub) => format!("{}/{}", c.ctype(), sub),
                    None => c.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into()),
            bytes: p.contents().to_vec(),
        })
        .collect();
    let results: Vec<String> = m
        .headers()
        .iter()
        .filter(|h| {
            h.name
                .as_str()
                .eq_ignore_ascii_case("authentication-results")
        })
        .filter_map(|h| raw.get(h.offset_start as usize..h.offset_end as usize))
        .map(|v| String::from_utf8_lossy(v).to_string())
        .collect();
    Ok(Incoming {
        message_id,
        replies_to,
        from,
        subject: m.subject().unwrap_or("(no subject)").trim().to_string(),
        text,
        date_ms: m.date().map(|d| d.to_timestamp() * 1000),
        attachments,
        sender_authenticated: authenticated(&results),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUESTION: &str = "From: Carmen Alvarez <Carmen.Alvarez@example.com>\r\n\
To: packages@maple-court.example\r\n\
Subject: Re: Your package is in locker B07\r\n\
Message-ID: <q1@mail.example.com>\r\n\
In-Reply-To: <lw.mc.p42.stored.email.1a2b3c4d@lockerwall>\r\n\
References: <lw.mc.p42.stored.email.1a2b3c4d@lockerwall>\r\n\
Date: Thu, 26 Nov 2026 18:04:00 +0000\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\
\r\n\
--b\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
The door of B07 did not open.\r\n\
--b\r\n\
Content-Type: image/png\r\n\
Content-Disposition: attachment; filename=\"door.png\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
iVBORw0KGgo=\r\n\
--b--\r\n";

    #[test]
    fn a_sender_the_receiving_server_found_forged_is_not_authenticated() {
        let with = |ar: &str| {
            parse(format!("Authentication-Results: mx.example; {ar}\r\n{QUESTION}").as_bytes())
                .unwrap()
                .sender_authenticated
        };
        assert!(parse(QUESTION.as_bytes()).unwrap().sender_authenticated);
        assert!(with("spf=pass; dkim=pass; dmarc=pass"));
        assert!(!with("spf=fail smtp.mailfrom=example.com; dmarc=fail"));
        assert!(!with("spf=fail; dkim=none"));
        assert!(with("spf=fail; dkim=pass header.d=example.com"));
    }

    #[test]
    fn a_reply_to_a_notice_is_read_with_its_threading_and_photo() {
        let m = parse(QUESTION.as_bytes()).unwrap();
        assert_eq!(m.message_id, "q1@mail.example.com");
        assert_eq!(m.replies_to, ["lw.mc.p42.stored.email.1a2b3c4d@lockerwall"]);
        assert_eq!(m.from, "carmen.alvarez@example.com");
        assert_eq!(m.subject, "Re: Your package is in locker B07");
        assert_eq!(m.text, "The door of B07 did not open.");
        assert_eq!(m.date_ms, Some(1_795_716_240_000));
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].filename, "door.png");
        assert_eq!(m.attachments[0].content_type, "image/png");
        assert_eq!(m.attachments[0].bytes, b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn mangled_messages_are_refused_or_given_an_id() {
        assert_eq!(parse(b"").unwrap_err(), MailError::Unreadable);
        assert_eq!(
            parse(b"Subject: hi\r\n\r\nno sender").unwrap_err(),
            MailError::NoSender
        );
        let a = parse(b"From: a@example.com\r\nSubject: x\r\n\r\nbody").unwrap();
        let b = parse(b"From: a@example.com\r\nSubject: x\r\n\r\nbody").unwrap();
        assert_eq!(a.message_id, b.message_id, "the same message, the same id");
        assert!(a.replies_to.is_empty());
    }
}
