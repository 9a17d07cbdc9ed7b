//! Whether a link opens a resident's page: signed by the property's wall,
//! within its days, and issued after the resident's last revocation.

use crate::wire::{LinkRefused, ResidentLink};
use crate::PortfolioError;
use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;

/// How far ahead of the server's clock a wall may have issued a link.
const SKEW_S: i64 = 15 * 60;

/// Whose page a link opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub property: String,
    /// The property's name, for the page's heading.
    pub property_name: String,
    pub resident: i64,
    /// The page's language, from the link.
    pub language: String,
    /// The property's offset from UTC, for the page's dates.
    pub utc_offset_minutes: i32,
}

/// Why a link opens nothing (each said to the resident in their words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a link we made: cut short, mistyped, altered, or for no property here.
    NotALink,
    /// Older than its days: a newer notice has a fresh one.
    Expired,
    /// Revoked by staff, or the resident moved out.
    Revoked,
}

/// A link to `resident`'s page at `property`, signed with its key as the
/// wall signs the links in its notices, issued now.
pub async fn issue(
    pool: &Pool,
    property: &str,
    resident: i64,
    language: &str,
    days: u16,
    base: &str,
) -> Result<String, PortfolioError> {
    let c = pool.get().await?;
    let key: String = c
        .query_opt(
            "SELECT sync_key FROM properties WHERE id = $1",
            &[&property],
        )
        .await?
        .ok_or_else(|| PortfolioError::NotFound(format!("no property {property}")))?
        .get(0);
    let link = ResidentLink {
        resident,
        issued_s: Utc::now().timestamp(),
        days,
        language: language.to_string(),
    };
    Ok(link.url(base, &key, property))
}

/// The holder of `token` at `property`, or why not.
pub async fn open(
    pool: &Pool,
    property: &str,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<Holder, Refused>, PortfolioError> {
    let c = pool.get().await?;
    let Some(row) = c
        .query_opt(
            "SELECT sync_key, name, utc_offset_minutes FROM properties WHERE id = $1",
            &[&property],
        )
        .await?
    else {
        return Ok(Err(Refused::NotALink));
    };
    let link = match ResidentLink::read(row.get(0), property, token) {
        Ok(link) => link,
        Err(LinkRefused::Malformed | LinkRefused::Forged) => return Ok(Err(Refused::NotALink)),
    };
    let now_s = now.timestamp();
    if link.issued_s > now_s + SKEW_S {
        return Ok(Err(Refused::NotALink));
    }
    if now_s >= link.expires_s() {
        return Ok(Err(Refused::Expired));
    }
    let revoked: Option<DateTime<Utc>> = c
        .query_opt(
            "SELECT revoked_at FROM page_revocations WHERE property_id = $1 AND resident = $2",
            &[&property, &link.resident],
        )
        .await?
        .map(|r| r.get(0));
    // Both times are the wall's clock; a link issued in the revocation's
    // second is revoked too.
    if revoked.is_some_and(|at| link.issued_s <= at.timestamp()) {
        return Ok(Err(Refused::Revoked));
    }
    Ok(Ok(Holder {
        property: property.to_string(),
        property_name: row.get(1),
        resident: link.resident,
        language: link.language,
        utc_offset_minutes: row.get(2),
    }))
}
