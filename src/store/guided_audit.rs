//! The guided audit: staff open the occupied doors one by one and say what
//! they find. Findings are kept as a report; discrepancies go on the attention list.

use super::audit::note;
use super::{attention, Store, StoreError};
use crate::domain::{LockerId, PackageId, Timestamp};
use rusqlite::{params, OptionalExtension};

/// What staff found behind a door.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Finding {
    /// The expected package is there.
    Present,
    /// The expected package is not there.
    Missing,
    /// Something other than the expected package is there.
    Other,
    /// An empty locker is empty, as expected.
    Empty,
    /// An empty locker holds something.
    FoundItem,
    /// The door did not open, so nobody could look.
    NotOpened,
}

impl Finding {
    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Present => "present",
            Finding::Missing => "missing",
            Finding::Other => "other",
            Finding::Empty => "empty",
            Finding::FoundItem => "found_item",
            Finding::NotOpened => "not_opened",
        }
    }

    /// Every finding, in the order the audit screen numbers them.
    pub const ALL: [Finding; 6] = [
        Finding::Present,
        Finding::Missing,
        Finding::Other,
        Finding::Empty,
        Finding::FoundItem,
        Finding::NotOpened,
    ];

    /// Parse the database spelling.
    pub fn parse(s: &str) -> Option<Finding> {
        Finding::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// True when the database and the locker disagree (or nobody could tell).
    pub fn is_discrepancy(self) -> bool {
        !matches!(self, Finding::Present | Finding::Empty)
    }
}

/// One line of an audit's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingRow {
    pub at: Timestamp,
    pub locker: String,
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
            "audit_started",
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
        locker: LockerId,
        package: Option<PackageId>,
        finding: Finding,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "INSERT OR REPLACE INTO audit_findings (audit_id, at, locker_id, package_id, finding)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                audit,
                now.0,
                locker.0,
                package.map(|p| p.0),
                finding.as_str()
            ],
        )?;
        note(
            &tx,
            now,
            "audit_finding",
            actor,
            Some(locker),
            package,
            finding.as_str(),
        )?;
        if finding.is_discrepancy() {
            let label: String =
                tx.query_row("SELECT label FROM lockers WHERE id = ?1", [locker.0], |r| {
                    r.get(0)
                })?;
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
            let who = actor.trim_start_matches("staff:");
            let message = match (finding, what) {
                (Finding::Missing, Some((t, r))) => format!(
                    "Audit: package {t} for {r} was not in locker {label} ({who}). Find it, or \
                     remove it from the locker's record and tell the resident."
                ),
                (Finding::Other, Some((t, r))) => format!(
                    "Audit: locker {label} holds something other than package {t} for {r} ({who}). \
                     Check the label and record what is there."
                ),
                (Finding::FoundItem, _) => format!(
                    "Audit: locker {label} should be empty but holds something ({who}). Take it \
                     out and find whose it is."
                ),
                _ => format!(
                    "Audit: locker {label} could not be checked ({who}): its door did not open."
                ),
            };
            attention::add(
                &tx,
                now,
                "audit_discrepancy",
                Some(locker),
                package,
                &message,
            )?;
        }
        tx.commit()?;
        Ok(())
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
            "audit_finished",
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
            "SELECT f.at, l.label, p.tracking, r.name, f.finding FROM audit_findings f
             JOIN lockers l ON l.id = f.locker_id
             LEFT JOIN packages p ON p.id = f.package_id
             LEFT JOIN residents r ON r.id = p.resident_id
             WHERE f.audit_id = ?1 ORDER BY f.at, f.id",
        )?;
        let findings = stmt
            .query_map([audit], |r| {
                Ok(FindingRow {
                    at: Timestamp(r.get(0)?),
                    locker: r.get(1)?,
                    tracking: r.get(2)?,
                    resident: r.get(3)?,
                    finding: r.get(4)?,
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
