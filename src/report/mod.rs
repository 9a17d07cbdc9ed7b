//! The staff's figures: deliveries per day and per carrier, dwell time,
//! occupancy by size, peak hours, expired packages. Computed here from plain
//! rows (no I/O), so the kiosk's report screen and `lockerwall report` agree.

pub mod format;
mod period;

pub use period::{offset_now, Day, Period, PeriodError};

use crate::domain::{Size, Timestamp};
use std::collections::BTreeMap;

/// One package as the report needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageRow {
    pub stored_at: Timestamp,
    /// When it left its locker (picked up, removed by staff, ...).
    pub closed_at: Option<Timestamp>,
    /// Picked up by the resident (dwell time counts only these).
    pub picked_up: bool,
    pub carrier: String,
    /// The size of the locker it was stored in.
    pub size: Size,
    pub expired_at: Option<Timestamp>,
}

/// Every figure for a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub period: Period,
    /// Packages stored on each day, every day of the period listed.
    pub per_day: Vec<(Day, u32)>,
    /// Packages stored per carrier, most first.
    pub per_carrier: Vec<(String, u32)>,
    /// Packages picked up in the period, and their dwell (stored to picked up).
    pub picked_up: u32,
    pub dwell_median_ms: Option<i64>,
    pub dwell_p90_ms: Option<i64>,
    /// Lockers in use at the end of each day, per size (S, M, L, XL).
    pub occupancy: Vec<(Day, [u32; 4])>,
    /// Lockers of each size on the wall.
    pub capacity: [u32; 4],
    /// Drop-offs and pickups per hour of the day (local time).
    pub deliveries_by_hour: [u32; 24],
    pub pickups_by_hour: [u32; 24],
    /// Packages whose holding period ran out in the period.
    pub expired: u32,
}

impl Report {
    /// Compute the figures for `period` from packages alive in it.
    pub fn compute(period: Period, rows: &[PackageRow], capacity: [u32; 4]) -> Report {
        let (from, to) = period.bounds();
        let within = |t: Timestamp| t >= from && t < to;
        let days = period.days();
        let mut per_day: BTreeMap<Day, u32> = days.iter().map(|d| (*d, 0)).collect();
        let mut per_carrier: BTreeMap<&str, u32> = BTreeMap::new();
        let mut deliveries_by_hour = [0u32; 24];
        let mut pickups_by_hour = [0u32; 24];
        let mut dwell = Vec::new();
        let mut expired = 0;
        for r in rows {
            if within(r.stored_at) {
                *per_day.entry(period.day_of(r.stored_at)).or_default() += 1;
                *per_carrier.entry(r.carrier.as_str()).or_default() += 1;
                deliveries_by_hour[period.hour_of(r.stored_at)] += 1;
            }
            if let (true, Some(closed)) = (r.picked_up, r.closed_at) {
                if within(closed) {
                    pickups_by_hour[period.hour_of(closed)] += 1;
                    dwell.push(closed.since(r.stored_at));
                }
            }
            if r.expired_at.is_some_and(within) {
                expired += 1;
            }
        }
        let occupancy = days
            .iter()
            .map(|d| {
                let end = period.end_of(*d);
                let mut n = [0u32; 4];
                for r in rows {
                    let alive = r.stored_at < end && r.closed_at.is_none_or(|c| c >= end);
                    if alive {
                        n[r.size.index()] += 1;
                    }
                }
                (*d, n)
            })
            .collect();
        let mut per_carrier: Vec<(String, u32)> = per_carrier
            .into_iter()
            .map(|(c, n)| (if c.is_empty() { "(none)" } else { c }.to_string(), n))
            .collect();
        per_carrier.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        dwell.sort_unstable();
        Report {
            period,
            per_day: per_day.into_iter().collect(),
            per_carrier,
            picked_up: dwell.len() as u32,
            dwell_median_ms: median(&dwell),
            dwell_p90_ms: nearest_rank(&dwell, 90),
            occupancy,
            capacity,
            deliveries_by_hour,
            pickups_by_hour,
            expired,
        }
    }

    /// Packages stored in the whole period.
    pub fn deliveries(&self) -> u32 {
        self.per_day.iter().map(|(_, n)| n).sum()
    }

    /// The busiest hour for drop-offs, if there were any.
    pub fn peak_hour(&self) -> Option<usize> {
        let max = *self.deliveries_by_hour.iter().max()?;
        (max > 0).then(|| self.deliveries_by_hour.iter().position(|&n| n == max))?
    }
}

/// The median of sorted values (the mean of the middle two for an even count).
fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at
/// least `pct`% of the values at or below it.
fn nearest_rank(sorted: &[i64], pct: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (pct * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_percentile() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5));
        assert_eq!(median(&[1, 3, 10, 20]), Some(6));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&ten, 90), Some(9));
        assert_eq!(nearest_rank(&ten, 100), Some(10));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
    }
}
