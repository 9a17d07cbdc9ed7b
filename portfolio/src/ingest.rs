//! Taking a wall's batch: check who sent it, store each event exactly once
//! and in order, and bring the rollups up to date in the same transaction.

use crate::classify::{effect, Effect};
use crate::wire::{self, Ack, Batch, Event};
use crate::{stats, PortfolioError};
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use deadpool_postgres::Pool;
use std::collections::{BTreeMap, HashMap};

/// Why a batch was refused before it was read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refusal {
    #[error("no property {0:?} on this server")]
    UnknownProperty(String),
    #[error("the signature does not match the property's key")]
    BadSignature,
    #[error("the wall's clock is {seconds} s away from the server's")]
    ClockSkew {
        seconds: i64,
        /// The property's key: the refusal is signed with it.
        key: String,
    },
}

/// Check that `body` was signed at `timestamp` with `property`'s key.
pub async fn authenticate(
    pool: &Pool,
    property: &str,
    timestamp: i64,
    signature: &str,
    body: &[u8],
    now_ms: i64,
) -> Result<Result<String, Refusal>, PortfolioError> {
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "SELECT sync_key FROM properties WHERE id = $1",
            &[&property],
        )
        .await?;
    let Some(row) = row else {
        return Ok(Err(Refusal::UnknownProperty(property.to_string())));
    };
    let key: String = row.get(0);
    if !wire::verify(&key, timestamp, body, signature) {
        return Ok(Err(Refusal::BadSignature));
    }
    // A signed batch replayed much later is refused (it would be harmless:
    // events are stored once, but the snapshot would go back in time).
    if (now_ms - timestamp).abs() > wire::CLOCK_SKEW_MS {
        return Ok(Err(Refusal::ClockSkew {
            seconds: (now_ms - timestamp) / 1000,
            key,
        }));
    }
    Ok(Ok(key))
}

/// A package seen for the first time.
struct Arrival<'a> {
    package: i64,
    at: i64,
    place: &'static str,
    resident: Option<i64>,
    locker: Option<&'a str>,
    tracking_tag: Option<&'a str>,
}

/// One day's changes to the `daily` row.
#[derive(Default, Debug)]
struct DayDelta {
    deliveries: i32,
    collected: i32,
    to_overflow: i32,
    to_room: i32,
    expired: i32,
    notices_failed: i32,
    door_faults: i32,
    peak_waiting: i32,
    by_hour: [i32; 24],
}

/// Store `batch` for `property`; returns how far the property is now stored.
pub async fn apply(pool: &Pool, property: &str, batch: &Batch) -> Result<Ack, PortfolioError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute(
        "INSERT INTO sync_state (property_id) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&property],
    )
    .await?;
    // The row lock makes two batches from one wall (a retry racing the
    // original) take turns.
    let row = tx
        .query_one(
            "SELECT last_seq, waiting, contacts_version FROM sync_state
             WHERE property_id = $1 FOR UPDATE",
            &[&property],
        )
        .await?;
    let last_seq: i64 = row.get(0);
    let mut waiting: i32 = row.get(1);
    let held_contacts: String = row.get(2);
    // A wall that read our last answer sends from the event after the last
    // stored one; one that starts again at a stored one did not (too long,
    // altered on the way): counted for the dashboard, and logged.
    let repeat = batch.events.first().is_some_and(|e| e.seq <= last_seq);
    if repeat {
        tracing::warn!(
            "{property} sent events from {} again, which are stored: it may not be reading the server's replies",
            batch.events.first().map_or(0, |e| e.seq)
        );
    }

    // Only the run that continues the stored sequence is taken: events seen
    // before are skipped, and anything after a gap waits for its turn.
    let mut run: Vec<&Event> = Vec::new();
    let mut next = last_seq + 1;
    let mut events: Vec<&Event> = batch.events.iter().filter(|e| e.seq >= next).collect();
    events.sort_by_key(|e| e.seq);
    for e in events {
        if e.seq == next {
            run.push(e);
            next += 1;
        } else if e.seq > next {
            break;
        }
    }
    let offset = batch.snapshot.utc_offset_minutes;

    if !run.is_empty() {
        insert_events(&tx, property, &run).await?;
        let mut days: BTreeMap<NaiveDate, DayDelta> = BTreeMap::new();
        let mut dwell: BTreeMap<(NaiveDate, i16), i32> = BTreeMap::new();
        let touched: Vec<i64> = run.iter().filter_map(|e| e.package).collect();
        let mut known: HashMap<i64, (i64, bool)> = HashMap::new();
        for r in tx
            .query(
                "SELECT package, arrived_at, closed_at IS NOT NULL FROM packages
                 WHERE property_id = $1 AND package = ANY($2)",
                &[&property, &touched],
            )
            .await?
        {
            let arrived: DateTime<Utc> = r.get(1);
            known.insert(r.get(0), (arrived.timestamp_millis(), r.get(2)));
        }
        let mut arrivals: Vec<Arrival<'_>> = Vec::new();
        let mut closings: Vec<(i64, i64)> = Vec::new();
        for e in &run {
            let (day, hour) = local(e.at, offset);
            let d = days.entry(day).or_default();
            match effect(&e.kind) {
                Effect::Arrived(place) => {
                    if let Some(p) = e.package {
                        if let std::collections::hash_map::Entry::Vacant(v) = known.entry(p) {
                            v.insert((e.at, false));
                            arrivals.push(Arrival {
                                package: p,
                                at: e.at,
                                place: place.as_str(),
                                resident: e.resident,
                                locker: e.locker.as_deref(),
                                tracking_tag: e.tracking_tag.as_deref(),
                            });
                            d.deliveries += 1;
                            d.by_hour[hour] += 1;
                            match place {
                                crate::classify::Place::Overflow => d.to_overflow += 1,
                                crate::classify::Place::Room => d.to_room += 1,
                                crate::classify::Place::Locker => {}
                            }
                            waiting += 1;
                        }
                    }
                }
                Effect::Collected => {
                    d.collected += 1;
                    if let Some(p) = e.package {
                        if let Some((arrived, closed)) = known.get_mut(&p) {
                            if !*closed {
                                *closed = true;
                                closings.push((p, e.at));
                                waiting = (waiting - 1).max(0);
                                let minutes = (e.at - *arrived) / 60_000;
                                *dwell.entry((day, stats::bucket(minutes))).or_default() += 1;
                            }
                        }
                    }
                }
                Effect::Expired => d.expired += 1,
                Effect::NoticeFailed => d.notices_failed += 1,
                Effect::DoorFault => d.door_faults += 1,
                Effect::Other => {}
            }
            d.peak_waiting = d.peak_waiting.max(waiting);
        }
        write_packages(&tx, property, &arrivals, &closings).await?;
        write_days(&tx, property, &days).await?;
        write_dwell(&tx, property, &dwell).await?;
        crate::desk::wall::file_kiosk_reports(&tx, property, &run).await?;
        crate::resident::revocations::take(&tx, property, &run).await?;
        crate::resident::expected::file_events(&tx, property, &run).await?;
    }

    let acked = next - 1;
    // A wall that has sent everything knows best what is waiting now.
    let s = &batch.snapshot;
    if s.last_seq == acked {
        waiting = (s.occupied() + s.overflow + s.room) as i32;
    }
    let snapshot = serde_json::to_value(s).map_err(|e| PortfolioError::Refused(e.to_string()))?;
    tx.execute(
        // A late retry of an older batch does not put the picture back in time.
        "UPDATE sync_state SET last_seq = $2, waiting = $3, last_contact = now(),
             snapshot = CASE WHEN snapshot IS NULL OR (snapshot->>'at')::bigint <= $5
                             THEN $4 ELSE snapshot END,
             repeats = CASE WHEN $6 THEN repeats + 1 ELSE 0 END
         WHERE property_id = $1",
        &[&property, &acked, &waiting, &snapshot, &s.at, &repeat],
    )
    .await?;
    let contacts_version = match &s.contacts {
        Some(list) => {
            replace_contacts(&tx, property, list, &s.contacts_version).await?;
            s.contacts_version.clone()
        }
        None => held_contacts,
    };
    tx.execute(
        "UPDATE properties SET utc_offset_minutes = $2 WHERE id = $1 AND utc_offset_minutes <> $2",
        &[&property, &offset],
    )
    .await?;
    crate::desk::wall::take_report(&tx, property, &batch.desk).await?;
    let (tickets, actions) = crate::desk::wall::for_wall(&tx, property).await?;
    tx.commit().await?;
    let ack = Ack {
        acked,
        contacts_version,
        tickets: Some(tickets),
        actions,
        server_time: Some(chrono::Utc::now().timestamp_millis()),
    };
    // Whatever the desk holds, the wall can read the reply (half its limit
    // leaves room for a wall built with another limit).
    let (tickets, actions) = (ack.tickets.as_ref().map_or(0, Vec::len), ack.actions.len());
    let ack = ack.fitted(wire::MAX_REPLY_BYTES / 2);
    let kept = ack.tickets.as_ref().map_or(0, Vec::len) + ack.actions.len();
    if kept < tickets + actions {
        tracing::warn!(
            "{property}: {} of {} tickets and requests left out of the reply to fit what a wall reads (the newest wait for a later one)",
            tickets + actions - kept,
            tickets + actions
        );
    }
    Ok(ack)
}

/// The wall's whole contact list, in place of the last one.
async fn replace_contacts(
    tx: &deadpool_postgres::Transaction<'_>,
    property: &str,
    list: &[wire::Contact],
    version: &str,
) -> Result<(), PortfolioError> {
    tx.execute("DELETE FROM contacts WHERE property_id = $1", &[&property])
        .await?;
    let tag: Vec<&str> = list.iter().map(|c| c.tag.as_str()).collect();
    let resident: Vec<i64> = list.iter().map(|c| c.resident).collect();
    let unit: Vec<&str> = list.iter().map(|c| c.unit.as_str()).collect();
    // Two residents sharing one address: the first keeps it.
    tx.execute(
        "INSERT INTO contacts (property_id, tag, resident, unit)
         SELECT $1, * FROM UNNEST($2::text[], $3::bigint[], $4::text[])
         ON CONFLICT DO NOTHING",
        &[&property, &tag, &resident, &unit],
    )
    .await?;
    tx.execute(
        "UPDATE sync_state SET contacts_version = $2 WHERE property_id = $1",
        &[&property, &version],
    )
    .await?;
    Ok(())
}

/// The local day and hour of `at_ms` at `offset` minutes from UTC.
pub fn local(at_ms: i64, offset_minutes: i32) -> (NaiveDate, usize) {
    let t = DateTime::from_timestamp_millis(at_ms + offset_minutes as i64 * 60_000)
        .unwrap_or_default()
        .naive_utc();
    (t.date(), t.hour() as usize)
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

async fn insert_events(
    tx: &deadpool_postgres::Transaction<'_>,
    property: &str,
    run: &[&Event],
) -> Result<(), PortfolioError> {
    let seq: Vec<i64> = run.iter().map(|e| e.seq).collect();
    let at: Vec<DateTime<Utc>> = run.iter().map(|e| time(e.at)).collect();
    let kind: Vec<&str> = run.iter().map(|e| e.kind.as_str()).collect();
    let actor: Vec<&str> = run.iter().map(|e| e.actor.as_str()).collect();
    let locker: Vec<Option<&str>> = run.iter().map(|e| e.locker.as_deref()).collect();
    let size: Vec<Option<&str>> = run.iter().map(|e| e.size.as_deref()).collect();
    let package: Vec<Option<i64>> = run.iter().map(|e| e.package).collect();
    let resident: Vec<Option<i64>> = run.iter().map(|e| e.resident).collect();
    let unit: Vec<Option<&str>> = run.iter().map(|e| e.unit.as_deref()).collect();
    let carrier: Vec<Option<i64>> = run.iter().map(|e| e.carrier).collect();
    let detail: Vec<Option<&str>> = run.iter().map(|e| e.detail.as_deref()).collect();
    // One statement for the whole run: arrays in, rows out.
    tx.execute(
        "INSERT INTO events (property_id, seq, at, kind, actor, locker, size, package, resident,
                             unit, carrier, detail)
         SELECT $1, * FROM UNNEST($2::bigint[], $3::timestamptz[], $4::text[], $5::text[],
                                  $6::text[], $7::text[], $8::bigint[], $9::bigint[],
                                  $10::text[], $11::bigint[], $12::text[])",
        &[
            &property, &seq, &at, &kind, &actor, &locker, &size, &package, &resident, &unit,
            &carrier, &detail,
        ],
    )
    .await?;
    Ok(())
}

async fn write_packages(
    tx: &deadpool_postgres::Transaction<'_>,
    property: &str,
    arrivals: &[Arrival<'_>],
    closings: &[(i64, i64)],
) -> Result<(), PortfolioError> {
    if !arrivals.is_empty() {
        let ids: Vec<i64> = arrivals.iter().map(|a| a.package).collect();
        let at: Vec<DateTime<Utc>> = arrivals.iter().map(|a| time(a.at)).collect();
        let place: Vec<&str> = arrivals.iter().map(|a| a.place).collect();
        let resident: Vec<Option<i64>> = arrivals.iter().map(|a| a.resident).collect();
        let locker: Vec<Option<&str>> = arrivals.iter().map(|a| a.locker).collect();
        let tags: Vec<Option<&str>> = arrivals.iter().map(|a| a.tracking_tag).collect();
        tx.execute(
            "INSERT INTO packages (property_id, package, arrived_at, place, resident, locker,
                                   tracking_tag)
             SELECT $1, * FROM UNNEST($2::bigint[], $3::timestamptz[], $4::text[],
                                      $5::bigint[], $6::text[], $7::text[])",
            &[&property, &ids, &at, &place, &resident, &locker, &tags],
        )
        .await?;
    }
    if !closings.is_empty() {
        let ids: Vec<i64> = closings.iter().map(|c| c.0).collect();
        let at: Vec<DateTime<Utc>> = closings.iter().map(|c| time(c.1)).collect();
        tx.execute(
            "UPDATE packages p SET closed_at = c.at
             FROM UNNEST($2::bigint[], $3::timestamptz[]) AS c(package, at)
             WHERE p.property_id = $1 AND p.package = c.package",
            &[&property, &ids, &at],
        )
        .await?;
    }
    Ok(())
}

async fn write_days(
    tx: &deadpool_postgres::Transaction<'_>,
    property: &str,
    days: &BTreeMap<NaiveDate, DayDelta>,
) -> Result<(), PortfolioError> {
    let stmt = tx
        .prepare_cached(
            "INSERT INTO daily (property_id, day, deliveries, collected, to_overflow, to_room,
                                expired, notices_failed, door_faults, peak_waiting, by_hour)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (property_id, day) DO UPDATE SET
                 deliveries = daily.deliveries + EXCLUDED.deliveries,
                 collected = daily.collected + EXCLUDED.collected,
                 to_overflow = daily.to_overflow + EXCLUDED.to_overflow,
                 to_room = daily.to_room + EXCLUDED.to_room,
                 expired = daily.expired + EXCLUDED.expired,
                 notices_failed = daily.notices_failed + EXCLUDED.notices_failed,
                 door_faults = daily.door_faults + EXCLUDED.door_faults,
                 peak_waiting = GREATEST(daily.peak_waiting, EXCLUDED.peak_waiting),
                 by_hour = ARRAY(SELECT a + b FROM UNNEST(daily.by_hour, EXCLUDED.by_hour) AS t(a, b))",
        )
        .await?;
    for (day, d) in days {
        let by_hour: Vec<i32> = d.by_hour.to_vec();
        tx.execute(
            &stmt,
            &[
                &property,
                day,
                &d.deliveries,
                &d.collected,
                &d.to_overflow,
                &d.to_room,
                &d.expired,
                &d.notices_failed,
                &d.door_faults,
                &d.peak_waiting,
                &by_hour,
            ],
        )
        .await?;
    }
    Ok(())
}

async fn write_dwell(
    tx: &deadpool_postgres::Transaction<'_>,
    property: &str,
    dwell: &BTreeMap<(NaiveDate, i16), i32>,
) -> Result<(), PortfolioError> {
    if dwell.is_empty() {
        return Ok(());
    }
    let day: Vec<NaiveDate> = dwell.keys().map(|k| k.0).collect();
    let bucket: Vec<i16> = dwell.keys().map(|k| k.1).collect();
    let n: Vec<i32> = dwell.values().copied().collect();
    tx.execute(
        "INSERT INTO dwell (property_id, day, bucket, n)
         SELECT $1, * FROM UNNEST($2::date[], $3::smallint[], $4::integer[])
         ON CONFLICT (property_id, day, bucket) DO UPDATE SET n = dwell.n + EXCLUDED.n",
        &[&property, &day, &bucket, &n],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_days_follow_the_sites_offset() {
        // 2026-12-01 03:30 UTC is still 30 November in Denver (UTC-7).
        let at = DateTime::parse_from_rfc3339("2026-12-01T03:30:00Z")
            .unwrap()
            .timestamp_millis();
        assert_eq!(
            local(at, -420),
            (NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 20)
        );
        assert_eq!(
            local(at, 0),
            (NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), 3)
        );
    }
}
