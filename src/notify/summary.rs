//! The summary the day a resident is back from away: how many packages wait
//! and, for each, where it is, its code and its collect-by day, in the
//! resident's language.

use super::dates;
use super::mailer::Place;
use crate::domain::HoldPolicy;
use crate::store::NoticeFacts;

/// "3 packages are waiting for you" / "3 paquetes le esperan".
pub fn waiting(count: usize, language: &str) -> String {
    match (language, count) {
        ("es", 1) => "1 paquete le espera".into(),
        ("es", n) => format!("{n} paquetes le esperan"),
        (_, 1) => "1 package is waiting for you".into(),
        (_, n) => format!("{n} packages are waiting for you"),
    }
}

/// One line per package: where, its code, its carrier, its collect-by day.
pub fn lines(
    packages: &[NoticeFacts],
    policy: &HoldPolicy,
    language: &str,
    offset: Option<i32>,
) -> String {
    let es = language == "es";
    packages
        .iter()
        .map(|f| {
            let by = dates::day(policy.collect_by(f.hold_from), language, offset);
            let code = f.code.as_deref().unwrap_or("");
            let place = where_it_is(f, es);
            if es {
                format!(
                    "• {place} · código {code} · de {} · retírelo antes del {by}",
                    f.carrier
                )
            } else {
                format!(
                    "• {place} · code {code} · from {} · collect by {by}",
                    f.carrier
                )
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a package waits, at the start of a line.
fn where_it_is(f: &NoticeFacts, es: bool) -> String {
    match (f.held, &f.shelf, es) {
        (true, _, false) => "With the package staff".into(),
        (true, _, true) => "Con el personal de paquetería".into(),
        (false, None, false) => format!("Locker {}", f.locker),
        (false, None, true) => format!("Casillero {}", f.locker),
        (false, Some(_), _) => capitalised(&Place::of(f, if es { "es" } else { "en" }).place),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
