//! The portfolio at a glance: one row per property, sortable.

use super::html::{esc, page};
use crate::fleet;
use crate::read::PropertyRow;
use chrono::{DateTime, Utc};

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
    let mut head = String::new();
    for (k, label) in COLUMNS {
        let on = *k == key;
        // A second click on the sorted column turns it round.
        let dir = if on && !ascending {
            "asc"
        } else if on {
            "desc"
        } else if *k == "name" || *k == "region" {
            "asc"
        } else {
            "desc"
        };
        head.push_str(&format!(
            r#"<th scope="col"{}><a href="/?sort={k}&amp;dir={dir}" class="{}{}">{}</a></th>"#,
            if *k == "name" || *k == "region" {
                r#" class="text""#
            } else {
                ""
            },
            if on { "on" } else { "" },
            if on && ascending { " asc" } else { "" },
            esc(label)
        ));
    }
    let mut body = String::new();
    for p in rows {
        let c = cells(p, now);
        body.push_str(&format!(
            r#"<tr data-property="{}"><td class="text"><a href="/p/{}">{}</a></td><td class="text">{}</td>"#,
            esc(&p.id),
            esc(&p.id),
            esc(&c[0]),
            esc(&c[1])
        ));
        for (i, v) in c.iter().enumerate().skip(2) {
            let warn = match i {
                5 => p.occupancy() >= 0.9,
                6 => v != "0",
                8 | 9 => v != "0",
                10 => stale(p.last_contact, now) || p.not_reading_replies(),
                11 => fleet::cell(p).1,
                _ => false,
            };
            let class = match (i == 11, warn) {
                (true, true) => r#" class="wall warn-text""#,
                (true, false) => r#" class="wall""#,
                (false, true) => r#" class="warn-text""#,
                (false, false) => "",
            };
            body.push_str(&format!("<td{class}>{}</td>", esc(v)));
        }
        body.push_str("</tr>");
    }
    if rows.is_empty() {
        body = r#"<tr><td class="text" colspan="12">No properties are assigned to you yet. An administrator adds them with <code>lockerwall-portfolio assign</code>.</td></tr>"#.into();
    }
    let total_today: i64 = rows.iter().map(|p| p.deliveries_today).sum();
    let total_week: i64 = rows.iter().map(|p| p.week).sum();
    page(
        "Portfolio",
        Some(manager),
        &format!(
            r#"<h1>Portfolio</h1><p class="sub">{} properties · <span id="total-today">{total_today}</span> deliveries today · {total_week} in the last 7 days</p>
<div class="links"><a href="/portfolio.csv?sort={}&amp;dir={}">Download CSV</a></div>
<div class="scroll"><table id="portfolio"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"#,
            rows.len(),
            esc(key),
            if ascending { "asc" } else { "desc" }
        ),
    )
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
