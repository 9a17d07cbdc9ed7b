//! Reporting to the portfolio server: every audit event, in order, exactly
//! once, however long the wall was offline. The events table is the outbox
//! (each event is written in the transaction that makes the change); a
//! round sends what follows the server's last confirmation, batch after
//! batch, until the server has it all. See docs/decisions/0020.

mod health;
mod settings;

pub use health::{disk_space, HealthWatch};
pub use settings::PortfolioSettings;

use crate::domain::Clock;
use crate::net::{post, Endpoint, Reply};
use crate::store::{Store, StoreError};
use lockerwall_wire::{self as wire, Ack, Batch};
use std::sync::Arc;
use std::time::Duration;

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Batches the server took.
    pub batches: usize,
    /// Where the server stands now.
    pub acked: i64,
    /// Events on the wall the server does not have yet.
    pub behind: i64,
    /// Whether the residents' contact list went with it (only when changed).
    pub contacts_sent: bool,
}

/// Why a round stopped early.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the portfolio server could not be reached: {0}")]
    Unreachable(crate::net::PostError),
    #[error("the portfolio server refused the batch ({status}): {message}")]
    Refused {
        status: u16,
        message: String,
        /// The server's clock, when it refused this wall's and signed it.
        server_time: Option<i64>,
    },
    #[error("the portfolio server's answer was not understood: {0}")]
    BadAnswer(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// The server answered, but not in a way this wall can read (too long,
    /// or not the wire format): staff are told, since retrying will not help.
    pub fn is_unreadable_answer(&self) -> bool {
        match self {
            SyncError::BadAnswer(_) => true,
            SyncError::Unreachable(why) => matches!(why, crate::net::PostError::TooLong),
            _ => false,
        }
    }
}

/// The wall's reporter, on its own connection to the database.
pub struct Syncer {
    pub store: Store,
    pub settings: PortfolioSettings,
    pub site: String,
    pub utc_offset_minutes: i32,
    pub hold_days: u32,
    pub clock: Arc<dyn Clock>,
    endpoint: Endpoint,
    /// The contact list version the server said it holds.
    server_contacts: Option<String>,
    /// Uptime, the clock and the last failure, for the health report.
    pub health: HealthWatch,
}

impl Syncer {
    /// A reporter for `settings` (checked by the config's loader).
    pub fn new(
        store: Store,
        settings: PortfolioSettings,
        site: String,
        utc_offset_minutes: i32,
        hold_days: u32,
        clock: Arc<dyn Clock>,
    ) -> Result<Syncer, crate::net::UrlError> {
        let endpoint =
            Endpoint::parse(&settings.url, "portfolio.url")?.with_path(wire::EVENTS_PATH);
        let mut store = store;
        store.let_residents_ask_door_delivery(settings.door_offer());
        Ok(Syncer {
            store,
            settings,
            site,
            utc_offset_minutes,
            hold_days,
            clock,
            endpoint,
            server_contacts: None,
            health: HealthWatch::default(),
        })
    }

    /// Send batches until the server has every event (or something stops it).
    pub async fn round(&mut self) -> Result<Round, SyncError> {
        let result = self.send_all().await;
        let now = self.clock.now();
        match &result {
            Err(SyncError::Store(_)) => {}
            Err(e) => {
                self.health.last_failure = Some((now, e.to_string()));
                self.store.sync_failed(&e.to_string())?;
                // An offline wall is normal; a server it cannot understand is not.
                if e.is_unreadable_answer() {
                    self.store.sync_unreadable(&e.to_string(), now)?;
                }
            }
            Ok(_) => self.store.sync_readable(now)?,
        }
        result
    }

    async fn send_all(&mut self) -> Result<Round, SyncError> {
        let mut round = Round::default();
        loop {
            let status = self.store.sync_status()?;
            let events = self.store.events_after(
                status.acked,
                self.settings.batch,
                self.settings.share_details,
                // Tracking numbers go as keyed hashes with the residents' addresses.
                self.settings
                    .match_senders
                    .then_some(self.settings.key.as_str()),
            )?;
            let now = self.clock.now();
            let snapshot = self.store.sync_snapshot(
                now,
                &self.site,
                self.utc_offset_minutes,
                self.hold_days,
                self.settings.share_details,
            )?;
            let sent = !events.is_empty();
            let mut snapshot = snapshot;
            snapshot.door_delivery_requests = self.settings.takes_door_requests();
            snapshot.health = Some(self.health.report(
                &self.store,
                now,
                self.settings.share_details,
            )?);
            if self.settings.match_senders {
                let (list, version) = self.store.sync_contacts(&self.settings.key)?;
                // The list goes only when the server's copy is not this one.
                if self.server_contacts.as_deref() != Some(version.as_str()) {
                    snapshot.contacts = Some(list);
                    round.contacts_sent = true;
                }
                snapshot.contacts_version = version;
            }
            let now = self.clock.now().0;
            let desk = self.store.desk_report()?;
            let batch = Batch {
                snapshot,
                events,
                desk,
            };
            let answer = post_batch(&self.endpoint, &self.settings, now, &batch).await;
            let server_time = match &answer {
                Ok(ack) => ack.server_time,
                Err(SyncError::Refused { server_time, .. }) => *server_time,
                Err(_) => None,
            };
            if let Some(server) = server_time {
                let answered = self.clock.now();
                let skew = crate::clock_check::skew_ms(now, answered.0, server);
                self.health.clock_skew_ms = Some(skew);
                self.store.clock_skew(skew, answered)?;
            }
            let ack = answer?;
            self.store.sync_acked(ack.acked, self.clock.now())?;
            self.server_contacts = Some(ack.contacts_version.clone());
            self.store.desk_reported(&batch.desk)?;
            if let Some(tickets) = &ack.tickets {
                self.store.desk_tickets(tickets, self.clock.now())?;
            }
            for action in &ack.actions {
                self.store.desk_act(action, self.clock.now())?;
            }
            let newest = self.store.sync_status()?.newest;
            round.batches += 1;
            round.acked = ack.acked;
            round.behind = (newest - ack.acked).max(0);
            // Done when caught up, or when the server did not move (it says
            // why in its log; the next round tries again). A server that
            // went back (it lost events) is sent them again at once.
            if !sent || ack.acked == status.acked || ack.acked >= newest {
                return Ok(round);
            }
        }
    }

    /// Run until the process ends: a round every `every_seconds`, sooner
    /// after a failure clears.
    pub async fn run(mut self) {
        let every = Duration::from_secs(self.settings.every_seconds as u64);
        let mut failures = 0u32;
        loop {
            match self.round().await {
                Ok(r) => {
                    if failures > 0 {
                        tracing::info!(acked = r.acked, "portfolio server reached again");
                    }
                    failures = 0;
                    tracing::debug!(batches = r.batches, acked = r.acked, "portfolio sync round");
                }
                Err(e) => {
                    failures += 1;
                    // Said once, then quietly retried: an offline wall is normal.
                    if failures == 1 {
                        tracing::warn!(error = %e, "portfolio sync: will keep trying");
                    }
                }
            }
            let wait = if failures == 0 {
                every
            } else {
                (every * failures.min(10)).min(Duration::from_secs(900))
            };
            tokio::time::sleep(wait).await;
        }
    }
}

/// Sign and post one batch; the server's acknowledgement. A free function:
/// the store (not shareable between threads) stays out of what is held
/// across the network wait.
async fn post_batch(
    endpoint: &Endpoint,
    settings: &PortfolioSettings,
    now: i64,
    batch: &Batch,
) -> Result<Ack, SyncError> {
    let body = serde_json::to_vec(batch).map_err(|e| SyncError::BadAnswer(e.to_string()))?;
    let headers = [
        (wire::PROPERTY_HEADER, settings.property.clone()),
        (wire::TIMESTAMP_HEADER, now.to_string()),
        (
            wire::SIGNATURE_HEADER,
            wire::sign(&settings.key, now, &body),
        ),
    ];
    let reply = post(
        endpoint,
        &headers,
        &body,
        Duration::from_secs(settings.timeout_seconds),
    )
    .await
    .map_err(SyncError::Unreachable)?;
    read_reply(&reply, &settings.key, &headers[2].1)
}

/// What the server answered a batch signed with `signature`: its ack, or
/// why not. Nothing in a reply is acted on unless the server signed it for
/// this batch with the property's `key`.
pub fn read_reply(reply: &Reply, key: &str, signature: &str) -> Result<Ack, SyncError> {
    let signed = |body: &[u8]| {
        reply
            .header(wire::REPLY_SIGNATURE_HEADER)
            .is_some_and(|s| wire::verify_reply(key, signature, body, s))
    };
    if reply.status != 200 {
        let server_time = reply
            .header(wire::SERVER_TIME_HEADER)
            .filter(|t| signed(t.as_bytes()))
            .and_then(|t| t.parse().ok());
        return Err(SyncError::Refused {
            status: reply.status,
            message: String::from_utf8_lossy(&reply.body)
                .trim()
                .chars()
                .take(300)
                .collect(),
            server_time,
        });
    }
    if !signed(&reply.body) {
        return Err(SyncError::BadAnswer(
            "the reply is not signed with this property's key for this batch".into(),
        ));
    }
    serde_json::from_slice(&reply.body).map_err(|e| SyncError::BadAnswer(e.to_string()))
}
