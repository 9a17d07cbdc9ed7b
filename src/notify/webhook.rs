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
use crate::store::OutboxItem;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

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
}

fn default_timeout() -> u64 {
    15
}

/// The webhook, ready to post.
#[derive(Clone, Debug)]
pub struct Webhook {
    settings: WebhookSettings,
    target: Target,
}

#[derive(Clone, Debug)]
struct Target {
    tls: bool,
    host: String,
    port: u16,
    path: String,
}

fn parse_url(url: &str) -> Result<Target, String> {
    let (tls, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err(format!(
            "the webhook URL {url} must start with https:// or http://"
        ));
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse()
                .map_err(|_| format!("the webhook URL {url} has a bad port"))?,
        ),
        None => (authority, if tls { 443 } else { 80 }),
    };
    if host.is_empty() {
        return Err(format!("the webhook URL {url} has no host"));
    }
    Ok(Target {
        tls,
        host: host.to_string(),
        port,
        path: path.to_string(),
    })
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
    pub fn new(settings: WebhookSettings) -> Result<Webhook, String> {
        let target = parse_url(&settings.url)?;
        Ok(Webhook { settings, target })
    }

    /// The JSON body for one notice.
    pub fn body(item: &OutboxItem, c: &Composed, mailer: &Mailer) -> serde_json::Value {
        let f = &item.facts;
        serde_json::json!({
            "event": format!("package.{}", item.kind.as_str()),
            "message_id": item.message_id,
            "language": item.language,
            "site": f.site,
            "resident": { "id": f.resident_id.0, "name": f.resident, "unit": f.unit,
                          "building": f.building, "phone": f.phone },
            "package": { "id": f.package.0, "tracking": f.tracking, "carrier": f.carrier,
                         "locker": f.locker, "collect_by_ms": mailer.policy.collect_by(f.stored_at).0 },
            "pickup": { "code": f.code, "token": c.token },
            "reply_to": mailer.help,
            "subject": c.rendered.subject,
            "text": c.rendered.text,
        })
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
        let t = &self.target;
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             User-Agent: lockerwall\r\nX-Lockerwall-Timestamp: {}\r\nX-Lockerwall-Signature: {}\r\n\
             Idempotency-Key: {}\r\nConnection: close\r\n\r\n",
            t.path,
            t.host,
            body.len(),
            now.0,
            signature(&self.settings.secret, now.0, &body),
            item.message_id,
        );
        let exchange = async {
            let tcp = tokio::net::TcpStream::connect((t.host.as_str(), t.port))
                .await
                .map_err(|e| format!("cannot connect to {}:{}: {e}", t.host, t.port))?;
            if t.tls {
                let mut roots = tokio_rustls::rustls::RootCertStore::empty();
                roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                let config = tokio_rustls::rustls::ClientConfig::builder()
                    .with_root_certificates(roots)
                    .with_no_client_auth();
                let name = tokio_rustls::rustls::pki_types::ServerName::try_from(t.host.clone())
                    .map_err(|e| format!("bad host name {}: {e}", t.host))?;
                let stream = tokio_rustls::TlsConnector::from(Arc::new(config))
                    .connect(name, tcp)
                    .await
                    .map_err(|e| format!("TLS with {}: {e}", t.host))?;
                exchange(stream, request.as_bytes(), &body).await
            } else {
                exchange(tcp, request.as_bytes(), &body).await
            }
        };
        let status =
            tokio::time::timeout(Duration::from_secs(self.settings.timeout_seconds), exchange)
                .await
                .map_err(|_| NoticeError::temporary("the webhook did not answer in time"))?
                .map_err(NoticeError::temporary)?;
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

/// Write the request, read the status line.
async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(
    mut s: S,
    head: &[u8],
    body: &[u8],
) -> Result<u16, String> {
    s.write_all(head).await.map_err(|e| e.to_string())?;
    s.write_all(body).await.map_err(|e| e.to_string())?;
    s.flush().await.map_err(|e| e.to_string())?;
    let mut reply = Vec::new();
    let mut buf = [0u8; 512];
    while !reply.windows(2).any(|w| w == b"\r\n") && reply.len() < 4096 {
        let n = s.read(&mut buf).await.map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&reply);
    line.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| "the webhook's reply was not HTTP".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_signatures() {
        let t = parse_url("https://sms.example.com/hooks/lockers").unwrap();
        assert_eq!(
            (t.tls, t.host.as_str(), t.port, t.path.as_str()),
            (true, "sms.example.com", 443, "/hooks/lockers")
        );
        let t = parse_url("http://127.0.0.1:8080").unwrap();
        assert_eq!((t.tls, t.port, t.path.as_str()), (false, 8080, "/"));
        assert!(parse_url("ftp://x").is_err());
        assert!(parse_url("http://:80/").is_err());
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
