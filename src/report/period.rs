//! A report's period: whole local days, inclusive, at a fixed offset from UTC.

use crate::domain::Timestamp;
use chrono::{Datelike, NaiveDate, Timelike};

/// Why a period cannot be reported on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("{0:?} is not a date like 2026-11-26")]
    NotADate(String),
    #[error("the period ends ({to}) before it starts ({from})")]
    EndsBeforeItStarts { from: Day, to: Day },
    #[error("a report covers at most ten years")]
    TooLong,
}

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl Day {
    /// Parse `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Day, PeriodError> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map(Day)
            .map_err(|_| PeriodError::NotADate(text.to_string()))
    }

    /// Short label for a chart: "11/26".
    pub fn short(&self) -> String {
        format!("{}/{}", self.0.month(), self.0.day())
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// From the start of `from` to the end of `to`, in a zone `offset_minutes` east of UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Day,
    pub to: Day,
    pub offset_minutes: i32,
}

const DAY_MS: i64 = 86_400_000;

impl Period {
    /// A period; refused when `to` is before `from` or it is longer than ten years.
    pub fn new(from: Day, to: Day, offset_minutes: i32) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::EndsBeforeItStarts { from, to });
        }
        if (to.0 - from.0).num_days() > 3660 {
            return Err(PeriodError::TooLong);
        }
        Ok(Period {
            from,
            to,
            offset_minutes,
        })
    }

    /// The `days` days ending with the day `now` falls on.
    pub fn last_days(now: Timestamp, days: u32, offset_minutes: i32) -> Period {
        let today = local_day(now, offset_minutes);
        let from = Day(today.0 - chrono::Days::new(u64::from(days.max(1) - 1)));
        Period {
            from,
            to: today,
            offset_minutes,
        }
    }

    fn start_of(&self, d: Day) -> Timestamp {
        let midnight = d.0.and_hms_opt(0, 0, 0).expect("midnight exists");
        Timestamp(midnight.and_utc().timestamp_millis() - i64::from(self.offset_minutes) * 60_000)
    }

    /// When a day ends (the next day's midnight).
    pub fn end_of(&self, d: Day) -> Timestamp {
        Timestamp(self.start_of(d).0 + DAY_MS)
    }

    /// The period as [start, end).
    pub fn bounds(&self) -> (Timestamp, Timestamp) {
        (self.start_of(self.from), self.end_of(self.to))
    }

    /// Every day in the period.
    pub fn days(&self) -> Vec<Day> {
        self.from
            .0
            .iter_days()
            .take_while(|d| *d <= self.to.0)
            .map(Day)
            .collect()
    }

    /// The local day a moment falls on.
    pub fn day_of(&self, at: Timestamp) -> Day {
        local_day(at, self.offset_minutes)
    }

    /// The local hour (0-23) a moment falls in.
    pub fn hour_of(&self, at: Timestamp) -> usize {
        local(at, self.offset_minutes).hour() as usize
    }
}

fn local(at: Timestamp, offset_minutes: i32) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(at.0 + i64::from(offset_minutes) * 60_000)
        .unwrap_or_default()
        .naive_utc()
}

fn local_day(at: Timestamp, offset_minutes: i32) -> Day {
    Day(local(at, offset_minutes).date())
}

/// The kiosk's offset from UTC now, in minutes: the configured one, else the system's.
pub fn offset_now(configured: Option<i32>, now: Timestamp) -> i32 {
    configured.unwrap_or_else(|| {
        use chrono::{Local, Offset, TimeZone};
        Local
            .timestamp_millis_opt(now.0)
            .single()
            .map(|t| t.offset().fix().local_minus_utc() / 60)
            .unwrap_or(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_bounds_at_an_offset() {
        let p = Period::new(
            Day::parse("2026-11-01").unwrap(),
            Day::parse("2026-11-03").unwrap(),
            -300,
        )
        .unwrap();
        assert_eq!(p.days().len(), 3);
        let (from, to) = p.bounds();
        // Midnight in UTC-5 is 05:00 UTC.
        assert_eq!(from.0, 1_793_509_200_000);
        assert_eq!(to.0 - from.0, 3 * DAY_MS);
        assert_eq!(p.day_of(from).to_string(), "2026-11-01");
        assert_eq!(p.day_of(Timestamp(from.0 - 1)).to_string(), "2026-10-31");
        assert_eq!(p.hour_of(Timestamp(from.0 + 3_600_000)), 1);
        assert!(Period::new(p.to, p.from, 0).is_err());
        assert!(Day::parse("26-11-2026").is_err());
    }
}
