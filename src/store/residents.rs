//! The directory as staff keep it on screen: find anyone (moved out too), add
//! and edit residents.

use super::audit::note;
use super::import::ResidentRecord;
use super::{Store, StoreError};
use crate::domain::Refusal;
use crate::domain::{ResidentId, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Residents whose name, unit, email or resident id contains the text
    /// (moved-out ones after the rest), at most `limit`.
    pub fn find_residents(
        &self,
        text: &str,
        limit: usize,
    ) -> Result<Vec<ResidentRecord>, StoreError> {
        let words: Vec<String> = text
            .split_whitespace()
            .take(4)
            .map(|w| w.to_lowercase())
            .collect();
        Ok(self
            .all_residents()?
            .into_iter()
            .filter(|r| {
                let hay = format!(
                    "{} {} {}-{} {} {}",
                    r.name,
                    r.unit,
                    r.building,
                    r.unit,
                    r.email.as_deref().unwrap_or(""),
                    r.external_id.as_deref().unwrap_or("")
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .take(limit)
            .collect())
    }

    /// Add (id 0) or change a resident; returns the id. Refused with words
    /// when a field is not usable.
    pub fn save_resident(
        &mut self,
        r: &ResidentRecord,
        actor: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let refuse = |why: Refusal| Err(StoreError::Refused(why));
        let name = r.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return refuse(Refusal::NameNeeded);
        }
        if r.unit.trim().is_empty() {
            return refuse(Refusal::UnitNeeded);
        }
        let email = r.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email.filter(|e| !crate::directory_import::looks_like_email(e)) {
            return refuse(Refusal::NotAnEmail(e.to_string()));
        }
        if !crate::notify::templates::LANGUAGES.contains(&r.language.as_str()) {
            return refuse(Refusal::NoNoticesIn(r.language.clone()));
        }
        let phone = r.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
        let tx = self.write()?;
        let (id, kind) = if r.id == 0 {
            tx.execute(
                "INSERT INTO residents (name, unit, building, email, phone, language, door_delivery,
                     needs_accessible, active, reminders, notify_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    name,
                    r.unit.trim(),
                    r.building.trim(),
                    email,
                    phone,
                    r.language,
                    r.door_delivery,
                    r.accessible,
                    r.active,
                    r.reminders,
                    r.notify_by.as_str()
                ],
            )?;
            (tx.last_insert_rowid(), EventKind::ResidentAdded)
        } else {
            let was_active: Option<bool> = tx
                .query_row(
                    "SELECT active FROM residents WHERE id = ?1",
                    [r.id],
                    |row| row.get(0),
                )
                .optional()?;
            if was_active == Some(true) && !r.active {
                super::resident_page::revoke_links(&tx, ResidentId(r.id), actor, now, "moved out")?;
            }
            let changed = tx.execute(
                "UPDATE residents SET name = ?2, unit = ?3, building = ?4, email = ?5, phone = ?6,
                     language = ?7, door_delivery = ?8, active = ?9, needs_accessible = ?10,
                     reminders = ?11, notify_by = ?12
                 WHERE id = ?1",
                params![
                    r.id,
                    name,
                    r.unit.trim(),
                    r.building.trim(),
                    email,
                    phone,
                    r.language,
                    r.door_delivery,
                    r.active,
                    r.accessible,
                    r.reminders,
                    r.notify_by.as_str()
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound("resident"));
            }
            (r.id, EventKind::ResidentEdited)
        };
        note(
            &tx,
            now,
            kind,
            actor,
            None,
            None,
            &format!("{name} ({}-{})", r.building.trim(), r.unit.trim()),
        )?;
        tx.commit()?;
        Ok(id)
    }
}
