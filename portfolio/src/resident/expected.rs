//! Packages a resident expects, told on their page (a tracking number and,
//! if they know it, the carrier's expected day) or by forwarding a shipping
//! confirmation to the package desk from their own address. The server keeps the
//! number's keyed tag and its last characters (never the number) and asks
//! the wall to expect it; the wall's events say when it arrived, or that it
//! is late, which files a ticket at the desk.

use super::away::{start_of, today};
use super::requests::{self, Outcome};
use super::Holder;
use crate::desk::wall::{file_ticket, FromWall};
use crate::wire::{tracking_tag, ActionKind, Event, MAX_EXPECTED_AHEAD_DAYS};
use crate::PortfolioError;
use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::{Pool, Transaction};
use serde::Deserialize;

/// The shortest and longest tracking numbers carriers print.
const TRACKING_LEN: std::ops::RangeInclusive<usize> = 8..=40;
/// The characters of the number a resident and staff know it by.
const ENDING: usize = 4;
/// The expectations a page lists.
const LISTED: i64 = 10;

/// The page's form: the number, and the day (empty: not known).
#[derive(Deserialize)]
struct Fields {
    tracking: String,
    due: Option<String>,
}

/// A package a resident told their page about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Told {
    /// Letters and digits, upper case, as the tag is made of.
    pub tracking: String,
    /// The start of the expected day at the property (ms), if told.
    pub due: Option<i64>,
}

impl Told {
    /// Its last characters, as the resident and staff know it.
    pub fn ending(&self) -> String {
        let n = self.tracking.len();
        self.tracking[n.saturating_sub(ENDING)..].to_string()
    }
}

/// What a form tells (none: not a tracking number, or a day in the past or
/// more than [`MAX_EXPECTED_AHEAD_DAYS`] on).
pub fn of_form(body: &[u8], offset_minutes: i32, now: DateTime<Utc>) -> Option<Told> {
    let f: Fields = serde_urlencoded::from_bytes(body).ok()?;
    let typed = f.tracking.trim();
    if !typed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        return None;
    }
    let tracking: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !TRACKING_LEN.contains(&tracking.len()) {
        return None;
    }
    let due = match f.due.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => {
            let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
            let ahead = (day - today(now, offset_minutes)).num_days();
            if !(0..=MAX_EXPECTED_AHEAD_DAYS).contains(&ahead) {
                return None;
            }
            Some(start_of(day, offset_minutes))
        }
    };
    Some(Told { tracking, due })
}

/// Ask the wall to expect `told` for `who`, and keep it for their page.
pub async fn ask(pool: &Pool, who: &Holder, told: &Told) -> Result<Outcome, PortfolioError> {
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    requests::take_turns(&tx, who).await?;
    let key: String = tx
        .query_one(
            "SELECT sync_key FROM properties WHERE id = $1",
            &[&who.property],
        )
        .await?
        .get(0);
    let tag = tracking_tag(&key, &told.tracking);
    let known = tx
        .query_opt(
            "SELECT 1 FROM expected_packages WHERE property_id = $1 AND resident = $2
               AND tracking_tag = $3 AND arrived_at IS NULL",
            &[&who.property, &who.resident, &tag],
        )
        .await?
        .is_some();
    if known {
        return Ok(Outcome::AlreadyAsked);
    }
    let what = ActionKind::Expect {
        resident: who.resident,
        tracking_tag: tag.clone(),
        ending: told.ending(),
        by: told.due,
    };
    let outcome = requests::queue(&tx, who, None, &what).await?;
    if outcome == Outcome::Asked {
        let due = told.due.and_then(DateTime::<Utc>::from_timestamp_millis);
        tx.execute(
            "INSERT INTO expected_packages (property_id, resident, tracking_tag, ending, due_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[&who.property, &who.resident, &tag, &told.ending(), &due],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// The most numbers one forwarded message may make expected.
const FROM_ONE_MAIL: usize = 3;

/// The tracking numbers a shipping confirmation forwarded to the package
/// desk gives: numbers a carrier prints, each with its check digit right
/// (not a bare ten digits: phone numbers look like a DHL waybill), in a
/// message that speaks of tracking; at most three.
pub fn in_mail(text: &str) -> Vec<Told> {
    let lower = text.to_lowercase();
    if !["tracking", "track", "seguimiento"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Vec::new();
    }
    let mut found: Vec<Told> = Vec::new();
    for tracking in carrier_numbers(text) {
        if !found.iter().any(|t| t.tracking == tracking) {
            found.push(Told {
                tracking,
                due: None,
            });
        }
    }
    found.truncate(FROM_ONE_MAIL);
    found
}

/// The most pieces a printed number is spaced into ("1Z 999 AA1 01 2345 6784").
const MOST_PIECES: usize = 8;

/// Carriers' numbers in `text` with their check digit right, as printed
/// (spaced or not): at each place the longest run of pieces that makes one,
/// so part of a long number is not taken for a shorter one; a bare ten
/// digits is not one (a phone number looks like a DHL waybill).
fn carrier_numbers(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut joined = String::new();
        let mut best = None;
        for (k, w) in words[i..].iter().take(MOST_PIECES).enumerate() {
            // Each piece of a spaced number has a digit: a plain word ends the run.
            if !w.bytes().any(|b| b.is_ascii_digit()) {
                break;
            }
            joined.push_str(w);
            let label = crate::wire::labels::identify(&joined);
            if let Some(l) = label.filter(|l| l.check_ok && l.tracking.len() != 10) {
                best = Some((k + 1, l.tracking));
            }
        }
        match best {
            Some((pieces, tracking)) => {
                out.push(tracking);
                i += pieces;
            }
            None => i += 1,
        }
    }
    out
}

/// A resident's own forwarded confirmation (the desk proved the sender):
/// each number not already expected or at the wall is asked of the wall as
/// if told on their page, within the day's requests. Returns how many.
pub async fn from_mail(
    tx: &Transaction<'_>,
    property: &str,
    resident: i64,
    told: &[Told],
) -> Result<usize, PortfolioError> {
    let key: String = tx
        .query_one(
            "SELECT sync_key FROM properties WHERE id = $1",
            &[&property],
        )
        .await?
        .get(0);
    let mut asked = 0;
    for t in told {
        let tag = tracking_tag(&key, &t.tracking);
        let known = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM expected_packages WHERE property_id = $1
                                  AND resident = $2 AND tracking_tag = $3)
                     OR EXISTS (SELECT 1 FROM packages WHERE property_id = $1 AND tracking_tag = $3),
                        (SELECT count(*) FROM wall_actions WHERE property_id = $1
                           AND requested_by_resident = $2 AND requested_at > now() - interval '1 day')",
                &[&property, &resident, &tag],
            )
            .await?;
        if known.get::<_, bool>(0) || known.get::<_, i64>(1) >= requests::PER_DAY {
            continue;
        }
        let what = ActionKind::Expect {
            resident,
            tracking_tag: tag.clone(),
            ending: t.ending(),
            by: None,
        };
        let what =
            serde_json::to_value(&what).map_err(|e| PortfolioError::Refused(e.to_string()))?;
        tx.execute(
            "INSERT INTO wall_actions (property_id, what, requested_by_resident) VALUES ($1, $2, $3)",
            &[&property, &what, &resident],
        )
        .await?;
        tx.execute(
            "INSERT INTO expected_packages (property_id, resident, tracking_tag, ending)
             VALUES ($1, $2, $3, $4)",
            &[&property, &resident, &tag, &t.ending()],
        )
        .await?;
        asked += 1;
    }
    Ok(asked)
}

/// Where an expected package stands, as the page says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stands {
    /// Told; the wall has not taken it yet.
    Sent,
    /// The wall is watching for it.
    Watching,
    /// The wall could not take it (its words).
    NotTaken(String),
    Arrived(DateTime<Utc>),
    /// Not come in time: the package staff are looking into it.
    Late(DateTime<Utc>),
}

/// One expected package on the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub ending: String,
    pub due: Option<DateTime<Utc>>,
    pub asked_at: DateTime<Utc>,
    pub stands: Stands,
}

/// `who`'s expected packages, newest first.
pub async fn list(c: &tokio_postgres::Client, who: &Holder) -> Result<Vec<Listed>, PortfolioError> {
    let rows = c
        .query(
            "SELECT x.ending, x.due_at, x.asked_at, x.arrived_at, x.late_at,
                    a.done_at IS NOT NULL, a.ok, a.message
             FROM expected_packages x
             LEFT JOIN LATERAL (SELECT done_at, ok, message FROM wall_actions w
                                WHERE w.property_id = x.property_id
                                  AND w.requested_by_resident = x.resident
                                  AND w.what->>'kind' = 'expect'
                                  AND w.what->>'tracking_tag' = x.tracking_tag
                                ORDER BY w.id DESC LIMIT 1) a ON true
             WHERE x.property_id = $1 AND x.resident = $2
             ORDER BY x.asked_at DESC, x.id DESC LIMIT $3",
            &[&who.property, &who.resident, &LISTED],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let stands = match (
                r.get(3),
                r.get(4),
                r.get::<_, bool>(5),
                r.get::<_, Option<bool>>(6),
            ) {
                (Some(at), _, _, _) => Stands::Arrived(at),
                (None, Some(at), _, _) => Stands::Late(at),
                (None, None, true, Some(false)) => {
                    Stands::NotTaken(r.get::<_, Option<String>>(7).unwrap_or_default())
                }
                (None, None, true, _) => Stands::Watching,
                (None, None, false, _) => Stands::Sent,
            };
            Listed {
                ending: r.get(0),
                due: r.get(1),
                asked_at: r.get(2),
                stands,
            }
        })
        .collect())
}

/// The wall's word on expected packages in a batch: arrived, or late (a
/// ticket at the desk, once).
pub async fn file_events(
    tx: &Transaction<'_>,
    property: &str,
    run: &[&Event],
) -> Result<(), PortfolioError> {
    for e in run {
        let (Some(tag), Some(resident)) = (e.tracking_tag.as_deref(), e.resident) else {
            continue;
        };
        let at = DateTime::<Utc>::from_timestamp_millis(e.at).unwrap_or_default();
        match e.kind.as_str() {
            "expected_arrived" => {
                tx.execute(
                    "UPDATE expected_packages SET arrived_at = $4 WHERE property_id = $1
                       AND resident = $2 AND tracking_tag = $3 AND arrived_at IS NULL",
                    &[&property, &resident, &tag, &at],
                )
                .await?;
            }
            "expected_late" => late(tx, property, resident, tag, e, at).await?,
            _ => {}
        }
    }
    Ok(())
}

/// A late expected package: marked, and a ticket at the desk (once).
async fn late(
    tx: &Transaction<'_>,
    property: &str,
    resident: i64,
    tag: &str,
    e: &Event,
    at: DateTime<Utc>,
) -> Result<(), PortfolioError> {
    let row = tx
        .query_opt(
            "UPDATE expected_packages SET late_at = $4 WHERE property_id = $1 AND resident = $2
               AND tracking_tag = $3 AND arrived_at IS NULL AND ticket_id IS NULL
             RETURNING id, ending, due_at",
            &[&property, &resident, &tag, &at],
        )
        .await?;
    let Some(row) = row else {
        return Ok(());
    };
    let (id, ending, due): (i64, String, Option<DateTime<Utc>>) =
        (row.get(0), row.get(1), row.get(2));
    let unit = e.unit.clone().unwrap_or_default();
    let due = due
        .map(|d| format!(", due {}", d.format("%a %-d %b")))
        .unwrap_or_default();
    let subject =
        format!("Expected package not arrived: unit {unit}, tracking number ending {ending}");
    let body = format!(
        "The resident of unit {unit} (resident #{resident}) told their page they expected a \
         package with a tracking number ending {ending}{due}. It has not reached the lockers or \
         the package room. The wall told them you are looking into it.\n\nCheck the package room \
         and the carrier's tracking; if it was marked delivered, the carrier should hear of it soon."
    );
    let message_id = format!("expected.{property}.{}@lockerwall", e.seq);
    let filed = FromWall {
        subject: &subject,
        sender: "the wall",
        resident: Some(resident),
        package: None,
        matched_by: Some("expected package"),
        message_id: &message_id,
        at,
        body: &body,
    };
    let ticket = file_ticket(tx, property, &filed).await?;
    tx.execute(
        "UPDATE expected_packages SET ticket_id = $2 WHERE id = $1",
        &[&id, &ticket],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forwarded_confirmation_gives_its_carriers_numbers_only() {
        let mail = "Your order 112-1234567-1234567 has shipped!\n\
                    UPS tracking number: 1Z 999 AA1 01 2345 6784\n\
                    Questions? Call 555-010-4477 or 5550104477.\n\
                    Also on its way: 1Z999AA10123456785 (mistyped)";
        let numbers: Vec<String> = in_mail(mail).into_iter().map(|t| t.tracking).collect();
        assert_eq!(numbers, ["1Z999AA10123456784"]);
        // A long number spaced in pieces is taken whole, not a shorter one in it.
        let usps = "USPS tracking: 9400 1118 9922 3397 6585 33";
        let numbers: Vec<String> = in_mail(usps).into_iter().map(|t| t.tracking).collect();
        assert_eq!(numbers, ["9400111899223397658533"]);
        // Not a message about tracking: nothing.
        assert!(in_mail("Dinner at 7? 1Z999AA10123456784").is_empty());
    }

    #[test]
    fn a_form_tells_a_number_and_maybe_a_day() {
        let now = DateTime::from_timestamp(1_796_637_600, 0).unwrap(); // 2026-12-07 10:00 UTC
        let told = of_form(b"tracking=1z999aa1-0123+456784&due=2026-12-09", 0, now).unwrap();
        assert_eq!(told.tracking, "1Z999AA10123456784");
        assert_eq!(told.ending(), "6784");
        assert_eq!(told.due, Some(1_796_774_400_000));
        assert_eq!(
            of_form(b"tracking=9400111899223197428490&due=", 0, now)
                .unwrap()
                .due,
            None
        );
        for bad in [
            &b"tracking=short"[..],
            b"tracking=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            b"tracking=1Z999AA10123456784&due=2026-12-06",
            b"tracking=1Z999AA10123456784&due=2027-03-01",
            b"tracking=1Z999AA10123456784&due=soon",
            b"due=2026-12-09",
            b"",
        ] {
            assert_eq!(
                of_form(bad, 0, now),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
