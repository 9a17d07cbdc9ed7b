//! The dashboard's figures, read from the rollups and the walls' last
//! snapshots (never from the raw events), and only for the manager's properties.

use crate::wire::Snapshot;
use crate::{ingest, stats, PortfolioError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use deadpool_postgres::Pool;
use std::collections::HashMap;

/// One property in the portfolio table.
#[derive(Clone, Debug, Default)]
pub struct PropertyRow {
    pub id: String,
    pub name: String,
    pub region: String,
    pub today: NaiveDate,
    pub deliveries_today: i64,
    /// Deliveries in the last 7 days and the 7 before.
    pub week: i64,
    pub prev_week: i64,
    pub snapshot: Option<Snapshot>,
    pub last_contact: Option<DateTime<Utc>>,
    /// Batches in a row that began with events already stored.
    pub repeats: i32,
}

/// Batches in a row re-sending stored events before a wall is said not to
/// read the replies (one lost reply on a bad network is not that).
pub const REPEATS_BEFORE_FLAG: i32 = 3;

impl PropertyRow {
    /// The wall keeps re-sending what is stored: it is not reading the replies.
    pub fn not_reading_replies(&self) -> bool {
        self.repeats >= REPEATS_BEFORE_FLAG
    }

    /// Lockers in service.
    pub fn lockers(&self) -> i64 {
        self.snapshot.as_ref().map_or(0, |s| s.lockers())
    }
    /// Share of the lockers in service holding a package (0..=1).
    pub fn occupancy(&self) -> f64 {
        match &self.snapshot {
            Some(s) if s.lockers() > 0 => s.occupied() as f64 / s.lockers() as f64,
            _ => 0.0,
        }
    }
    /// Packages held by staff in overflow now.
    pub fn overflow(&self) -> i64 {
        self.snapshot.as_ref().map_or(0, |s| s.overflow)
    }
    /// Packages on the package room's shelves now.
    pub fn room(&self) -> i64 {
        self.snapshot.as_ref().map_or(0, |s| s.room)
    }
    /// Packages waiting past their holding period now.
    pub fn expired(&self) -> i64 {
        self.snapshot.as_ref().map_or(0, |s| s.expired)
    }
    /// Open attention items now.
    pub fn attention(&self) -> i64 {
        self.snapshot
            .as_ref()
            .map_or(0, |s| s.attention.len() as i64)
    }
    /// The week's change against the week before, in percent.
    pub fn trend_percent(&self) -> Option<f64> {
        (self.prev_week > 0)
            .then(|| (self.week - self.prev_week) as f64 * 100.0 / self.prev_week as f64)
    }
}

/// One day of one property.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayRow {
    pub day: NaiveDate,
    pub deliveries: i64,
    pub collected: i64,
    pub to_overflow: i64,
    pub to_room: i64,
    pub expired: i64,
    pub notices_failed: i64,
    pub door_faults: i64,
    pub peak_waiting: i64,
}

/// Everything on one property's page.
#[derive(Clone, Debug, Default)]
pub struct PropertyDetail {
    pub row: PropertyRow,
    /// The last 90 days, oldest first, every day present.
    pub days: Vec<DayRow>,
    /// Median and 90th percentile wait (minutes) over the 90 days.
    pub dwell_median: Option<f64>,
    pub dwell_p90: Option<f64>,
    /// Packages collected over the 90 days (the dwell figures' count).
    pub dwell_count: i64,
    /// Deliveries by weekday (Monday first) and local hour over the 90 days.
    pub heat: [[i64; 24]; 7],
}

/// The properties `manager` may see, as table rows.
pub async fn portfolio(
    pool: &Pool,
    manager: i64,
    now: DateTime<Utc>,
) -> Result<Vec<PropertyRow>, PortfolioError> {
    rows(pool, manager, None, now).await
}

/// Table rows of `manager`'s properties, or of the one called `only`.
async fn rows(
    pool: &Pool,
    manager: i64,
    only: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<PropertyRow>, PortfolioError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT p.id, p.name, p.region, p.utc_offset_minutes, s.last_contact, s.snapshot,
                    COALESCE(s.repeats, 0)
             FROM manager_properties mp
             JOIN properties p ON p.id = mp.property_id
             LEFT JOIN sync_state s ON s.property_id = p.id
             WHERE mp.manager_id = $1 AND ($2::text IS NULL OR p.id = $2)
             ORDER BY p.name",
            &[&manager, &only],
        )
        .await?;
    let mut out: Vec<PropertyRow> = rows
        .iter()
        .map(|r| {
            let offset: i32 = r.get(3);
            let snapshot: Option<serde_json::Value> = r.get(5);
            PropertyRow {
                id: r.get(0),
                name: r.get(1),
                region: r.get(2),
                today: ingest::local(now.timestamp_millis(), offset).0,
                last_contact: r.get(4),
                snapshot: snapshot.and_then(|v| serde_json::from_value(v).ok()),
                repeats: r.get(6),
                ..Default::default()
            }
        })
        .collect();
    if out.is_empty() {
        return Ok(out);
    }
    let ids: Vec<&str> = out.iter().map(|p| p.id.as_str()).collect();
    let since = out.iter().map(|p| p.today).min().unwrap_or_default() - Duration::days(14);
    let days = client
        .query(
            "SELECT property_id, day, deliveries FROM daily
             WHERE property_id = ANY($1) AND day > $2",
            &[&ids, &since],
        )
        .await?;
    let index: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    for r in days {
        let id: String = r.get(0);
        let day: NaiveDate = r.get(1);
        let n = r.get::<_, i32>(2) as i64;
        let p = &mut out[index[&id]];
        let age = (p.today - day).num_days();
        if age == 0 {
            p.deliveries_today = n;
        }
        if (0..7).contains(&age) {
            p.week += n;
        } else if (7..14).contains(&age) {
            p.prev_week += n;
        }
    }
    Ok(out)
}

/// One property's page, if `manager` may see it.
pub async fn property(
    pool: &Pool,
    manager: i64,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<PropertyDetail>, PortfolioError> {
    // One property's row, not the whole portfolio's.
    let Some(row) = rows(pool, manager, Some(id), now).await?.pop() else {
        return Ok(None);
    };
    let client = pool.get().await?;
    let first = row.today - Duration::days(89);
    let mut days: Vec<DayRow> = (0..90)
        .map(|i| DayRow {
            day: first + Duration::days(i),
            ..Default::default()
        })
        .collect();
    let mut heat = [[0i64; 24]; 7];
    for r in client
        .query(
            "SELECT day, deliveries, collected, to_overflow, to_room, expired, notices_failed,
                    door_faults, peak_waiting, by_hour
             FROM daily WHERE property_id = $1 AND day BETWEEN $2 AND $3",
            &[&id, &first, &row.today],
        )
        .await?
    {
        let day: NaiveDate = r.get(0);
        let i = (day - first).num_days() as usize;
        let n = |c: usize| r.get::<_, i32>(c) as i64;
        days[i] = DayRow {
            day,
            deliveries: n(1),
            collected: n(2),
            to_overflow: n(3),
            to_room: n(4),
            expired: n(5),
            notices_failed: n(6),
            door_faults: n(7),
            peak_waiting: n(8),
        };
        let by_hour: Vec<i32> = r.get(9);
        let weekday = chrono::Datelike::weekday(&day).num_days_from_monday() as usize;
        for (h, v) in by_hour.iter().enumerate().take(24) {
            heat[weekday][h] += *v as i64;
        }
    }
    let histogram: Vec<(i16, i64)> = client
        .query(
            "SELECT bucket, sum(n)::bigint FROM dwell
             WHERE property_id = $1 AND day BETWEEN $2 AND $3 GROUP BY bucket",
            &[&id, &first, &row.today],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    Ok(Some(PropertyDetail {
        row,
        days,
        dwell_median: stats::percentile(&histogram, 0.5),
        dwell_p90: stats::percentile(&histogram, 0.9),
        dwell_count: histogram.iter().map(|h| h.1).sum(),
        heat,
    }))
}

/// Daily deliveries of the manager's properties over the last `days` days.
pub async fn recent_deliveries(
    pool: &Pool,
    rows: &[PropertyRow],
    days: i64,
) -> Result<HashMap<String, Vec<(NaiveDate, i64)>>, PortfolioError> {
    let client = pool.get().await?;
    let ids: Vec<&str> = rows.iter().map(|p| p.id.as_str()).collect();
    let since = rows.iter().map(|p| p.today).min().unwrap_or_default() - Duration::days(days);
    let mut out: HashMap<String, Vec<(NaiveDate, i64)>> = HashMap::new();
    for r in client
        .query(
            "SELECT property_id, day, deliveries FROM daily
             WHERE property_id = ANY($1) AND day > $2 ORDER BY day",
            &[&ids, &since],
        )
        .await?
    {
        out.entry(r.get(0))
            .or_default()
            .push((r.get(1), r.get::<_, i32>(2) as i64));
    }
    Ok(out)
}

/// Median wait (minutes) per property over the last 28 days.
pub async fn recent_dwell(
    pool: &Pool,
    rows: &[PropertyRow],
) -> Result<HashMap<String, f64>, PortfolioError> {
    let client = pool.get().await?;
    let ids: Vec<&str> = rows.iter().map(|p| p.id.as_str()).collect();
    let since = rows.iter().map(|p| p.today).min().unwrap_or_default() - Duration::days(28);
    let mut histograms: HashMap<String, Vec<(i16, i64)>> = HashMap::new();
    for r in client
        .query(
            "SELECT property_id, bucket, sum(n)::bigint FROM dwell
             WHERE property_id = ANY($1) AND day > $2 GROUP BY 1, 2",
            &[&ids, &since],
        )
        .await?
    {
        histograms
            .entry(r.get(0))
            .or_default()
            .push((r.get(1), r.get(2)));
    }
    Ok(histograms
        .into_iter()
        .filter_map(|(id, h)| stats::percentile(&h, 0.5).map(|m| (id, m)))
        .collect())
}
