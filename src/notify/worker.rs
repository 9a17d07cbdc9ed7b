//! The outbox worker: sends due notices on its own database connection, off
//! the UI and the kiosk flow, with retries and exponential backoff. A row is
//! marked sent only after the server took it, so a crash in between sends it
//! again on restart (at least once, same Message-ID), and a notice is never lost.

use super::mailer::{Mailer, NoticeError};
use super::phone;
use super::texts::Texts;
use super::transport::Transport;
use super::webhook::Webhook;
use crate::domain::{Clock, Timestamp};
use crate::runtime::{UiSink, UiUpdate};
use crate::store::{Channel, OutboxItem, Store, StoreError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Retry timing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failure; it doubles each time.
    pub first: Duration,
    /// The longest wait between tries.
    pub max: Duration,
    /// After this long failing, the notice is given up and staff are told.
    pub give_up_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            first: Duration::from_secs(30),
            max: Duration::from_secs(3600),
            give_up_after: Duration::from_secs(72 * 3600),
        }
    }
}

impl Backoff {
    /// The wait before try number `attempts + 1`, after `attempts` failures.
    pub fn wait(&self, attempts: u32) -> Duration {
        let doubled = self
            .first
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(20));
        doubled.min(self.max)
    }
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
    /// Not needed any more (the package left its locker first).
    pub skipped: usize,
}

/// Everything the worker needs.
pub struct Worker {
    pub store: Store,
    pub mailer: Mailer,
    pub transport: Transport,
    pub webhook: Option<Webhook>,
    /// The text provider, when the wall sends texts.
    pub texts: Option<Texts>,
    pub clock: Arc<dyn Clock>,
    pub backoff: Backoff,
    /// Notified when the kiosk queues a notice.
    pub wake: Arc<Notify>,
    /// The demo's phone panel, fed with what was sent.
    pub phone: Option<Box<dyn UiSink>>,
}

impl Worker {
    /// Send one notice (without recording the result); a text's id at the provider.
    pub async fn deliver(
        &mut self,
        item: &OutboxItem,
        now: Timestamp,
    ) -> Result<Option<String>, NoticeError> {
        if item.channel == Channel::Text {
            let Some(texts) = &self.texts else {
                return Err(NoticeError::temporary("no text provider is configured now"));
            };
            let body = self.mailer.text_message(item)?;
            return texts.send(&item.recipient, &body).await;
        }
        let composed = self.mailer.compose(item)?;
        match item.channel {
            Channel::Email => {
                let msg = self.mailer.email(item, &composed, now)?;
                let name = format!("{:06}-{}", item.id, item.kind.as_str());
                self.transport.send(&msg, &name).await.map(|_| None)
            }
            Channel::Webhook => match &self.webhook {
                Some(w) => w
                    .send(item, &composed, &self.mailer, now)
                    .await
                    .map(|_| None),
                None => Err(NoticeError::temporary("no webhook is configured now")),
            },
            Channel::Text => unreachable!("texts are sent above"),
        }
    }

    /// Record how a delivery went.
    pub fn record(
        &mut self,
        item: &OutboxItem,
        result: Result<Option<String>, NoticeError>,
        now: Timestamp,
    ) -> Result<Pass, StoreError> {
        let mut pass = Pass::default();
        match result {
            Ok(provider_id) => {
                self.store
                    .outbox_sent(item.id, provider_id.as_deref(), now)?;
                tracing::info!(notice = item.id, kind = item.kind.as_str(), "notice sent");
                pass.sent += 1;
            }
            Err(e) => {
                let too_long =
                    now.since(item.created_at) >= self.backoff.give_up_after.as_millis() as i64;
                if e.unsubscribed {
                    self.store.texts_refused(item.facts.resident_id, now)?;
                }
                if e.permanent || too_long {
                    tracing::warn!(notice = item.id, error = %e.detail, "notice given up; staff told");
                    self.store.outbox_failed(item.id, now, &e.detail)?;
                    pass.failed += 1;
                } else {
                    let wait = self.backoff.wait(item.attempts + 1);
                    tracing::info!(notice = item.id, error = %e.detail, retry_in_s = wait.as_secs(), "notice will be retried");
                    self.store.outbox_retry(
                        item.id,
                        now.plus_ms(wait.as_millis() as i64),
                        &e.detail,
                    )?;
                    pass.retrying += 1;
                }
            }
        }
        Ok(pass)
    }

    /// Queue what the holding policy says is due, then send what is due now.
    pub async fn run_once(&mut self) -> Result<Pass, StoreError> {
        let now = self.clock.now();
        self.store.schedule_notices(now)?;
        let mut total = Pass::default();
        for item in self.store.due_outbox(now, 50)? {
            if !item.still_true() {
                // Collected (say with another of theirs), removed, or loaded from
                // overflow before this went out: a stale notice helps no one.
                self.store.outbox_skipped(item.id, now)?;
                total.skipped += 1;
                continue;
            }
            crate::crashpoint::hit("before a notice is sent");
            let result = self.deliver(&item, now).await;
            // Sent but not recorded: after a restart it is sent again, same Message-ID.
            crate::crashpoint::hit("after a notice is sent, before it is recorded");
            let p = self.record(&item, result, self.clock.now())?;
            total.sent += p.sent;
            total.retrying += p.retrying;
            total.failed += p.failed;
        }
        if total.sent > 0 {
            self.show_phone();
        }
        Ok(total)
    }

    /// Show the sent emails on the demo's phone.
    pub fn show_phone(&self) {
        if let Some(sink) = &self.phone {
            match phone::notices(&self.store, &self.mailer, 30) {
                Ok(list) => sink.update(UiUpdate::Notices(list)),
                Err(e) => tracing::error!(error = %e, "cannot read sent notices"),
            }
        }
    }

    /// Run until the process ends: a pass whenever something is queued, a
    /// notice falls due, or a minute has gone by (reminders and expiries).
    pub async fn run(mut self) {
        self.show_phone();
        loop {
            if let Err(e) = self.run_once().await {
                tracing::error!(error = %e, "outbox pass failed; trying again shortly");
            }
            let now = self.clock.now();
            let next = match self.store.next_outbox_due() {
                Ok(Some(at)) => Duration::from_millis(at.since(now).clamp(0, 60_000) as u64),
                _ => Duration::from_secs(60),
            };
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(next.max(Duration::from_millis(200))) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let b = Backoff::default();
        let secs: Vec<u64> = (1..=9).map(|a| b.wait(a).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
