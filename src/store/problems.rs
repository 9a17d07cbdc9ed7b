//! Problems reported at the screen ("Need help?"): on the staff's list, audited.

use super::audit::note;
use super::{attention, Store, StoreError, ACTOR_KIOSK};
use crate::kiosk::ProblemReport;

impl Store {
    /// Record a report: an attention item with the context in words, and an
    /// audit row. The same problem at the same locker is one open item.
    pub fn report_problem(&mut self, report: &ProblemReport) -> Result<(), StoreError> {
        let c = &report.context;
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
            "problem_reported",
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
        tx.commit()?;
        Ok(())
    }
}
