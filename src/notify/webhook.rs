//! The webhook channel: each notice as a JSON POST to the property's URL (its
//! SMS provider, a bridge to its resident app), signed with a shared secret so
//! the receiver knows it came from this wall.
//!
//! Headers: `X-Lockerwall-Timestamp` (ms since 1970) and
//! `X-Lockerwall-Signature: sha256=HEX`, the HMAC-SHA256 of
//! `TIMESTAMP.BODY` with the shared secret. A 2xx reply is delivered; 4xx
//! other than 408 and 429 is permanent; anything else is retried.

use super::mailer::{Composed, Mailer, NoticeError};
use crate::domain::Timestamp;
use crate::net::{post, Endpoint};
use crate::store::OutboxItem;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use std::time::Duration;

/// `[notices.webhook]` in lockerwall.toml.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    /// `https://...` (or `http://` on a private network).
    pub url: String,
    /// The shared secret the receiver checks signatures with.
    pub secret: String,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// Allow `http://` to another machine (a private network only).
    #[serde(default)]
    pub plain_http: bool,
}

fn default_timeout() -> u64 {
    15
}

/// The webhook, ready to post.
#[derive(Clone, Debug)]
pub struct Webhook {
    settings: WebhookSettings,
    target: Endpoint,
}

/// The signature header's value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

impl Webhook {
    /// A webhook from its settings; a malformed URL is refused at start-up.
    pub fn new(settings: WebhookSettings) -> Result<Webhook, crate::net::UrlError> {
        let target = Endpoint::parse(&settings.url, "the webhook URL")?;
        // It carries pickup codes and QR tokens.
        if let Some(p) = target.plain_http_problem(settings.plain_http, "the webhook URL") {
            return Err(p);
        }
        Ok(Webhook { settings, target })
    }

    /// The JSON body for one notice.
    pub fn body(item: &OutboxItem, c: &Composed, mailer: &Mailer) -> serde_json::Value {
        let f = &item.facts;
        // A summary lists every waiting package; other notices are about one.
        let waiting: Vec<serde_json::Value> = item
            .waiting
            .iter()
            .map(|w| {
                serde_json::json!({ "id": w.package.0, "carrier": w.carrier, "locker": w.locker,
                    "code": w.code, "collect_by_ms": mailer.policy.collect_by(w.hold_from).0 })
            })
            .collect();
        let mut body = serde_json::json!({
            "event": format!("package.{}", item.kind.as_str()),
            "message_id": item.message_id,
            "language": item.language,
            "site": f.site,
            "resident": { "id": f.resident_id.0, "name": f.resident, "unit": f.unit,
                          "building": f.building, "phone": f.phone },
            "package": { "id": f.package.0, "tracking": f.tracking, "carrier": f.carrier,
                         "locker": f.locker, "collect_by_ms": mailer.policy.collect_by(f.hold_from).0 },
            "pickup": { "code": f.code, "token": c.token },
            "reply_to": mailer.help,
            "subject": c.rendered.subject,
            "text": c.rendered.text,
        });
        if !waiting.is_empty() {
            body["waiting"] = waiting.into();
        }
        body
    }

    /// Post one notice.
    pub async fn send(
        &self,
        item: &OutboxItem,
        c: &Composed,
        mailer: &Mailer,
        now: Timestamp,
    ) -> Result<(), NoticeError> {
        let body = serde_json::to_vec(&Self::body(item, c, mailer))
            .map_err(|e| NoticeError::permanent(format!("cannot encode the webhook body: {e}")))?;
        let headers = [
            ("X-Lockerwall-Timestamp", now.0.to_string()),
            (
                "X-Lockerwall-Signature",
                signature(&self.settings.secret, now.0, &body),
            ),
            ("Idempotency-Key", item.message_id.clone()),
        ];
        let status = post(
            &self.target,
            &headers,
            &body,
            Duration::from_secs(self.settings.timeout_seconds),
        )
        .await
        .map_err(|e| NoticeError::temporary(e.to_string()))?
        .status;
        match status {
            200..=299 => Ok(()),
            408 | 429 => Err(NoticeError::temporary(format!(
                "the webhook answered {status}"
            ))),
            400..=499 => Err(NoticeError::permanent(format!(
                "the webhook refused it ({status})"
            ))),
            _ => Err(NoticeError::temporary(format!(
                "the webhook answered {status}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        // The receiver recomputes it from the timestamp header and the raw body.
        assert_eq!(
            signature("s3cret", 1000, b"{}"),
            format!("sha256={}", {
                let mut m = Hmac::<Sha256>::new_from_slice(b"s3cret").unwrap();
                m.update(b"1000.{}");
                hex::encode(m.finalize().into_bytes())
            })
        );
    }
}
