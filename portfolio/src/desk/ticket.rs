//! One ticket as the desk shows it: the conversation, and beside it the
//! resident's packages with their timelines.

use super::answers::Facts;
use super::timeline::Step;
use crate::PortfolioError;
use chrono::{DateTime, FixedOffset, Utc};
use deadpool_postgres::Pool;

/// An attachment, without its bytes.
#[derive(Clone, Debug)]
pub struct AttachmentInfo {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

/// One message of the conversation.
#[derive(Clone, Debug)]
pub struct Message {
    pub incoming: bool,
    pub sender: String,
    /// The staff member who wrote an answer.
    pub author: Option<String>,
    pub at: DateTime<Utc>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<AttachmentInfo>,
}

/// One of the resident's packages and its life so far.
#[derive(Clone, Debug)]
pub struct Package {
    pub id: i64,
    pub place: String,
    pub locker: Option<String>,
    pub arrived_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub steps: Vec<Step>,
    /// The package the question is about.
    pub asked_about: bool,
}

/// The ticket.
#[derive(Clone, Debug)]
pub struct Ticket {
    pub id: i64,
    pub property: String,
    pub property_name: String,
    pub offset: FixedOffset,
    pub subject: String,
    pub requester: String,
    pub resident: Option<i64>,
    pub unit: Option<String>,
    pub matched_by: Option<String>,
    /// The match is proven (see `intake::Match::verified`).
    pub verified: bool,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub messages: Vec<Message>,
    pub packages: Vec<Package>,
    /// What the desk asked the wall to do for this ticket.
    pub requests: Vec<super::wall::Requested>,
}

/// The resident's latest packages shown beside a ticket.
const PACKAGES_SHOWN: i64 = 5;

/// The ticket, if `manager` covers its property.
pub async fn read(pool: &Pool, manager: i64, id: i64) -> Result<Option<Ticket>, PortfolioError> {
    let c = pool.get().await?;
    let Some(t) = c
        .query_opt(
            "SELECT t.property_id, p.name, p.utc_offset_minutes, t.subject, t.requester, t.resident,
                    t.package, t.matched_by, t.status, t.created_at, t.verified
             FROM tickets t
             JOIN properties p ON p.id = t.property_id
             JOIN manager_properties mp ON mp.property_id = t.property_id AND mp.manager_id = $2
             WHERE t.id = $1",
            &[&id, &manager],
        )
        .await?
    else {
        return Ok(None);
    };
    let property: String = t.get(0);
    let resident: Option<i64> = t.get(5);
    let package: Option<i64> = t.get(6);
    // The ticket's attachments in one query, by message.
    let mut files: std::collections::HashMap<i64, Vec<AttachmentInfo>> = Default::default();
    for a in c
        .query(
            "SELECT a.message, a.id, a.filename, a.content_type, length(a.bytes)::bigint
             FROM ticket_attachments a JOIN ticket_messages m ON m.id = a.message
             WHERE m.ticket_id = $1 ORDER BY a.id",
            &[&id],
        )
        .await?
    {
        files.entry(a.get(0)).or_default().push(AttachmentInfo {
            id: a.get(1),
            filename: a.get(2),
            content_type: a.get(3),
            size: a.get(4),
        });
    }
    let messages = c
        .query(
            "SELECT m.id, m.direction = 'in', m.sender, g.name, m.at, m.subject, m.body
             FROM ticket_messages m LEFT JOIN managers g ON g.id = m.author
             WHERE m.ticket_id = $1 ORDER BY m.at, m.id",
            &[&id],
        )
        .await?
        .iter()
        .map(|r| Message {
            incoming: r.get(1),
            sender: r.get(2),
            author: r.get(3),
            at: r.get(4),
            subject: r.get(5),
            body: r.get(6),
            attachments: files.remove(&r.get::<_, i64>(0)).unwrap_or_default(),
        })
        .collect();
    let mut packages = Vec::new();
    for r in c
        .query(
            "SELECT package, place, locker, arrived_at, closed_at FROM packages
             WHERE property_id = $1 AND (package = $2 OR ($3::bigint IS NOT NULL AND resident = $3))
             ORDER BY package = $2 DESC, arrived_at DESC LIMIT $4",
            &[&property, &package, &resident, &PACKAGES_SHOWN],
        )
        .await?
    {
        let pid: i64 = r.get(0);
        let steps = c
            .query(
                "SELECT (extract(epoch FROM at) * 1000)::bigint, kind, actor, locker, size, carrier, detail
                 FROM events WHERE property_id = $1 AND package = $2 ORDER BY seq",
                &[&property, &pid],
            )
            .await?
            .iter()
            .map(|e| Step {
                at: e.get(0),
                kind: e.get(1),
                actor: e.get(2),
                locker: e.get(3),
                size: e.get(4),
                carrier: e.get(5),
                detail: e.get(6),
            })
            .collect();
        packages.push(Package {
            id: pid,
            place: r.get(1),
            locker: r.get(2),
            arrived_at: r.get(3),
            closed_at: r.get(4),
            steps,
            asked_about: Some(pid) == package,
        });
    }
    packages.sort_by_key(|p| std::cmp::Reverse(p.arrived_at));
    // The unit: from the wall's contact list, else from the packages' events.
    let unit: Option<String> = match resident {
        Some(res) => {
            let ids: Vec<i64> = packages.iter().map(|p| p.id).collect();
            c.query_opt(
                "SELECT unit FROM contacts WHERE property_id = $1 AND resident = $2
                 UNION ALL
                 (SELECT unit FROM events WHERE property_id = $1 AND package = ANY($3)
                    AND resident = $2 AND unit IS NOT NULL ORDER BY seq DESC LIMIT 1)
                 LIMIT 1",
                &[&property, &res, &ids],
            )
            .await?
            .map(|r| r.get(0))
        }
        None => None,
    };
    let requests = super::wall::requested(pool, id).await?;
    let offset =
        FixedOffset::east_opt(t.get::<_, i32>(2) * 60).unwrap_or(FixedOffset::east_opt(0).unwrap());
    Ok(Some(Ticket {
        id,
        property,
        property_name: t.get(1),
        offset,
        subject: t.get(3),
        requester: t.get(4),
        resident,
        unit,
        matched_by: t.get(7),
        verified: t.get(10),
        status: t.get(8),
        created_at: t.get(9),
        messages,
        packages,
        requests,
    }))
}

impl Ticket {
    /// The question came by mail (not from the kiosk): it can be answered.
    pub fn answerable(&self) -> bool {
        self.requester.contains('@')
    }

    /// `at` in the property's local time, in words ("Thu 26 Nov, 14:05").
    pub fn local(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.offset)
            .format("%a %-d %b, %H:%M")
            .to_string()
    }

    /// The facts saved answers are filled with: the package asked about, or
    /// the resident's latest. None for a sender not proven to be the
    /// resident: a forged From must not learn where someone's package is.
    pub fn facts(&self) -> Facts {
        if !self.verified {
            return Facts {
                property: self.property_name.clone(),
                ..Facts::default()
            };
        }
        let p = self
            .packages
            .iter()
            .find(|p| p.asked_about)
            .or(self.packages.first());
        Facts {
            property: self.property_name.clone(),
            locker: p.and_then(|p| p.locker.clone()),
            place: p.map(|p| match (p.closed_at, p.place.as_str(), &p.locker) {
                (Some(_), _, _) => "no longer waiting: it was collected".to_string(),
                (None, "locker", Some(l)) => format!("in locker {l}"),
                (None, "overflow", _) => "with the package staff (the lockers were full)".into(),
                (None, "room", _) => "in the package room".into(),
                (None, _, _) => "waiting for you".into(),
            }),
            arrived: p.map(|p| self.local(p.arrived_at)),
            collected: p.and_then(|p| p.closed_at).map(|t| self.local(t)),
            notice_bounced: p.is_some_and(|p| p.steps.iter().any(|s| s.kind == "notice_failed")),
        }
    }
}

/// An attachment's name, type and bytes, if `manager` covers its ticket.
pub async fn attachment(
    pool: &Pool,
    manager: i64,
    id: i64,
) -> Result<Option<(String, String, Vec<u8>)>, PortfolioError> {
    let c = pool.get().await?;
    Ok(c.query_opt(
        "SELECT a.filename, a.content_type, a.bytes FROM ticket_attachments a
         JOIN ticket_messages m ON m.id = a.message
         JOIN manager_properties mp ON mp.property_id = m.property_id AND mp.manager_id = $2
         WHERE a.id = $1",
        &[&id, &manager],
    )
    .await?
    .map(|r| (r.get(0), r.get(1), r.get(2))))
}
