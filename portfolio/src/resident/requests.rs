//! What a resident asks from their page, queued for the wall like the
//! desk's requests (it goes with the sync's next answer, is carried out
//! once, and is audited at the wall with the resident as actor).

use super::Holder;
use crate::wire::ActionKind;
use crate::PortfolioError;
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
}

impl Request {
    /// The wall's request about one package (none: a request about the resident).
    pub fn package_action(self) -> Option<ActionKind> {
        match self {
            Request::Resend => Some(ActionKind::ResendNotice),
            Request::Door => Some(ActionKind::DoorDelivery),
            Request::Away | Request::Back => None,
        }
    }

    /// Its name in the page's addresses (`/resend`, `/door`, `/away`, `/back`).
    pub fn path(self) -> &'static str {
        match self {
            Request::Resend => "resend",
            Request::Door => "door",
            Request::Away => "away",
            Request::Back => "back",
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
    /// The days typed make no away period.
    BadDates,
}

/// Ask the wall for `request` about `package`, the resident's own and waiting.
pub async fn ask(
    pool: &Pool,
    who: &Holder,
    package: i64,
    request: Request,
) -> Result<Outcome, PortfolioError> {
    let mut c = pool.get().await?;
    if request == Request::Door && !super::terms::read(&c, &who.property).await?.door_requests {
        return Ok(Outcome::NotOffered);
    }
    let Some(what) = &request.package_action() else {
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
    let what = serde_json::to_value(what).map_err(|e| PortfolioError::Refused(e.to_string()))?;
    let row = tx
        .query_one(
            "SELECT count(*) FILTER (WHERE package = $3 AND what = $4 AND done_at IS NULL),
                    count(*) FILTER (WHERE requested_at > now() - interval '1 day')
             FROM wall_actions WHERE property_id = $1 AND requested_by_resident = $2",
            &[&who.property, &who.resident, &package, &what],
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
    tx.commit().await?;
    Ok(Outcome::Asked)
}
