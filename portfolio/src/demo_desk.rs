//! The demo's package desk: a month of residents' questions per property,
//! answered at different speeds (so the service figures differ), and one
//! conversation still going at the first property.

use crate::desk::answers::{self, Facts};
use crate::PortfolioError;
use chrono::{DateTime, Duration, Utc};
use deadpool_postgres::Pool;

const QUESTIONS: &[(&str, &str, &str)] = &[
    (
        "Where is my package?",
        "Hi, the tracking says delivered yesterday but I have no notice. Where is it?",
        "where",
    ),
    (
        "No notice",
        "I never got the pickup email for my package. Can you check?",
        "no-notice",
    ),
    (
        "Locker won't open",
        "I typed my code twice and the door did not open.",
        "door",
    ),
    (
        "Package missing",
        "My package shows as collected but I did not take it.",
        "taken",
    ),
];

/// Seed tickets for the first `properties` demo properties; how many were made.
pub async fn seed(
    pool: &Pool,
    properties: usize,
    now: DateTime<Utc>,
) -> Result<usize, PortfolioError> {
    let c = pool.get().await?;
    let managers: Vec<i64> = c
        .query(
            "SELECT id FROM managers WHERE email IN ($1, $2) ORDER BY email",
            &[&super::demo::DEMO_MANAGER, &super::demo::EAST_MANAGER],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut made = 0;
    for i in 0..properties {
        let (id, name, _) = super::demo::property(i);
        // Questions per 100 deliveries and minutes to a first answer differ by property.
        let rate = 0.4 + ((i * 7) % 13) as f64 * 0.12;
        let speed = 20 + ((i * 5) % 11) as i64 * 40;
        let deliveries: i64 = c
            .query_one(
                "SELECT COALESCE(sum(deliveries), 0)::bigint FROM daily
                 WHERE property_id = $1 AND day >= ($2::timestamptz AT TIME ZONE 'UTC')::date",
                &[&id, &(now - Duration::days(30))],
            )
            .await?
            .get(0);
        let n = (deliveries as f64 * rate / 100.0).round() as i64;
        let rows = c
            .query(
                "SELECT package, resident, locker, place, arrived_at, closed_at FROM packages
                 WHERE property_id = $1 AND arrived_at >= $2 AND arrived_at < $3
                 ORDER BY md5(package::text) LIMIT $4",
                &[
                    &id,
                    &(now - Duration::days(30)),
                    &(now - Duration::hours(6)),
                    &n,
                ],
            )
            .await?;
        for (k, r) in rows.iter().enumerate() {
            let package: i64 = r.get(0);
            let resident: Option<i64> = r.get(1);
            let arrived: DateTime<Utc> = r.get(4);
            let closed: Option<DateTime<Utc>> = r.get(5);
            let (subject, text, answer) = QUESTIONS[(package as usize + k) % QUESTIONS.len()];
            let asked = arrived + Duration::minutes(90 + (package % 600));
            if asked > now - Duration::hours(1) {
                continue;
            }
            let answered = asked + Duration::minutes(speed / 2 + (package * 37) % speed.max(1));
            let solved = answered + Duration::minutes(20 + (package * 53) % 900);
            let (status, answered, solved) = if solved < now {
                ("solved", Some(answered), Some(solved))
            } else if answered < now {
                ("waiting_on_resident", Some(answered), None)
            } else {
                ("new", None, None)
            };
            let author = managers[k % managers.len()];
            let ticket: i64 = c
                .query_one(
                    "INSERT INTO tickets (property_id, subject, requester, resident, package, matched_by,
                                          status, created_at, updated_at, first_response_at,
                                          first_responder, solved_at)
                     VALUES ($1, $2, $3, $4, $5, 'notice reply', $6, $7, COALESCE($10::timestamptz, $8::timestamptz, $7::timestamptz), $8, $9, $10)
                     RETURNING id",
                    &[
                        &id,
                        &format!("Re: {subject}"),
                        &format!("resident{}@example.net", resident.unwrap_or(0)),
                        &resident,
                        &package,
                        &status,
                        &asked,
                        &answered,
                        &answered.map(|_| author),
                        &solved,
                    ],
                )
                .await?
                .get(0);
            c.execute(
                "INSERT INTO ticket_messages (ticket_id, property_id, message_id, direction, sender, at, subject, body)
                 VALUES ($1, $2, $3, 'in', $4, $5, $6, $7)",
                &[
                    &ticket,
                    &id,
                    &format!("demo.{id}.{package}.q@example.net"),
                    &format!("resident{}@example.net", resident.unwrap_or(0)),
                    &asked,
                    &format!("Re: {subject}"),
                    &text,
                ],
            )
            .await?;
            if let Some(at) = answered {
                let locker: Option<String> = r.get(2);
                let facts = Facts {
                    property: name.clone(),
                    place: locker.as_ref().map(|l| format!("in locker {l}")),
                    locker,
                    arrived: Some(arrived.format("%a %-d %b, %H:%M").to_string()),
                    collected: closed.map(|c| c.format("%a %-d %b, %H:%M").to_string()),
                    notice_bounced: false,
                };
                let body = answers::find(answer)
                    .map(|a| a.fill(&facts))
                    .unwrap_or_default();
                c.execute(
                    "INSERT INTO ticket_messages (ticket_id, property_id, message_id, direction, sender, at,
                                                  subject, body, author)
                     VALUES ($1, $2, $3, 'out', $4, $5, $6, $7, $8)",
                    &[
                        &ticket,
                        &id,
                        &format!("desk.{ticket}.demo@{id}.example"),
                        &format!("packages@{id}.example"),
                        &at,
                        &format!("Re: {subject}"),
                        &body,
                        &author,
                    ],
                )
                .await?;
            }
            made += 1;
        }
    }
    made += showcase(pool, now).await?;
    Ok(made)
}

/// One conversation at the first property, still with the staff: a
/// resident who never got her notice, an answer, and her reply.
async fn showcase(pool: &Pool, now: DateTime<Utc>) -> Result<usize, PortfolioError> {
    let c = pool.get().await?;
    let (id, _, _) = super::demo::property(0);
    let Some(r) = c
        .query_opt(
            "SELECT p.package, p.resident FROM packages p
             WHERE p.property_id = $1 AND p.closed_at IS NULL AND p.place = 'locker'
               AND p.arrived_at < $2
             ORDER BY EXISTS (SELECT 1 FROM events e WHERE e.property_id = p.property_id
                              AND e.package = p.package AND e.kind = 'notice_failed') DESC,
                      p.arrived_at DESC
             LIMIT 1",
            &[&id, &(now - Duration::hours(3))],
        )
        .await?
    else {
        return Ok(0);
    };
    let package: i64 = r.get(0);
    let resident: Option<i64> = r.get(1);
    let from = "maria.gonzalez@example.net";
    let asked = now - Duration::minutes(95);
    let ticket: i64 = c
        .query_one(
            "INSERT INTO tickets (property_id, subject, requester, resident, package, matched_by, status,
                                  created_at, updated_at, first_response_at, first_responder)
             VALUES ($1, 'Re: Your package is waiting', $2, $3, $4, 'sender and notice reply',
                     'waiting_on_staff', $5, $6, $7,
                     (SELECT id FROM managers WHERE email = $8))
             RETURNING id",
            &[
                &id,
                &from,
                &resident,
                &package,
                &asked,
                &(now - Duration::minutes(12)),
                &(asked + Duration::minutes(18)),
                &super::demo::EAST_MANAGER,
            ],
        )
        .await?
        .get(0);
    let messages: [(&str, &str, i64, &str, Option<&str>); 3] = [
        (
            "in",
            from,
            95,
            "Hello, a neighbour said I have a package but I never got an email about it. \
             My code from last week does not work. Can you help?\n\nMaría",
            None,
        ),
        (
            "out",
            "packages@demo-001.example",
            77,
            "Hello María,\n\nYes, a package is waiting for you in the locker wall. Each package \
             has its own code, so last week's does not open it. We have sent its notice again; \
             please check your spam folder too.\n\nBest regards,\nPackage desk",
            Some(super::demo::EAST_MANAGER),
        ),
        (
            "in",
            from,
            12,
            "Thank you! I still have not received it. I changed my email address last month, \
             could that be why?",
            None,
        ),
    ];
    for (k, (dir, sender, ago, body, author)) in messages.iter().enumerate() {
        c.execute(
            "INSERT INTO ticket_messages (ticket_id, property_id, message_id, direction, sender, at,
                                          subject, body, author)
             VALUES ($1, $2, $3, $4, $5, $6, 'Re: Your package is waiting', $7,
                     (SELECT id FROM managers WHERE email = $8))",
            &[
                &ticket,
                &id,
                &format!("showcase.{k}@demo.example"),
                dir,
                sender,
                &(now - Duration::minutes(*ago)),
                body,
                &author.unwrap_or(""),
            ],
        )
        .await?;
    }
    c.execute(
        "INSERT INTO wall_actions (property_id, ticket_id, package, what, requested_by, requested_at,
                                   done_at, ok, message)
         VALUES ($1, $2, $3, '{\"kind\": \"resend_notice\"}', (SELECT id FROM managers WHERE email = $4),
                 $5, $6, true, '')",
        &[
            &id,
            &ticket,
            &package,
            &super::demo::EAST_MANAGER,
            &(asked + Duration::minutes(17)),
            &(asked + Duration::minutes(18)),
        ],
    )
    .await?;
    Ok(1)
}
