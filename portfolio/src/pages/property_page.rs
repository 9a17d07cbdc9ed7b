//! One property's page: its figures now, 90 days of volume, how long
//! packages wait, occupancy by size, peak hours, and its attention list.

use super::html::{card, page};
use super::portfolio_page::{ago, stale};
use super::svg;
use crate::read::{DayRow, PropertyDetail, PropertyRow};
use crate::stats::wait_words;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

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
    let body = html! {
        h1 { (r.name) }
        p.sub {
            @if !r.region.is_empty() { (r.region) " · " }
            (contact(r, now))
            " · " (r.lockers()) " lockers in service · median wait from " (p.dwell_count) " collected packages"
        }
        div.cards { (cards(p)) }
        h2 { "Deliveries per day, last 90 days" }
        div.chart { (svg::daily_bars(&p.days)) }
        div.grid2 {
            div {
                h2 { "Occupancy by size" }
                div.chart {
                    @match &r.snapshot {
                        Some(s) => (svg::size_bars(s)),
                        None => p.muted { "The wall has not reported yet." },
                    }
                }
            }
            div { h2 { "Attention (read-only, as the wall reports it)" } (attention(r, now)) }
            div { h2 { "The wall's box" } (super::wall_box::section(r, now)) }
        }
        h2 { "Peak hours, last 90 days" }
        div.chart { (svg::heat_map(&p.heat)) }
        h2 { "Last 30 days" }
        div.links { a href={ "/p/" (r.id) "/daily.csv" } { "Download 90 days as CSV" } }
        div.scroll { table #days {
            thead { tr { @for c in DAY_COLUMNS { th scope="col" { (c) } } } }
            tbody { @for d in p.days.iter().rev().take(30) {
                tr { @for c in day_cells(d) { td { (c) } } }
            } }
        } }
    };
    page(&r.name, Some(manager), body)
}

/// The figures at the top.
fn cards(p: &PropertyDetail) -> Markup {
    let r = &p.row;
    let total_90: i64 = p.days.iter().map(|d| d.deliveries).sum();
    let occupancy = format!("{:.0}%", r.occupancy() * 100.0);
    let median = p.dwell_median.map_or("—".into(), wait_words);
    let p90 = p.dwell_p90.map_or("—".into(), wait_words);
    html! {
        (card("Deliveries today", &r.deliveries_today.to_string(), "today", false))
        (card("Deliveries, 90 days", &total_90.to_string(), "total-90", false))
        (card("Occupancy now", &occupancy, "occupancy", r.occupancy() >= 0.9))
        (card("In overflow", &r.overflow().to_string(), "overflow", r.overflow() > 0))
        (card("In the package room", &r.room().to_string(), "room", false))
        (card("Expired", &r.expired().to_string(), "expired", r.expired() > 0))
        (card("Median wait", &median, "dwell-median", false))
        (card("90th percentile wait", &p90, "dwell-p90", false))
    }
}

/// When the wall was last heard from, and whether it reads the replies.
fn contact(r: &PropertyRow, now: DateTime<Utc>) -> Markup {
    let warn = stale(r.last_contact, now) || r.not_reading_replies();
    html! {
        span.warn-text[warn] { "last contact " (ago(r.last_contact, now)) }
        @if r.not_reading_replies() {
            span.warn-text #unread-replies {
                " · not reading the server's replies: its last " (r.repeats)
                " batches re-sent events already stored (the wall's attention list says why)"
            }
        }
    }
}

/// The wall's attention list as it reports it.
fn attention(r: &PropertyRow, now: DateTime<Utc>) -> Markup {
    html! {
        @match r.snapshot.as_ref().map(|s| &s.attention) {
            Some(items) if !items.is_empty() => {
                div.scroll { table #attention {
                    thead { tr { th.text { "What" } th.text { "Locker" } th.text { "Since" } } }
                    tbody { @for a in items {
                        tr {
                            td.text {
                                (attention_words(&a.kind))
                                @if let Some(m) = &a.message { br; span.muted { (m) } }
                            }
                            td.text { (a.locker.as_deref().unwrap_or("—")) }
                            td.text { (ago(DateTime::from_timestamp_millis(a.since), now)) }
                        }
                    } }
                } }
                div.links { a href={ "/p/" (r.id) "/attention.csv" } { "Download as CSV" } }
            }
            Some(_) => p.muted #attention { "Nothing needs attention." },
            None => p.muted #attention { "The wall has not reported yet." },
        }
    }
}
