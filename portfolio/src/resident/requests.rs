//! What a resident asks from their page, queued for the wall like the
//! desk's requests (it goes with the sync's next answer, is carried out
//! once, and is audited at the wall with the resident as actor).

use super::Holder;
use crate::wire::ActionKind;
use crate::PortfolioError;
use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;

/// Requests one resident may make in a day (a page left open and tapped on
/// does not fill the wall's outbox).
pub const PER_DAY: i64 = 10;

/// What a resident may ask from their page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Send a waiting package's notice again (same code: the page never shows it).
    Resend,
    /// Bring a waiting package to their door on the staff's next delivery run.
    Door,
    /// Keep their packages while they are away ([`super::away`]).
    Away,
    /// They are back: end the away period today.
    Back,
    /// Every package to their door for a while ([`super::standing`]).
    Every,
    /// Stop bringing every package to their door.
    EveryStop,
    /// How they are told ([`super::choices`]).
    Notices,
    /// A package they expect ([`super::expected`]).
    Expect,
}

impl Request {
    /// The wall's request about one package, a door delivery in `window`
    /// (none: a request about the resident).
    pub fn package_action(self, window: Option<String>) -> Option<ActionKind> {
        match self {
            Request::Resend => Some(ActionKind::ResendNotice),
            Request::Door => Some(ActionKind::DoorDelivery { window }),
            _ => None,
        }
    }

    /// Its name in the page's addresses (`/resend`, `/door`, `/away`, `/back`).
    pub fn path(self) -> &'static str {
        match self {
            Request::Resend => "resend",
            Request::Door => "door",
            Request::Away => "away",
            Request::Back => "back",
            Request::Every => "every",
            Request::EveryStop => "every-stop",
            Request::Notices => "notices",
            Request::Expect => "expect",
        }
    }
}

/// What became of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Queued for the wall.
    Asked,
    /// The same request is already on its way.
    AlreadyAsked,
    /// Not one of the resident's waiting packages (collected meanwhile, or never theirs).
    NotWaiting,
    /// More than [`PER_DAY`] today.
    TooMany,
    /// The property does not offer it (door delivery switched off).
    NotOffered,
    /// What the form says makes no request (days that make no period, a language notices are not in).
    BadForm,
}

/// The part of the day a form names, if it is one the wall knows (else any time).
pub fn window(typed: Option<&str>) -> Option<String> {
    typed
        .filter(|w| crate::wire::DOOR_WINDOWS.contains(w))
        .map(str::to_string)
}

/// Ask the wall for `request` about `package`, the resident's own and
/// waiting (a door delivery in `window` of the day).
pub async fn ask(
    pool: &Pool,
    who: &Holder,
    package: i64,
    request: Request,
    window: Option<String>,
) -> Result<Outcome, PortfolioError> {
    let mut c = pool.get().await?;
    if request == Request::Door && !super::terms::read(&c, &who.property).await?.door_requests {
        return Ok(Outcome::NotOffered);
    }
    let Some(what) = &request.package_action(window) else {
        return Ok(Outcome::NotWaiting);
    };
    let tx = c.transaction().await?;
    // The package's row lock makes two taps take turns.
    let waiting = tx
        .query_opt(
            "SELECT 1 FROM packages WHERE property_id = $1 AND package = $2 AND resident = $3
               AND closed_at IS NULL FOR UPDATE",
            &[&who.property, &package, &who.resident],
        )
        .await?
        .is_some();
    if !waiting {
        return Ok(Outcome::NotWaiting);
    }
    let outcome = queue(&tx, who, Some(package), what).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Queue `what` (about `package`, or about the resident) in the caller's
/// transaction, unless one of its kind is already on its way for the same
/// package (whatever its details: a window, a day) or the day's requests
/// are used up.
pub(super) async fn queue(
    tx: &deadpool_postgres::Transaction<'_>,
    who: &Holder,
    package: Option<i64>,
    what: &ActionKind,
) -> Result<Outcome, PortfolioError> {
    let what = serde_json::to_value(what).map_err(|e| PortfolioError::Refused(e.to_string()))?;
    let kind = what["kind"].as_str().unwrap_or_default().to_string();
    // Expected packages are told one number at a time, each its own request.
    let tag = what["tracking_tag"].as_str().map(str::to_string);
    let row = tx
        .query_one(
            "SELECT count(*) FILTER (WHERE package IS NOT DISTINCT FROM $3
                                       AND what->>'kind' = $4 AND done_at IS NULL
                                       AND what->>'tracking_tag' IS NOT DISTINCT FROM $5),
                    count(*) FILTER (WHERE requested_at > now() - interval '1 day')
             FROM wall_actions WHERE property_id = $1 AND requested_by_resident = $2",
            &[&who.property, &who.resident, &package, &kind, &tag],
        )
        .await?;
    if row.get::<_, i64>(0) > 0 {
        return Ok(Outcome::AlreadyAsked);
    }
    if row.get::<_, i64>(1) >= PER_DAY {
        return Ok(Outcome::TooMany);
    }
    tx.execute(
        "INSERT INTO wall_actions (property_id, package, what, requested_by_resident)
         VALUES ($1, $2, $3, $4)",
        &[&who.property, &package, &what, &who.resident],
    )
    .await?;
    Ok(Outcome::Asked)
}

/// Ask the wall for `what`, a request about `who` themselves (no package):
/// queued once while one of its kind is on its way, at most [`PER_DAY`] a day.
pub async fn ask_about_self(
    pool: &Pool,
    who: &Holder,
    what: &ActionKind,
) -> Result<Outcome, PortfolioError> {
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    take_turns(&tx, who).await?;
    let outcome = queue(&tx, who, None, what).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// One resident's requests take turns (two taps, two tabs): until the
/// caller's transaction ends.
pub(super) async fn take_turns(
    tx: &deadpool_postgres::Transaction<'_>,
    who: &Holder,
) -> Result<(), PortfolioError> {
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext($1), $2::int)",
        &[&who.property, &(who.resident as i32)],
    )
    .await?;
    Ok(())
}

/// `who`'s last request of `kind` about themselves: when, whether the wall
/// did it (none: not answered yet), and what it was.
pub async fn last_about_self(
    c: &tokio_postgres::Client,
    who: &Holder,
    kind: &str,
) -> Result<Option<(DateTime<Utc>, Option<bool>, ActionKind)>, PortfolioError> {
    let row = c
        .query_opt(
            "SELECT requested_at, done_at IS NOT NULL, ok, what FROM wall_actions
             WHERE property_id = $1 AND requested_by_resident = $2 AND what->>'kind' = $3
             ORDER BY id DESC LIMIT 1",
            &[&who.property, &who.resident, &kind],
        )
        .await?;
    let Some(r) = row else { return Ok(None) };
    let Ok(what) = serde_json::from_value(r.get(3)) else {
        return Ok(None);
    };
    let done = r
        .get::<_, bool>(1)
        .then(|| r.get::<_, Option<bool>>(2).unwrap_or(false));
    Ok(Some((r.get(0), done, what)))
}
