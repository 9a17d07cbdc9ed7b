//! The visit planner: which communities need package staff in the next seven
//! days, on which day, and why.
//!
//! Each day's deliveries are forecast as the week's shape at today's level:
//! the weekday's share of an average day over the last four weeks, times the
//! average day of the last two (so a rising season lifts the forecast).
//! A day's need is the expected load on the lockers (deliveries per locker,
//! plus what is already waiting if packages stay longer than a day) and what
//! only a person can clear: overflow, the package room, expired packages and
//! open attention items. Each property is planned on its day of greatest
//! need, and properties are ranked by it.

use crate::read::PropertyRow;
use chrono::{Duration, NaiveDate};

/// One planned visit.
#[derive(Clone, Debug, PartialEq)]
pub struct Visit {
    pub property: String,
    pub name: String,
    pub day: NaiveDate,
    /// Higher is more urgent; 1.0 is about a full wall's worth of work.
    pub need: f64,
    pub expected: i64,
    pub lockers: i64,
    /// Why, in words: "Thu 3 Dec: expected 140 deliveries for 96 lockers, 12 in overflow".
    pub reason: String,
}

/// What the planner knows of one property.
pub struct Facts<'a> {
    pub row: &'a PropertyRow,
    /// Daily deliveries, any order, at least the last 28 days where known.
    pub history: &'a [(NaiveDate, i64)],
    /// Median wait in minutes, if known.
    pub median_wait: Option<f64>,
}

/// The expected deliveries on `day`, from history up to `today`.
pub fn forecast(history: &[(NaiveDate, i64)], today: NaiveDate, day: NaiveDate) -> f64 {
    let on = |d: NaiveDate| history.iter().find(|(h, _)| *h == d).map_or(0, |(_, n)| *n);
    // The same weekday in the four full weeks before today.
    let mut same = Vec::new();
    let mut d = day - Duration::days(7);
    while d >= today {
        d -= Duration::days(7);
    }
    for _ in 0..4 {
        same.push(on(d) as f64);
        d -= Duration::days(7);
    }
    let weekday_mean = same.iter().sum::<f64>() / same.len() as f64;
    let sum = |from: i64, to: i64| -> f64 {
        (from..to)
            .map(|i| on(today - Duration::days(i)) as f64)
            .sum()
    };
    // The weekday's share of an average day over four weeks, times the
    // average day of the last two: the week's shape at today's level.
    let four_weeks = sum(1, 29) / 28.0;
    if four_weeks == 0.0 {
        return 0.0;
    }
    weekday_mean / four_weeks * (sum(1, 15) / 14.0)
}

/// The plan for the next seven days from `today`, most urgent first.
pub fn plan(properties: &[Facts<'_>]) -> Vec<Visit> {
    let mut visits: Vec<Visit> = properties.iter().filter_map(|f| best_day(f)).collect();
    visits.sort_by(|a, b| b.need.total_cmp(&a.need).then(a.name.cmp(&b.name)));
    visits
}

fn best_day(f: &Facts<'_>) -> Option<Visit> {
    let row = f.row;
    let lockers = row.lockers().max(1);
    let staff_work = row.overflow() + row.room();
    // Packages that stay more than a day pile up on the next day's deliveries.
    let carry = f.median_wait.map_or(0.5, |m| (m / 1440.0).min(1.0));
    let occupied = row.snapshot.as_ref().map_or(0, |s| s.occupied());
    (0..7)
        .map(|i| {
            let day = row.today + Duration::days(i);
            let expected = forecast(f.history, row.today, day).round() as i64;
            let waiting = if i == 0 {
                occupied as f64
            } else {
                expected as f64 * carry
            };
            let need = (expected as f64 + waiting) / lockers as f64
                + staff_work as f64 / lockers as f64
                + 0.1 * row.attention() as f64
                + 0.05 * row.expired() as f64;
            (day, expected, need)
        })
        .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)))
        .map(|(day, expected, need)| Visit {
            property: row.id.clone(),
            name: row.name.clone(),
            day,
            need,
            expected,
            lockers: row.lockers(),
            reason: reason(row, day, expected),
        })
}

fn reason(row: &PropertyRow, day: NaiveDate, expected: i64) -> String {
    let mut parts = vec![format!(
        "{}: expected {expected} deliveries for {} lockers",
        day.format("%a %-d %b"),
        row.lockers()
    )];
    let mut add = |n: i64, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    add(row.overflow(), "in overflow", "in overflow");
    add(row.room(), "on the room's shelves", "on the room's shelves");
    add(row.expired(), "expired package", "expired packages");
    add(row.attention(), "attention item", "attention items");
    let full = row.occupancy();
    if full >= 0.8 {
        parts.push(format!("{:.0}% full now", full * 100.0));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{AttentionItem, SizeCount, Snapshot};
    use chrono::Datelike;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 8 weeks of history: 100 on Mondays, 50 other days, times `growth` for the last 2 weeks.
    fn history(today: NaiveDate, growth: f64) -> Vec<(NaiveDate, i64)> {
        (1..=56)
            .map(|i| {
                let d = today - Duration::days(i);
                let base = if d.weekday() == chrono::Weekday::Mon {
                    100.0
                } else {
                    50.0
                };
                let n = if i <= 14 { base * growth } else { base };
                (d, n as i64)
            })
            .collect()
    }

    fn row(
        id: &str,
        lockers: i64,
        overflow: i64,
        attention: usize,
        today: NaiveDate,
    ) -> PropertyRow {
        PropertyRow {
            id: id.into(),
            name: id.into(),
            today,
            snapshot: Some(Snapshot {
                sizes: vec![SizeCount {
                    size: "M".into(),
                    in_service: lockers,
                    occupied: lockers / 2,
                }],
                overflow,
                attention: (0..attention)
                    .map(|_| AttentionItem {
                        since: 0,
                        kind: "door_left_open".into(),
                        locker: None,
                        message: None,
                    })
                    .collect(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn the_forecast_follows_the_weekday_and_the_trend() {
        let today = day("2026-11-26"); // a Thursday
        let flat = history(today, 1.0);
        assert_eq!(forecast(&flat, today, day("2026-11-30")), 100.0);
        assert_eq!(forecast(&flat, today, day("2026-11-27")), 50.0);
        // The last two weeks 20% up: the forecast rises with them.
        let rising = history(today, 1.2);
        let monday = forecast(&rising, today, day("2026-11-30"));
        assert!((monday - 120.0).abs() < 1.0, "{monday}");
        // No history: nothing expected.
        assert_eq!(forecast(&[], today, day("2026-11-30")), 0.0);
    }

    #[test]
    fn the_busiest_wall_comes_first_with_its_day_and_reasons() {
        let today = day("2026-11-26");
        let h = history(today, 1.0);
        let small = row("small-wall", 40, 12, 2, today);
        let big = row("big-wall", 200, 0, 0, today);
        let plan = plan(&[
            Facts {
                row: &big,
                history: &h,
                median_wait: Some(600.0),
            },
            Facts {
                row: &small,
                history: &h,
                median_wait: Some(600.0),
            },
        ]);
        assert_eq!(plan[0].property, "small-wall");
        assert_eq!(plan[0].day, day("2026-11-30"), "the Monday peak");
        assert_eq!(plan[0].expected, 100);
        assert_eq!(
            plan[0].reason,
            "Mon 30 Nov: expected 100 deliveries for 40 lockers, 12 in overflow, 2 attention items"
        );
        assert!(plan[0].need > plan[1].need);
    }
}
