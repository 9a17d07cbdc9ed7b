//! Prometheus metrics at `/metrics`: per property the sync's position and
//! lag, walls gone silent, the desk's backlog and its oldest waiting
//! question, each wall's box (the fleet view), and the server's own
//! counters (wrong passwords, refused batches). Read from the database at
//! each scrape: the figures are the dashboard's, not a second bookkeeping.

use crate::fleet;
use crate::wire::WallHealth;
use crate::PortfolioError;
use deadpool_postgres::Pool;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use std::sync::atomic::{AtomicU64, Ordering};

/// A wall not heard from for this long counts as silent (as on the dashboard).
pub const SILENT_AFTER_S: i64 = 3600;

/// What the server counts as it runs (lost at a restart, which Prometheus
/// takes in its stride).
#[derive(Debug, Default)]
pub struct Counters {
    /// Wrong passwords at the managers' login.
    pub login_failures: AtomicU64,
    /// Logins turned away for too many wrong passwords.
    pub logins_slowed: AtomicU64,
    /// Batches refused (unknown property, bad signature, clock, unreadable).
    pub batches_refused: AtomicU64,
    /// Batches stored.
    pub batches_stored: AtomicU64,
}

impl Counters {
    /// Count one.
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

type ByProperty = Family<Vec<(String, String)>, Gauge>;

fn labels(property: &str) -> Vec<(String, String)> {
    vec![("property".into(), property.into())]
}

/// The exposition text for a scrape.
pub async fn render(pool: &Pool, counters: &Counters) -> Result<String, PortfolioError> {
    let mut registry = Registry::with_prefix("lockerwall");
    server_counters(&mut registry, counters);
    walls(pool, &mut registry).await?;
    desk(pool, &mut registry).await?;
    let mut out = String::new();
    encode(&mut out, &registry).map_err(|e| PortfolioError::Refused(e.to_string()))?;
    Ok(out)
}

fn server_counters(registry: &mut Registry, c: &Counters) {
    for (name, help, value) in [
        (
            "login_failures",
            "Wrong passwords at the managers' login",
            &c.login_failures,
        ),
        (
            "logins_slowed",
            "Logins turned away after too many wrong passwords",
            &c.logins_slowed,
        ),
        (
            "batches_refused",
            "Wall batches refused (unknown property, signature, clock, unreadable)",
            &c.batches_refused,
        ),
        ("batches_stored", "Wall batches stored", &c.batches_stored),
    ] {
        let counter = Counter::<u64>::default();
        counter.inc_by(value.load(Ordering::Relaxed));
        registry.register(name, help, counter);
    }
}

/// A gauge family registered under `name`.
fn family(registry: &mut Registry, name: &str, help: &str) -> ByProperty {
    let f = ByProperty::default();
    registry.register(name, help, f.clone());
    f
}

async fn walls(pool: &Pool, registry: &mut Registry) -> Result<(), PortfolioError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT p.id, coalesce(s.last_seq, 0),
                    (s.snapshot->>'last_seq')::bigint,
                    extract(epoch FROM now() - s.last_contact)::bigint,
                    s.snapshot->'health'
             FROM properties p LEFT JOIN sync_state s ON s.property_id = p.id
             ORDER BY p.id",
            &[],
        )
        .await?;
    let acked = Family::<Vec<(String, String)>, Counter>::default();
    registry.register(
        "events_acked",
        "Events stored per property (its rate is the ingest rate)",
        acked.clone(),
    );
    let behind = family(
        registry,
        "events_behind",
        "Events the wall had that the server has not stored",
    );
    let silent_for = family(
        registry,
        "wall_silent_seconds",
        "Seconds since the wall was last heard from",
    );
    let fleet_gauges = FleetGauges::new(registry);
    let silent = Gauge::<i64>::default();
    registry.register(
        "walls_silent",
        format!("Walls not heard from for {SILENT_AFTER_S} s or never"),
        silent.clone(),
    );
    for r in rows {
        let id: String = r.get(0);
        let l = labels(&id);
        let stored: i64 = r.get(1);
        acked.get_or_create(&l).inc_by(stored.max(0) as u64);
        if let Some(newest) = r.get::<_, Option<i64>>(2) {
            behind.get_or_create(&l).set((newest - stored).max(0));
        }
        match r.get::<_, Option<i64>>(3) {
            Some(s) => {
                silent_for.get_or_create(&l).set(s);
                if s > SILENT_AFTER_S {
                    silent.inc();
                }
            }
            None => {
                silent.inc();
            }
        }
        let health: Option<serde_json::Value> = r.get(4);
        if let Some(h) = health.and_then(|v| serde_json::from_value::<WallHealth>(v).ok()) {
            fleet_gauges.set(&id, &h);
        }
    }
    Ok(())
}

/// Each wall's box, as its last snapshot said.
struct FleetGauges {
    info: ByProperty,
    uptime: ByProperty,
    disk_free: ByProperty,
    database: ByProperty,
    outbox: ByProperty,
    notices_failed: ByProperty,
    skew: ByProperty,
    flagged: ByProperty,
}

impl FleetGauges {
    fn new(r: &mut Registry) -> FleetGauges {
        FleetGauges {
            info: family(
                r,
                "wall_info",
                "1 per wall, labelled with its software version",
            ),
            uptime: family(r, "wall_uptime_seconds", "Seconds since the kiosk started"),
            disk_free: family(
                r,
                "wall_disk_free_bytes",
                "Free bytes on the wall's data disk",
            ),
            database: family(r, "wall_database_bytes", "The wall's database size"),
            outbox: family(r, "wall_outbox", "Notices waiting to be sent on the wall"),
            notices_failed: family(
                r,
                "wall_notices_failed_day",
                "Notices the wall gave up on in the last day",
            ),
            skew: family(
                r,
                "wall_clock_skew_ms",
                "The wall's clock minus the server's",
            ),
            flagged: family(
                r,
                "wall_flag",
                "1 per thing about the wall's box that needs a look",
            ),
        }
    }

    fn set(&self, id: &str, h: &WallHealth) {
        let l = labels(id);
        let mut versioned = l.clone();
        versioned.push(("version".into(), h.version.clone()));
        self.info.get_or_create(&versioned).set(1);
        self.uptime.get_or_create(&l).set(h.uptime_s);
        if let Some(free) = h.disk_free {
            self.disk_free.get_or_create(&l).set(free);
        }
        self.database.get_or_create(&l).set(h.database_bytes);
        self.outbox.get_or_create(&l).set(h.outbox);
        self.notices_failed
            .get_or_create(&l)
            .set(h.notices_failed_day);
        if let Some(ms) = h.clock_skew_ms {
            self.skew.get_or_create(&l).set(ms);
        }
        for f in fleet::flags(h) {
            let mut flagged = l.clone();
            flagged.push(("flag".into(), f.words().replace(' ', "_")));
            self.flagged.get_or_create(&flagged).set(1);
        }
    }
}

async fn desk(pool: &Pool, registry: &mut Registry) -> Result<(), PortfolioError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT property_id, count(*),
                    extract(epoch FROM now() - min(updated_at))::bigint
             FROM tickets WHERE status IN ('new', 'waiting_on_staff')
             GROUP BY property_id ORDER BY property_id",
            &[],
        )
        .await?;
    let backlog = family(
        registry,
        "desk_waiting",
        "Residents' questions waiting on staff",
    );
    let oldest = family(
        registry,
        "desk_oldest_waiting_seconds",
        "How long the oldest question waiting on staff has waited",
    );
    for r in rows {
        let l = labels(r.get(0));
        backlog.get_or_create(&l).set(r.get(1));
        oldest.get_or_create(&l).set(r.get(2));
    }
    Ok(())
}
