//! How a resident is told, chosen on their page: the language of their
//! notices and whether reminders come. The wall keeps the choice; the page
//! shows the last one it took.

use super::requests::{self, Outcome};
use super::Holder;
use crate::wire::ActionKind;
use crate::PortfolioError;
use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use serde::Deserialize;

/// The languages residents' notices are written in.
pub const LANGUAGES: [&str; 2] = ["en", "es"];

/// The page's fields: a language, and the reminders box (present: ticked).
#[derive(Deserialize)]
struct Fields {
    language: String,
    reminders: Option<String>,
}

/// A choice as asked, and what the wall did with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoicesAsked {
    pub at: DateTime<Utc>,
    /// None: the wall has not answered yet; Some(false): it could not.
    pub done: Option<bool>,
    pub language: Option<String>,
    pub reminders: Option<bool>,
}

/// The language and reminders a form asks for (none: not the page's form,
/// or a language notices are not written in).
pub fn of_form(body: &[u8]) -> Option<(String, bool)> {
    let f: Fields = serde_urlencoded::from_bytes(body).ok()?;
    LANGUAGES
        .contains(&f.language.as_str())
        .then(|| (f.language, f.reminders.is_some()))
}

/// Ask the wall to tell `who` in `language`, with or without reminders.
pub async fn ask(
    pool: &Pool,
    who: &Holder,
    language: String,
    reminders: bool,
) -> Result<Outcome, PortfolioError> {
    let what = ActionKind::Notices {
        resident: who.resident,
        language: Some(language),
        reminders: Some(reminders),
    };
    requests::ask_about_self(pool, who, &what).await
}

/// The resident's last choice, if any.
pub async fn last_asked(
    c: &tokio_postgres::Client,
    who: &Holder,
) -> Result<Option<ChoicesAsked>, PortfolioError> {
    let Some((at, done, what)) = requests::last_about_self(c, who, "notices").await? else {
        return Ok(None);
    };
    let ActionKind::Notices {
        language,
        reminders,
        ..
    } = what
    else {
        return Ok(None);
    };
    Ok(Some(ChoicesAsked {
        at,
        done,
        language,
        reminders,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_names_a_notice_language_and_the_box_says_reminders() {
        assert_eq!(
            of_form(b"language=es&reminders=on"),
            Some(("es".into(), true))
        );
        assert_eq!(of_form(b"language=en"), Some(("en".into(), false)));
        for bad in [
            &b"language=fr"[..],
            b"language=%3Cscript%3E",
            b"reminders=on",
            b"",
        ] {
            assert_eq!(of_form(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
