//! What the provider posts: a reply a resident texted back, and a text's
//! delivery report. Each is checked to come from the property's provider
//! account (its signature over the URL and the form); then a STOP or START
//! is queued for the wall by the number's tag, and a text not delivered by
//! the provider's id for it. Anything else a resident writes is not read here.

use super::{account, signature};
use crate::wire::texts::{e164, phone_tag, reply_stops};
use crate::wire::ActionKind;
use crate::PortfolioError;
use deadpool_postgres::Pool;

/// The most form fields read (the provider sends about twenty).
const MAX_FIELDS: usize = 64;

/// What became of a reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heard {
    /// A STOP (true) or START (false), queued for the wall.
    Queued { stop: bool },
    /// A STOP or START already on its way.
    AlreadyQueued,
    /// A text not delivered, reported to the wall.
    Undelivered,
    /// Not a STOP or START (a question, a thank-you): nothing to do.
    Other,
    /// No text account is set up for that property.
    NoAccount,
    /// Not signed by the property's provider, or for another account.
    Forged,
    /// Not a form the provider sends.
    Malformed,
}

/// The form's fields, in order (none: not a form, or too many fields).
pub fn fields(body: &[u8]) -> Option<Vec<(String, String)>> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body)
        .take(MAX_FIELDS + 1)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    (fields.len() <= MAX_FIELDS).then_some(fields)
}

/// One field's value.
fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Take the reply posted to `url` for `property`, signed `given`.
pub async fn receive(
    pool: &Pool,
    property: &str,
    url: &str,
    given: &str,
    body: &[u8],
) -> Result<Heard, PortfolioError> {
    let c = pool.get().await?;
    let (fields, key) = match checked(&c, property, url, given, body).await? {
        Ok(checked) => checked,
        Err(heard) => return Ok(heard),
    };
    let (Some(from), Some(said)) = (field(&fields, "From"), field(&fields, "Body")) else {
        return Ok(Heard::Malformed);
    };
    let (Some(number), Some(stop)) = (e164(from, "1"), reply_stops(said)) else {
        return Ok(Heard::Other);
    };
    let what = ActionKind::TextReply {
        phone: phone_tag(&key, &number),
        stop,
    };
    Ok(match queue(&c, property, &what).await? {
        true => Heard::Queued { stop },
        false => Heard::AlreadyQueued,
    })
}

/// Take a delivery report posted to `url` for `property`, signed `given`:
/// a text not delivered goes to the wall (by the provider's id for it).
pub async fn report(
    pool: &Pool,
    property: &str,
    url: &str,
    given: &str,
    body: &[u8],
) -> Result<Heard, PortfolioError> {
    let c = pool.get().await?;
    let fields = match checked(&c, property, url, given, body).await? {
        Ok((fields, _)) => fields,
        Err(heard) => return Ok(heard),
    };
    let (Some(message), Some(status)) = (
        field(&fields, "MessageSid"),
        field(&fields, "MessageStatus"),
    ) else {
        return Ok(Heard::Malformed);
    };
    let id_ok =
        (1..=64).contains(&message.len()) && message.bytes().all(|b| b.is_ascii_alphanumeric());
    if !id_ok {
        return Ok(Heard::Malformed);
    }
    if !matches!(status, "undelivered" | "failed") {
        return Ok(Heard::Other);
    }
    let what = ActionKind::TextUndelivered {
        message: message.to_string(),
        code: field(&fields, "ErrorCode").and_then(|c| c.parse().ok()),
    };
    Ok(match queue(&c, property, &what).await? {
        true => Heard::Undelivered,
        false => Heard::AlreadyQueued,
    })
}

/// The form, if it is the property's provider's: signed with its token for
/// `url`, for its account; and the property's key. Else what to answer.
async fn checked(
    c: &tokio_postgres::Client,
    property: &str,
    url: &str,
    given: &str,
    body: &[u8],
) -> Result<Result<(Vec<(String, String)>, String), Heard>, PortfolioError> {
    let Some(fields) = fields(body) else {
        return Ok(Err(Heard::Malformed));
    };
    let Some((account, key)) = account(c, property).await? else {
        return Ok(Err(Heard::NoAccount));
    };
    let signed = signature::holds(&account.token, url, &fields, given);
    if !signed || field(&fields, "AccountSid") != Some(account.sid.as_str()) {
        return Ok(Err(Heard::Forged));
    }
    Ok(Ok((fields, key)))
}

/// Queue `what` for the wall unless the same is already on its way (the
/// provider posts again when slow to hear back); whether it was queued.
async fn queue(
    c: &tokio_postgres::Client,
    property: &str,
    what: &ActionKind,
) -> Result<bool, PortfolioError> {
    let what = serde_json::to_value(what).map_err(|e| PortfolioError::Refused(e.to_string()))?;
    let queued = c
        .execute(
            "INSERT INTO wall_actions (property_id, what)
             SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM wall_actions
                 WHERE property_id = $1 AND what = $2 AND done_at IS NULL)",
            &[&property, &what],
        )
        .await?;
    Ok(queued > 0)
}
