//! How a resident is told, chosen on their page: by email, text or both
//! (where the wall sends texts), the language of their notices and whether
//! reminders come. The wall keeps the choice; the page shows the last one
//! it took.

use super::requests::{self, Outcome};
use super::Holder;
use crate::wire::texts::NOTIFY_BY;
use crate::wire::ActionKind;
use crate::PortfolioError;
use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use serde::Deserialize;

/// The languages residents' notices are written in.
pub const LANGUAGES: [&str; 2] = ["en", "es"];

/// The page's fields: a language, the reminders box (present: ticked),
/// and email, text or both (only where the wall sends texts).
#[derive(Deserialize)]
struct Fields {
    language: String,
    reminders: Option<String>,
    by: Option<String>,
}

/// What a resident chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub language: String,
    pub reminders: bool,
    /// `email`, `text` or `both` (none: unchanged).
    pub by: Option<String>,
}

/// A choice as asked, and what the wall did with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoicesAsked {
    pub at: DateTime<Utc>,
    /// None: the wall has not answered yet; Some(false): it could not.
    pub done: Option<bool>,
    pub language: Option<String>,
    pub reminders: Option<bool>,
    pub by: Option<String>,
}

/// What a form chooses (none: not the page's form, a language notices are
/// not written in, or a way of telling there is none of).
pub fn of_form(body: &[u8]) -> Option<Chosen> {
    let f: Fields = serde_urlencoded::from_bytes(body).ok()?;
    let by_known = f.by.as_deref().is_none_or(|b| NOTIFY_BY.contains(&b));
    (LANGUAGES.contains(&f.language.as_str()) && by_known).then(|| Chosen {
        language: f.language,
        reminders: f.reminders.is_some(),
        by: f.by,
    })
}

/// Ask the wall to tell `who` as they chose.
pub async fn ask(pool: &Pool, who: &Holder, chosen: Chosen) -> Result<Outcome, PortfolioError> {
    let what = ActionKind::Notices {
        resident: who.resident,
        language: Some(chosen.language),
        reminders: Some(chosen.reminders),
        by: chosen.by,
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
        by,
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
        by,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_names_a_notice_language_and_the_box_says_reminders() {
        let chosen = |language: &str, reminders, by: Option<&str>| Chosen {
            language: language.into(),
            reminders,
            by: by.map(str::to_string),
        };
        assert_eq!(
            of_form(b"language=es&reminders=on"),
            Some(chosen("es", true, None))
        );
        assert_eq!(of_form(b"language=en"), Some(chosen("en", false, None)));
        assert_eq!(
            of_form(b"language=en&by=both"),
            Some(chosen("en", false, Some("both")))
        );
        for bad in [
            &b"language=fr"[..],
            b"language=%3Cscript%3E",
            b"language=en&by=pigeon",
            b"language=en&by=",
            b"reminders=on",
            b"",
        ] {
            assert_eq!(of_form(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
