//! Sending the desk's answers through the property's SMTP server.

use super::mailbox::{Mailbox, SmtpTls};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Why an answer was not sent (shown to the desk's staff as it stands).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("cannot read the CA file {file}: {source}")]
    CaFile {
        file: String,
        source: std::io::Error,
    },
    #[error("the CA file {file}: {source}")]
    BadCa {
        file: String,
        source: lettre::transport::smtp::Error,
    },
    #[error("SMTP TLS set-up: {0}")]
    Tls(lettre::transport::smtp::Error),
    #[error("the mail server refused the answer: {0}")]
    Refused(lettre::transport::smtp::Error),
    #[error("the mail server {host}:{port} could not be reached: {source}")]
    Unreachable {
        host: String,
        port: u16,
        source: lettre::transport::smtp::Error,
    },
}

/// Send `msg` through `m`'s SMTP server.
pub async fn send(m: &Mailbox, msg: Message) -> Result<(), SendError> {
    let mut b =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&m.smtp_host).port(m.smtp_port);
    let params = || -> Result<TlsParameters, SendError> {
        let mut p = TlsParameters::builder(m.smtp_host.clone());
        if !m.ca_file.is_empty() {
            let pem = std::fs::read(&m.ca_file).map_err(|source| SendError::CaFile {
                file: m.ca_file.clone(),
                source,
            })?;
            let ca = Certificate::from_pem(&pem).map_err(|source| SendError::BadCa {
                file: m.ca_file.clone(),
                source,
            })?;
            p = p.add_root_certificate(ca);
        }
        p.build_rustls().map_err(SendError::Tls)
    };
    b = match m.smtp_tls {
        SmtpTls::None => b.tls(Tls::None),
        SmtpTls::StartTls => b.tls(Tls::Required(params()?)),
        SmtpTls::Tls => b.tls(Tls::Wrapper(params()?)),
    };
    if !m.smtp_user.is_empty() {
        b = b.credentials(Credentials::new(
            m.smtp_user.clone(),
            m.smtp_password.clone(),
        ));
    }
    b.timeout(Some(Duration::from_secs(30)))
        .build()
        .send(msg)
        .await
        .map(|_| ())
        .map_err(|e| match e.is_permanent() {
            true => SendError::Refused(e),
            false => SendError::Unreachable {
                host: m.smtp_host.clone(),
                port: m.smtp_port,
                source: e,
            },
        })
}
