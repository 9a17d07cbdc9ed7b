//! A standing door-delivery request from the resident's page: every
//! package for them, waiting or arriving until the end of a day they choose,
//! goes to their door in the part of the day they want.

use super::requests::{self, Outcome};
use super::Holder;
use crate::wire::{ActionKind, MAX_DOOR_STANDING_DAYS};
use crate::PortfolioError;
use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::Pool;
use serde::Deserialize;

/// The page's fields: the last day, and the part of the day.
#[derive(Deserialize)]
struct Fields {
    until: String,
    window: Option<String>,
}

/// The resident's last standing request and what the wall did with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandingAsked {
    pub at: DateTime<Utc>,
    /// None: the wall has not answered yet; Some(false): it could not.
    pub done: Option<bool>,
    /// Until when (ends it: at or before the time it was asked).
    pub until: DateTime<Utc>,
    pub window: Option<String>,
}

impl StandingAsked {
    /// The request is in force at `now` (done, and not over).
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        self.done == Some(true) && self.until > now
    }
}

/// The end of the last day a form names at the property, and its part of
/// the day (none: not the page's form, or a day past or too far).
pub fn of_form(
    body: &[u8],
    offset_minutes: i32,
    now: DateTime<Utc>,
) -> Option<(i64, Option<String>)> {
    let f: Fields = serde_urlencoded::from_bytes(body).ok()?;
    let last = NaiveDate::parse_from_str(f.until.trim(), "%Y-%m-%d").ok()?;
    let days = (last - super::away::today(now, offset_minutes)).num_days();
    if !(0..MAX_DOOR_STANDING_DAYS).contains(&days) {
        return None;
    }
    let end = super::away::start_of(last.succ_opt()?, offset_minutes);
    Some((end, requests::window(f.window.as_deref())))
}

/// Ask the wall to bring `who`'s packages to their door until `until` (in
/// the past: stop).
pub async fn ask(
    pool: &Pool,
    who: &Holder,
    until: i64,
    window: Option<String>,
) -> Result<Outcome, PortfolioError> {
    let offered = super::terms::read(&*pool.get().await?, &who.property)
        .await?
        .door_requests;
    if !offered {
        return Ok(Outcome::NotOffered);
    }
    let what = ActionKind::DoorStanding {
        resident: who.resident,
        until,
        window,
    };
    requests::ask_about_self(pool, who, &what).await
}

/// The resident's last standing request, if any.
pub async fn last_asked(
    c: &tokio_postgres::Client,
    who: &Holder,
) -> Result<Option<StandingAsked>, PortfolioError> {
    let Some((at, done, what)) = requests::last_about_self(c, who, "door_standing").await? else {
        return Ok(None);
    };
    let ActionKind::DoorStanding { until, window, .. } = what else {
        return Ok(None);
    };
    Ok(Some(StandingAsked {
        at,
        done,
        until: DateTime::from_timestamp_millis(until).unwrap_or_default(),
        window,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_day_ends_at_the_propertys_next_midnight_and_bad_days_make_none() {
        // 7 Dec 2026, 10:00 UTC; the property is UTC-5.
        let now = DateTime::from_timestamp(1_796_637_600, 0).unwrap();
        let (until, window) = of_form(b"until=2026-12-20&window=evening", -300, now).unwrap();
        let next_midnight = NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
        let expected = next_midnight.and_hms_opt(5, 0, 0).unwrap().and_utc();
        assert_eq!(until, expected.timestamp_millis());
        assert_eq!(window.as_deref(), Some("evening"));
        // Another word for the window is any time; past, far and hostile days are none.
        assert_eq!(
            of_form(b"until=2026-12-07&window=midnight", -300, now)
                .unwrap()
                .1,
            None
        );
        for bad in [
            &b"until=2026-12-06"[..],
            b"until=2027-06-01",
            b"until=%3Cb%3E",
            b"window=morning",
            b"",
        ] {
            assert_eq!(
                of_form(bad, -300, now),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
