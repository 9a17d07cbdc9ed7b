//! A resident's away period from their page (decision 0041): the days they
//! type are the property's days; the wall is asked, with the sync's next
//! answer, to keep their packages from the first day away until the day
//! they are back, or to end the period now ("I am back").

use super::requests::Outcome;
use super::Holder;
use crate::wire::{ActionKind, AwayPeriod, MAX_AWAY_AHEAD_DAYS, MAX_AWAY_DAYS};
use crate::PortfolioError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use deadpool_postgres::Pool;
use serde::Deserialize;

/// The page's two date fields, as its form posts them.
#[derive(Deserialize)]
struct Days {
    from: String,
    until: String,
}

/// The period a form posted from the page asks for (none: not the page's
/// form, or days that make no period).
pub fn period_of_form(body: &[u8], offset_minutes: i32, now: DateTime<Utc>) -> Option<(i64, i64)> {
    let days: Days = serde_urlencoded::from_bytes(body).ok()?;
    period(&days.from, &days.until, offset_minutes, now)
}

/// The resident's last away request and what the wall did with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwayAsked {
    pub at: DateTime<Utc>,
    /// None: the wall has not answered yet; Some(false): it could not.
    pub done: Option<bool>,
    /// The period asked for (ends it: `until <= from`).
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// The start of `day` at the property (ms since 1970).
pub(super) fn start_of(day: NaiveDate, offset_minutes: i32) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    (midnight - Duration::minutes(offset_minutes.into())).timestamp_millis()
}

/// The property's today.
pub(super) fn today(now: DateTime<Utc>, offset_minutes: i32) -> NaiveDate {
    (now + Duration::minutes(offset_minutes.into())).date_naive()
}

/// The period the page's two days stand for (the first day away, the day
/// back), or none when they do not make one: not days, back before leaving
/// or by today, longer than the wall keeps, starting more than a year on.
pub fn period(
    from: &str,
    until: &str,
    offset_minutes: i32,
    now: DateTime<Utc>,
) -> Option<(i64, i64)> {
    let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let (from, until) = (day(from)?, day(until)?);
    let today = today(now, offset_minutes);
    let from = from.max(today);
    let fits = until > from
        && (until - from).num_days() <= MAX_AWAY_DAYS
        && (from - today).num_days() <= MAX_AWAY_AHEAD_DAYS;
    fits.then(|| {
        (
            start_of(from, offset_minutes),
            start_of(until, offset_minutes),
        )
    })
}

/// Ending the period today: the start of today, twice.
pub fn back(offset_minutes: i32, now: DateTime<Utc>) -> (i64, i64) {
    let today = start_of(today(now, offset_minutes), offset_minutes);
    (today, today)
}

/// Ask the wall to keep `who`'s packages from `from` until `until` (or to
/// end the period, `until <= from`).
pub async fn ask(
    pool: &Pool,
    who: &Holder,
    from: i64,
    until: i64,
) -> Result<Outcome, PortfolioError> {
    let what = ActionKind::Away {
        resident: who.resident,
        from,
        until,
    };
    super::requests::ask_about_self(pool, who, &what).await
}

/// The resident's last away request, if any.
pub async fn last_asked(
    c: &tokio_postgres::Client,
    who: &Holder,
) -> Result<Option<AwayAsked>, PortfolioError> {
    let Some((at, done, what)) = super::requests::last_about_self(c, who, "away").await? else {
        return Ok(None);
    };
    let ActionKind::Away { from, until, .. } = what else {
        return Ok(None);
    };
    let day = |ms: i64| DateTime::from_timestamp_millis(ms).unwrap_or_default();
    Ok(Some(AwayAsked {
        at,
        done,
        from: day(from),
        until: day(until),
    }))
}

/// The resident's period as their wall last said it (none: not away, nor soon).
pub fn at_wall(
    away: &[AwayPeriod],
    resident: i64,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    away.iter()
        .find(|a| a.resident == resident && a.until > now.timestamp_millis())
        .and_then(|a| {
            Some((
                DateTime::from_timestamp_millis(a.from)?,
                DateTime::from_timestamp_millis(a.until)?,
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_days_make_a_period_at_the_propertys_midnight_or_none() {
        // 7 Dec 2026, 10:00 UTC; the property is UTC-5.
        let now = DateTime::from_timestamp(1_796_637_600, 0).unwrap();
        let east = -300;
        let (from, until) = period("2026-12-10", "2026-12-20", east, now).unwrap();
        let midnight = |d: &str| {
            let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            day.and_hms_opt(5, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis()
        };
        assert_eq!(
            (from, until),
            (midnight("2026-12-10"), midnight("2026-12-20"))
        );
        // A first day in the past starts today; hostile or impossible days make none.
        assert_eq!(
            period("2026-11-01", "2026-12-09", east, now).unwrap().0,
            midnight("2026-12-07")
        );
        for (f, u) in [
            ("2026-12-10", "2026-12-10"),
            ("2026-12-10", "2026-12-01"),
            ("2026-12-01", "2026-12-07"),
            ("2026-12-08", "2027-03-01"),
            ("2026-02-30", "2026-12-20"),
            ("<script>", "2026-12-20"),
            ("", ""),
            ("+200000-01-01", "+200000-01-02"),
            ("2027-12-10", "2027-12-20"),
        ] {
            assert_eq!(period(f, u, east, now), None, "{f} .. {u}");
        }
        let (a, b) = back(east, now);
        assert_eq!((a, b), (midnight("2026-12-07"), midnight("2026-12-07")));
    }
}
