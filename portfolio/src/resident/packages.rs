//! A resident's packages as their page lists them: what is waiting (where,
//! since when, kept until when, what they asked), and what was collected in
//! the last weeks. Only what the server holds: ids, lockers and times.

use super::terms::WallTerms;
use crate::wire::EventKind as K;
use crate::PortfolioError;
use chrono::{DateTime, Duration, Utc};

/// Weeks of collected packages the page shows.
pub const RECENT_WEEKS: i64 = 4;
/// Packages listed at most (a resident with more asks the desk).
const MOST: i64 = 100;

/// Where a waiting package is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// In a locker (its label).
    Locker(String),
    /// Held by the package staff (no locker was free).
    WithStaff,
    /// In the package room.
    Room,
    /// On its way to the resident's door.
    OutForDelivery,
}

/// How a package left the wall.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closing {
    PickedUp,
    DeliveredToDoor,
    HandedOver,
    /// Taken out by staff (returned to the carrier, or after its hold).
    Removed,
}

/// The resident's last request about a package from their page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    pub at: DateTime<Utc>,
    /// None: the wall has not answered yet; Some(false): it could not.
    pub done: Option<bool>,
}

/// One package on the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The wall's id (the page's buttons name it).
    pub package: i64,
    pub arrived_at: DateTime<Utc>,
    /// Waiting: where. Collected: how and when.
    pub state: State,
    /// Its notice asked again from the page.
    pub resend: Option<Asked>,
    /// Asked from the page to be brought to the door.
    pub door: Option<Asked>,
}

/// A listed package's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    Waiting {
        place: Place,
        /// When its hold ends (none: the wall did not say its holding period).
        keep_until: Option<DateTime<Utc>>,
        /// Staff extended its hold (the date above is the wall's, extension included).
        extended: bool,
        /// On the list for a door delivery.
        to_door: bool,
    },
    Closed {
        how: Closing,
        at: DateTime<Utc>,
    },
}

/// The resident's packages: waiting ones first, newest first, dated by
/// their wall's `terms`.
pub async fn of(
    c: &tokio_postgres::Client,
    terms: &WallTerms,
    property: &str,
    resident: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Listed>, PortfolioError> {
    let since = now - Duration::weeks(RECENT_WEEKS);
    let names = |kinds: &[K]| kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>();
    let places = names(&[
        K::Stored,
        K::HeldByStaff,
        K::ShelfSet,
        K::MovedToRoom,
        K::OutForDelivery,
    ]);
    let closings = names(&[
        K::PickedUp,
        K::DeliveredToDoor,
        K::HandedOver,
        K::RemovedByStaff,
    ]);
    let door = names(&[K::DoorDeliveryOn, K::DoorDeliveryOff]);
    let rows = c
        .query(
            "SELECT p.package, p.arrived_at, p.place, p.locker, p.closed_at,
                    pl.kind, pl.locker, cl.kind, dd.kind,
                    EXISTS (SELECT 1 FROM events e WHERE e.property_id = p.property_id
                            AND e.package = p.package AND e.kind = $8),
                    ra.requested_at, ra.done_at IS NOT NULL, ra.ok,
                    da.requested_at, da.done_at IS NOT NULL, da.ok
             FROM packages p
             LEFT JOIN LATERAL (SELECT kind, locker FROM events e
                                WHERE e.property_id = p.property_id AND e.package = p.package
                                  AND e.kind = ANY($5) ORDER BY e.seq DESC LIMIT 1) pl ON true
             LEFT JOIN LATERAL (SELECT kind FROM events e
                                WHERE e.property_id = p.property_id AND e.package = p.package
                                  AND e.kind = ANY($6) ORDER BY e.seq DESC LIMIT 1) cl ON true
             LEFT JOIN LATERAL (SELECT kind FROM events e
                                WHERE e.property_id = p.property_id AND e.package = p.package
                                  AND e.kind = ANY($7) ORDER BY e.seq DESC LIMIT 1) dd ON true
             LEFT JOIN LATERAL (SELECT requested_at, done_at, ok FROM wall_actions a
                                WHERE a.property_id = p.property_id AND a.package = p.package
                                  AND a.requested_by_resident = p.resident
                                  AND a.what->>'kind' = 'resend_notice'
                                ORDER BY a.id DESC LIMIT 1) ra ON true
             LEFT JOIN LATERAL (SELECT requested_at, done_at, ok FROM wall_actions a
                                WHERE a.property_id = p.property_id AND a.package = p.package
                                  AND a.requested_by_resident = p.resident
                                  AND a.what->>'kind' = 'door_delivery'
                                ORDER BY a.id DESC LIMIT 1) da ON true
             WHERE p.property_id = $1 AND p.resident = $2
               AND (p.closed_at IS NULL OR p.closed_at >= $3)
             ORDER BY p.closed_at IS NOT NULL, p.arrived_at DESC LIMIT $4",
            &[
                &property,
                &resident,
                &since,
                &MOST,
                &places,
                &closings,
                &door,
                &K::HoldExtended.as_str(),
            ],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let arrived_at: DateTime<Utc> = r.get(1);
            let closed_at: Option<DateTime<Utc>> = r.get(4);
            let state = match closed_at {
                Some(at) => State::Closed {
                    how: closing(r.get(7)),
                    at,
                },
                None => State::Waiting {
                    place: place(r.get(5), r.get(6), r.get(2), r.get(3)),
                    keep_until: match terms.held_longer.get(&r.get::<_, i64>(0)) {
                        Some(until) => DateTime::from_timestamp_millis(*until),
                        None => terms.hold_days.map(|d| arrived_at + Duration::days(d)),
                    },
                    extended: r.get(9),
                    to_door: r.get::<_, Option<&str>>(8) == Some(K::DoorDeliveryOn.as_str()),
                },
            };
            Listed {
                package: r.get(0),
                arrived_at,
                state,
                resend: asked(r, 10),
                door: asked(r, 13),
            }
        })
        .collect())
}

/// The request whose time, done and ok are columns `at`, `at + 1`, `at + 2`.
fn asked(r: &tokio_postgres::Row, at: usize) -> Option<Asked> {
    r.get::<_, Option<DateTime<Utc>>>(at).map(|when| Asked {
        at: when,
        done: r
            .get::<_, bool>(at + 1)
            .then(|| r.get::<_, Option<bool>>(at + 2).unwrap_or(false)),
    })
}

/// Where a package is: its last placing event, else where it arrived.
fn place(
    kind: Option<&str>,
    locker: Option<String>,
    arrived: &str,
    first: Option<String>,
) -> Place {
    match kind.and_then(K::parse) {
        Some(K::HeldByStaff) => Place::WithStaff,
        Some(K::ShelfSet | K::MovedToRoom) => Place::Room,
        Some(K::OutForDelivery) => Place::OutForDelivery,
        Some(_) => locker.or(first).map_or(Place::WithStaff, Place::Locker),
        None => match arrived {
            "overflow" => Place::WithStaff,
            "room" => Place::Room,
            _ => first.map_or(Place::WithStaff, Place::Locker),
        },
    }
}

fn closing(kind: Option<&str>) -> Closing {
    match kind.and_then(K::parse) {
        Some(K::DeliveredToDoor) => Closing::DeliveredToDoor,
        Some(K::HandedOver) => Closing::HandedOver,
        Some(K::RemovedByStaff) => Closing::Removed,
        _ => Closing::PickedUp,
    }
}
