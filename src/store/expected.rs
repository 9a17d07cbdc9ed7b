//! Packages residents expect: a tracking number told on their page, kept as
//! its keyed tag under the property's sync key (never in clear) with its
//! last characters. A carrier scanning it gets its resident chosen; the
//! worker's pass marks it arrived when a package with that number is stored
//! for them, and raises it when it has not come some days after it was due:
//! on the staff's attention list, at the desk (the server files a ticket
//! from the event) and in a message to the resident.

use super::audit::day;
use super::{Store, StoreError};
use crate::domain::{Refusal, Resident, ResidentId, Timestamp};
use lockerwall_wire::{
    tracking_tag, EventKind, EXPECTED_LATE_DAYS, EXPECTED_UNDATED_DAYS, MAX_EXPECTED_AHEAD_DAYS,
};
use rusqlite::{params, Connection, OptionalExtension};

const DAY: i64 = 86_400_000;
/// How long before it was expected a package may have come and still count.
const ARRIVED_BEFORE_DAYS: i64 = 30;

/// One expectation as the staff and the resident's page know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub id: i64,
    pub resident: ResidentId,
    pub ending: String,
    pub by: Option<Timestamp>,
    pub added_at: Timestamp,
    pub arrived_at: Option<Timestamp>,
    pub late_at: Option<Timestamp>,
}

impl Store {
    /// `resident` expects the package whose number has `tag` (its last
    /// characters `ending`), due `by` if they know: kept once (telling it
    /// again moves the day), audited.
    pub fn expect(
        &mut self,
        resident: ResidentId,
        tag: &str,
        ending: &str,
        by: Option<Timestamp>,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tag_ok = tag.len() == 32 && tag.bytes().all(|b| b.is_ascii_hexdigit());
        let ending_ok =
            (1..=6).contains(&ending.len()) && ending.bytes().all(|b| b.is_ascii_alphanumeric());
        let by_ok =
            by.is_none_or(|b| b.0 >= now.0 - DAY && b.0 <= now.0 + MAX_EXPECTED_AHEAD_DAYS * DAY);
        if !(tag_ok && ending_ok && by_ok) {
            return Err(StoreError::Refused(Refusal::ExpectedPackage));
        }
        let tx = self.write()?;
        let active: Option<bool> = tx
            .query_row(
                "SELECT active FROM residents WHERE id = ?1",
                [resident.0],
                |r| r.get(0),
            )
            .optional()?;
        if active != Some(true) {
            return Err(StoreError::NotFound("resident"));
        }
        tx.execute(
            "INSERT INTO expected_packages (resident_id, tag, ending, by_at, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (resident_id, tag) DO UPDATE SET by_at = ?4, late_at = NULL
             WHERE arrived_at IS NULL",
            params![
                resident.0,
                tag,
                ending.to_uppercase(),
                by.map(|b| b.0),
                now.0
            ],
        )?;
        let due = by
            .map(|b| format!(", due {}", day(b.0)))
            .unwrap_or_default();
        let detail = format!("ending {}{due}", ending.to_uppercase());
        note(
            &tx,
            now,
            EventKind::ExpectedAdded,
            actor,
            resident,
            None,
            tag,
            &detail,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The resident a scanned tracking number is expected by (none: no one,
    /// or the wall has no sync key to know numbers by).
    pub fn expected_by(&self, tracking: &str) -> Result<Option<Resident>, StoreError> {
        let Some(key) = &self.sync_key else {
            return Ok(None);
        };
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT x.resident_id FROM expected_packages x
                 JOIN residents r ON r.id = x.resident_id AND r.active = 1
                 WHERE x.tag = ?1 AND x.arrived_at IS NULL ORDER BY x.added_at DESC LIMIT 1",
                [tracking_tag(key, tracking)],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.resident(ResidentId(id))).transpose()
    }

    /// Every expectation of `resident`'s, newest first.
    pub fn expected_of(&self, resident: ResidentId) -> Result<Vec<Expected>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, resident_id, ending, by_at, added_at, arrived_at, late_at
             FROM expected_packages WHERE resident_id = ?1 ORDER BY added_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([resident.0], |r| {
            Ok(Expected {
                id: r.get(0)?,
                resident: ResidentId(r.get(1)?),
                ending: r.get(2)?,
                by: r.get::<_, Option<i64>>(3)?.map(Timestamp),
                added_at: Timestamp(r.get(4)?),
                arrived_at: r.get::<_, Option<i64>>(5)?.map(Timestamp),
                late_at: r.get::<_, Option<i64>>(6)?.map(Timestamp),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The worker's pass: expected packages that came are marked arrived;
    /// those past due are raised once. Returns how many were raised.
    pub(super) fn settle_expected(&mut self, now: Timestamp) -> Result<usize, StoreError> {
        let Some(key) = self.sync_key.clone() else {
            return Ok(0);
        };
        let (notices, site_tag) = (self.notices.clone(), self.site_tag.clone());
        let tx = self.write()?;
        for a in arrivals(&tx, &key)? {
            tx.execute(
                "UPDATE expected_packages SET package_id = ?2, arrived_at = ?3 WHERE id = ?1",
                params![a.expected, a.package, a.at],
            )?;
            let (kind, package) = (EventKind::ExpectedArrived, Some(a.package));
            note(&tx, now, kind, "kiosk", a.resident, package, &a.tag, "")?;
        }
        let late = late(&tx, now)?;
        for x in &late {
            raise_late(&tx, &notices, &site_tag, x, now)?;
        }
        tx.commit()?;
        Ok(late.len())
    }
}

/// An expectation past due.
struct Late {
    id: i64,
    resident: ResidentId,
    tag: String,
    ending: String,
    by: Option<i64>,
}

/// Raise one late expectation: marked, audited, on the attention list,
/// and a message to its resident.
fn raise_late(
    tx: &Connection,
    notices: &super::NoticeSetup,
    site_tag: &str,
    x: &Late,
    now: Timestamp,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE expected_packages SET late_at = ?2 WHERE id = ?1",
        params![x.id, now.0],
    )?;
    let due =
        x.by.map(|b| format!(", due {}", day(b)))
            .unwrap_or_default();
    let detail = format!("ending {}{due}: not arrived", x.ending);
    note(
        tx,
        now,
        EventKind::ExpectedLate,
        "kiosk",
        x.resident,
        None,
        &x.tag,
        &detail,
    )?;
    let r = super::directory::resident_tx(tx, x.resident)?;
    let message = format!(
        "{} ({} {}) expected a package with a tracking number ending {}{due}; it has not \
         reached the lockers or the staff. They were told you are looking into it: check \
         the carrier's tracking and the package room.",
        r.name, r.unit, r.building, x.ending
    );
    tx.execute(
        "INSERT INTO attention (created_at, kind, message) VALUES (?1, 'expected_late', ?2)",
        params![now.0, message],
    )?;
    super::outbox::queue_expected_late(tx, notices, site_tag, x.id, x.resident, now)
}

/// An expected package that came for its resident.
struct Arrival {
    expected: i64,
    resident: ResidentId,
    tag: String,
    package: i64,
    at: i64,
}

/// Open expectations whose package has come for their resident.
fn arrivals(conn: &Connection, key: &str) -> Result<Vec<Arrival>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT x.id, x.resident_id, x.tag, p.id, p.created_at, p.tracking
         FROM expected_packages x JOIN packages p ON p.resident_id = x.resident_id
         WHERE x.arrived_at IS NULL AND p.created_at >= x.added_at - ?1
         ORDER BY p.created_at",
    )?;
    let rows = stmt.query_map([ARRIVED_BEFORE_DAYS * DAY], |r| {
        let arrival = Arrival {
            expected: r.get(0)?,
            resident: ResidentId(r.get(1)?),
            tag: r.get(2)?,
            package: r.get(3)?,
            at: r.get(4)?,
        };
        Ok((arrival, r.get::<_, String>(5)?))
    })?;
    let mut out: Vec<Arrival> = Vec::new();
    for row in rows {
        let (a, tracking) = row?;
        let first = !out.iter().any(|o| o.expected == a.expected);
        if first && tracking_tag(key, &tracking) == a.tag {
            out.push(a);
        }
    }
    Ok(out)
}

/// Open expectations past due and not yet raised.
fn late(conn: &Connection, now: Timestamp) -> Result<Vec<Late>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, resident_id, tag, ending, by_at FROM expected_packages
         WHERE arrived_at IS NULL AND late_at IS NULL
           AND coalesce(by_at + ?2, added_at + ?3) <= ?1",
    )?;
    let rows = stmt.query_map(
        params![now.0, EXPECTED_LATE_DAYS * DAY, EXPECTED_UNDATED_DAYS * DAY],
        |r| {
            Ok(Late {
                id: r.get(0)?,
                resident: ResidentId(r.get(1)?),
                tag: r.get(2)?,
                ending: r.get(3)?,
                by: r.get(4)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Audit an expectation's event, with its tag (the server knows the number by it).
#[allow(clippy::too_many_arguments)]
fn note(
    conn: &Connection,
    at: Timestamp,
    kind: EventKind,
    actor: &str,
    resident: ResidentId,
    package: Option<i64>,
    tag: &str,
    detail: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO events (at, kind, actor, resident_id, package_id, tag, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![at.0, kind.as_str(), actor, resident.0, package, tag, detail],
    )?;
    Ok(())
}
