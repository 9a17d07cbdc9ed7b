//! A reply a resident texted back, as the provider posts it: checked to come
//! from the property's provider account (its signature over the URL and
//! the form), then a STOP or START queued for the wall by the number's tag.
//! Anything else a resident writes is not read here.

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
    let Some(fields) = fields(body) else {
        return Ok(Heard::Malformed);
    };
    let c = pool.get().await?;
    let Some((account, key)) = account(&c, property).await? else {
        return Ok(Heard::NoAccount);
    };
    let signed = signature::holds(&account.token, url, &fields, given);
    if !signed || field(&fields, "AccountSid") != Some(account.sid.as_str()) {
        return Ok(Heard::Forged);
    }
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
    let what = serde_json::to_value(&what).map_err(|e| PortfolioError::Refused(e.to_string()))?;
    // The provider posts again when we were slow to answer: queue it once.
    let queued = c
        .execute(
            "INSERT INTO wall_actions (property_id, what)
             SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM wall_actions
                 WHERE property_id = $1 AND what = $2 AND done_at IS NULL)",
            &[&property, &what],
        )
        .await?;
    Ok(match queued {
        0 => Heard::AlreadyQueued,
        _ => Heard::Queued { stop },
    })
}
