//! The guided audit: staff open the occupied doors one by one, look on the
//! package room's shelves and among the packages they hold, and say what
//! they find. Findings are kept as a report; discrepancies go on the attention list.

use super::audit::note;
use super::{attention, Store, StoreError};
use crate::domain::audit::{AuditItem, AuditPlace};
pub use crate::domain::audit::{Finding, FindingAt};
use crate::domain::{PackageId, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{params, OptionalExtension};

/// One line of an audit's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingRow {
    pub at: Timestamp,
    /// The locker (for a shelf, the room's door); none: held by staff.
    pub locker: Option<String>,
    pub shelf: Option<String>,
    pub tracking: Option<String>,
    pub resident: Option<String>,
    pub finding: String,
}

/// A finished (or abandoned) audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditReport {
    pub id: i64,
    pub staff: String,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub findings: Vec<FindingRow>,
}

impl AuditReport {
    /// Findings that need a person.
    pub fn discrepancies(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| Finding::parse(&f.finding).is_none_or(Finding::is_discrepancy))
            .count()
    }
}

/// The attention item's words for a discrepancy: what should have been
/// where, and what to do.
fn discrepancy_words(
    finding: Finding,
    what: Option<(String, String)>,
    label: Option<String>,
    shelf: Option<&str>,
    actor: &str,
) -> String {
    let who = actor.trim_start_matches("staff:");
    match (finding, what, label, shelf) {
        (Finding::Missing, Some((t, r)), _, Some(shelf)) => format!(
            "Audit: package {t} for {r} was not on shelf {shelf} in the package room \
             ({who}). Find it, or take it off the shelf's record and tell the resident."
        ),
        (Finding::Missing, Some((t, r)), None, _) => format!(
            "Audit: package {t} for {r}, left with the package staff, was not found \
             ({who}). Find it, or record what became of it and tell the resident."
        ),
        (Finding::Other, Some((t, r)), _, Some(shelf)) => format!(
            "Audit: shelf {shelf} in the package room holds something other than \
             package {t} for {r} ({who}). Check the labels there."
        ),
        (_, _, None, _) => {
            format!("Audit: a package left with the package staff could not be checked ({who}).")
        }
        (Finding::Missing, Some((t, r)), Some(label), None) => format!(
            "Audit: package {t} for {r} was not in locker {label} ({who}). Find it, or \
             remove it from the locker's record and tell the resident."
        ),
        (Finding::Other, Some((t, r)), Some(label), None) => format!(
            "Audit: locker {label} holds something other than package {t} for {r} ({who}). \
             Check the label and record what is there."
        ),
        (Finding::FoundItem, _, Some(label), _) => format!(
            "Audit: locker {label} should be empty but holds something ({who}). Take it \
             out and find whose it is."
        ),
        (_, _, Some(label), Some(_)) => format!(
            "Audit: the package room could not be checked ({who}): its door ({label}) did \
             not open."
        ),
        (_, _, Some(label), None) => {
            format!("Audit: locker {label} could not be checked ({who}): its door did not open.")
        }
    }
}

impl Store {
    /// Start an audit; returns its id.
    pub fn start_audit(&mut self, actor: &str, now: Timestamp) -> Result<i64, StoreError> {
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO audits (started_at, staff) VALUES (?1, ?2)",
            params![now.0, actor],
        )?;
        let id = tx.last_insert_rowid();
        note(
            &tx,
            now,
            EventKind::AuditStarted,
            actor,
            None,
            None,
            &format!("audit {id}"),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Record what staff found in one locker; a discrepancy becomes an attention item.
    pub fn record_finding(
        &mut self,
        audit: i64,
        place: &FindingAt,
        finding: Finding,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let (locker, package) = (place.locker, place.package);
        let tx = self.write()?;
        tx.execute(
            "INSERT OR REPLACE INTO audit_findings (audit_id, at, locker_id, shelf, package_id, finding)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                audit,
                now.0,
                locker.map(|l| l.0),
                place.shelf,
                package.map(|p| p.0),
                finding.as_str()
            ],
        )?;
        note(
            &tx,
            now,
            EventKind::AuditFinding,
            actor,
            locker,
            package,
            finding.as_str(),
        )?;
        if finding.is_discrepancy() {
            let label: Option<String> = match locker {
                Some(l) => Some(tx.query_row(
                    "SELECT label FROM lockers WHERE id = ?1",
                    [l.0],
                    |r| r.get(0),
                )?),
                None => None,
            };
            let what: Option<(String, String)> = match package {
                Some(p) => tx
                    .query_row(
                        "SELECT p.tracking, r.name FROM packages p
                         JOIN residents r ON r.id = p.resident_id WHERE p.id = ?1",
                        [p.0],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?,
                None => None,
            };
            let message = discrepancy_words(finding, what, label, place.shelf.as_deref(), actor);
            attention::add(&tx, now, "audit_discrepancy", locker, package, &message)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Everything the audit checks, as the records say, in walking order:
    /// the wall's lockers (a shared locker once per package), then the
    /// package room's shelves, then what the staff hold.
    pub fn audit_items(&self) -> Result<Vec<AuditItem>, StoreError> {
        let mut items = Vec::new();
        for tile in self.wall_tiles()? {
            let card = self.locker_card(tile.locker.id)?;
            let sharing = match &card.package {
                Some(p) => self.sharing_with(p.id)?,
                None => Vec::new(),
            };
            items.push(AuditItem {
                place: AuditPlace::Locker(card.tile.clone()),
                package: card.package,
            });
            for p in sharing {
                items.push(AuditItem {
                    place: AuditPlace::Locker(card.tile.clone()),
                    package: Some(self.package_card(p)?),
                });
            }
        }
        if let Some(room) = self.room()? {
            for p in self.room_packages()? {
                items.push(AuditItem {
                    place: AuditPlace::Shelf {
                        door: room.door.clone(),
                        shelf: p.shelf,
                    },
                    package: Some(self.package_card(p.package)?),
                });
            }
        }
        for held in self.held_packages()? {
            items.push(AuditItem {
                place: AuditPlace::WithStaff,
                package: Some(self.package_card(held.package)?),
            });
        }
        Ok(items)
    }

    /// Packages that share `package`'s locker and wait in it.
    fn sharing_with(&self, package: PackageId) -> Result<Vec<PackageId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT id FROM packages WHERE shares_with = ?1
               AND state IN ",
            live_states!(),
            " ORDER BY id"
        ))?;
        let rows = stmt.query_map([package.0], |r| Ok(PackageId(r.get(0)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Close an audit.
    pub fn finish_audit(
        &mut self,
        audit: i64,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE audits SET finished_at = ?2 WHERE id = ?1 AND finished_at IS NULL",
            params![audit, now.0],
        )?;
        note(
            &tx,
            now,
            EventKind::AuditFinished,
            actor,
            None,
            None,
            &format!("audit {audit}"),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Audits, newest first.
    pub fn audits(&self) -> Result<Vec<AuditReport>, StoreError> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM audits ORDER BY id DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter().map(|id| self.audit_report(id)).collect()
    }

    /// One audit with its findings in the order they were made.
    pub fn audit_report(&self, audit: i64) -> Result<AuditReport, StoreError> {
        let (staff, started, finished): (String, i64, Option<i64>) = self
            .conn
            .query_row(
                "SELECT staff, started_at, finished_at FROM audits WHERE id = ?1",
                [audit],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound("audit"))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.at, l.label, f.shelf, p.tracking, r.name, f.finding FROM audit_findings f
             LEFT JOIN lockers l ON l.id = f.locker_id
             LEFT JOIN packages p ON p.id = f.package_id
             LEFT JOIN residents r ON r.id = p.resident_id
             WHERE f.audit_id = ?1 ORDER BY f.at, f.id",
        )?;
        let findings = stmt
            .query_map([audit], |r| {
                Ok(FindingRow {
                    at: Timestamp(r.get(0)?),
                    locker: r.get(1)?,
                    shelf: r.get(2)?,
                    tracking: r.get(3)?,
                    resident: r.get(4)?,
                    finding: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(AuditReport {
            id: audit,
            staff: staff.trim_start_matches("staff:").to_string(),
            started_at: Timestamp(started),
            finished_at: finished.map(Timestamp),
            findings,
        })
    }
}
