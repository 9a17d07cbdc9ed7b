//! How emails leave the kiosk: an SMTP server, or (with none configured, the
//! demo) `.eml` files in a folder of the data directory.

use super::mailer::NoticeError;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

/// How the SMTP connection is protected.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, required (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or a test server.
    Plain,
}

/// `[notices.smtp]` in lockerwall.toml.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    #[serde(default = "default_port")]
    pub port: u16,
    #[serde(default)]
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<String>,
    /// Give up on one connection attempt after this long.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

fn default_port() -> u16 {
    587
}

fn default_timeout() -> u64 {
    20
}

/// Where emails go.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file a message.
    Folder(PathBuf),
}

impl Transport {
    /// An SMTP transport as configured.
    pub fn smtp(s: &SmtpSettings) -> Result<Transport, NoticeError> {
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host).port(s.port);
        let tls = || {
            TlsParameters::new(s.host.clone())
                .map_err(|e| NoticeError::permanent(format!("SMTP TLS set-up: {e}")))
        };
        b = match s.security {
            Security::Plain => b.tls(Tls::None),
            Security::Starttls => b.tls(Tls::Required(tls()?)),
            Security::Tls => b.tls(Tls::Wrapper(tls()?)),
        };
        if let (Some(user), Some(pass)) = (&s.username, &s.password) {
            b = b.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        Ok(Transport::Smtp(
            b.timeout(Some(Duration::from_secs(s.timeout_seconds)))
                .build(),
        ))
    }

    /// Send one message; `name` names its file in the folder transport.
    pub async fn send(&self, msg: &Message, name: &str) -> Result<(), NoticeError> {
        match self {
            Transport::Smtp(t) => t.send(msg.clone()).await.map(|_| ()).map_err(|e| {
                // A 5xx reply (no such mailbox, refused) will not change; anything else may.
                if e.is_permanent() {
                    NoticeError::permanent(format!("the mail server refused it: {e}"))
                } else {
                    NoticeError::temporary(format!("the mail server could not be reached: {e}"))
                }
            }),
            Transport::Folder(dir) => {
                let io = |e: std::io::Error| {
                    NoticeError::temporary(format!("cannot write to {}: {e}", dir.display()))
                };
                tokio::fs::create_dir_all(dir).await.map_err(io)?;
                // Written whole, then renamed: a reader never sees half a message.
                let tmp = dir.join(format!(".{name}.tmp"));
                tokio::fs::write(&tmp, msg.formatted()).await.map_err(io)?;
                tokio::fs::rename(&tmp, dir.join(format!("{name}.eml")))
                    .await
                    .map_err(io)
            }
        }
    }
}
