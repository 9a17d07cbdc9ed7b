//! `residents away`: staff set a resident's away period at the wall, in the
//! wall's own days.

use crate::domain::Timestamp;
use chrono::{Duration, NaiveDate};

/// The start of `day` (YYYY-MM-DD; none: today) at `offset` minutes east of UTC.
pub fn day_start(day: Option<&str>, offset: i32, now: Timestamp) -> anyhow::Result<Timestamp> {
    let shift = Duration::minutes(offset.into());
    let date = match day {
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map_err(|_| anyhow::anyhow!("{d:?} is not a day: write it as YYYY-MM-DD"))?,
        None => (chrono::DateTime::from_timestamp_millis(now.0).unwrap_or_default() + shift)
            .date_naive(),
    };
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - shift;
    Ok(Timestamp(midnight.timestamp_millis()))
}

/// What the command says it did.
pub fn said(id: i64, back: bool, until: Timestamp, offset: i32) -> String {
    if back {
        return format!(
            "resident {id}: back today; their waiting packages' summary goes out now \
             and their holding clock runs again"
        );
    }
    let day = chrono::DateTime::from_timestamp_millis(until.0).unwrap_or_default()
        + Duration::minutes(offset.into());
    format!(
        "resident {id}: their packages are kept until they are back on {}; \
         one summary notice goes out that day",
        day.format("%Y-%m-%d")
    )
}
