//! Problems reported at the screen ("Need help?"): kept, on the staff's
//! list, audited, and mailed to the package help address through the outbox.

use super::audit::note;
use super::{attention, outbox, Store, StoreError, ACTOR_KIOSK};
use crate::domain::ProblemReport;
use lockerwall_wire::EventKind;

impl Store {
    /// Record a report: the report itself, an attention item with the context
    /// in words, an audit row, and (where a help address is set) its email in
    /// the outbox, all in one transaction. The same problem at the same locker
    /// is one open attention item; each report is mailed.
    pub fn report_problem(&mut self, report: &ProblemReport) -> Result<(), StoreError> {
        let c = &report.context;
        let (help_desk, site_tag) = (self.notices.help_desk.clone(), self.site_tag.clone());
        let tx = self.write()?;
        let tracking: Option<String> = match c.package {
            Some(p) => Some(tx.query_row(
                "SELECT tracking FROM packages WHERE id = ?1",
                [p.0],
                |r| r.get(0),
            )?),
            None => None,
        };
        let mut message = format!("Reported at the kiosk: {}", report.kind.words());
        if let Some((_, label)) = &c.locker {
            message += &format!(", locker {label}");
        }
        if let Some(t) = &tracking {
            message += &format!(", package {t}");
        }
        if let Some(carrier) = &c.carrier {
            message += &format!(", by the {carrier} carrier");
        }
        // "pickup-door" -> "the pickup door screen", in staff's words.
        message += &format!(" (on the {} screen).", c.screen.replace('-', " "));
        let locker = c.locker.as_ref().map(|(id, _)| *id);
        let actor = match &c.carrier {
            Some(name) => format!("carrier:{name}"),
            None => ACTOR_KIOSK.to_string(),
        };
        note(
            &tx,
            c.at,
            EventKind::ProblemReported,
            &actor,
            locker,
            c.package,
            &message,
        )?;
        attention::add(
            &tx,
            c.at,
            &format!("problem_{}", report.kind.as_str()),
            locker,
            c.package,
            &message,
        )?;
        tx.execute(
            "INSERT INTO problems (at, kind, locker_id, package_id, reporter, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![
                c.at.0,
                report.kind.as_str(),
                locker.map(|l| l.0),
                c.package.map(|p| p.0),
                actor,
                message
            ],
        )?;
        let problem = tx.last_insert_rowid();
        if let Some(to) = &help_desk {
            outbox::queue_problem(&tx, &site_tag, c.at, problem, to)?;
        }
        tx.commit()?;
        Ok(())
    }
}
