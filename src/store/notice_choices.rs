//! How a resident is told, as they choose on their page (or staff do): the
//! language of their notices, and whether reminders about packages still
//! waiting come (the final notice before a package goes to staff always does).

use super::{Store, StoreError};
use crate::domain::{Refusal, ResidentId, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::params;

impl Store {
    /// Set `resident`'s notice language and reminders (none: unchanged), audited.
    pub fn set_notice_choices(
        &mut self,
        resident: ResidentId,
        language: Option<&str>,
        reminders: Option<bool>,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        if let Some(l) = language.filter(|l| !crate::notify::templates::LANGUAGES.contains(l)) {
            return Err(StoreError::Refused(Refusal::NoNoticesIn(l.to_string())));
        }
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE residents SET language = COALESCE(?2, language),
                    reminders = COALESCE(?3, reminders)
             WHERE id = ?1 AND active = 1",
            params![resident.0, language, reminders],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound("resident"));
        }
        let said: Vec<String> = [
            language.map(|l| format!("language {l}")),
            reminders.map(|on| format!("reminders {}", if on { "on" } else { "off" })),
        ]
        .into_iter()
        .flatten()
        .collect();
        let detail = said.join("; ");
        super::audit::note_resident(&tx, now, EventKind::NoticeChoices, actor, resident, &detail)?;
        tx.commit()?;
        Ok(())
    }
}
