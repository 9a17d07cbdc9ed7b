//! How a resident is told, as they choose on their page (or staff do): by
//! email, text or both, the language of their notices, and whether
//! reminders about packages still waiting come (the final notice before a
//! package goes to staff always does).

use super::{Store, StoreError};
use crate::domain::{NotifyBy, Refusal, ResidentId, Timestamp};
use lockerwall_wire::texts::e164;
use lockerwall_wire::EventKind;
use rusqlite::params;

/// A resident's choices; none: unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoticeChoices {
    pub by: Option<NotifyBy>,
    pub language: Option<String>,
    pub reminders: Option<bool>,
}

impl NoticeChoices {
    /// The choices in the audit trail's words ("by text; language es").
    fn said(&self) -> String {
        let said: Vec<String> = [
            self.by.map(|b| format!("by {}", b.as_str())),
            self.language.as_ref().map(|l| format!("language {l}")),
            self.reminders
                .map(|on| format!("reminders {}", if on { "on" } else { "off" })),
        ]
        .into_iter()
        .flatten()
        .collect();
        said.join("; ")
    }
}

impl Store {
    /// Set how `resident` is told, audited. Texts need a number a text can
    /// reach; choosing them again starts texts a STOP had stopped.
    pub fn set_notice_choices(
        &mut self,
        resident: ResidentId,
        choices: &NoticeChoices,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let language = choices.language.as_deref();
        if let Some(l) = language.filter(|l| !crate::notify::templates::LANGUAGES.contains(l)) {
            return Err(StoreError::Refused(Refusal::NoNoticesIn(l.to_string())));
        }
        let by = choices.by.map(NotifyBy::as_str);
        let country = self
            .notices
            .texts
            .as_ref()
            .map_or("1".to_string(), |t| t.country.clone());
        let tx = self.write()?;
        let phone: Option<Option<String>> = tx
            .query_row(
                "SELECT phone FROM residents WHERE id = ?1 AND active = 1",
                [resident.0],
                |r| r.get(0),
            )
            .ok();
        let Some(phone) = phone else {
            return Err(StoreError::NotFound("resident"));
        };
        let reachable = phone.is_some_and(|p| e164(&p, &country).is_some());
        if choices.by.is_some_and(NotifyBy::texts) && !reachable {
            return Err(StoreError::Refused(Refusal::NoNumberForTexts));
        }
        tx.execute(
            "UPDATE residents SET language = COALESCE(?2, language),
                    reminders = COALESCE(?3, reminders), notify_by = COALESCE(?4, notify_by),
                    texts_stopped_at = CASE WHEN ?4 IN ('text', 'both') THEN NULL
                                            ELSE texts_stopped_at END
             WHERE id = ?1",
            params![resident.0, language, choices.reminders, by],
        )?;
        super::audit::note_resident(
            &tx,
            now,
            EventKind::NoticeChoices,
            actor,
            resident,
            &choices.said(),
        )?;
        tx.commit()?;
        Ok(())
    }
}
