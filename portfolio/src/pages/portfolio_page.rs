//! The portfolio at a glance: one row per property, sortable.

use super::html::{page, query_value};
use crate::fleet;
use crate::read::PropertyRow;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// The columns, in order: (key, heading).
pub const COLUMNS: &[(&str, &str)] = &[
    ("name", "Property"),
    ("region", "Region"),
    ("today", "Deliveries today"),
    ("week", "Last 7 days"),
    ("trend", "Trend"),
    ("occupancy", "Occupancy"),
    ("overflow", "Overflow"),
    ("room", "Package room"),
    ("expired", "Expired"),
    ("attention", "Attention"),
    ("contact", "Last contact"),
    ("wall", "Wall"),
];

/// Sort rows by a column key; unknown keys sort by name.
pub fn sort(rows: &mut [PropertyRow], key: &str, ascending: bool) {
    rows.sort_by(|a, b| {
        let o = match key {
            "region" => a.region.cmp(&b.region),
            "today" => a.deliveries_today.cmp(&b.deliveries_today),
            "week" => a.week.cmp(&b.week),
            "trend" => a
                .trend_percent()
                .unwrap_or(0.0)
                .total_cmp(&b.trend_percent().unwrap_or(0.0)),
            "occupancy" => a.occupancy().total_cmp(&b.occupancy()),
            "overflow" => a.overflow().cmp(&b.overflow()),
            "room" => a.room().cmp(&b.room()),
            "expired" => a.expired().cmp(&b.expired()),
            "attention" => a.attention().cmp(&b.attention()),
            "contact" => a.last_contact.cmp(&b.last_contact),
            "wall" => wall_concerns(a).cmp(&wall_concerns(b)),
            _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
        };
        let o = o.then_with(|| a.name.cmp(&b.name));
        if ascending {
            o
        } else {
            o.reverse()
        }
    });
}

/// How many things about the wall's box need a look (for sorting).
fn wall_concerns(p: &PropertyRow) -> usize {
    fleet::health(p).map_or(0, |h| fleet::flags(h).len())
}

/// How long ago, in words.
pub fn ago(then: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let Some(then) = then else {
        return "never".into();
    };
    let s = (now - then).num_seconds().max(0);
    match s {
        0..=89 => "just now".into(),
        90..=5399 => format!("{} min ago", (s + 30) / 60),
        5400..=172_799 => format!("{} h ago", (s + 1800) / 3600),
        _ => format!("{} days ago", s / 86_400),
    }
}

/// A wall silent for more than an hour needs a look.
pub fn stale(then: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    then.is_none_or(|t| (now - t).num_minutes() > 60)
}

/// The cells of one row, as text (the page and the CSV share them).
pub fn cells(p: &PropertyRow, now: DateTime<Utc>) -> Vec<String> {
    vec![
        p.name.clone(),
        p.region.clone(),
        p.deliveries_today.to_string(),
        p.week.to_string(),
        p.trend_percent()
            .map_or("—".into(), |t| format!("{t:+.0}%")),
        format!("{:.0}%", p.occupancy() * 100.0),
        p.overflow().to_string(),
        p.room().to_string(),
        p.expired().to_string(),
        p.attention().to_string(),
        contact(p, now),
        fleet::cell(p).0,
    ]
}

/// When the wall was last heard from, and whether it hears us.
fn contact(p: &PropertyRow, now: DateTime<Utc>) -> String {
    let ago = ago(p.last_contact, now);
    if p.not_reading_replies() {
        format!("{ago}, not reading the server's replies")
    } else {
        ago
    }
}

/// The page.
pub fn render(
    manager: &str,
    rows: &[PropertyRow],
    key: &str,
    ascending: bool,
    now: DateTime<Utc>,
) -> String {
    let total_today: i64 = rows.iter().map(|p| p.deliveries_today).sum();
    let total_week: i64 = rows.iter().map(|p| p.week).sum();
    let csv = format!(
        "/portfolio.csv?sort={}&dir={}",
        query_value(key),
        if ascending { "asc" } else { "desc" }
    );
    let body = html! {
        h1 { "Portfolio" }
        p.sub {
            (rows.len()) " properties · " span #total-today { (total_today) }
            " deliveries today · " (total_week) " in the last 7 days"
        }
        div.links { a href=(csv) { "Download CSV" } }
        div.scroll { table #portfolio {
            thead { tr { (heading(key, ascending)) } }
            tbody {
                @for p in rows { (row(p, now)) }
                @if rows.is_empty() {
                    tr { td.text colspan="12" {
                        "No properties are assigned to you yet. An administrator adds them with "
                        code { "lockerwall-portfolio assign" } "."
                    } }
                }
            }
        } }
    };
    page("Portfolio", Some(manager), body)
}

/// The column headings, each a link that sorts by it.
fn heading(key: &str, ascending: bool) -> Markup {
    html! {
        @for (k, label) in COLUMNS {
            @let on = *k == key;
            @let text = *k == "name" || *k == "region";
            // A second click on the sorted column turns it round.
            @let dir = if on { if ascending { "desc" } else { "asc" } } else if text { "asc" } else { "desc" };
            th scope="col" .text[text] {
                a href={ "/?sort=" (k) "&dir=" (dir) } .on[on] .asc[on && ascending] { (label) }
            }
        }
    }
}

/// One property's row; figures that need a look are marked.
fn row(p: &PropertyRow, now: DateTime<Utc>) -> Markup {
    let c = cells(p, now);
    let warn = |i: usize, v: &str| match i {
        5 => p.occupancy() >= 0.9,
        6 | 8 | 9 => v != "0",
        10 => stale(p.last_contact, now) || p.not_reading_replies(),
        11 => fleet::cell(p).1,
        _ => false,
    };
    html! {
        tr data-property=(p.id) {
            td.text { a href={ "/p/" (p.id) } { (c[0]) } }
            td.text { (c[1]) }
            @for (i, v) in c.iter().enumerate().skip(2) {
                td.wall[i == 11].warn-text[warn(i, v)] { (v) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_ago_read_naturally() {
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
        let at = |s: i64| Some(now - chrono::Duration::seconds(s));
        assert_eq!(ago(None, now), "never");
        assert_eq!(ago(at(30), now), "just now");
        assert_eq!(ago(at(600), now), "10 min ago");
        assert_eq!(ago(at(3 * 3600), now), "3 h ago");
        assert_eq!(ago(at(3 * 86400), now), "3 days ago");
        assert!(stale(at(3 * 3600), now));
        assert!(!stale(at(600), now));
    }

    #[test]
    fn rows_sort_by_any_column_both_ways() {
        let mut rows: Vec<PropertyRow> = [("b", 5), ("a", 9), ("c", 1)]
            .iter()
            .map(|(n, d)| PropertyRow {
                id: n.to_string(),
                name: n.to_string(),
                deliveries_today: *d,
                ..Default::default()
            })
            .collect();
        sort(&mut rows, "today", false);
        assert_eq!(
            rows.iter().map(|r| r.name.as_str()).collect::<String>(),
            "abc"
        );
        sort(&mut rows, "name", true);
        assert_eq!(
            rows.iter().map(|r| r.name.as_str()).collect::<String>(),
            "abc"
        );
        sort(&mut rows, "today", true);
        assert_eq!(
            rows.iter().map(|r| r.name.as_str()).collect::<String>(),
            "cba"
        );
    }
}
