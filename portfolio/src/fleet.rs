//! The fleet view: which walls need a look for their box rather than their
//! packages (an old version, a nearly full disk, a clock off, notices or the
//! sync failing). The pages and `/metrics` read the same judgements.

use crate::read::PropertyRow;
use crate::wire::WallHealth;

/// A wall's clock this far from the server's is flagged (the sync refuses
/// at fifteen minutes; the wall's own staff are told at one).
pub const CLOCK_OFF_MS: i64 = 60_000;

/// Something about a wall's box that needs a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    OldVersion,
    LowDisk,
    ClockOff,
    NoticesFailing,
}

impl Flag {
    /// The flag as the dashboard says it.
    pub fn words(self) -> &'static str {
        match self {
            Flag::OldVersion => "old version",
            Flag::LowDisk => "disk nearly full",
            Flag::ClockOff => "clock off",
            Flag::NoticesFailing => "notices failing",
        }
    }
}

/// The server's version: a wall behind it is on an old version (walls and
/// server are released together).
pub const SERVER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The wall's health from its last snapshot (none: a wall too old to say).
pub fn health(row: &PropertyRow) -> Option<&WallHealth> {
    row.snapshot.as_ref()?.health.as_ref()
}

/// What needs a look on this wall, most pressing first.
pub fn flags(h: &WallHealth) -> Vec<Flag> {
    let clock_off = h.clock_skew_ms.is_some_and(|s| s.abs() > CLOCK_OFF_MS)
        || h.clock_synchronised == Some(false);
    [
        (h.low_disk(), Flag::LowDisk),
        (h.notices_failed_day > 0, Flag::NoticesFailing),
        (clock_off, Flag::ClockOff),
        (h.older_than(SERVER_VERSION), Flag::OldVersion),
    ]
    .into_iter()
    .filter_map(|(on, f)| on.then_some(f))
    .collect()
}

/// The portfolio table's "Wall" cell: version and what needs a look.
pub fn cell(row: &PropertyRow) -> (String, bool) {
    let Some(h) = health(row) else {
        return ("—".into(), false);
    };
    let flags = flags(h);
    let mut text = h.version.clone();
    for f in &flags {
        text.push_str(" · ");
        text.push_str(f.words());
    }
    (text, !flags.is_empty())
}

/// Bytes as people read disk sizes.
pub fn bytes(n: i64) -> String {
    const GB: f64 = (1u64 << 30) as f64;
    const MB: f64 = (1u64 << 20) as f64;
    let n = n as f64;
    if n >= GB {
        format!("{:.1} GB", n / GB)
    } else {
        format!("{:.0} MB", n / MB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Snapshot;

    fn row(h: WallHealth) -> PropertyRow {
        PropertyRow {
            snapshot: Some(Snapshot {
                health: Some(h),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_wall_is_flagged_for_what_needs_a_look() {
        const GB: i64 = 1 << 30;
        let well = WallHealth {
            version: SERVER_VERSION.into(),
            disk_free: Some(8 * GB),
            disk_total: Some(16 * GB),
            clock_skew_ms: Some(300),
            clock_synchronised: Some(true),
            ..Default::default()
        };
        let rows = [
            row(well.clone()),
            row(WallHealth {
                version: "0.0.9".into(),
                disk_free: Some(GB / 4),
                clock_skew_ms: Some(-240_000),
                notices_failed_day: 2,
                ..well.clone()
            }),
            row(WallHealth {
                version: "99.0.0".into(),
                ..well.clone()
            }),
            PropertyRow::default(),
        ];
        assert_eq!(cell(&rows[0]), (SERVER_VERSION.into(), false));
        assert_eq!(
            cell(&rows[1]),
            (
                "0.0.9 · disk nearly full · notices failing · clock off · old version".into(),
                true
            )
        );
        // A wall newer than the server is not flagged.
        assert_eq!(cell(&rows[2]), ("99.0.0".into(), false));
        assert_eq!(cell(&rows[3]), ("—".into(), false));
        assert_eq!(bytes(GB / 4), "256 MB");
        assert_eq!(bytes(9 * GB + GB / 2), "9.5 GB");
    }
}
