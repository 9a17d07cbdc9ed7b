//! One property's page: its figures now, 90 days of volume, how long
//! packages wait, occupancy by size, peak hours, and its attention list.

use super::html::{card, esc, page};
use super::portfolio_page::{ago, stale};
use super::svg;
use crate::read::{DayRow, PropertyDetail};
use crate::stats::wait_words;
use chrono::{DateTime, Utc};

/// The daily table's columns (page and CSV).
pub const DAY_COLUMNS: &[&str] = &[
    "Day",
    "Deliveries",
    "Collected",
    "To overflow",
    "To package room",
    "Expired",
    "Notices failed",
    "Door faults",
    "Peak waiting",
];

/// One day's cells.
pub fn day_cells(d: &DayRow) -> Vec<String> {
    vec![
        d.day.format("%Y-%m-%d").to_string(),
        d.deliveries.to_string(),
        d.collected.to_string(),
        d.to_overflow.to_string(),
        d.to_room.to_string(),
        d.expired.to_string(),
        d.notices_failed.to_string(),
        d.door_faults.to_string(),
        d.peak_waiting.to_string(),
    ]
}

/// The attention list's columns (page and CSV).
pub const ATTENTION_COLUMNS: &[&str] = &["What", "Locker", "Since", "Message"];

/// One attention item's cells (the message only when the wall shares it).
pub fn attention_cells(a: &crate::wire::AttentionItem) -> Vec<String> {
    vec![
        attention_words(&a.kind),
        a.locker.clone().unwrap_or_default(),
        DateTime::from_timestamp_millis(a.since)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default(),
        a.message.clone().unwrap_or_default(),
    ]
}

/// An attention kind in words.
fn attention_words(kind: &str) -> String {
    match kind {
        "door_left_open" => "Door left open".into(),
        "door_forced" => "Door forced".into(),
        "locker_faulty" => "Locker faulty".into(),
        "board_offline" => "Lock board offline".into(),
        "sensor_disagrees" => "Door sensor disagrees".into(),
        "package_expired" => "Package expired".into(),
        "notice_failed" => "Notice could not be sent".into(),
        "overflow_held" => "Package held in overflow".into(),
        "desk_ticket" => "Question open at the package desk".into(),
        other => {
            let mut s = other.replace('_', " ");
            if let Some(f) = s.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            s
        }
    }
}

/// The page.
pub fn render(manager: &str, p: &PropertyDetail, now: DateTime<Utc>) -> String {
    let r = &p.row;
    let total_90: i64 = p.days.iter().map(|d| d.deliveries).sum();
    let cards = [
        card(
            "Deliveries today",
            &r.deliveries_today.to_string(),
            "today",
            false,
        ),
        card(
            "Deliveries, 90 days",
            &total_90.to_string(),
            "total-90",
            false,
        ),
        card(
            "Occupancy now",
            &format!("{:.0}%", r.occupancy() * 100.0),
            "occupancy",
            r.occupancy() >= 0.9,
        ),
        card(
            "In overflow",
            &r.overflow().to_string(),
            "overflow",
            r.overflow() > 0,
        ),
        card("In the package room", &r.room().to_string(), "room", false),
        card(
            "Expired",
            &r.expired().to_string(),
            "expired",
            r.expired() > 0,
        ),
        card(
            "Median wait",
            &p.dwell_median.map_or("—".into(), wait_words),
            "dwell-median",
            false,
        ),
        card(
            "90th percentile wait",
            &p.dwell_p90.map_or("—".into(), wait_words),
            "dwell-p90",
            false,
        ),
    ]
    .concat();
    let sizes = r.snapshot.as_ref().map_or(
        "<p class=\"muted\">The wall has not reported yet.</p>".into(),
        svg::size_bars,
    );
    let attention = match r.snapshot.as_ref().map(|s| &s.attention) {
        Some(items) if !items.is_empty() => {
            let mut t = String::from(
                r#"<div class="scroll"><table id="attention"><thead><tr><th class="text">What</th><th class="text">Locker</th><th class="text">Since</th></tr></thead><tbody>"#,
            );
            for a in items {
                let since = DateTime::from_timestamp_millis(a.since);
                t.push_str(&format!(
                    r#"<tr><td class="text">{}{}</td><td class="text">{}</td><td class="text">{}</td></tr>"#,
                    esc(&attention_words(&a.kind)),
                    a.message
                        .as_deref()
                        .map(|m| format!(r#"<br><span class="muted">{}</span>"#, esc(m)))
                        .unwrap_or_default(),
                    esc(a.locker.as_deref().unwrap_or("—")),
                    esc(&ago(since, now))
                ));
            }
            t.push_str(&format!(
                r#"</tbody></table></div><div class="links"><a href="/p/{}/attention.csv">Download as CSV</a></div>"#,
                esc(&r.id)
            ));
            t
        }
        Some(_) => r#"<p class="muted" id="attention">Nothing needs attention.</p>"#.into(),
        None => r#"<p class="muted" id="attention">The wall has not reported yet.</p>"#.into(),
    };
    let mut table = String::new();
    for d in p.days.iter().rev().take(30) {
        table.push_str("<tr>");
        for c in day_cells(d) {
            table.push_str(&format!("<td>{}</td>", esc(&c)));
        }
        table.push_str("</tr>");
    }
    let head: String = DAY_COLUMNS
        .iter()
        .map(|c| format!(r#"<th scope="col">{c}</th>"#))
        .collect();
    let contact = format!(
        r#"<span class="{}">last contact {}</span>{}"#,
        if stale(r.last_contact, now) || r.not_reading_replies() {
            "warn-text"
        } else {
            ""
        },
        ago(r.last_contact, now),
        if r.not_reading_replies() {
            format!(
                r#"<span class="warn-text" id="unread-replies"> · not reading the server's replies: its last {} batches re-sent events already stored (the wall's attention list says why)</span>"#,
                r.repeats
            )
        } else {
            String::new()
        }
    );
    page(
        &r.name,
        Some(manager),
        &format!(
            r#"<h1>{name}</h1><p class="sub">{region}{contact} · {lockers} lockers in service · median wait from {count} collected packages</p>
<div class="cards">{cards}</div>
<h2>Deliveries per day, last 90 days</h2><div class="chart">{bars}</div>
<div class="grid2"><div><h2>Occupancy by size</h2><div class="chart">{sizes}</div></div>
<div><h2>Attention (read-only, as the wall reports it)</h2>{attention}</div>
<div><h2>The wall's box</h2>{wall_box}</div></div>
<h2>Peak hours, last 90 days</h2><div class="chart">{heat}</div>
<h2>Last 30 days</h2><div class="links"><a href="/p/{id}/daily.csv">Download 90 days as CSV</a></div>
<div class="scroll"><table id="days"><thead><tr>{head}</tr></thead><tbody>{table}</tbody></table></div>"#,
            name = esc(&r.name),
            region = if r.region.is_empty() {
                String::new()
            } else {
                format!("{} · ", esc(&r.region))
            },
            lockers = r.lockers(),
            count = p.dwell_count,
            bars = svg::daily_bars(&p.days),
            heat = svg::heat_map(&p.heat),
            wall_box = super::wall_box::section(r, now),
            id = esc(&r.id),
        ),
    )
}
