//! Sending the desk's answers through the property's SMTP server.

use super::mailbox::{Mailbox, SmtpTls};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Send `msg` through `m`'s SMTP server; the error is in words for staff.
pub async fn send(m: &Mailbox, msg: Message) -> Result<(), String> {
    let mut b =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&m.smtp_host).port(m.smtp_port);
    let params = || -> Result<TlsParameters, String> {
        let mut p = TlsParameters::builder(m.smtp_host.clone());
        if !m.ca_file.is_empty() {
            let pem = std::fs::read(&m.ca_file)
                .map_err(|e| format!("cannot read the CA file {}: {e}", m.ca_file))?;
            p = p.add_root_certificate(
                Certificate::from_pem(&pem)
                    .map_err(|e| format!("the CA file {}: {e}", m.ca_file))?,
            );
        }
        p.build_rustls()
            .map_err(|e| format!("SMTP TLS set-up: {e}"))
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
        .map_err(|e| {
            if e.is_permanent() {
                format!("the mail server refused the answer: {e}")
            } else {
                format!(
                    "the mail server {}:{} could not be reached: {e}",
                    m.smtp_host, m.smtp_port
                )
            }
        })
}
