//! The desk and the walls, through the sync: open tickets go to the wall's
//! attention list with every acknowledgement, with the desk's requests
//! (resend a notice, change the recipient, extend the hold, deliver to the
//! door); the wall reports tickets solved at the kiosk and requests carried
//! out in its next batch, and problems reported at the kiosk become tickets.

use crate::wire::{ActionKind, DeskAction, DeskReport, DeskTicket, Event};
use crate::PortfolioError;
use chrono::{DateTime, Utc};
use deadpool_postgres::{Pool, Transaction};

/// Tickets sent to a wall at most (its attention list is for a person to read).
const TICKETS_TO_WALL: i64 = 50;
/// A ticket's subject as the wall's attention list shows it, in characters.
pub const SUBJECT_TO_WALL: i32 = 120;
/// Requests sent in one acknowledgement at most (the rest go with the next).
const ACTIONS_TO_WALL: i64 = 100;

/// Take what the wall reports (inside the batch's transaction). Both parts
/// are idempotent: the wall repeats them until acknowledged.
pub async fn take_report(
    tx: &Transaction<'_>,
    property: &str,
    r: &DeskReport,
) -> Result<(), PortfolioError> {
    if !r.solved.is_empty() {
        tx.execute(
            "UPDATE tickets SET status = 'solved', solved_at = now(), updated_at = now(),
                    solved_at_wall = true
             WHERE property_id = $1 AND id = ANY($2) AND status <> 'solved'",
            &[&property, &r.solved],
        )
        .await?;
    }
    for d in &r.done {
        tx.execute(
            "UPDATE wall_actions SET done_at = now(), ok = $3, message = $4
             WHERE property_id = $1 AND id = $2 AND done_at IS NULL",
            &[&property, &d.id, &d.ok, &d.message],
        )
        .await?;
    }
    Ok(())
}

/// Problems reported at the kiosk become tickets (once each: the event's
/// seq names the message).
pub async fn file_kiosk_reports(
    tx: &Transaction<'_>,
    property: &str,
    run: &[&Event],
) -> Result<(), PortfolioError> {
    for e in run.iter().filter(|e| e.kind == "problem_reported") {
        let message_id = format!("kiosk.{}.{}@lockerwall", property, e.seq);
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM ticket_messages WHERE property_id = $1 AND message_id = $2)",
                &[&property, &message_id],
            )
            .await?
            .get(0);
        if exists {
            continue;
        }
        let at = DateTime::<Utc>::from_timestamp_millis(e.at).unwrap_or_default();
        let place = e
            .locker
            .as_deref()
            .map(|l| format!(" at locker {l}"))
            .unwrap_or_default();
        let subject = format!("Problem reported at the kiosk{place}");
        // The wall's words only when it shares details.
        let body = e.detail.clone().unwrap_or_else(|| {
            format!(
                "A problem was reported on the kiosk's screen{place}{}.",
                e.package
                    .map(|p| format!(" about package #{p}"))
                    .unwrap_or_default()
            )
        });
        let resident: Option<i64> = match e.package {
            Some(p) => tx
                .query_opt(
                    "SELECT resident FROM packages WHERE property_id = $1 AND package = $2",
                    &[&property, &p],
                )
                .await?
                .and_then(|r| r.get(0)),
            None => None,
        };
        let filed = FromWall {
            subject: &subject,
            sender: "the kiosk",
            resident: resident.or(e.resident),
            package: e.package,
            matched_by: e.package.map(|_| "kiosk report"),
            message_id: &message_id,
            at,
            body: &body,
        };
        file_ticket(tx, property, &filed).await?;
    }
    Ok(())
}

/// A ticket the wall's word opens (a problem reported at the kiosk, an
/// expected package late), with its one message.
pub struct FromWall<'a> {
    pub subject: &'a str,
    /// Who it is from, as the desk shows it ("the kiosk", "the wall").
    pub sender: &'a str,
    pub resident: Option<i64>,
    pub package: Option<i64>,
    pub matched_by: Option<&'a str>,
    /// Names the message once: the same word again files nothing new.
    pub message_id: &'a str,
    pub at: DateTime<Utc>,
    pub body: &'a str,
}

/// File `t` as a new ticket at `property`'s desk; returns its id.
pub async fn file_ticket(
    tx: &Transaction<'_>,
    property: &str,
    t: &FromWall<'_>,
) -> Result<i64, PortfolioError> {
    let ticket: i64 = tx
        .query_one(
            "INSERT INTO tickets (property_id, subject, requester, resident, package, matched_by,
                                  created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
            &[
                &property,
                &t.subject,
                &t.sender,
                &t.resident,
                &t.package,
                &t.matched_by,
                &t.at,
            ],
        )
        .await?
        .get(0);
    tx.execute(
        "INSERT INTO ticket_messages (ticket_id, property_id, message_id, direction, sender, at,
                                      subject, body)
         VALUES ($1, $2, $3, 'in', $4, $5, $6, $7)",
        &[
            &ticket,
            &property,
            &t.message_id,
            &t.sender,
            &t.at,
            &t.subject,
            &t.body,
        ],
    )
    .await?;
    Ok(ticket)
}

/// What goes back to the wall with the acknowledgement: its open tickets and
/// the requests it has not reported done.
pub async fn for_wall(
    tx: &Transaction<'_>,
    property: &str,
) -> Result<(Vec<DeskTicket>, Vec<DeskAction>), PortfolioError> {
    let tickets = tx
        .query(
            "SELECT t.id, left(t.subject, $3),
                    COALESCE(c.unit, (SELECT e.unit FROM events e
                                      WHERE e.property_id = t.property_id AND e.package = t.package
                                        AND e.unit IS NOT NULL ORDER BY e.seq LIMIT 1)),
                    t.package,
                    (extract(epoch FROM t.created_at) * 1000)::bigint
             FROM tickets t
             LEFT JOIN LATERAL (SELECT unit FROM contacts c
                                WHERE c.property_id = t.property_id AND c.resident = t.resident
                                LIMIT 1) c ON true
             WHERE t.property_id = $1 AND t.status <> 'solved'
             ORDER BY t.created_at LIMIT $2",
            &[&property, &TICKETS_TO_WALL, &SUBJECT_TO_WALL],
        )
        .await?
        .iter()
        .map(|r| DeskTicket {
            id: r.get(0),
            subject: r.get(1),
            unit: r.get(2),
            package: r.get(3),
            since: r.get(4),
        })
        .collect();
    let mut actions = Vec::new();
    for r in tx
        .query(
            "SELECT a.id, a.package, a.what,
                    COALESCE(m.name, CASE WHEN a.requested_by_resident IS NULL
                                          THEN 'the desk' ELSE 'the resident' END),
                    a.requested_by_resident
             FROM wall_actions a
             LEFT JOIN managers m ON m.id = a.requested_by
             WHERE a.property_id = $1 AND a.done_at IS NULL ORDER BY a.id LIMIT $2",
            &[&property, &ACTIONS_TO_WALL],
        )
        .await?
    {
        let what: serde_json::Value = r.get(2);
        // A request this server no longer understands is left for a person.
        if let Ok(what) = serde_json::from_value::<ActionKind>(what) {
            actions.push(DeskAction {
                id: r.get(0),
                package: r.get(1),
                what,
                by: r.get(3),
                resident: r.get(4),
            });
        }
    }
    Ok((tickets, actions))
}

/// One request as the ticket page lists it.
#[derive(Clone, Debug)]
pub struct Requested {
    pub what: String,
    pub package: i64,
    pub by: Option<String>,
    pub at: DateTime<Utc>,
    /// None: waiting for the wall's next sync round.
    pub done: Option<(bool, String)>,
}

/// Ask `ticket`'s wall to do `what` to `package` with its next sync round.
pub async fn request(
    pool: &Pool,
    manager: i64,
    ticket: i64,
    package: i64,
    what: &ActionKind,
) -> Result<i64, PortfolioError> {
    let c = pool.get().await?;
    let property: String = c
        .query_opt(
            "SELECT t.property_id FROM tickets t
             JOIN manager_properties mp ON mp.property_id = t.property_id AND mp.manager_id = $2
             WHERE t.id = $1",
            &[&ticket, &manager],
        )
        .await?
        .ok_or_else(|| PortfolioError::NotFound("no such ticket".into()))?
        .get(0);
    let waiting: Option<bool> = c
        .query_opt(
            "SELECT closed_at IS NULL FROM packages WHERE property_id = $1 AND package = $2",
            &[&property, &package],
        )
        .await?
        .map(|r| r.get(0));
    match waiting {
        None => return Err(PortfolioError::NotFound("no such package".into())),
        Some(false) => {
            return Err(PortfolioError::Refused(format!(
                "Package #{package} is no longer waiting: there is nothing for the wall to do."
            )))
        }
        Some(true) => {}
    }
    let what = serde_json::to_value(what).map_err(|e| PortfolioError::Refused(e.to_string()))?;
    Ok(c.query_one(
        "INSERT INTO wall_actions (property_id, ticket_id, package, what, requested_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[&property, &ticket, &package, &what, &manager],
    )
    .await?
    .get(0))
}

/// The requests made from `ticket`, oldest first.
pub async fn requested(pool: &Pool, ticket: i64) -> Result<Vec<Requested>, PortfolioError> {
    let c = pool.get().await?;
    Ok(c.query(
        "SELECT a.what, a.package, m.name, a.requested_at, a.done_at IS NOT NULL, a.ok, a.message
         FROM wall_actions a LEFT JOIN managers m ON m.id = a.requested_by
         WHERE a.ticket_id = $1 ORDER BY a.id",
        &[&ticket],
    )
    .await?
    .iter()
    .map(|r| {
        let what: serde_json::Value = r.get(0);
        Requested {
            what: serde_json::from_value::<ActionKind>(what)
                .map(|w| w.words())
                .unwrap_or_else(|_| "A request".into()),
            package: r.get(1),
            by: r.get(2),
            at: r.get(3),
            done: r.get::<_, bool>(4).then(|| {
                (
                    r.get::<_, Option<bool>>(5).unwrap_or(false),
                    r.get::<_, Option<String>>(6).unwrap_or_default(),
                )
            }),
        }
    })
    .collect())
}
