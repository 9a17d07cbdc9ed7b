//! What the wall tells its portfolio server: its events after the last one
//! the server confirmed, and a snapshot of the wall now. By default no
//! names, emails, codes or free text leave the wall: events carry resident
//! ids and units only (`share_details` adds the audit's words and the
//! attention items' messages).

use super::StoreError;
use crate::domain::Timestamp;
use lockerwall_wire::{AttentionItem, Contact, Event, HeldLonger, SizeCount, Snapshot};
use rusqlite::params;

/// The attention kind for a portfolio server whose answers cannot be read.
pub const SYNC_UNREADABLE: &str = "sync_unreadable";

/// Where the sync stands, for staff and the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncStatus {
    /// Every event up to here is on the server.
    pub acked: i64,
    /// The newest event on the wall.
    pub newest: i64,
    pub last_ok_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

/// The role in an audit actor (`carrier:12` is a carrier, `staff:Ana` staff).
pub fn actor_role(actor: &str) -> &'static str {
    match actor.split(':').next().unwrap_or("") {
        "kiosk" => "kiosk",
        "carrier" => "carrier",
        "staff" => "staff",
        "resident" => "resident",
        "technician" => "technician",
        "installer" => "installer",
        _ => "system",
    }
}

impl super::Store {
    /// Where the sync stands.
    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        Ok(self.conn.query_row(
            "SELECT s.acked, (SELECT coalesce(max(id), 0) FROM events), s.last_ok_at, s.last_error
             FROM portfolio_sync s WHERE s.id = 1",
            [],
            |r| {
                Ok(SyncStatus {
                    acked: r.get(0)?,
                    newest: r.get(1)?,
                    last_ok_at: r.get::<_, Option<i64>>(2)?.map(Timestamp),
                    last_error: r.get(3)?,
                })
            },
        )?)
    }

    /// The server has stored every event up to `acked` (it may say less than
    /// before, if it lost some: they are sent again). It may say more than
    /// this wall has: the wall was restored from a backup older than what it
    /// sent. Its numbering then goes on after the server's, with an event
    /// that says so: reusing the lost numbers would have the server take
    /// new events for ones it already has.
    pub fn sync_acked(&mut self, acked: i64, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        let newest: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?;
        if acked > newest {
            tx.execute(
                "INSERT INTO events (id, at, kind, actor, detail) VALUES (?1, ?2, ?4, 'system', ?3)",
                params![
                    acked + 1,
                    now.0,
                    format!("events {} to {acked} were sent before this wall's data was restored from a backup; the server keeps them", newest + 1),
                    lockerwall_wire::EventKind::RestoredBehindServer.as_str(),
                ],
            )?;
        }
        tx.execute(
            "UPDATE portfolio_sync SET acked = min(?1, (SELECT coalesce(max(id), 0) FROM events)),
                 last_ok_at = ?2, last_error = NULL WHERE id = 1",
            params![acked.max(0), now.0],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The portfolio server's answers cannot be read: on the staff's list (once).
    pub fn sync_unreadable(&mut self, why: &str, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        super::attention::add(
            &tx,
            now,
            SYNC_UNREADABLE,
            None,
            None,
            &format!("The portfolio server's answers cannot be read ({why}): it keeps receiving the same events and the dashboard shows this wall out of date. Tell whoever runs the portfolio server."),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A round went through: an "answers cannot be read" item is done.
    pub fn sync_readable(&mut self, now: Timestamp) -> Result<(), StoreError> {
        super::attention::settle(&self.conn, SYNC_UNREADABLE, now)
    }

    /// A round that did not reach the server, and why.
    pub fn sync_failed(&mut self, why: &str) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE portfolio_sync SET last_error = ?1 WHERE id = 1",
            [why],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Up to `limit` events after `after`, oldest first, as they leave the
    /// wall; with `tags_key`, a package's arrival carries its tracking
    /// number's keyed hash (for the package desk).
    pub fn events_after(
        &self,
        after: i64,
        limit: usize,
        share_details: bool,
        tags_key: Option<&str>,
    ) -> Result<Vec<Event>, StoreError> {
        use lockerwall_wire::classify::{effect, Effect};
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.at, e.kind, e.actor, l.label, l.size, e.package_id,
                    coalesce(p.resident_id, e.resident_id), r.unit, p.carrier_id, e.detail,
                    p.size, p.tracking, e.tag
             FROM events e
             LEFT JOIN lockers l ON l.id = e.locker_id
             LEFT JOIN packages p ON p.id = e.package_id
             LEFT JOIN residents r ON r.id = coalesce(p.resident_id, e.resident_id)
             WHERE e.id > ?1 ORDER BY e.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], |r| {
            let actor: String = r.get(3)?;
            let detail: String = r.get(10)?;
            let kind: String = r.get(2)?;
            let tracking: Option<String> = r.get(12)?;
            // An expected package's events carry the tag the server knows it by.
            let tracking_tag = match (r.get::<_, Option<String>>(13)?, tags_key, tracking) {
                (Some(tag), _, _) => Some(tag),
                (None, Some(key), Some(t)) if matches!(effect(&kind), Effect::Arrived(_)) => {
                    Some(lockerwall_wire::tracking_tag(key, &t))
                }
                _ => None,
            };
            Ok(Event {
                seq: r.get(0)?,
                at: r.get(1)?,
                kind,
                actor: if share_details {
                    actor
                } else {
                    actor_role(&actor).to_string()
                },
                locker: r.get(4)?,
                // The locker's size, or the package's when it has no locker.
                size: r.get::<_, Option<String>>(5)?.or(r.get(11)?),
                package: r.get(6)?,
                resident: r.get(7)?,
                unit: r.get(8)?,
                carrier: r.get(9)?,
                detail: (share_details && !detail.is_empty()).then_some(detail),
                tracking_tag,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Active residents with an email address, as the desk matches them:
    /// (id, unit, address tag under `key`), and the list's version.
    pub fn sync_contacts(&self, key: &str) -> Result<(Vec<Contact>, String), StoreError> {
        use sha2::Digest;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, unit, email FROM residents
             WHERE active = 1 AND email IS NOT NULL AND trim(email) <> '' ORDER BY id",
        )?;
        let list = stmt
            .query_map([], |r| {
                let email: String = r.get(2)?;
                Ok(Contact {
                    resident: r.get(0)?,
                    unit: r.get(1)?,
                    tag: lockerwall_wire::address_tag(key, &email),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut h = sha2::Sha256::new();
        for c in &list {
            h.update(format!("{}:{}:{};", c.resident, c.unit, c.tag).as_bytes());
        }
        Ok((list, hex::encode(&h.finalize()[..8])))
    }

    /// The wall now: lockers by size, overflow, the room, expired packages,
    /// open attention items.
    pub fn sync_snapshot(
        &self,
        now: Timestamp,
        site: &str,
        utc_offset_minutes: i32,
        hold_days: u32,
        share_details: bool,
    ) -> Result<Snapshot, StoreError> {
        let c = &self.conn;
        let mut stmt = c.prepare_cached(concat!(
            "SELECT l.size,
                    count(*) FILTER (WHERE l.service = 'in_service'),
                    count(*) FILTER (WHERE EXISTS (
                        SELECT 1 FROM packages p WHERE p.locker_id = l.id AND p.shelf_id IS NULL
                        AND p.state IN ",
            live_states!(),
            "))
             FROM lockers l WHERE l.kind = 'locker'
             GROUP BY l.size
             ORDER BY CASE l.size WHEN 'S' THEN 1 WHEN 'M' THEN 2 WHEN 'L' THEN 3 ELSE 4 END"
        ))?;
        let sizes = stmt
            .query_map([], |r| {
                Ok(SizeCount {
                    size: r.get(0)?,
                    in_service: r.get(1)?,
                    occupied: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let one =
            |sql: &str| -> Result<i64, StoreError> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
        let expired_before = now.0 - hold_days as i64 * 86_400_000;
        let expired: i64 = c.query_row(
            concat!(
                "SELECT count(*) FROM packages p JOIN package_holds ph ON ph.package_id = p.id
             WHERE p.state IN (",
                state!(Stored),
                ", ",
                state!(Overflow),
                ")
               AND ph.hold_from < ?1"
            ),
            [expired_before],
            |r| r.get(0),
        )?;
        let mut stmt = c.prepare_cached(
            "SELECT a.created_at, a.kind, l.label, a.message FROM attention a
             LEFT JOIN lockers l ON l.id = a.locker_id
             WHERE a.resolved_at IS NULL ORDER BY a.created_at, a.id",
        )?;
        let attention = stmt
            .query_map([], |r| {
                Ok(AttentionItem {
                    since: r.get(0)?,
                    kind: r.get(1)?,
                    locker: r.get(2)?,
                    message: if share_details { r.get(3)? } else { None },
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Snapshot {
            at: now.0,
            last_seq: one("SELECT coalesce(max(id), 0) FROM events")?,
            utc_offset_minutes,
            site: site.to_string(),
            sizes,
            out_of_service: one(
                "SELECT count(*) FROM lockers WHERE kind = 'locker' AND service <> 'in_service'",
            )?,
            overflow: one(concat!(
                "SELECT count(*) FROM packages WHERE state = ",
                state!(Overflow)
            ))?,
            room: one(concat!(
                "SELECT count(*) FROM packages WHERE state = ",
                state!(Stored),
                " AND shelf_id IS NOT NULL"
            ))?,
            expired,
            hold_days,
            // The syncer says whether residents may ask for door delivery.
            door_delivery_requests: false,
            texts: self.sends_texts(),
            held_longer: self.held_longer()?,
            away: self.away_periods(now)?,
            attention,
            contacts_version: String::new(),
            contacts: None,
            health: None,
        })
    }

    /// Waiting packages whose hold was extended or paused (staff extended it,
    /// the resident was away), with the day the wall now keeps them until
    /// (the holding clock's rule, the `package_holds` view).
    fn held_longer(&self) -> Result<Vec<HeldLonger>, StoreError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT p.id, ph.hold_from FROM packages p JOIN package_holds ph ON ph.package_id = p.id
             WHERE ph.hold_from > coalesce(p.stored_at, p.created_at) AND p.state IN (",
            state!(Stored),
            ", ",
            state!(Overflow),
            ") ORDER BY id"
        ))?;
        let policy = &self.notices.policy;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.map(|row| {
            let (package, from): (i64, i64) = row?;
            Ok(HeldLonger {
                package,
                until: policy.collect_by(Timestamp(from)).0,
            })
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_leave_as_roles() {
        assert_eq!(actor_role("carrier:12"), "carrier");
        assert_eq!(actor_role("staff:Ana Ruiz"), "staff");
        assert_eq!(actor_role("kiosk"), "kiosk");
        assert_eq!(actor_role("technician"), "technician");
        assert_eq!(actor_role("someone@example.com"), "system");
    }
}
