//! Dates and numbers as people read them, in their language and the kiosk's
//! time zone: the notices' long dates, the staff pages' short ones.

use crate::domain::Timestamp;
use chrono::{Datelike, Local, TimeZone, Timelike};

const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ES_DAYS: [&str; 7] = [
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];
const ES_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// "Friday, November 27" / "viernes, 27 de noviembre", at `offset_minutes` east of UTC
/// (`None`: the kiosk's local zone).
pub fn day(at: Timestamp, language: &str, offset_minutes: Option<i32>) -> String {
    let (weekday, day, month, _, _) = parts(at, offset_minutes);
    match language {
        "es" => format!("{}, {day} de {}", ES_DAYS[weekday], ES_MONTHS[month]),
        _ => format!("{}, {} {day}", EN_DAYS[weekday], EN_MONTHS[month]),
    }
}

/// The day and the time: "Friday, November 27 at 14:05" / "viernes, 27 de noviembre a las 14:05".
pub fn day_and_time(at: Timestamp, language: &str, offset_minutes: Option<i32>) -> String {
    let (_, _, _, h, m) = parts(at, offset_minutes);
    let d = day(at, language, offset_minutes);
    match language {
        "es" => format!("{d} a las {h:02}:{m:02}"),
        _ => format!("{d} at {h:02}:{m:02}"),
    }
}

/// A short date and time for lists: "Nov 27 14:05", "27 nov 14:05",
/// "27/11 14:05" (Vietnamese).
pub fn short(at: Timestamp, language: &str, offset_minutes: Option<i32>) -> String {
    let (_, day, month, h, m) = parts(at, offset_minutes);
    match language {
        "es" => format!("{day} {} {h:02}:{m:02}", &ES_MONTHS[month][..3]),
        "vi" => format!("{day}/{} {h:02}:{m:02}", month + 1),
        _ => format!("{} {day} {h:02}:{m:02}", &EN_MONTHS[month][..3]),
    }
}

/// A short date for lists: "Nov 27", "27 nov", "27/11" (Vietnamese).
pub fn short_day(at: Timestamp, language: &str, offset_minutes: Option<i32>) -> String {
    let (_, day, month, _, _) = parts(at, offset_minutes);
    match language {
        "es" => format!("{day} {}", &ES_MONTHS[month][..3]),
        "vi" => format!("{day}/{}", month + 1),
        _ => format!("{} {day}", &EN_MONTHS[month][..3]),
    }
}

/// A number with one decimal, with the language's decimal mark: "5.5",
/// "5,5" (Spanish and Vietnamese).
pub fn one_decimal(x: f64, language: &str) -> String {
    let s = format!("{x:.1}");
    match language {
        "es" | "vi" => s.replace('.', ","),
        _ => s,
    }
}

fn parts(at: Timestamp, offset_minutes: Option<i32>) -> (usize, u32, usize, u32, u32) {
    let utc = chrono::Utc
        .timestamp_millis_opt(at.0)
        .single()
        .unwrap_or_default();
    let local = match offset_minutes.and_then(|m| chrono::FixedOffset::east_opt(m * 60)) {
        Some(off) => utc.with_timezone(&off).naive_local(),
        None => utc.with_timezone(&Local).naive_local(),
    };
    (
        local.weekday().num_days_from_monday() as usize,
        local.day(),
        local.month0() as usize,
        local.hour(),
        local.minute(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_spanish() {
        // 2026-11-27 13:05 UTC, a Friday.
        let t = Timestamp(1_795_784_700_000);
        assert_eq!(day(t, "en", Some(0)), "Friday, November 27");
        assert_eq!(day(t, "es", Some(0)), "viernes, 27 de noviembre");
        assert_eq!(
            day_and_time(t, "en", Some(60)),
            "Friday, November 27 at 14:05"
        );
        assert_eq!(
            day_and_time(t, "es", Some(-14 * 60)),
            "jueves, 26 de noviembre a las 23:05"
        );
    }

    #[test]
    fn short_dates_and_decimals_by_language() {
        let t = Timestamp(1_795_784_700_000);
        assert_eq!(short(t, "", Some(60)), "Nov 27 14:05");
        assert_eq!(short(t, "es", Some(60)), "27 nov 14:05");
        assert_eq!(short(t, "vi", Some(60)), "27/11 14:05");
        assert_eq!(one_decimal(5.46, "en"), "5.5");
        assert_eq!(one_decimal(5.46, "es"), "5,5");
    }
}
