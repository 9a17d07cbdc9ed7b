//! The desk's inbox: tickets across the properties a person covers.

use crate::PortfolioError;
use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;

/// The statuses, in the order the desk shows them, with their words.
pub const STATUSES: &[(&str, &str)] = &[
    ("new", "New"),
    ("waiting_on_staff", "Waiting on staff"),
    ("waiting_on_resident", "Waiting on resident"),
    ("solved", "Solved"),
];

/// A status in words.
pub fn status_words(status: &str) -> &str {
    STATUSES
        .iter()
        .find(|s| s.0 == status)
        .map_or(status, |s| s.1)
}

/// One ticket in the inbox.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: i64,
    pub property: String,
    pub property_name: String,
    pub subject: String,
    pub requester: String,
    pub unit: Option<String>,
    pub matched: bool,
    pub status: String,
    pub updated_at: DateTime<Utc>,
    pub messages: i64,
}

/// What the inbox is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub property: Option<String>,
    /// One status; none: everything not solved.
    pub status: Option<String>,
}

/// The inbox, newest activity first (at most 500), and the count per status.
pub async fn list(
    pool: &Pool,
    manager: i64,
    f: &Filter,
) -> Result<(Vec<Row>, Vec<(String, i64)>), PortfolioError> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT t.id, t.property_id, p.name, t.subject, t.requester,
                    COALESCE(ct.unit, (SELECT e.unit FROM events e
                                       WHERE e.property_id = t.property_id AND e.package = t.package
                                         AND e.unit IS NOT NULL ORDER BY e.seq LIMIT 1)),
                    t.resident IS NOT NULL OR t.package IS NOT NULL, t.status, t.updated_at,
                    (SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = t.id)
             FROM tickets t
             JOIN manager_properties mp ON mp.property_id = t.property_id AND mp.manager_id = $1
             JOIN properties p ON p.id = t.property_id
             LEFT JOIN LATERAL (SELECT unit FROM contacts c
                                WHERE c.property_id = t.property_id AND c.resident = t.resident
                                LIMIT 1) ct ON true
             WHERE ($2::text IS NULL OR t.property_id = $2)
               AND (CASE WHEN $3::text IS NULL THEN t.status <> 'solved' ELSE t.status = $3 END)
             ORDER BY t.updated_at DESC, t.id DESC LIMIT 500",
            &[&manager, &f.property, &f.status],
        )
        .await?;
    let counts = c
        .query(
            "SELECT t.status, count(*) FROM tickets t
             JOIN manager_properties mp ON mp.property_id = t.property_id AND mp.manager_id = $1
             WHERE ($2::text IS NULL OR t.property_id = $2)
             GROUP BY t.status",
            &[&manager, &f.property],
        )
        .await?;
    Ok((
        rows.iter()
            .map(|r| Row {
                id: r.get(0),
                property: r.get(1),
                property_name: r.get(2),
                subject: r.get(3),
                requester: r.get(4),
                unit: r.get(5),
                matched: r.get(6),
                status: r.get(7),
                updated_at: r.get(8),
                messages: r.get(9),
            })
            .collect(),
        counts.iter().map(|r| (r.get(0), r.get(1))).collect(),
    ))
}

/// The properties `manager` covers, (id, name), by name.
pub async fn properties(
    pool: &Pool,
    manager: i64,
) -> Result<Vec<(String, String)>, PortfolioError> {
    let c = pool.get().await?;
    Ok(c.query(
        "SELECT p.id, p.name FROM properties p
         JOIN manager_properties mp ON mp.property_id = p.id AND mp.manager_id = $1
         ORDER BY p.name",
        &[&manager],
    )
    .await?
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect())
}
