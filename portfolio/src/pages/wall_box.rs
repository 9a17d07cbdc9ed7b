//! The property page's "The wall's box" table: what the wall says of its
//! software, disk, database, notices, sync and clock.

use super::portfolio_page::ago;
use crate::fleet::{self, bytes, Flag};
use crate::read::PropertyRow;
use crate::wire::WallHealth;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// The section, or a line saying the wall does not report it.
pub fn section(row: &PropertyRow, now: DateTime<Utc>) -> Markup {
    let Some(h) = fleet::health(row) else {
        return html! {
            p.muted #wall-box { "The wall has not reported its box (a wall older than this server, or none yet)." }
        };
    };
    let flags = fleet::flags(h);
    html! {
        div.scroll { table #wall-box { tbody {
            @for (label, value, flag) in lines(h, now) {
                tr {
                    th.text scope="row" { (label) }
                    td.text.warn-text[flag.is_some_and(|f| flags.contains(&f))] { (value) }
                }
            }
        } } }
    }
}

/// (label, value, the flag that colours it).
fn lines(h: &WallHealth, now: DateTime<Utc>) -> Vec<(&'static str, String, Option<Flag>)> {
    let old = h.older_than(fleet::SERVER_VERSION);
    let version = if old {
        format!("{} (this server is {})", h.version, fleet::SERVER_VERSION)
    } else {
        h.version.clone()
    };
    let disk = match (h.disk_free, h.disk_total) {
        (Some(free), Some(total)) => format!("{} free of {}", bytes(free), bytes(total)),
        (Some(free), None) => format!("{} free", bytes(free)),
        _ => "not measured".into(),
    };
    let notices = match (h.notices_failed_day, &h.notice_error) {
        (0, _) => format!("{} waiting to be sent", h.outbox),
        (n, Some(why)) => format!("{} waiting; {n} given up today: {why}", h.outbox),
        (n, None) => format!("{} waiting; {n} given up today", h.outbox),
    };
    let sync = match (&h.sync_error, h.sync_error_at) {
        (Some(why), at) => format!(
            "{why} ({})",
            ago(at.and_then(DateTime::from_timestamp_millis), now)
        ),
        _ => "no failures since the kiosk started".into(),
    };
    vec![
        ("Software", version, Some(Flag::OldVersion)),
        ("Running for", running_for(h.uptime_s), None),
        ("Disk", disk, Some(Flag::LowDisk)),
        ("Database", bytes(h.database_bytes), None),
        ("Notices", notices, Some(Flag::NoticesFailing)),
        ("Last sync error", sync, None),
        ("Clock", clock(h), Some(Flag::ClockOff)),
    ]
}

/// Uptime in days and hours.
fn running_for(s: i64) -> String {
    match s {
        ..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h", s / 3600),
        _ => format!("{} days {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// The clock against the server's, and whether it keeps time by itself.
fn clock(h: &WallHealth) -> String {
    let against = match h.clock_skew_ms {
        Some(ms) if ms.abs() < 1000 => "right (within a second of this server)".to_string(),
        Some(ms) => {
            let way = if ms > 0 { "ahead" } else { "behind" };
            let s = ms.abs() / 1000;
            if s < 120 {
                format!("{s} s {way}")
            } else {
                format!("{} min {way}", (s + 30) / 60)
            }
        }
        None => "not compared yet".into(),
    };
    match h.clock_synchronised {
        Some(false) => format!("{against}; not synchronised to a time source"),
        _ => against,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_reads_in_words() {
        let h = WallHealth {
            version: "0.0.9".into(),
            uptime_s: 3 * 86_400 + 5 * 3600,
            disk_free: Some(300 << 20),
            disk_total: Some(8 << 30),
            database_bytes: 42 << 20,
            outbox: 2,
            notices_failed_day: 1,
            notice_error: Some("550 no such mailbox".into()),
            clock_skew_ms: Some(-240_000),
            clock_synchronised: Some(false),
            ..Default::default()
        };
        let row = PropertyRow {
            snapshot: Some(crate::wire::Snapshot {
                health: Some(h),
                ..Default::default()
            }),
            ..Default::default()
        };
        let html = section(&row, Utc::now()).into_string();
        for words in [
            "0.0.9 (this server is",
            "3 days 5 h",
            "300 MB free of 8.0 GB",
            "42 MB",
            "2 waiting; 1 given up today: 550 no such mailbox",
            "no failures since the kiosk started",
            "4 min behind; not synchronised to a time source",
        ] {
            assert!(html.contains(words), "{words} not in {html}");
        }
        assert_eq!(html.matches("warn-text").count(), 4, "{html}");
        assert!(section(&PropertyRow::default(), Utc::now())
            .into_string()
            .contains("has not reported its box"));
    }
}
