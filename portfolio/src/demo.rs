//! A made-up portfolio to try the dashboard with no walls at hand: properties
//! with weekly rhythm (Mondays busy, Sundays quiet), the late-November to
//! December peak, slow growth, overflow when a wall fills, packages that wait
//! too long, notices that bounce and doors that misbehave. The events go
//! through the same ingest as a wall's batches.

use crate::wire::{AttentionItem, Batch, Event, SizeCount, Snapshot};
use crate::{admin, ingest, PortfolioError};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use deadpool_postgres::Pool;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;

/// The demo's managers' password.
pub const DEMO_PASSWORD: &str = "lockerwall-demo";
/// Sees every demo property.
pub const DEMO_MANAGER: &str = "demo@lockerwall.example";
/// Sees the East region only (to try the separation).
pub const EAST_MANAGER: &str = "east@lockerwall.example";

/// How big a demo to make.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    pub properties: usize,
    pub days: i64,
    /// Average deliveries a day per property; `None`: about 1.2 per locker.
    pub per_day: Option<f64>,
    pub seed: u64,
    /// The demo's "now" (ms since 1970).
    pub now_ms: i64,
    /// Properties loaded at once (walls syncing side by side).
    pub parallel: usize,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            properties: 25,
            days: 180,
            per_day: None,
            seed: 7,
            now_ms: Utc::now().timestamp_millis(),
            parallel: 4,
        }
    }
}

/// What was loaded, and how fast.
#[derive(Clone, Debug)]
pub struct DemoReport {
    pub properties: usize,
    pub events: u64,
    /// Seconds to generate and store the events (the desk's tickets come after).
    pub seconds: f64,
    /// Package desk tickets made.
    pub tickets: usize,
}

impl DemoReport {
    /// Events stored per second.
    pub fn rate(&self) -> f64 {
        self.events as f64 / self.seconds.max(1e-9)
    }
}

const NAMES: &[&str] = &[
    "Maple Court",
    "Riverside Lofts",
    "The Heights",
    "Cedar Park",
    "Harbor View",
    "Willow Creek",
    "Union Square Flats",
    "Brookstone",
    "Elm Street Commons",
    "Summit Place",
    "Lakeshore Towers",
    "Oak Hollow",
    "The Foundry",
    "Parkside",
    "Magnolia Gardens",
    "Bayside Residences",
    "Granite Ridge",
    "Meridian",
    "Linden Row",
    "Aspen Grove",
    "Copper Mill",
    "Stonegate",
    "The Mercer",
    "Juniper House",
    "Northpoint",
];
const REGIONS: &[&str] = &["North", "East", "South", "West"];
const SIZES: &[(&str, f64)] = &[("S", 0.35), ("M", 0.35), ("L", 0.22), ("XL", 0.08)];

/// The id, name and region of demo property `i`.
pub fn property(i: usize) -> (String, String, &'static str) {
    let base = NAMES[i % NAMES.len()];
    let name = if i < NAMES.len() {
        base.to_string()
    } else {
        format!("{base} {}", i / NAMES.len() + 1)
    };
    (
        format!("demo-{:03}", i + 1),
        name,
        REGIONS[i % REGIONS.len()],
    )
}

/// Make the demo portfolio in the database at `pool`.
pub async fn generate(pool: &Pool, o: &DemoOptions) -> Result<DemoReport, PortfolioError> {
    crate::db::migrate(pool).await?;
    admin::put_manager(pool, DEMO_MANAGER, "Dana Demo", DEMO_PASSWORD).await?;
    admin::put_manager(pool, EAST_MANAGER, "Eli East", DEMO_PASSWORD).await?;
    for i in 0..o.properties {
        let (id, name, region) = property(i);
        admin::put_property(
            pool,
            &id,
            &name,
            region,
            &format!("demo-key-{id}-0123456789"),
        )
        .await?;
        admin::assign(pool, DEMO_MANAGER, &id).await?;
        if region == "East" {
            admin::assign(pool, EAST_MANAGER, &id).await?;
        }
    }
    let start = Instant::now();
    let mut events = 0;
    let parallel = o.parallel.max(1);
    let mut tasks = Vec::new();
    // On a terminal only; the closing line says what was loaded.
    let progress = indicatif::ProgressBar::new(o.properties as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} properties ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    for lane in 0..parallel {
        let pool = pool.clone();
        let o = o.clone();
        let progress = progress.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            for i in (lane..o.properties).step_by(parallel) {
                n += load_property(&pool, &o, i).await?;
                progress.inc(1);
            }
            Ok::<u64, PortfolioError>(n)
        }));
    }
    for t in tasks {
        events += t
            .await
            .map_err(|e| PortfolioError::Refused(format!("a demo task failed: {e}")))??;
    }
    progress.finish_and_clear();
    let seconds = start.elapsed().as_secs_f64();
    let tickets = crate::demo_desk::seed(pool, o.properties, chrono::Utc::now()).await?;
    Ok(DemoReport {
        properties: o.properties,
        events,
        seconds,
        tickets,
    })
}

/// A demo wall's box: most current and well, a few to show the flags (an
/// old version, a nearly full card, a clock running late).
fn demo_health(i: usize, now: i64) -> crate::wire::WallHealth {
    const GB: i64 = 1 << 30;
    let version = if i % 11 == 7 {
        "0.0.9"
    } else {
        env!("CARGO_PKG_VERSION")
    };
    crate::wire::WallHealth {
        version: version.into(),
        uptime_s: 86_400 * (3 + (i as i64 * 7) % 40) + 3_600 * (i as i64 % 24),
        disk_free: Some(if i % 13 == 5 {
            GB / 3
        } else {
            9 * GB + i as i64 * GB / 7
        }),
        disk_total: Some(16 * GB),
        database_bytes: 40_000_000 + i as i64 * 1_700_000,
        outbox: (i as i64 * 5) % 3,
        notices_failed_day: i64::from(i % 9 == 4),
        notice_error: None,
        sync_error_at: (i % 6 == 2).then_some(now - 5 * 3_600_000),
        sync_error: (i % 6 == 2)
            .then(|| "the portfolio server could not be reached: connection timed out".into()),
        clock_skew_ms: Some(if i % 17 == 3 {
            -4 * 60_000
        } else {
            (i as i64 * 37) % 900
        }),
        clock_synchronised: Some(i % 17 != 3),
    }
}

/// The season's pull on volume: the late-November to December peak.
pub fn season(day: NaiveDate) -> f64 {
    let peak = NaiveDate::from_ymd_opt(day.year(), 12, 6).unwrap_or(day);
    let d = (day - peak).num_days() as f64;
    1.0 + 0.7 * (-(d / 13.0).powi(2)).exp()
}

/// The weekday's pull on volume (Monday first).
pub fn weekday(day: NaiveDate) -> f64 {
    [1.3, 1.2, 1.1, 1.05, 1.0, 0.55, 0.25][day.weekday().num_days_from_monday() as usize]
}

struct Waiting {
    size: usize,
    place: u8,
    arrived: i64,
}

async fn load_property(pool: &Pool, o: &DemoOptions, i: usize) -> Result<u64, PortfolioError> {
    let (id, name, _) = property(i);
    let mut rng = StdRng::seed_from_u64(o.seed.wrapping_mul(1000).wrapping_add(i as u64));
    let lockers: i64 = rng.gen_range(60..=160);
    let base = o
        .per_day
        .unwrap_or(lockers as f64 * rng.gen_range(0.9..1.5));
    let offset: i32 = [-300, -360, -420, -480][i % 4];
    let now = o.now_ms;
    let (today, _) = ingest::local(now, offset);
    let first = today - Duration::days(o.days - 1);
    let local_midnight = |d: NaiveDate| -> i64 {
        d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis() - offset as i64 * 60_000
    };
    // (at, kind, package, size index, place)
    let mut raw: Vec<(i64, &'static str, Option<i64>, Option<usize>)> = Vec::new();
    let mut waiting: Vec<(i64, Waiting)> = Vec::new();
    let mut package = 0i64;
    let size_of = |r: f64| {
        let mut acc = 0.0;
        SIZES
            .iter()
            .position(|(_, p)| {
                acc += p;
                r < acc
            })
            .unwrap_or(SIZES.len() - 1)
    };
    for day_i in 0..o.days {
        let day = first + Duration::days(day_i);
        let growth = 1.0 + 0.1 * day_i as f64 / 365.0;
        let n =
            (base * weekday(day) * season(day) * growth * rng.gen_range(0.85..1.15)).round() as i64;
        let midnight = local_midnight(day);
        let mut arrivals: Vec<i64> = (0..n)
            .map(|_| {
                // Carriers come 8:00-19:00, busiest late morning and mid-afternoon.
                let hour = [8, 9, 10, 10, 11, 11, 11, 12, 13, 14, 14, 15, 15, 16, 17, 18]
                    [rng.gen_range(0..16)];
                midnight + hour * 3_600_000 + rng.gen_range(0..3_600_000)
            })
            .filter(|at| *at <= now)
            .collect();
        arrivals.sort();
        for at in arrivals {
            // Collections before this arrival free their lockers first.
            waiting.retain(|(gone, _)| *gone > at);
            package += 1;
            let size = size_of(rng.gen::<f64>());
            let in_lockers = waiting.iter().filter(|(_, w)| w.place == 0).count() as i64;
            let place = if in_lockers >= lockers * 97 / 100 {
                1
            } else if rng.gen_bool(0.04) {
                2
            } else {
                0
            };
            raw.push((
                at,
                ["stored", "held_by_staff", "shelf_set"][place as usize],
                Some(package),
                Some(size),
            ));
            if rng.gen_bool(0.012) {
                raw.push((at + 60_000, "notice_failed", Some(package), Some(size)));
            }
            // Waits are log-normal: median about five hours, a long tail.
            let z: f64 = (0..12).map(|_| rng.gen::<f64>()).sum::<f64>() - 6.0;
            let minutes = (300f64.ln() + 1.1 * z).exp() as i64 + 2;
            let week = 7 * 1440;
            let gone = if minutes > week {
                raw.push((at + week * 60_000, "expired", Some(package), Some(size)));
                let gone = at + (week + 1440) * 60_000;
                raw.push((gone, "removed_by_staff", Some(package), Some(size)));
                gone
            } else {
                let gone = at + minutes * 60_000;
                raw.push((
                    gone,
                    if place == 0 {
                        "picked_up"
                    } else {
                        "handed_over"
                    },
                    Some(package),
                    Some(size),
                ));
                gone
            };
            waiting.push((
                gone,
                Waiting {
                    size,
                    place,
                    arrived: at,
                },
            ));
        }
        for (p, kind) in [
            (0.06, "door_left_open"),
            (0.015, "door_forced"),
            (0.01, "board_offline"),
        ] {
            if rng.gen_bool(p) {
                raw.push((
                    midnight + rng.gen_range(8..20) * 3_600_000,
                    kind,
                    None,
                    None,
                ));
            }
        }
        raw.push((midnight + 9 * 3_600_000, "staff_login", None, None));
    }
    raw.retain(|e| e.0 <= now);
    raw.sort_by_key(|e| e.0);
    waiting.retain(|(gone, _)| *gone > now);

    let mut sizes: Vec<SizeCount> = SIZES
        .iter()
        .map(|(s, share)| SizeCount {
            size: s.to_string(),
            in_service: (lockers as f64 * share).round() as i64,
            occupied: 0,
        })
        .collect();
    for (_, w) in waiting.iter().filter(|(_, w)| w.place == 0) {
        let s = &mut sizes[w.size];
        s.occupied = (s.occupied + 1).min(s.in_service);
    }
    let week_ago = now - 7 * 86_400_000;
    let attention: Vec<AttentionItem> = (0..rng.gen_range(0..4))
        .map(|k| AttentionItem {
            since: now - rng.gen_range(1..48) * 3_600_000,
            kind: ["door_left_open", "locker_faulty", "package_expired"][k % 3].into(),
            locker: Some(format!(
                "{}{:02}",
                (b'A' + rng.gen_range(0..6)) as char,
                rng.gen_range(1..21)
            )),
            message: None,
        })
        .collect();
    let snapshot = Snapshot {
        at: now,
        last_seq: raw.len() as i64,
        utc_offset_minutes: offset,
        site: name,
        sizes,
        out_of_service: rng.gen_range(0..3),
        overflow: waiting.iter().filter(|(_, w)| w.place == 1).count() as i64,
        room: waiting.iter().filter(|(_, w)| w.place == 2).count() as i64,
        expired: waiting.iter().filter(|(_, w)| w.arrived < week_ago).count() as i64,
        hold_days: 7,
        // Every other property takes residents' door delivery requests.
        door_delivery_requests: i.is_multiple_of(2),
        // ... and sends texts (its residents may choose them).
        texts: i.is_multiple_of(2),
        attention,
        health: Some(demo_health(i, now)),
        ..Default::default()
    };
    let events: Vec<Event> = raw
        .iter()
        .enumerate()
        .map(|(k, (at, kind, package, size))| Event {
            seq: k as i64 + 1,
            at: *at,
            kind: kind.to_string(),
            actor: if kind.starts_with("door") || *kind == "board_offline" {
                "system".into()
            } else if *kind == "stored" {
                "carrier".into()
            } else if *kind == "picked_up" {
                "resident".into()
            } else {
                "staff".into()
            },
            // A package keeps its locker from delivery to pickup.
            locker: size.map(|_| {
                let n = package.map_or(k, |p| (p * 7 + p / 240) as usize);
                format!("{}{:02}", (b'A' + (n % 6) as u8) as char, n % 20 + 1)
            }),
            size: size.map(|s| SIZES[s].0.to_string()),
            package: *package,
            resident: package.map(|p| p % 240 + 1),
            unit: package.map(|p| format!("{}{:02}", p % 12 + 1, p % 24 + 1)),
            carrier: package.map(|p| p % 5 + 1),
            detail: None,
            tracking_tag: None,
        })
        .collect();
    let total = events.len() as u64;
    for chunk in events.chunks(1000) {
        let batch = Batch {
            snapshot: snapshot.clone(),
            events: chunk.to_vec(),
            ..Default::default()
        };
        ingest::apply(pool, &id, &batch).await?;
    }
    if events.is_empty() {
        ingest::apply(
            pool,
            &id,
            &Batch {
                snapshot,
                events: vec![],
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(total)
}

/// A property and a resident of it with a package waiting (for the demo's
/// sample link to a resident's own page).
pub async fn a_resident_waiting(pool: &Pool) -> Result<Option<(String, i64)>, PortfolioError> {
    let c = pool.get().await?;
    Ok(c.query_opt(
        "SELECT property_id, resident FROM packages
         WHERE closed_at IS NULL AND resident IS NOT NULL
         ORDER BY property_id, arrived_at DESC LIMIT 1",
        &[],
    )
    .await?
    .map(|r| (r.get(0), r.get(1))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn december_and_mondays_are_busy() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(season(d("2026-12-06")) > 1.6);
        assert!(season(d("2026-11-27")) > 1.3, "Black Friday week");
        assert!(season(d("2026-07-01")) < 1.01);
        assert!(
            weekday(d("2026-11-30")) > weekday(d("2026-12-06")),
            "Monday over Sunday"
        );
        assert_eq!(property(0).0, "demo-001");
        assert_eq!(property(26).1, "Riverside Lofts 2");
    }
}
