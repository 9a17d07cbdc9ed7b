//! A report as CSV (one figure per row, "long" form: easy to pivot in a
//! spreadsheet), JSON, or text for the terminal.

use super::Report;
use crate::domain::Size;

const HOUR_MS: f64 = 3_600_000.0;

fn hours(ms: Option<i64>) -> Option<f64> {
    ms.map(|m| (m as f64 / HOUR_MS * 100.0).round() / 100.0)
}

/// One CSV cell as every CSV Lockerwall writes it: defused, quoted when needed.
pub fn csv_field(s: &str) -> String {
    lockerwall_wire::csv::cell(s)
}

/// `figure,key,value` rows.
pub fn csv(r: &Report) -> String {
    let mut table = lockerwall_wire::csv::Table::lf(Vec::new());
    // Writing to memory cannot fail.
    let _ = table.row(["figure", "key", "value"]);
    let mut row = |figure: &str, key: &str, value: String| {
        let _ = table.row([figure, key, &value]);
    };
    row("period", "from", r.period.from.to_string());
    row("period", "to", r.period.to.to_string());
    row("deliveries", "total", r.deliveries().to_string());
    for (d, n) in &r.per_day {
        row("deliveries_per_day", &d.to_string(), n.to_string());
    }
    for (c, n) in &r.per_carrier {
        row("deliveries_per_carrier", c, n.to_string());
    }
    row("picked_up", "total", r.picked_up.to_string());
    let h = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    row("dwell_hours", "median", h(hours(r.dwell_median_ms)));
    row("dwell_hours", "p90", h(hours(r.dwell_p90_ms)));
    for (i, size) in Size::ALL.iter().enumerate() {
        row("capacity", size.code(), r.capacity[i].to_string());
    }
    for (d, n) in &r.occupancy {
        for (i, size) in Size::ALL.iter().enumerate() {
            row(
                "occupancy_end_of_day",
                &format!("{d} {}", size.code()),
                n[i].to_string(),
            );
        }
    }
    for hour in 0..24 {
        row(
            "deliveries_by_hour",
            &format!("{hour:02}"),
            r.deliveries_by_hour[hour].to_string(),
        );
    }
    for hour in 0..24 {
        row(
            "pickups_by_hour",
            &format!("{hour:02}"),
            r.pickups_by_hour[hour].to_string(),
        );
    }
    row("expired", "total", r.expired.to_string());
    table.into_string()
}

/// The same figures as one JSON object.
pub fn json(r: &Report) -> String {
    let sizes = |n: &[u32; 4]| {
        serde_json::Map::from_iter(
            Size::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| (s.code().to_string(), n[i].into())),
        )
    };
    let v = serde_json::json!({
        "from": r.period.from.to_string(),
        "to": r.period.to.to_string(),
        "deliveries": r.deliveries(),
        "deliveries_per_day": r.per_day.iter().map(|(d, n)| serde_json::json!({"day": d.to_string(), "count": n})).collect::<Vec<_>>(),
        "deliveries_per_carrier": r.per_carrier.iter().map(|(c, n)| serde_json::json!({"carrier": c, "count": n})).collect::<Vec<_>>(),
        "picked_up": r.picked_up,
        "dwell_hours": {"median": hours(r.dwell_median_ms), "p90": hours(r.dwell_p90_ms)},
        "capacity": sizes(&r.capacity),
        "occupancy_end_of_day": r.occupancy.iter().map(|(d, n)| serde_json::json!({"day": d.to_string(), "in_use": sizes(n)})).collect::<Vec<_>>(),
        "deliveries_by_hour": r.deliveries_by_hour,
        "pickups_by_hour": r.pickups_by_hour,
        "expired": r.expired,
    });
    serde_json::to_string_pretty(&v).expect("a JSON value always serialises")
}

/// A short summary for the terminal.
pub fn text(r: &Report) -> String {
    let h = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x} h"));
    let mut out = format!(
        "{} to {}: {} deliveries, {} picked up, {} expired\n",
        r.period.from,
        r.period.to,
        r.deliveries(),
        r.picked_up,
        r.expired
    );
    out.push_str(&format!(
        "dwell: median {}, 90th percentile {}\n",
        h(hours(r.dwell_median_ms)),
        h(hours(r.dwell_p90_ms))
    ));
    if let Some(peak) = r.peak_hour() {
        out.push_str(&format!("busiest hour for drop-offs: {peak:02}:00\n"));
    }
    for (c, n) in &r.per_carrier {
        out.push_str(&format!("  {c:<12} {n}\n"));
    }
    for (d, n) in &r.per_day {
        out.push_str(&format!(
            "  {d}  {:>4}  {}\n",
            n,
            "#".repeat((*n).min(60) as usize)
        ));
    }
    out
}
