//! Applying a directory export: upsert by the export's resident id (or unit,
//! building and name), move-outs on a full export, all in one transaction.

use super::audit::note;
use super::{Store, StoreError};
use crate::directory_import::{Field, Parsed};
pub use crate::domain::people::ResidentRecord;
use crate::domain::{NotifyBy, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{params, Connection};
use std::collections::HashSet;
use std::fmt;

/// How to apply an export.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportMode {
    /// The export lists everyone: residents missing from it have moved out.
    pub full: bool,
    /// Report what would change; change nothing.
    pub dry_run: bool,
    /// Allow a full import that moves out more than half the residents.
    pub force: bool,
}

/// What an import changed (or, in a dry run, would change).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub dry_run: bool,
    pub added: Vec<String>,
    /// Residents changed, with the fields that changed.
    pub updated: Vec<(String, Vec<&'static str>)>,
    /// Moved-out residents who are back.
    pub reactivated: Vec<String>,
    pub unchanged: usize,
    /// Residents deactivated as moved out, with their packages still waiting.
    pub moved_out: Vec<(String, u32)>,
    /// Lines skipped, with why.
    pub skipped: Vec<(u64, String)>,
    pub notes: Vec<String>,
}

impl fmt::Display for ImportOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            writeln!(f, "Dry run: nothing was changed. This import would make:")?;
        }
        writeln!(
            f,
            "added {}, updated {}, reactivated {}, unchanged {}, moved out {}, bad lines skipped {}",
            self.added.len(),
            self.updated.len(),
            self.reactivated.len(),
            self.unchanged,
            self.moved_out.len(),
            self.skipped.len()
        )?;
        for (line, why) in &self.skipped {
            writeln!(f, "  line {line}: {why}")?;
        }
        for n in &self.added {
            writeln!(f, "  added: {n}")?;
        }
        for (n, fields) in &self.updated {
            writeln!(f, "  updated: {n}: {}", fields.join(", "))?;
        }
        for n in &self.reactivated {
            writeln!(f, "  back again: {n}")?;
        }
        for (n, waiting) in &self.moved_out {
            match waiting {
                0 => writeln!(f, "  moved out: {n}")?,
                w => writeln!(
                    f,
                    "  moved out: {n} (has {w} package(s) waiting: they stay until picked up or removed)"
                )?,
            }
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}

fn describe(name: &str, building: &str, unit: &str) -> String {
    if building.is_empty() {
        format!("{name} ({unit})")
    } else {
        format!("{name} ({building}-{unit})")
    }
}

fn key(unit: &str, building: &str, name: &str) -> (String, String, String) {
    (
        unit.trim().to_lowercase(),
        building.trim().to_lowercase(),
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

/// Every resident, in id order (inside the caller's transaction).
fn existing(conn: &Connection) -> Result<Vec<ResidentRecord>, StoreError> {
    residents(conn, "ORDER BY id")
}

fn residents(conn: &Connection, order: &str) -> Result<Vec<ResidentRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, external_id, name, unit, building, email, phone, language, door_delivery,
                needs_accessible, active, reminders, notify_by FROM residents {order}"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(ResidentRecord {
            id: r.get(0)?,
            external_id: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            building: r.get(4)?,
            email: r.get(5)?,
            phone: r.get(6)?,
            language: r.get(7)?,
            door_delivery: r.get(8)?,
            accessible: r.get(9)?,
            active: r.get(10)?,
            reminders: r.get(11)?,
            notify_by: NotifyBy::parse(&r.get::<_, String>(12)?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The fields a row would change, given which optional columns the export has.
fn changes(e: &ResidentRecord, r: &ResidentRecord, has: &HashSet<Field>) -> Vec<&'static str> {
    let mut out = Vec::new();
    if e.name != r.name {
        out.push("name");
    }
    if e.unit != r.unit {
        out.push("unit");
    }
    if has.contains(&Field::Building) && e.building != r.building {
        out.push("building");
    }
    if has.contains(&Field::Email) && e.email != r.email {
        out.push("email");
    }
    if has.contains(&Field::Phone) && e.phone != r.phone {
        out.push("phone");
    }
    if has.contains(&Field::Language) && e.language != r.language {
        out.push("language");
    }
    if has.contains(&Field::DoorDelivery) && e.door_delivery != r.door_delivery {
        out.push("door delivery");
    }
    if has.contains(&Field::Accessible) && e.accessible != r.accessible {
        out.push("accessible");
    }
    if has.contains(&Field::Reminders) && e.reminders != r.reminders {
        out.push("reminders");
    }
    if has.contains(&Field::NotifyBy) && e.notify_by != r.notify_by {
        out.push("how they are told");
    }
    if has.contains(&Field::ExternalId) && e.external_id.is_none() && r.external_id.is_some() {
        out.push("resident id");
    }
    out
}

impl Store {
    /// Apply an export. Refused (nothing changed) when a full import would move
    /// out more than half the residents and `force` is not set.
    pub fn import_residents(
        &mut self,
        parsed: &Parsed,
        mode: ImportMode,
        actor: &str,
        now: Timestamp,
    ) -> Result<ImportOutcome, StoreError> {
        let tx = self.write()?;
        let mut all = existing(&tx)?;
        let mut out = ImportOutcome {
            dry_run: mode.dry_run,
            skipped: parsed.bad.iter().map(|b| (b.line, b.why.clone())).collect(),
            notes: parsed.notes.clone(),
            ..Default::default()
        };
        let has = &parsed.has;
        let mut matched: HashSet<i64> = HashSet::new();
        for row in &parsed.rows {
            let by_id = row.resident.external_id.as_ref().and_then(|id| {
                all.iter()
                    .position(|e| e.external_id.as_deref() == Some(id.as_str()))
            });
            let k = key(
                &row.resident.unit,
                &row.resident.building,
                &row.resident.name,
            );
            let by_name = || {
                all.iter().position(|e| {
                    !matched.contains(&e.id)
                        && key(&e.unit, &e.building, &e.name) == k
                        // Someone else's id: a different person of the same name.
                        && (e.external_id.is_none() || row.resident.external_id.is_none())
                })
            };
            let found = by_id.or_else(by_name);
            match found {
                Some(i) => {
                    let e = &all[i];
                    matched.insert(e.id);
                    let fields = changes(e, &row.resident, has);
                    if !e.active {
                        out.reactivated.push(describe(
                            &row.resident.name,
                            &row.resident.building,
                            &row.resident.unit,
                        ));
                    } else if fields.is_empty() {
                        out.unchanged += 1;
                        continue;
                    } else {
                        out.updated.push((
                            describe(
                                &row.resident.name,
                                &row.resident.building,
                                &row.resident.unit,
                            ),
                            fields,
                        ));
                    }
                    let e = &all[i];
                    tx.execute(
                        "UPDATE residents SET name = ?2, unit = ?3, building = ?4, email = ?5,
                             phone = ?6, language = ?7, door_delivery = ?8, needs_accessible = ?9,
                             external_id = COALESCE(external_id, ?10), reminders = ?11,
                             notify_by = ?12, active = 1
                         WHERE id = ?1",
                        params![
                            e.id,
                            row.resident.name,
                            row.resident.unit,
                            if has.contains(&Field::Building) {
                                &row.resident.building
                            } else {
                                &e.building
                            },
                            if has.contains(&Field::Email) {
                                &row.resident.email
                            } else {
                                &e.email
                            },
                            if has.contains(&Field::Phone) {
                                &row.resident.phone
                            } else {
                                &e.phone
                            },
                            if has.contains(&Field::Language) {
                                &row.resident.language
                            } else {
                                &e.language
                            },
                            if has.contains(&Field::DoorDelivery) {
                                row.resident.door_delivery
                            } else {
                                e.door_delivery
                            },
                            if has.contains(&Field::Accessible) {
                                row.resident.accessible
                            } else {
                                e.accessible
                            },
                            row.resident.external_id,
                            if has.contains(&Field::Reminders) {
                                row.resident.reminders
                            } else {
                                e.reminders
                            },
                            if has.contains(&Field::NotifyBy) {
                                row.resident.notify_by
                            } else {
                                e.notify_by
                            }
                            .as_str(),
                        ],
                    )?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO residents (external_id, name, unit, building, email, phone,
                             language, door_delivery, needs_accessible, reminders, notify_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                        params![
                            row.resident.external_id,
                            row.resident.name,
                            row.resident.unit,
                            row.resident.building,
                            row.resident.email,
                            row.resident.phone,
                            row.resident.language,
                            row.resident.door_delivery,
                            row.resident.accessible,
                            row.resident.reminders,
                            row.resident.notify_by.as_str()
                        ],
                    )?;
                    let id = tx.last_insert_rowid();
                    matched.insert(id);
                    out.added.push(describe(
                        &row.resident.name,
                        &row.resident.building,
                        &row.resident.unit,
                    ));
                    all.push(ResidentRecord {
                        id,
                        ..row.resident.clone()
                    });
                }
            }
        }
        if mode.full && !parsed.bad.is_empty() {
            // A file with bad lines may not list everyone: moving out whoever
            // is missing could deactivate residents who live here.
            out.notes.push(
                "nobody was moved out: the file has bad lines, so it may not list everyone. \
                 Fix them and import again with --full."
                    .into(),
            );
        } else if mode.full {
            let active_before = all.iter().filter(|e| e.active).count();
            for e in all.iter().filter(|e| e.active && !matched.contains(&e.id)) {
                let waiting: u32 = tx.query_row(
                    concat!(
                        "SELECT COUNT(*) FROM packages WHERE resident_id = ?1 AND state = ",
                        state!(Stored)
                    ),
                    [e.id],
                    |r| r.get(0),
                )?;
                tx.execute("UPDATE residents SET active = 0 WHERE id = ?1", [e.id])?;
                super::resident_page::revoke_links(
                    &tx,
                    crate::domain::ResidentId(e.id),
                    actor,
                    now,
                    "moved out",
                )?;
                out.moved_out
                    .push((describe(&e.name, &e.building, &e.unit), waiting));
            }
            if !mode.force && out.moved_out.len() * 2 > active_before && active_before > 0 {
                return Err(StoreError::ImportMovesMost {
                    moved: out.moved_out.len(),
                    of: active_before,
                });
            }
        }
        let summary = format!(
            "added {}, updated {}, reactivated {}, moved out {}, skipped {}",
            out.added.len(),
            out.updated.len(),
            out.reactivated.len(),
            out.moved_out.len(),
            out.skipped.len()
        );
        note(
            &tx,
            now,
            EventKind::ResidentsImported,
            actor,
            None,
            None,
            &summary,
        )?;
        if mode.dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(out)
    }

    /// Every resident, moved out last, for `lockerwall residents list`.
    pub fn all_residents(&self) -> Result<Vec<ResidentRecord>, StoreError> {
        residents(&self.conn, "ORDER BY active DESC, building, unit, name")
    }

    /// One resident's directory entry.
    pub fn resident_record(&self, id: i64) -> Result<ResidentRecord, StoreError> {
        self.all_residents()?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(StoreError::NotFound("resident"))
    }
}
