//! The outbox: every notice is a row written in the same transaction as the
//! change it announces, and sent by the worker later, at least once. Rows
//! carry no text: the worker renders them from the package at send time.

use super::audit::{record, Audit};
use super::{attention, Store, StoreError, ACTOR_KIOSK};
use crate::domain::{HoldPolicy, PackageId, ResidentId, Timestamp};
use crate::security::Sealer;
use lockerwall_wire::EventKind;
use rusqlite::{params, Connection, OptionalExtension};

/// What a notice announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// The package is in a locker: code, QR, collect-by date.
    Stored,
    /// Still waiting, some days on.
    Reminder,
    /// The last day or so before it goes to staff.
    Final,
    /// It was picked up (so a resident knows at once if it was not them).
    PickedUp,
    /// To staff: it waited past its holding period.
    Expired,
    /// To the package help address: a problem reported at the screen.
    Problem,
    /// Nothing on the wall fitted: the package is with the package staff.
    Held,
    /// Delivered to the resident's door by staff.
    Delivered,
    /// A resident's return is in a locker for its carrier.
    ReturnReceipt,
    /// A fresh link to the resident's own page, asked for at the screen.
    PageLink,
    /// The day a resident is back from away: every package waiting for them.
    AwaySummary,
    /// A package the resident said they expect has not come in time.
    ExpectedLate,
}

impl NoticeKind {
    /// Database spelling, also the template's file name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Stored => "stored",
            NoticeKind::Reminder => "reminder",
            NoticeKind::Final => "final",
            NoticeKind::PickedUp => "picked_up",
            NoticeKind::Expired => "expired",
            NoticeKind::Problem => "problem",
            NoticeKind::Held => "held",
            NoticeKind::Delivered => "delivered",
            NoticeKind::ReturnReceipt => "return_receipt",
            NoticeKind::PageLink => "page_link",
            NoticeKind::AwaySummary => "away_summary",
            NoticeKind::ExpectedLate => "expected_late",
        }
    }

    /// Parse the database spelling.
    pub fn parse(s: &str) -> Option<NoticeKind> {
        use NoticeKind::*;
        [
            Stored,
            Reminder,
            Final,
            PickedUp,
            Expired,
            Problem,
            Held,
            Delivered,
            ReturnReceipt,
            PageLink,
            AwaySummary,
            ExpectedLate,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Whether the notice carries the pickup code.
    pub fn carries_code(self) -> bool {
        self.carries_qr() || self == NoticeKind::Held
    }

    /// Whether it carries the QR code that opens a locker (a package with
    /// staff has no locker to open).
    pub fn carries_qr(self) -> bool {
        matches!(
            self,
            NoticeKind::Stored | NoticeKind::Reminder | NoticeKind::Final
        )
    }

    /// Whether the package is still where this notice says it is.
    pub fn still_true(self, facts: &NoticeFacts) -> bool {
        match self {
            NoticeKind::Held => facts.held,
            k if k.carries_qr() => facts.waiting && !facts.held,
            _ => true,
        }
    }
}

/// How a notice travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Email,
    /// A JSON POST to the property's webhook (its resident app, say).
    Webhook,
    /// A text message through the property's provider ([`crate::notify::texts`]).
    Text,
}

impl Channel {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Webhook => "webhook",
            Channel::Text => "text",
        }
    }

    /// Parse the stored spelling.
    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::Email, Channel::Webhook, Channel::Text]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// Where notices go and on what schedule; set once when the kiosk starts.
#[derive(Clone, Debug, Default)]
pub struct NoticeSetup {
    pub policy: HoldPolicy,
    /// The webhook's URL, when one is configured: every resident notice goes there too.
    pub webhook: Option<String>,
    /// The package help address: problems reported at the screen are mailed there.
    pub help_desk: Option<String>,
    /// When the wall sends text messages: residents who chose them get them.
    pub texts: Option<TextsSetup>,
}

/// What the store needs to know of the text-message channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextsSetup {
    /// The calling code of numbers the directory writes without one (`1`).
    pub country: String,
}

/// Everything a notice is rendered from.
#[derive(Clone, Debug, PartialEq)]
pub struct NoticeFacts {
    pub package: PackageId,
    pub tracking: String,
    pub resident: String,
    pub resident_id: ResidentId,
    pub unit: String,
    pub building: String,
    pub phone: Option<String>,
    pub carrier: String,
    pub locker: String,
    pub site: String,
    /// The pickup code, unsealed (only while the package is waiting).
    pub code: Option<String>,
    pub stored_at: Timestamp,
    /// When its holding clock started: `stored_at`, later by every extension
    /// of its hold (the one rule for when the hold ends: [`crate::domain::holding`]).
    pub hold_from: Timestamp,
    /// The version of its code the notice's QR token is signed for.
    pub code_version: u32,
    pub closed_at: Option<Timestamp>,
    /// Still waiting for its resident (in its locker, or with staff).
    pub waiting: bool,
    /// Held by staff (overflow), in no locker.
    pub held: bool,
    /// In the package room (`locker` is its door's label): the shelf.
    pub shelf: Option<String>,
}

/// One row of the outbox, with its facts.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: NoticeKind,
    pub channel: Channel,
    pub recipient: String,
    pub language: String,
    pub message_id: String,
    pub attempts: u32,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// The package's facts (empty on a problem report that names no package).
    pub facts: NoticeFacts,
    /// On a problem report: what was reported.
    pub problem: Option<ProblemFacts>,
    /// Addressed to the resident (not to staff, as an expiry or a problem is).
    pub to_resident: bool,
    /// On a summary: every package waiting for the resident, oldest first.
    pub waiting: Vec<NoticeFacts>,
    /// On a late expected package's message: what the resident told.
    pub expected: Option<ExpectedFacts>,
}

/// A package a resident expects, as its message tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedFacts {
    /// The tracking number's last characters.
    pub ending: String,
    /// The day it was due, if the resident gave one.
    pub by: Option<Timestamp>,
    /// It has come since (the message is no longer needed).
    pub arrived: bool,
}

impl OutboxItem {
    /// Whether what the notice says is still so (a stale notice helps no one).
    pub fn still_true(&self) -> bool {
        match self.kind {
            NoticeKind::AwaySummary => !self.waiting.is_empty(),
            NoticeKind::ExpectedLate => self.expected.as_ref().is_some_and(|x| !x.arrived),
            kind => kind.still_true(&self.facts),
        }
    }
}

/// A problem reported at the screen, as its email tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemFacts {
    /// In staff's words, with its context.
    pub message: String,
    pub at: Timestamp,
    /// Its kind's stored name (`door`, `missing`, ...).
    pub kind: String,
}

/// A message id that stays the same for a row however often it is sent.
fn message_id(
    site_tag: &str,
    package: PackageId,
    kind: NoticeKind,
    channel: Channel,
    to: &str,
    round: i64,
) -> String {
    // Round 0 keeps the spelling notices had before resending existed.
    let again = if round > 0 {
        format!(".r{round}")
    } else {
        String::new()
    };
    format!(
        "<lw.{site_tag}.p{}.{}{again}.{}.{}@lockerwall>",
        package.0,
        kind.as_str(),
        channel.as_str(),
        message_tag(to)
    )
}

/// A short tag of a recipient, so message ids differ per address without naming it.
pub(super) fn message_tag(to: &str) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(to.as_bytes())[..4])
}

/// Queue one notice (inside the caller's transaction); a notice already queued is left alone.
#[allow(clippy::too_many_arguments)]
fn queue(
    conn: &Connection,
    site_tag: &str,
    now: Timestamp,
    kind: NoticeKind,
    channel: Channel,
    package: PackageId,
    resident: Option<ResidentId>,
    to: &str,
    language: &str,
    round: i64,
) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO outbox (created_at, kind, channel, package_id, resident_id, recipient,
                                       language, message_id, next_attempt_at, round)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?1, ?9)",
        params![
            now.0,
            kind.as_str(),
            channel.as_str(),
            package.0,
            resident.map(|r| r.0),
            to,
            language,
            message_id(site_tag, package, kind, channel, to, round),
            round
        ],
    )?)
}

/// Queue a notice to a package's resident, the ways they chose to be told
/// ([`super::addresses`]), and the webhook if one is set up.
pub(super) fn queue_for_resident(
    conn: &Connection,
    setup: &NoticeSetup,
    site_tag: &str,
    now: Timestamp,
    kind: NoticeKind,
    package: PackageId,
    round: i64,
) -> Result<usize, StoreError> {
    let resident: i64 = conn.query_row(
        "SELECT resident_id FROM packages WHERE id = ?1",
        [package.0],
        |r| r.get(0),
    )?;
    let resident = ResidentId(resident);
    // A resident away hears once, the day they are back (the summary), not per package.
    let arrival = matches!(kind, NoticeKind::Stored | NoticeKind::Held) && round == 0;
    if arrival && super::away::away_until(conn, resident, now)?.is_some() {
        return Ok(0);
    }
    let to = super::addresses::of_resident(conn, setup, resident)?;
    let mut queued = 0;
    for (channel, address) in &to.all {
        queued += queue(
            conn,
            site_tag,
            now,
            kind,
            *channel,
            package,
            Some(resident),
            address,
            &to.language,
            round,
        )?;
    }
    Ok(queued)
}

const ITEM_SQL: &str = concat!("SELECT o.id, o.kind, o.channel, o.recipient, o.language, o.message_id, o.attempts,
        o.created_at, o.sent_at, COALESCE(p.id, 0), COALESCE(p.tracking, ''), COALESCE(r.id, 0),
        COALESCE(r.name, ''), COALESCE(r.unit, ''), COALESCE(r.building, ''), r.phone,
        COALESCE(c.name, 'a carrier'), COALESCE(l.label, ''), p.code_sealed, p.stored_at, p.closed_at,
        COALESCE(p.state IN (", state!(Stored), ", ", state!(Overflow), "), 0),
        (SELECT value FROM settings WHERE key = 'site_name'), pr.message, pr.at, pr.kind,
        COALESCE(p.state = ", state!(Overflow), ", 0), sh.label, ph.hold_from,
        COALESCE(p.code_version, 0), o.resident_id IS NOT NULL,
        ex.ending, ex.by_at, ex.arrived_at IS NOT NULL
     FROM outbox o LEFT JOIN packages p ON p.id = o.package_id
     LEFT JOIN expected_packages ex ON ex.id = o.expected_id
     LEFT JOIN residents r ON r.id = coalesce(p.resident_id, o.resident_id)
     LEFT JOIN carriers c ON c.id = p.carrier_id
     LEFT JOIN lockers l ON l.id = p.locker_id
     LEFT JOIN problems pr ON pr.id = o.problem_id
     LEFT JOIN shelves sh ON sh.id = p.shelf_id
     LEFT JOIN package_holds ph ON ph.package_id = p.id");

impl Store {
    fn items(
        &self,
        clause: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!("{ITEM_SQL} {clause}"))?;
        // Each row with its kind's spelling and sealed code, checked and opened below.
        let rows = stmt.query_map(params, |r| {
            let waiting: bool = r.get(21)?;
            let item = OutboxItem {
                id: r.get(0)?,
                kind: NoticeKind::Stored,
                channel: Channel::parse(&r.get::<_, String>(2)?).unwrap_or(Channel::Email),
                recipient: r.get(3)?,
                language: r.get(4)?,
                message_id: r.get(5)?,
                attempts: r.get(6)?,
                created_at: Timestamp(r.get(7)?),
                sent_at: r.get::<_, Option<i64>>(8)?.map(Timestamp),
                facts: NoticeFacts {
                    package: PackageId(r.get(9)?),
                    tracking: r.get(10)?,
                    resident_id: ResidentId(r.get(11)?),
                    resident: r.get(12)?,
                    unit: r.get(13)?,
                    building: r.get(14)?,
                    phone: r.get(15)?,
                    carrier: r.get(16)?,
                    locker: r.get(17)?,
                    code: None,
                    stored_at: Timestamp(r.get::<_, Option<i64>>(19)?.unwrap_or_default()),
                    hold_from: Timestamp(r.get::<_, Option<i64>>(28)?.unwrap_or_default()),
                    code_version: r.get(29)?,
                    closed_at: r.get::<_, Option<i64>>(20)?.map(Timestamp),
                    waiting,
                    held: r.get(26)?,
                    shelf: r.get(27)?,
                    site: r.get::<_, Option<String>>(22)?.unwrap_or_default(),
                },
                problem: match r.get::<_, Option<String>>(23)? {
                    Some(message) => Some(ProblemFacts {
                        message,
                        at: Timestamp(r.get(24)?),
                        kind: r.get(25)?,
                    }),
                    None => None,
                },
                to_resident: r.get(30)?,
                waiting: Vec::new(),
                expected: match r.get::<_, Option<String>>(31)? {
                    Some(ending) => Some(ExpectedFacts {
                        ending,
                        by: r.get::<_, Option<i64>>(32)?.map(Timestamp),
                        arrived: r.get(33)?,
                    }),
                    None => None,
                },
            };
            let sealed: Option<String> = r.get(18)?;
            Ok((item, r.get::<_, String>(1)?, sealed.filter(|_| waiting)))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut item, kind, sealed) = row?;
            let package = item.facts.package;
            item.kind = NoticeKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("outbox kind {kind}")))?;
            if let Some(sealed) = sealed {
                item.facts.code = Some(
                    self.sealer
                        .open(&sealed, &owner(package))
                        .map_err(|e| StoreError::Corrupt(format!("package {}: {e}", package.0)))?,
                );
            }
            if item.kind == NoticeKind::AwaySummary {
                item.waiting = self.waiting_facts(&item.facts)?;
            }
            out.push(item);
        }
        Ok(out)
    }

    /// Every package waiting for the resident `of` names, with its code
    /// unsealed, oldest first (a summary lists them all).
    fn waiting_facts(&self, of: &NoticeFacts) -> Result<Vec<NoticeFacts>, StoreError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT p.id, p.tracking, COALESCE(c.name, 'a carrier'), COALESCE(l.label, ''),
                    sh.label, p.code_sealed, coalesce(p.stored_at, p.created_at), ph.hold_from,
                    p.code_version, p.state = ",
            state!(Overflow),
            " FROM packages p JOIN package_holds ph ON ph.package_id = p.id
             LEFT JOIN carriers c ON c.id = p.carrier_id LEFT JOIN lockers l ON l.id = p.locker_id
             LEFT JOIN shelves sh ON sh.id = p.shelf_id
             WHERE p.resident_id = ?1 AND p.is_return = 0 AND p.state IN (",
            state!(Stored),
            ", ",
            state!(Overflow),
            ") ORDER BY 7, p.id"
        ))?;
        let rows = stmt.query_map([of.resident_id.0], |r| {
            let facts = NoticeFacts {
                package: PackageId(r.get(0)?),
                tracking: r.get(1)?,
                carrier: r.get(2)?,
                locker: r.get(3)?,
                shelf: r.get(4)?,
                code: None,
                stored_at: Timestamp(r.get(6)?),
                hold_from: Timestamp(r.get(7)?),
                code_version: r.get(8)?,
                closed_at: None,
                waiting: true,
                held: r.get(9)?,
                ..of.clone()
            };
            Ok((facts, r.get::<_, Option<String>>(5)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut facts, sealed) = row?;
            if let Some(sealed) = sealed {
                let code = self.sealer.open(&sealed, &owner(facts.package));
                facts.code = Some(code.map_err(|e| {
                    StoreError::Corrupt(format!("package {}: {e}", facts.package.0))
                })?);
            }
            out.push(facts);
        }
        Ok(out)
    }

    /// Notices due to be sent at `now`, oldest first.
    pub fn due_outbox(&self, now: Timestamp, limit: usize) -> Result<Vec<OutboxItem>, StoreError> {
        self.items(
            "WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.skipped_at IS NULL
             AND o.next_attempt_at <= ?1
             ORDER BY o.next_attempt_at, o.id LIMIT ?2",
            &[&now.0, &(limit as i64)],
        )
    }

    /// When the next unsent notice falls due (none: nothing is waiting).
    pub fn next_outbox_due(&self) -> Result<Option<Timestamp>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT MIN(next_attempt_at) FROM outbox
                 WHERE sent_at IS NULL AND failed_at IS NULL AND skipped_at IS NULL",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )?
            .map(Timestamp))
    }

    /// Emails already sent to residents, newest first (the demo's phone shows these).
    pub fn sent_emails(&self, limit: usize) -> Result<Vec<OutboxItem>, StoreError> {
        self.items(
            "WHERE o.sent_at IS NOT NULL AND o.channel = 'email' AND o.resident_id IS NOT NULL
             ORDER BY o.sent_at DESC, o.id DESC LIMIT ?1",
            &[&(limit as i64)],
        )
    }

    /// Every outbox row, oldest first (tests and reports).
    pub fn outbox(&self) -> Result<Vec<OutboxItem>, StoreError> {
        self.items("ORDER BY o.id", &[])
    }

    /// The notice went out. A resident's notice is audited, so the package's
    /// history (and the package desk) shows what reached the resident and when.
    pub fn outbox_sent(
        &mut self,
        id: i64,
        provider_id: Option<&str>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL,
                    provider_id = ?3 WHERE id = ?1",
            params![id, now.0, provider_id],
        )?;
        let (package, kind, channel, resident): (Option<i64>, String, String, Option<i64>) = tx
            .query_row(
                "SELECT package_id, kind, channel, resident_id FROM outbox WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        if resident.is_some() {
            let audited = match kind.as_str() {
                "reminder" | "final" => EventKind::ReminderSent,
                _ => EventKind::NoticeSent,
            };
            record(
                &tx,
                Audit {
                    at: now,
                    kind: audited,
                    actor: ACTOR_KIOSK,
                    locker: None,
                    package: package.map(PackageId),
                    detail: &format!("{kind} notice by {channel}"),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The notice is no longer needed (its package was collected or removed
    /// before it went out): closed unsent, audited, and no one is alarmed.
    pub fn outbox_skipped(&mut self, id: i64, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE outbox SET skipped_at = ?2 WHERE id = ?1",
            params![id, now.0],
        )?;
        let (package, kind): (Option<i64>, String) = tx.query_row(
            "SELECT package_id, kind FROM outbox WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        record(
            &tx,
            Audit {
                at: now,
                kind: EventKind::NoticeSkipped,
                actor: ACTOR_KIOSK,
                locker: None,
                package: package.map(PackageId),
                detail: &format!("{kind} notice not sent: the package was no longer where it said"),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The notice could not go out now; try again at `at`.
    pub fn outbox_retry(&mut self, id: i64, at: Timestamp, error: &str) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1",
            params![id, at.0, error],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The notice can never go out (a refused address): staff are told. A
    /// text that cannot go is sent by email instead, where there is one.
    pub fn outbox_failed(
        &mut self,
        id: i64,
        now: Timestamp,
        error: &str,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE outbox SET attempts = attempts + 1, failed_at = ?2, last_error = ?3 WHERE id = ?1",
            params![id, now.0, error],
        )?;
        let (package, recipient, resident, channel): (Option<i64>, String, String, String) = tx
            .query_row(
            "SELECT o.package_id, o.recipient, COALESCE(r.name, 'staff'), o.channel FROM outbox o
                 LEFT JOIN residents r ON r.id = o.resident_id WHERE o.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        record(
            &tx,
            Audit {
                at: now,
                kind: EventKind::NoticeFailed,
                actor: ACTOR_KIOSK,
                locker: None,
                package: package.map(PackageId),
                detail: error,
            },
        )?;
        let message = match channel.as_str() {
            "text" => {
                let instead = match email_instead(&tx, id, now)? {
                    Some(email) => format!("It was sent by email to {email} instead."),
                    None => "They have no email address: tell them another way.".into(),
                };
                format!(
                    "A text message to {resident} at {recipient} could not be delivered \
                     ({error}). {instead} Check the number in the directory."
                )
            }
            _ => format!(
                "A notice to {resident} at {recipient} could not be delivered ({error}). \
                 Check the address in the directory and tell the resident another way."
            ),
        };
        attention::add(
            &tx,
            now,
            "notice_failed",
            None,
            package.map(PackageId),
            &message,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Queue what the holding policy says is due at `now`: reminders, final
    /// notices, and expiries (audited, raised to staff, and mailed to them).
    /// Returns how many notices were queued or packages expired.
    pub fn schedule_notices(&mut self, now: Timestamp) -> Result<usize, StoreError> {
        let policy = self.notices.policy.clone();
        let waiting: Vec<(i64, i64, String, String, String, bool)> = {
            let mut stmt = self.conn.prepare_cached(concat!(
                "SELECT p.id, ph.hold_from, p.tracking, r.name, COALESCE(l.label, ''), r.reminders
                 FROM packages p JOIN package_holds ph ON ph.package_id = p.id
                 JOIN residents r ON r.id = p.resident_id LEFT JOIN lockers l ON l.id = p.locker_id
                 WHERE p.state = ",
                state!(Stored),
                " AND p.expired_at IS NULL AND p.stored_at IS NOT NULL
                   AND p.is_return = 0"
            ))?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut done = 0;
        // A hold extended, or paused while the resident was away, moves the
        // package's whole schedule later (the `package_holds` view).
        for (id, hold_from, tracking, resident, locker, reminders) in waiting {
            let package = PackageId(id);
            let stored_at = Timestamp(hold_from);
            let due = |at: Option<Timestamp>| at.is_some_and(|t| now >= t);
            let expired = now >= policy.collect_by(stored_at);
            let kind = if expired {
                None
            } else if due(policy.final_at(stored_at)) {
                Some(NoticeKind::Final)
            } else if reminders && due(policy.reminder_at(stored_at)) {
                Some(NoticeKind::Reminder)
            } else {
                continue;
            };
            let tx = super::begin(&mut self.conn)?;
            match kind {
                Some(kind) => {
                    done += queue_for_resident(
                        &tx,
                        &self.notices,
                        &self.site_tag,
                        now,
                        kind,
                        package,
                        0,
                    )?;
                }
                None => {
                    tx.execute(
                        "UPDATE packages SET expired_at = ?2 WHERE id = ?1",
                        params![id, now.0],
                    )?;
                    record(
                        &tx,
                        Audit {
                            at: now,
                            kind: EventKind::Expired,
                            actor: ACTOR_KIOSK,
                            locker: None,
                            package: Some(package),
                            detail: &format!("held {} days", policy.hold_days),
                        },
                    )?;
                    attention::add(
                        &tx,
                        now,
                        "package_expired",
                        None,
                        Some(package),
                        &format!(
                            "Package {tracking} for {resident} in locker {locker} has waited past its \
                             {}-day holding period. Contact the resident, or take it out of the locker.",
                            policy.hold_days
                        ),
                    )?;
                    if let Some(staff) = &policy.staff_email {
                        queue(
                            &tx,
                            &self.site_tag,
                            now,
                            NoticeKind::Expired,
                            Channel::Email,
                            package,
                            None,
                            staff,
                            "en",
                            0,
                        )?;
                    }
                    done += 1;
                }
            }
            tx.commit()?;
        }
        done += self.flag_uncollected_returns(now)?;
        self.flag_away_filling(now)?;
        done += self.settle_expected(now)?;
        Ok(done)
    }
}

/// What a package's sealed code is bound to.
pub(super) fn owner(package: PackageId) -> Vec<u8> {
    format!("package:{}", package.0).into_bytes()
}

/// Seal a fresh code into its package row (inside the caller's transaction).
pub(super) fn seal_code(
    conn: &Connection,
    sealer: &Sealer,
    package: PackageId,
    code: &str,
    rng: &mut dyn rand::RngCore,
) -> Result<(), StoreError> {
    let sealed = sealer.seal(code, &owner(package), rng);
    conn.execute(
        "UPDATE packages SET code_sealed = ?2 WHERE id = ?1",
        params![package.0, sealed],
    )?;
    Ok(())
}

/// Forget a package's sealed code once it is no longer waiting.
pub(super) fn drop_code(conn: &Connection, package: PackageId) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE packages SET code_sealed = NULL WHERE id = ?1",
        [package.0],
    )?;
    Ok(())
}

/// Queue a waiting package's "stored" notice again, in its next round (a
/// resend, a new recipient): a new row with its own message id.
pub(super) fn queue_stored_again(
    conn: &Connection,
    setup: &NoticeSetup,
    site_tag: &str,
    now: Timestamp,
    package: PackageId,
) -> Result<usize, StoreError> {
    let round = next_round(conn, package, NoticeKind::Stored)?;
    queue_for_resident(
        conn,
        setup,
        site_tag,
        now,
        NoticeKind::Stored,
        package,
        round,
    )
}

/// The next round for a notice sent again.
fn next_round(conn: &Connection, package: PackageId, kind: NoticeKind) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(round), -1) + 1 FROM outbox WHERE package_id = ?1 AND kind = ?2",
        params![package.0, kind.as_str()],
        |r| r.get(0),
    )?)
}

/// Queue the email of a problem report to the package help address (inside
/// the caller's transaction).
pub(super) fn queue_problem(
    conn: &Connection,
    site_tag: &str,
    now: Timestamp,
    problem: i64,
    to: &str,
) -> Result<usize, StoreError> {
    use sha2::Digest;
    let h = sha2::Sha256::digest(to.as_bytes());
    let id = format!(
        "<lw.{site_tag}.x{problem}.problem.email.{}@lockerwall>",
        hex::encode(&h[..4])
    );
    Ok(conn.execute(
        "INSERT OR IGNORE INTO outbox (created_at, kind, channel, problem_id, recipient, language,
                                       message_id, next_attempt_at)
         VALUES (?1, 'problem', 'email', ?2, ?3, 'en', ?4, ?1)",
        params![now.0, problem, to, id],
    )?)
}

/// Queue the email twin of the failed text `id`, if its resident has an
/// address and no email of it is already queued; returns the address.
fn email_instead(conn: &Connection, id: i64, now: Timestamp) -> Result<Option<String>, StoreError> {
    let email: Option<String> = conn
        .query_row(
            "SELECT trim(r.email) FROM outbox o JOIN residents r ON r.id = o.resident_id
         WHERE o.id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(email) = email.filter(|e| !e.is_empty()) else {
        return Ok(None);
    };
    // Its own Message-ID, made from the text's (unique, and stable if asked twice).
    conn.execute(
        "INSERT OR IGNORE INTO outbox (created_at, kind, channel, package_id, problem_id,
                resident_id, expected_id, recipient, language, message_id, next_attempt_at, round)
         SELECT ?2, kind, 'email', package_id, problem_id, resident_id, expected_id, ?3, language,
                replace(message_id, '@lockerwall>', '.by-email@lockerwall>'), ?2, round
         FROM outbox o WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.channel = 'email'
                             AND e.kind = o.kind AND e.resident_id IS o.resident_id
                             AND e.package_id IS o.package_id AND e.round = o.round
                             AND e.created_at = o.created_at)",
        params![id, now.0, email],
    )?;
    Ok(Some(email))
}

/// Queue the message that `resident`'s expected package `expected` has not
/// come, the ways they chose to be told (inside the caller's transaction).
pub(super) fn queue_expected_late(
    conn: &Connection,
    setup: &NoticeSetup,
    site_tag: &str,
    expected: i64,
    resident: ResidentId,
    now: Timestamp,
) -> Result<(), StoreError> {
    let to = super::addresses::of_resident(conn, setup, resident)?;
    for (channel, address) in &to.all {
        let id = format!(
            "<lw.{site_tag}.r{}.x{expected}.expected_late.{}.{}@lockerwall>",
            resident.0,
            channel.as_str(),
            message_tag(address)
        );
        conn.execute(
            "INSERT OR IGNORE INTO outbox (created_at, kind, channel, resident_id, expected_id,
                                           recipient, language, message_id, next_attempt_at)
             VALUES (?1, 'expected_late', ?2, ?3, ?4, ?5, ?6, ?7, ?1)",
            params![
                now.0,
                channel.as_str(),
                resident.0,
                expected,
                address,
                to.language,
                id
            ],
        )?;
    }
    Ok(())
}
