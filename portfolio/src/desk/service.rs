//! The desk's service, measured: how fast questions are answered and
//! settled, per property and per person, and how many questions each 100
//! deliveries bring (a good wall and clear notices bring few).

use crate::PortfolioError;
use chrono::{DateTime, Duration, Utc};
use deadpool_postgres::Pool;

/// One property's service over the period.
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyService {
    pub id: String,
    pub name: String,
    pub questions: i64,
    pub deliveries: i64,
    /// Median minutes to the first answer (answered tickets only).
    pub first_response_minutes: Option<f64>,
    /// Median minutes to solved (solved tickets only).
    pub resolution_minutes: Option<f64>,
    pub open: i64,
}

impl PropertyService {
    /// Questions per 100 deliveries.
    pub fn per_100(&self) -> Option<f64> {
        (self.deliveries > 0).then(|| self.questions as f64 * 100.0 / self.deliveries as f64)
    }
}

/// One person's service over the period.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonService {
    pub name: String,
    pub answers: i64,
    /// Tickets this person answered first, and the median minutes it took.
    pub first_answers: i64,
    pub first_response_minutes: Option<f64>,
    pub solved: i64,
}

/// The service over the last `days` days for `manager`'s properties (and
/// the people answering there).
pub async fn measure(
    pool: &Pool,
    manager: i64,
    days: i64,
    now: DateTime<Utc>,
) -> Result<(Vec<PropertyService>, Vec<PersonService>), PortfolioError> {
    let c = pool.get().await?;
    let since = now - Duration::days(days);
    let properties = c
        .query(
            "WITH mine AS (SELECT property_id FROM manager_properties WHERE manager_id = $1),
             t AS (SELECT property_id,
                          count(*) AS questions,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY
                              extract(epoch FROM first_response_at - created_at) / 60)
                              FILTER (WHERE first_response_at IS NOT NULL) AS first_response,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY
                              extract(epoch FROM solved_at - created_at) / 60)
                              FILTER (WHERE solved_at IS NOT NULL) AS resolution,
                          count(*) FILTER (WHERE status <> 'solved') AS open
                   FROM tickets WHERE created_at >= $2 AND property_id IN (SELECT property_id FROM mine)
                   GROUP BY property_id),
             d AS (SELECT property_id, sum(deliveries)::bigint AS deliveries FROM daily
                   WHERE day >= ($2 AT TIME ZONE 'UTC')::date AND property_id IN (SELECT property_id FROM mine)
                   GROUP BY property_id)
             SELECT p.id, p.name, COALESCE(t.questions, 0), COALESCE(d.deliveries, 0),
                    t.first_response, t.resolution, COALESCE(t.open, 0)
             FROM properties p JOIN mine ON mine.property_id = p.id
             LEFT JOIN t ON t.property_id = p.id LEFT JOIN d ON d.property_id = p.id
             ORDER BY p.name",
            &[&manager, &since],
        )
        .await?
        .iter()
        .map(|r| PropertyService {
            id: r.get(0),
            name: r.get(1),
            questions: r.get(2),
            deliveries: r.get(3),
            first_response_minutes: r.get(4),
            resolution_minutes: r.get(5),
            open: r.get(6),
        })
        .collect();
    let people = c
        .query(
            "WITH mine AS (SELECT property_id FROM manager_properties WHERE manager_id = $1),
             a AS (SELECT m.author, count(*) AS answers FROM ticket_messages m
                   WHERE m.direction = 'out' AND m.author IS NOT NULL AND m.at >= $2
                     AND m.property_id IN (SELECT property_id FROM mine)
                   GROUP BY m.author),
             f AS (SELECT first_responder AS author, count(*) AS firsts,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY
                              extract(epoch FROM first_response_at - created_at) / 60) AS first_response,
                          count(*) FILTER (WHERE status = 'solved') AS solved
                   FROM tickets WHERE first_responder IS NOT NULL AND created_at >= $2
                     AND property_id IN (SELECT property_id FROM mine)
                   GROUP BY first_responder)
             SELECT g.name, COALESCE(a.answers, 0), COALESCE(f.firsts, 0), f.first_response,
                    COALESCE(f.solved, 0)
             FROM managers g LEFT JOIN a ON a.author = g.id LEFT JOIN f ON f.author = g.id
             WHERE a.author IS NOT NULL OR f.author IS NOT NULL
             ORDER BY g.name",
            &[&manager, &since],
        )
        .await?
        .iter()
        .map(|r| PersonService {
            name: r.get(0),
            answers: r.get(1),
            first_answers: r.get(2),
            first_response_minutes: r.get(3),
            solved: r.get(4),
        })
        .collect();
    Ok((properties, people))
}

/// Minutes in words: "45 min", "3.5 h", "2.1 days".
pub fn minutes_words(m: Option<f64>) -> String {
    match m {
        None => "–".into(),
        Some(m) if m < 90.0 => format!("{} min", m.round() as i64),
        Some(m) if m < 48.0 * 60.0 => format!("{:.1} h", m / 60.0),
        Some(m) => format!("{:.1} days", m / 1440.0),
    }
}
