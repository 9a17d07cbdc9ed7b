//! Residents away (decision 0041): while a resident is away the wall still
//! takes their deliveries but keeps them. Their packages' holding clock is
//! paused (the `package_holds` view counts the time away), arrival notices
//! wait, and one summary notice goes out the day they are back.

use super::audit::{day, note_resident};
use super::outbox::{message_tag, NoticeKind};
use super::{Store, StoreError};
use crate::domain::{Refusal, ResidentId, Timestamp};
use lockerwall_wire::{AwayPeriod, EventKind};
use rusqlite::{params, Connection, OptionalExtension};

pub use lockerwall_wire::{MAX_AWAY_AHEAD_DAYS, MAX_AWAY_DAYS};
const DAY_MS: i64 = 86_400_000;

/// When `resident`'s away period that holds at `at` ends (none: not away).
pub(super) fn away_until(
    conn: &Connection,
    resident: ResidentId,
    at: Timestamp,
) -> Result<Option<Timestamp>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT until_at FROM away_periods
             WHERE resident_id = ?1 AND from_at <= ?2 AND until_at > ?2",
            params![resident.0, at.0],
            |r| r.get(0),
        )
        .optional()?
        .map(Timestamp))
}

/// The period not yet over (now or to come), if any: (id, from, until).
fn current(
    conn: &Connection,
    resident: ResidentId,
    now: Timestamp,
) -> Result<Option<(i64, i64, i64)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, from_at, until_at FROM away_periods
             WHERE resident_id = ?1 AND until_at > ?2 ORDER BY from_at LIMIT 1",
            params![resident.0, now.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

impl Store {
    /// Set `resident`'s away period, from `from` until `until` (the start of
    /// the day they are back), replacing one not yet over; `until <= from`
    /// ends it now. A period already under way keeps its start.
    pub fn set_away(
        &mut self,
        resident: ResidentId,
        from: Timestamp,
        until: Timestamp,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = super::begin(&mut self.conn)?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM residents WHERE id = ?1 AND active = 1)",
            [resident.0],
            |r| r.get(0),
        )?;
        if !known {
            return Err(StoreError::NotFound("resident"));
        }
        let not_over = current(&tx, resident, now)?;
        if until <= from {
            // Ending one that is not there changes nothing (a request seen twice).
            if not_over.is_some() {
                end(&tx, resident, now)?;
                note_resident(&tx, now, EventKind::AwayEnded, actor, resident, "back")?;
            }
            tx.commit()?;
            return Ok(());
        }
        let under_way = not_over.filter(|(_, f, _)| *f <= now.0);
        let from = under_way.map_or(from.0.max(now.0), |(_, f, _)| f);
        let too_far = from - now.0 > MAX_AWAY_AHEAD_DAYS * DAY_MS;
        if until.0 <= now.0 || until.0 - from > MAX_AWAY_DAYS * DAY_MS || too_far {
            return Err(StoreError::Refused(Refusal::AwayDates));
        }
        tx.execute(
            "DELETE FROM away_periods WHERE resident_id = ?1 AND until_at > ?2",
            params![resident.0, now.0],
        )?;
        tx.execute(
            "INSERT INTO away_periods (resident_id, from_at, until_at, set_at) VALUES (?1, ?2, ?3, ?4)",
            params![resident.0, from, until.0, now.0],
        )?;
        let period = tx.last_insert_rowid();
        queue_summary(
            &tx,
            &self.notices,
            &self.site_tag,
            resident,
            period,
            until,
            now,
        )?;
        let detail = format!("from {} until {}", day(from), day(until.0));
        note_resident(&tx, now, EventKind::AwaySet, actor, resident, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Residents away now or soon, for the server and staff.
    pub fn away_periods(&self, now: Timestamp) -> Result<Vec<AwayPeriod>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT resident_id, from_at, until_at FROM away_periods
             WHERE until_at > ?1 ORDER BY resident_id",
        )?;
        let rows = stmt.query_map([now.0], |r| {
            Ok(AwayPeriod {
                resident: r.get(0)?,
                from: r.get(1)?,
                until: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// End `resident`'s away period now: one under way stops today (its summary
/// falls due now), one to come is forgotten (with its summary).
fn end(conn: &Connection, resident: ResidentId, now: Timestamp) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE away_periods SET until_at = ?2
         WHERE resident_id = ?1 AND from_at < ?2 AND until_at > ?2",
        params![resident.0, now.0],
    )?;
    conn.execute(
        "DELETE FROM away_periods WHERE resident_id = ?1 AND from_at >= ?2",
        params![resident.0, now.0],
    )?;
    let still = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM away_periods WHERE resident_id = ?1 AND until_at = ?2)",
        params![resident.0, now.0],
        |r| r.get::<_, bool>(0),
    )?;
    let unsent = "resident_id = ?1 AND kind = 'away_summary'
                  AND sent_at IS NULL AND failed_at IS NULL AND skipped_at IS NULL";
    if still {
        conn.execute(
            &format!("UPDATE outbox SET next_attempt_at = ?2 WHERE {unsent}"),
            params![resident.0, now.0],
        )?;
    } else {
        conn.execute(
            &format!("UPDATE outbox SET skipped_at = ?2 WHERE {unsent}"),
            params![resident.0, now.0],
        )?;
    }
    Ok(())
}

/// Queue the summary for the day `resident` is back (the ways they chose
/// to be told), in place of any summary not yet sent.
fn queue_summary(
    conn: &Connection,
    setup: &super::NoticeSetup,
    site_tag: &str,
    resident: ResidentId,
    period: i64,
    until: Timestamp,
    now: Timestamp,
) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM outbox WHERE resident_id = ?1 AND kind = 'away_summary'
           AND sent_at IS NULL AND failed_at IS NULL AND skipped_at IS NULL",
        [resident.0],
    )?;
    let addresses = super::addresses::of_resident(conn, setup, resident)?;
    let language = &addresses.language;
    for (channel, to) in &addresses.all {
        let channel = channel.as_str();
        let id = format!(
            "<lw.{site_tag}.r{}.a{period}.{}.{channel}.{}@lockerwall>",
            resident.0,
            NoticeKind::AwaySummary.as_str(),
            message_tag(to)
        );
        conn.execute(
            "INSERT OR IGNORE INTO outbox (created_at, kind, channel, resident_id, recipient,
                                           language, message_id, next_attempt_at)
             VALUES (?1, 'away_summary', ?2, ?3, ?4, ?5, ?6, ?7)",
            params![now.0, channel, resident.0, to, language, id, until.0],
        )?;
    }
    Ok(())
}

/// The attention item raised when residents away will keep the wall full.
pub const AWAY_FILLING: &str = "away_filling";
/// Days of arrivals the fill forecast averages.
const RATE_DAYS: i64 = 14;

impl Store {
    /// Whether the wall will run out of free lockers before the residents
    /// who are away come back for theirs, at the pace packages arrived in
    /// the last two weeks: raised on the attention list with the figures,
    /// settled when it no longer holds. Returns whether it holds now.
    pub(super) fn flag_away_filling(&mut self, now: Timestamp) -> Result<bool, StoreError> {
        let (kept, back): (i64, Option<i64>) = self.conn.query_row(
            concat!(
                "SELECT count(DISTINCT p.locker_id), max(a.until_at) FROM packages p
                 JOIN away_periods a ON a.resident_id = p.resident_id
                 WHERE p.state = ",
                state!(Stored),
                " AND p.locker_id IS NOT NULL AND p.shelf_id IS NULL
                   AND a.from_at <= ?1 AND a.until_at > ?1"
            ),
            [now.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let free: i64 = self.conn.query_row(
            concat!(
                "SELECT count(*) FROM lockers l WHERE l.kind = 'locker' AND l.service = 'in_service'
                 AND NOT EXISTS (SELECT 1 FROM packages p WHERE p.locker_id = l.id AND p.state IN ",
                live_states!(),
                ")"
            ),
            [],
            |r| r.get(0),
        )?;
        let arrived: i64 = self.conn.query_row(
            "SELECT count(*) FROM packages WHERE stored_at > ?1 AND stored_at <= ?2 AND is_return = 0",
            params![now.0 - RATE_DAYS * DAY_MS, now.0],
            |r| r.get(0),
        )?;
        let full_at = fills_at(now, free, arrived);
        let tx = super::begin(&mut self.conn)?;
        let holds = match (back, full_at) {
            (Some(back), Some(full)) if kept > 0 && full.0 < back => {
                let message = format!(
                    "Lockers kept for residents who are away: {kept} (the last until {}). \
                     At about {:.1} packages a day, the free lockers ({free}) last until about {}: \
                     move some of the kept packages to the package room or the office.",
                    day(back),
                    arrived as f64 / RATE_DAYS as f64,
                    day(full.0)
                );
                super::attention::add(&tx, now, AWAY_FILLING, None, None, &message)?;
                true
            }
            _ => {
                super::attention::settle(&tx, AWAY_FILLING, now)?;
                false
            }
        };
        tx.commit()?;
        Ok(holds)
    }
}

/// When `free` lockers run out at the pace of `arrived` packages in the
/// last [`RATE_DAYS`] days (none: nothing arrives).
fn fills_at(now: Timestamp, free: i64, arrived: i64) -> Option<Timestamp> {
    (arrived > 0).then(|| now.plus_ms(free * RATE_DAYS * DAY_MS / arrived))
}
