//! What a wall sends the portfolio server, and how it is signed: the one
//! crate both programs share, so the kiosk does not link the server.
//!
//! One `POST /api/v1/events` carries a [`Batch`]: the wall's audit events in
//! sequence order (the wall's own event ids, which SQLite hands out without
//! gaps) and a [`Snapshot`] of the wall as it is now. Headers:
//! `X-Lockerwall-Property` (the property's id), `X-Lockerwall-Timestamp`
//! (ms since 1970) and `X-Lockerwall-Signature: sha256=HEX`, the
//! HMAC-SHA256 of `TIMESTAMP.BODY` under the property's key: the same scheme
//! as the notice webhook. The reply is an [`Ack`]: every event up to
//! `acked` is stored; the wall sends from `acked + 1` next.

pub mod classify;
pub mod csv;
mod event_kind;
pub mod labels;
mod resident_link;
pub mod texts;
pub mod tracking;

pub use event_kind::EventKind;
pub use resident_link::{LinkRefused, ResidentLink, PAGE_PATH};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The path a wall posts its batches to.
pub const EVENTS_PATH: &str = "/api/v1/events";
/// Header naming the property.
pub const PROPERTY_HEADER: &str = "x-lockerwall-property";
/// Header with the signing time (ms since 1970).
pub const TIMESTAMP_HEADER: &str = "x-lockerwall-timestamp";
/// Header with `sha256=HEX`.
pub const SIGNATURE_HEADER: &str = "x-lockerwall-signature";
/// The server's reply header: `sha256=HEX` of the reply, bound to the batch it answers.
pub const REPLY_SIGNATURE_HEADER: &str = "x-lockerwall-reply-signature";
/// Header on a refusal for the wall's clock: the server's time (ms since
/// 1970), signed as a reply whose body is that number, so the wall can say
/// how far off it is even when no batch gets through.
pub const SERVER_TIME_HEADER: &str = "x-lockerwall-server-time";
/// The largest reply a wall reads; the server keeps every [`Ack`] under it.
pub const MAX_REPLY_BYTES: usize = 64 * 1024;

/// How far a wall's clock may be from the server's before a batch is refused.
pub const CLOCK_SKEW_MS: i64 = 15 * 60 * 1000;

/// One batch from one wall.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Batch {
    /// The wall's state as the batch was made.
    pub snapshot: Snapshot,
    /// Consecutive events, oldest first.
    pub events: Vec<Event>,
    /// What the wall has to tell the package desk (sent until acknowledged).
    #[serde(default, skip_serializing_if = "DeskReport::is_empty")]
    pub desk: DeskReport,
}

/// The wall's word to the package desk: tickets staff marked solved at the
/// kiosk, and the desk's requests it has carried out. Both are repeated in
/// every batch until one is acknowledged, and both are idempotent.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeskReport {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub solved: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub done: Vec<ActionDone>,
}

impl DeskReport {
    /// Nothing to say.
    pub fn is_empty(&self) -> bool {
        self.solved.is_empty() && self.done.is_empty()
    }
}

/// A desk request the wall carried out (or could not).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ActionDone {
    pub id: i64,
    pub ok: bool,
    /// Why it could not be done, in staff's words (empty when done).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// A ticket open at the desk, for the staff's attention list at the wall.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeskTicket {
    pub id: i64,
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<i64>,
    /// When it was asked (ms since 1970).
    pub since: i64,
}

/// What the desk (or a resident on their own page) asks the wall to do.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeskAction {
    pub id: i64,
    /// The package it is about (none: a request about the resident, as an away period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<i64>,
    pub what: ActionKind,
    /// Who asked, for the wall's audit trail.
    pub by: String,
    /// The resident who asked on their own page (none: the desk's staff):
    /// the wall acts only on that resident's own packages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident: Option<i64>,
}

/// The desk's one-click fixes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionKind {
    /// Send the pickup notice again (same code).
    ResendNotice,
    /// The package is for another resident (a new code, their notice).
    ChangeRecipient { resident: i64 },
    /// Keep it longer before it expires.
    ExtendHold { days: u32 },
    /// Deliver it to the resident's door on the next run, in the part of
    /// the day they asked for (`morning`, `afternoon`, `evening`; none: any time).
    DoorDelivery {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        window: Option<String>,
    },
    /// Every package for the resident that arrives before `until` (ms since
    /// 1970) goes to their door, in `window`; `until` in the past ends it.
    DoorStanding {
        resident: i64,
        until: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        window: Option<String>,
    },
    /// How the resident is told: the language of their notices, and whether
    /// they get reminders about packages still waiting (none: unchanged).
    Notices {
        resident: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reminders: Option<bool>,
        /// `email`, `text` or `both` ([`texts::NOTIFY_BY`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// The resident expects a package with this tracking number
    /// ([`tracking_tag`]; `ending` is its last characters, for staff and
    /// the resident to recognise it), by `by` (ms since 1970, the carrier's
    /// expected day) if they know it: the wall chooses them when a carrier
    /// scans it, and raises it if it has not come [`EXPECTED_LATE_DAYS`] after.
    Expect {
        resident: i64,
        tracking_tag: String,
        ending: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<i64>,
    },
    /// The provider reports that the wall's text it knows as `message`
    /// was not delivered (its error `code`: 30003 unreachable, 30006 a
    /// landline...): staff are told, and the notice goes by email.
    TextUndelivered {
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<u32>,
    },
    /// A reply to the wall's texts from the number tagged `phone`
    /// ([`texts::phone_tag`]) stopped them (`stop`) or started them again;
    /// the provider relayed it to the server.
    TextReply { phone: String, stop: bool },
    /// The resident is away from `from` until `until` (ms since 1970: the
    /// start of the first day away and of the day they are back): their
    /// packages are kept, their holding clock paused, and one summary notice
    /// goes out the day they are back. `until <= from` ends it.
    Away {
        resident: i64,
        from: i64,
        until: i64,
    },
    /// A request a newer server makes that this version does not know: the
    /// wall reports it not done rather than refusing the whole answer.
    #[serde(other)]
    Unknown,
}

impl ActionKind {
    /// In staff's words.
    pub fn words(&self) -> String {
        match self {
            ActionKind::ResendNotice => "Resend the notice".into(),
            ActionKind::ChangeRecipient { resident } => {
                format!("Change the recipient to resident #{resident}")
            }
            ActionKind::ExtendHold { days } => format!("Extend the hold by {days} days"),
            ActionKind::DoorDelivery { .. } => "Deliver to the door".into(),
            ActionKind::DoorStanding { .. } => "Deliver every package to the door".into(),
            ActionKind::Away { until, from, .. } if until <= from => {
                "End the resident's away period".into()
            }
            ActionKind::Away { .. } => "Keep the resident's packages while they are away".into(),
            ActionKind::Notices { .. } => "Change how the resident is told".into(),
            ActionKind::Expect { ending, .. } => format!("Expect a package ending {ending}"),
            ActionKind::TextUndelivered { .. } => "A text was not delivered".into(),
            ActionKind::TextReply { stop: true, .. } => "Stop texts to a number".into(),
            ActionKind::TextReply { stop: false, .. } => "Start texts to a number again".into(),
            ActionKind::Unknown => "A request this version does not know".into(),
        }
    }
}

/// One audit event, as it leaves the wall.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Event {
    /// The wall's event id: 1, 2, 3... with no gaps (after a restore from an
    /// older backup it goes on from the server's, with a `restored_behind_server` event).
    pub seq: i64,
    /// When (ms since 1970, UTC).
    pub at: i64,
    /// What happened (`stored`, `picked_up`, `door_forced`, ...).
    pub kind: String,
    /// Who did it, as a role: `kiosk`, `carrier`, `resident`, `staff`, `technician`, `system`.
    pub actor: String,
    /// The locker's label and size, when a locker was involved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// The package's id on the wall, when a package was involved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<i64>,
    /// The package's resident id and unit (no names by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The carrier account's id on the wall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<i64>,
    /// Free text (a reason, a name): only when the property shares details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The package's tracking number as a keyed hash ([`tracking_tag`]), on
    /// its arrival, from walls that match senders: the desk finds the
    /// package a question quotes without holding tracking numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_tag: Option<String>,
}

/// The wall as it is when the batch is made: the truth for "now" figures.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    /// The wall's clock (ms since 1970).
    pub at: i64,
    /// The wall's newest event when the snapshot was made.
    pub last_seq: i64,
    /// The site's offset from UTC, for local days and hours.
    pub utc_offset_minutes: i32,
    /// The property's name as the wall knows it.
    pub site: String,
    /// Lockers per size (`S`, `M`, `L`, `XL`): in service, and holding a package.
    pub sizes: Vec<SizeCount>,
    /// Lockers out of service or faulty.
    pub out_of_service: i64,
    /// Packages held by staff (overflow) and on the package room's shelves.
    pub overflow: i64,
    pub room: i64,
    /// Packages waiting past their holding period.
    pub expired: i64,
    /// The holding period, in days (0: an older wall did not say).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hold_days: u32,
    /// Residents may ask on their own page for a package at their door.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub door_delivery_requests: bool,
    /// The wall sends text messages: residents may choose them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub texts: bool,
    /// Waiting packages kept past the holding period (staff extended their
    /// hold): the wall's own date, where arrival plus `hold_days` is wrong.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held_longer: Vec<HeldLonger>,
    /// Residents away now or soon (their packages kept until they are back).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub away: Vec<AwayPeriod>,
    /// Open attention items, oldest first.
    pub attention: Vec<AttentionItem>,
    /// The version of the wall's contact list (empty: the wall shares none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contacts_version: String,
    /// The list itself, sent when the server's version differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<Contact>>,
    /// How the wall's box is doing (none: an older wall).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<WallHealth>,
}

/// How a wall's box is doing, for the fleet view: nothing personal in it
/// (error texts only when the property shares details).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct WallHealth {
    /// The kiosk's software version.
    pub version: String,
    /// Seconds since the kiosk started.
    pub uptime_s: i64,
    /// Free and total bytes on the data folder's disk (none: not measurable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_free: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_total: Option<i64>,
    /// The wall's database, in bytes.
    pub database_bytes: i64,
    /// Notices waiting to be sent.
    pub outbox: i64,
    /// Notices given up on in the last day.
    pub notices_failed_day: i64,
    /// The last notice error's text (only when the property shares details).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_error: Option<String>,
    /// The last failed sync round since the kiosk started: when, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_error_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_error: Option<String>,
    /// The wall's clock minus the server's at the last answer, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_skew_ms: Option<i64>,
    /// Whether the kernel says the clock is synchronised (none: unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_synchronised: Option<bool>,
}

impl WallHealth {
    /// Below this much free disk a wall is flagged (or a tenth of the disk).
    pub const LOW_DISK_BYTES: i64 = 1 << 30;

    /// The data folder's disk is nearly full.
    pub fn low_disk(&self) -> bool {
        match (self.disk_free, self.disk_total) {
            (Some(free), Some(total)) => free < Self::LOW_DISK_BYTES.min(total / 10),
            (Some(free), None) => free < Self::LOW_DISK_BYTES,
            _ => false,
        }
    }

    /// The wall runs an older version than `newest` (dotted numbers compared
    /// as numbers: 0.10.0 is newer than 0.9.3).
    pub fn older_than(&self, newest: &str) -> bool {
        let parts = |v: &str| -> Vec<u64> {
            v.split(['.', '-', '+'])
                .map_while(|p| p.parse().ok())
                .collect()
        };
        parts(&self.version) < parts(newest)
    }
}

/// A resident's email address as the desk can match it without holding it:
/// a keyed hash ([`address_tag`]) beside the resident's id and unit.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Contact {
    pub resident: i64,
    pub unit: String,
    pub tag: String,
}

/// A waiting package the wall keeps until a later day than its holding period says.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct HeldLonger {
    /// The package's id on the wall.
    pub package: i64,
    /// Kept until (ms since 1970, UTC).
    pub until: i64,
}

/// Days after the carrier's expected day before an expected package that
/// has not come is raised (a ticket at the desk, a message to the resident).
pub const EXPECTED_LATE_DAYS: i64 = 2;
/// Days after it was added, when the resident gave no expected day.
pub const EXPECTED_UNDATED_DAYS: i64 = 10;
/// The longest ahead a resident may say a package is expected, in days.
pub const MAX_EXPECTED_AHEAD_DAYS: i64 = 60;

/// The longest away period a resident may set at once, in days.
pub const MAX_AWAY_DAYS: i64 = 60;
/// The parts of the day a resident may ask for a door delivery in.
pub const DOOR_WINDOWS: [&str; 3] = ["morning", "afternoon", "evening"];

/// The longest a standing door-delivery request lasts at once, in days.
pub const MAX_DOOR_STANDING_DAYS: i64 = 90;
/// How far ahead an away period may start, in days.
pub const MAX_AWAY_AHEAD_DAYS: i64 = 365;

/// A resident's away period as the wall keeps it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AwayPeriod {
    /// The resident's id on the wall.
    pub resident: i64,
    /// From, and the day they are back (ms since 1970, UTC).
    pub from: i64,
    pub until: i64,
}

/// Lockers of one size.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SizeCount {
    pub size: String,
    pub in_service: i64,
    pub occupied: i64,
}

/// One open attention item.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AttentionItem {
    pub since: i64,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locker: Option<String>,
    /// The item's words: only when the property shares details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The server's answer to a batch.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ack {
    /// Every event with `seq <= acked` is stored.
    pub acked: i64,
    /// The contact list version the server holds (empty: none).
    #[serde(default)]
    pub contacts_version: String,
    /// The property's open desk tickets (none: a server without a desk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tickets: Option<Vec<DeskTicket>>,
    /// The desk's requests the wall has not yet reported done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<DeskAction>,
    /// The server's clock as it answered (ms since 1970): the wall checks
    /// its own against it (none: an older server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_time: Option<i64>,
}

impl Ack {
    /// The acknowledgement with tickets (then requests) left off from the end
    /// until its JSON fits in `max` bytes: what is left off goes next time.
    pub fn fitted(mut self, max: usize) -> Ack {
        let size = |a: &Ack| serde_json::to_vec(a).map_or(usize::MAX, |v| v.len());
        while size(&self) > max {
            match &mut self.tickets {
                Some(t) if !t.is_empty() => {
                    t.pop();
                }
                _ if !self.actions.is_empty() => {
                    self.actions.pop();
                }
                _ => break,
            }
        }
        self
    }
}

impl Snapshot {
    /// Lockers in service, all sizes.
    pub fn lockers(&self) -> i64 {
        self.sizes.iter().map(|s| s.in_service).sum()
    }

    /// Lockers holding a package, all sizes.
    pub fn occupied(&self) -> i64 {
        self.sizes.iter().map(|s| s.occupied).sum()
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The tag of an email address under a property's key: the same on the wall
/// and the server, and no way back to the address.
pub fn address_tag(key: &str, address: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(b"contact:");
    mac.update(address.trim().to_lowercase().as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The tag of a tracking number under a property's key (case, spaces and
/// dashes ignored, as residents copy them).
pub fn tracking_tag(key: &str, tracking: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(b"tracking:");
    let plain: String = tracking
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    mac.update(plain.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The reply signature for `body`, answering the batch signed `request_signature`:
/// HMAC-SHA256 under the property's key of `reply.REQUEST_SIGNATURE.BODY`, so
/// a reply cannot be forged, altered or replayed to another batch.
pub fn sign_reply(key: &str, request_signature: &str, body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(
            reply_mac(key, request_signature, body)
                .finalize()
                .into_bytes()
        )
    )
}

/// Whether `signature` is the reply signature of `body` for that batch (constant time).
pub fn verify_reply(key: &str, request_signature: &str, body: &[u8], signature: &str) -> bool {
    signature
        .strip_prefix("sha256=")
        .and_then(|h| hex::decode(h).ok())
        .is_some_and(|given| {
            reply_mac(key, request_signature, body)
                .verify_slice(&given)
                .is_ok()
        })
}

fn reply_mac(key: &str, request_signature: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(b"reply.");
    mac.update(request_signature.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The signature header's value for `body` signed at `timestamp` with `key`.
pub fn sign(key: &str, timestamp: i64, body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(mac(key, timestamp, body).finalize().into_bytes())
    )
}

/// Whether `signature` is `body`'s at `timestamp` under `key` (constant time).
pub fn verify(key: &str, timestamp: i64, body: &[u8], signature: &str) -> bool {
    let Some(given) = signature
        .strip_prefix("sha256=")
        .and_then(|h| hex::decode(h).ok())
    else {
        return false;
    };
    mac(key, timestamp, body).verify_slice(&given).is_ok()
}

fn mac(key: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_numbers_and_disks_fill_by_size() {
        let wall = |v: &str| WallHealth {
            version: v.into(),
            ..Default::default()
        };
        assert!(wall("0.9.3").older_than("0.10.0"));
        assert!(!wall("0.10.0").older_than("0.9.3"));
        assert!(!wall("0.1.0").older_than("0.1.0"));
        assert!(wall("0.1").older_than("0.1.1"));
        assert!(!wall("1.2.0-rc1").older_than("1.2.0"));
        let disk = |free: i64, total: i64| WallHealth {
            disk_free: Some(free),
            disk_total: Some(total),
            ..Default::default()
        };
        const GB: i64 = 1 << 30;
        assert!(disk(GB / 2, 32 * GB).low_disk());
        assert!(!disk(2 * GB, 32 * GB).low_disk());
        // A small card: a tenth of it is the line.
        assert!(!disk(GB / 2, 4 * GB).low_disk());
        assert!(disk(GB / 4, 4 * GB).low_disk());
        assert!(!WallHealth::default().low_disk());
    }

    #[test]
    fn a_reply_signature_is_bound_to_its_key_body_and_batch() {
        let r = sign_reply("k", "sha256=aa", b"{}");
        assert!(verify_reply("k", "sha256=aa", b"{}", &r));
        assert!(!verify_reply("other", "sha256=aa", b"{}", &r));
        assert!(!verify_reply("k", "sha256=bb", b"{}", &r));
        assert!(!verify_reply("k", "sha256=aa", b"{ }", &r));
        assert!(!verify_reply("k", "sha256=aa", b"{}", "sha256=zz"));
    }

    #[test]
    fn a_signature_checks_out_only_with_its_key_time_and_body() {
        let s = sign("k1", 1000, b"{}");
        assert!(verify("k1", 1000, b"{}", &s));
        assert!(!verify("k2", 1000, b"{}", &s));
        assert!(!verify("k1", 1001, b"{}", &s));
        assert!(!verify("k1", 1000, b"{ }", &s));
        assert!(!verify("k1", 1000, b"{}", "sha256=zz"));
        assert!(!verify("k1", 1000, b"{}", &s[7..]));
    }

    #[test]
    fn address_tags_ignore_case_and_depend_on_the_key() {
        let t = address_tag("k1", " Carmen@Example.com ");
        assert_eq!(t, address_tag("k1", "carmen@example.com"));
        assert_eq!(t.len(), 32);
        assert_ne!(t, address_tag("k2", "carmen@example.com"));
        assert!(!t.contains("carmen"));
    }

    #[test]
    fn an_event_without_optional_parts_stays_small() {
        let e = Event {
            seq: 1,
            at: 2,
            kind: "door_forced".into(),
            actor: "system".into(),
            locker: Some("B07".into()),
            size: Some("M".into()),
            package: None,
            resident: None,
            unit: None,
            carrier: None,
            detail: None,
            tracking_tag: None,
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"seq":1,"at":2,"kind":"door_forced","actor":"system","locker":"B07","size":"M"}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), e);
    }

    #[test]
    fn a_request_about_a_resident_names_no_package_and_unknown_kinds_are_kept_apart() {
        let away = DeskAction {
            id: 7,
            package: None,
            what: ActionKind::Away {
                resident: 3,
                from: 10,
                until: 20,
            },
            by: "the resident".into(),
            resident: Some(3),
        };
        let json = serde_json::to_string(&away).unwrap();
        assert_eq!(
            json,
            r#"{"id":7,"what":{"kind":"away","resident":3,"from":10,"until":20},"by":"the resident","resident":3}"#
        );
        assert_eq!(serde_json::from_str::<DeskAction>(&json).unwrap(), away);
        // A newer server's request this wall does not know: the answer still reads.
        let newer = r#"{"acked":1,"actions":[{"id":8,"package":4,"what":{"kind":"teleport","to":"moon"},"by":"x"}]}"#;
        let ack: Ack = serde_json::from_str(newer).unwrap();
        assert_eq!(ack.actions[0].what, ActionKind::Unknown);
        assert_eq!(ack.actions[0].package, Some(4));
        // A door delivery asked before windows existed reads and writes the same.
        let door: ActionKind = serde_json::from_str(r#"{"kind":"door_delivery"}"#).unwrap();
        assert_eq!(door, ActionKind::DoorDelivery { window: None });
        assert_eq!(
            serde_json::to_string(&door).unwrap(),
            r#"{"kind":"door_delivery"}"#
        );
    }
}
