//! The demo's "resident's phone": the emails the wall has sent, as a phone shows them.

use super::mailer::Mailer;
use super::qr::QrModules;
use crate::store::{NoticeKind, Store, StoreError};

/// One received email.
#[derive(Clone, Debug, PartialEq)]
pub struct PhoneNotice {
    pub resident: String,
    pub unit: String,
    pub subject: String,
    pub body: String,
    /// The package is still waiting (the phone greys out the rest).
    pub waiting: bool,
    /// The QR code, on notices that carry one, while the package waits.
    pub qr: Option<QrModules>,
    /// What the QR code says (the demo shows it, to type as a scanner would).
    pub token: Option<String>,
}

/// The newest sent emails, newest first.
pub fn notices(
    store: &Store,
    mailer: &Mailer,
    limit: usize,
) -> Result<Vec<PhoneNotice>, StoreError> {
    Ok(store
        .sent_emails(limit)?
        .into_iter()
        .map(|item| {
            // A summary is live while any package it lists still waits.
            let waiting = match item.kind {
                NoticeKind::AwaySummary => !item.waiting.is_empty(),
                _ => item.facts.waiting,
            };
            let composed = mailer.compose(&item).ok();
            let (subject, body, qr, token) = match composed {
                Some(c) => (c.rendered.subject, c.rendered.text, c.qr, c.token),
                // Its package was collected: the phone keeps the subject line only.
                None => (
                    format!("Package in locker {}", item.facts.locker),
                    "(collected)".to_string(),
                    None,
                    None,
                ),
            };
            PhoneNotice {
                resident: item.facts.resident.clone(),
                unit: item.facts.unit.clone(),
                subject,
                body,
                waiting,
                qr: qr.filter(|_| waiting),
                token: token.filter(|_| waiting),
            }
        })
        .collect())
}
