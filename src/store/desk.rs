//! The package desk at the wall: open tickets shown on the staff's
//! attention list (solved there or at the desk), and the desk's requests
//! carried out at most once each. See docs/decisions/0023.

use super::audit::note;
use super::{Store, StoreError};
use crate::domain::Refusal;
use crate::domain::{DoorWindow, NotifyBy, PackageId, ResidentId, Timestamp};
use lockerwall_wire::EventKind;
use lockerwall_wire::{ActionDone, ActionKind, DeskAction, DeskReport, DeskTicket};
use rusqlite::{params, OptionalExtension};

/// The attention kind of a desk ticket.
pub const TICKET_KIND: &str = "desk_ticket";
/// Who resolves an attention item when the desk solved its ticket.
const BY_DESK: &str = "desk";

fn ticket_words(t: &DeskTicket) -> String {
    let from = t
        .unit
        .as_deref()
        .map(|u| format!("unit {u}"))
        .unwrap_or_else(|| "a resident".into());
    format!(
        "Question at the package desk from {from}: \u{201c}{}\u{201d} (ticket #{}). \
         Answer it at the desk; mark it resolved here when it is dealt with.",
        t.subject, t.id
    )
}

impl Store {
    /// The desk's open tickets as the server listed them: new (and reopened)
    /// ones join the attention list, ones no longer listed (solved at the
    /// desk) leave it.
    pub fn desk_tickets(&mut self, open: &[DeskTicket], now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        for t in open {
            // (resolved by, reported solved) of the ticket's item, if it was shown before.
            let known: Option<(Option<String>, bool)> = tx
                .query_row(
                    "SELECT a.resolved_by, d.reported_solved FROM desk_tickets d
                     JOIN attention a ON a.id = d.attention_id WHERE d.ticket_id = ?1",
                    [t.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match &known {
                // Still on the list, or resolved here and not yet told to
                // the desk (the desk's list is older than that): leave it.
                Some((None, _)) => continue,
                Some((Some(by), false)) if by != BY_DESK => continue,
                // New, or solved before and open again at the desk (the
                // resident wrote again): on the list.
                _ => {}
            }
            // The package id is the wall's own; one that is gone is left out.
            let package: Option<i64> = match t.package {
                Some(p) => tx
                    .query_row("SELECT id FROM packages WHERE id = ?1", [p], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            tx.execute(
                "INSERT INTO attention (created_at, kind, package_id, message) VALUES (?1, ?2, ?3, ?4)",
                params![t.since.min(now.0), TICKET_KIND, package, ticket_words(t)],
            )?;
            let attention = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO desk_tickets (ticket_id, attention_id) VALUES (?1, ?2)
                 ON CONFLICT (ticket_id) DO UPDATE SET attention_id = ?2, reported_solved = 0",
                params![t.id, attention],
            )?;
        }
        let ids: Vec<i64> = open.iter().map(|t| t.id).collect();
        let listed = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
        tx.execute(
            "UPDATE attention SET resolved_at = ?1, resolved_by = ?2
             WHERE resolved_at IS NULL AND id IN (
                 SELECT attention_id FROM desk_tickets
                 WHERE ticket_id NOT IN (SELECT value FROM json_each(?3)))",
            params![now.0, BY_DESK, listed],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// What the desk has not heard yet: tickets solved at the kiosk, requests carried out.
    pub fn desk_report(&self) -> Result<DeskReport, StoreError> {
        let mut solved = self.conn.prepare_cached(
            "SELECT d.ticket_id FROM desk_tickets d JOIN attention a ON a.id = d.attention_id
             WHERE a.resolved_at IS NOT NULL AND a.resolved_by <> ?1 AND d.reported_solved = 0
             ORDER BY d.ticket_id",
        )?;
        let solved = solved
            .query_map([BY_DESK], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        let mut done = self.conn.prepare_cached(
            "SELECT action_id, ok, message FROM desk_actions
             WHERE done_at IS NOT NULL AND reported = 0 ORDER BY action_id",
        )?;
        let done = done
            .query_map([], |r| {
                Ok(ActionDone {
                    id: r.get(0)?,
                    ok: r.get(1)?,
                    message: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DeskReport { solved, done })
    }

    /// The server took `report`: it need not be said again.
    pub fn desk_reported(&mut self, report: &DeskReport) -> Result<(), StoreError> {
        if report.is_empty() {
            return Ok(());
        }
        let tx = self.write()?;
        for t in &report.solved {
            tx.execute(
                "UPDATE desk_tickets SET reported_solved = 1 WHERE ticket_id = ?1",
                [t],
            )?;
        }
        for d in &report.done {
            tx.execute(
                "UPDATE desk_actions SET reported = 1 WHERE action_id = ?1",
                [d.id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Carry out one of the desk's requests, once: a request seen before is
    /// not repeated, and one interrupted by a restart is reported as not done.
    pub fn desk_act(&mut self, a: &DeskAction, now: Timestamp) -> Result<(), StoreError> {
        let kind = match &a.what {
            ActionKind::ResendNotice => "resend_notice",
            ActionKind::ChangeRecipient { .. } => "change_recipient",
            ActionKind::ExtendHold { .. } => "extend_hold",
            ActionKind::DoorDelivery { .. } => "door_delivery",
            ActionKind::DoorStanding { .. } => "door_standing",
            ActionKind::Away { .. } => "away",
            ActionKind::Notices { .. } => "notices",
            ActionKind::TextReply { .. } => "text_reply",
            ActionKind::Expect { .. } => "expect",
            ActionKind::TextUndelivered { .. } => "text_undelivered",
            ActionKind::Unknown => "unknown",
        };
        let seen: Option<Option<i64>> = self
            .conn
            .query_row(
                "SELECT done_at FROM desk_actions WHERE action_id = ?1",
                [a.id],
                |r| r.get(0),
            )
            .optional()?;
        match seen {
            Some(Some(_)) => return Ok(()),
            Some(None) => {
                return self.desk_done(
                    a.id,
                    now,
                    Some(
                        "interrupted by a restart of the wall; ask again if it is still needed"
                            .into(),
                    ),
                )
            }
            None => {}
        }
        self.conn.execute(
            "INSERT INTO desk_actions (action_id, kind, package_id, received_at) VALUES (?1, ?2, ?3, ?4)",
            params![a.id, kind, a.package, now.0],
        )?;
        if let Some(why) = self.refusal_of(a)? {
            return self.desk_done(a.id, now, Some(why.into()));
        }
        let refused = match self.carry_out(a, now) {
            Ok(()) => None,
            Err(StoreError::Refused(why)) => Some(why.to_string()),
            Err(StoreError::NotFound(what)) => Some(format!("no such {what} at the wall")),
            Err(e) => return Err(e),
        };
        self.desk_done(a.id, now, refused)
    }

    /// Why the wall will not do `a` at all (none: it may try).
    fn refusal_of(&self, a: &DeskAction) -> Result<Option<&'static str>, StoreError> {
        if a.what == ActionKind::Unknown {
            return Ok(Some(
                "this wall's version does not know that request: update its software",
            ));
        }
        let about_resident = matches!(
            a.what,
            ActionKind::Away { .. }
                | ActionKind::DoorStanding { .. }
                | ActionKind::Notices { .. }
                | ActionKind::TextReply { .. }
                | ActionKind::Expect { .. }
                | ActionKind::TextUndelivered { .. }
        );
        if about_resident != a.package.is_none() {
            return Ok(Some("the request names no package, or one it should not"));
        }
        let Some(asked_by) = a.resident else {
            return Ok(None);
        };
        // The wall holds the truth of whose package it is: a resident asks
        // only about their own, and only about themselves.
        let theirs = match (&a.what, a.package) {
            (ActionKind::Away { resident, .. }, _) => *resident == asked_by,
            (ActionKind::DoorStanding { resident, .. }, _) => *resident == asked_by,
            (ActionKind::Notices { resident, .. }, _) => *resident == asked_by,
            (ActionKind::Expect { resident, .. }, _) => *resident == asked_by,
            (_, Some(package)) => self.is_residents(PackageId(package), ResidentId(asked_by))?,
            (_, None) => false,
        };
        if !theirs {
            return Ok(Some("the package is not for the resident who asked"));
        }
        let door = matches!(
            a.what,
            ActionKind::DoorDelivery { .. } | ActionKind::DoorStanding { .. }
        );
        if door && !self.door_offer.on {
            return Ok(Some(
                "this property does not take residents' door delivery requests",
            ));
        }
        if door && !self.door_offer.takes(&self.unit_of(ResidentId(asked_by))?) {
            return Ok(Some("this property does not deliver to that unit's door"));
        }
        Ok(None)
    }

    /// The unit a resident lives in (empty: no such resident).
    fn unit_of(&self, resident: ResidentId) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT unit FROM residents WHERE id = ?1",
                [resident.0],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Do what `a` asks, audited with whoever asked as the actor.
    fn carry_out(&mut self, a: &DeskAction, now: Timestamp) -> Result<(), StoreError> {
        let actor = match (a.resident, &a.what) {
            (Some(r), _) => format!("resident:{r} (own page)"),
            (None, ActionKind::TextReply { .. }) => "resident (text message reply)".into(),
            (None, ActionKind::TextUndelivered { .. }) => "text provider".into(),
            (None, _) => format!("staff:{} (package desk)", a.by),
        };
        let package = PackageId(a.package.unwrap_or_default());
        match &a.what {
            ActionKind::ResendNotice => self.resend_notice(package, &actor, now).map(|_| ()),
            ActionKind::ChangeRecipient { resident } => self.change_recipient(
                package,
                ResidentId(*resident),
                &actor,
                now,
                &mut rand::rngs::OsRng,
            ),
            ActionKind::ExtendHold { days } => self.extend_hold(package, *days, &actor, now),
            ActionKind::DoorDelivery { window } => {
                let window = window.as_deref().and_then(DoorWindow::parse);
                self.set_door_delivery(package, true, window, &actor, now)
            }
            ActionKind::DoorStanding {
                resident,
                until,
                window,
            } => {
                let window = window.as_deref().and_then(DoorWindow::parse);
                self.set_door_standing(
                    ResidentId(*resident),
                    Timestamp(*until),
                    window,
                    &actor,
                    now,
                )
            }
            ActionKind::Away {
                resident,
                from,
                until,
            } => self.set_away(
                ResidentId(*resident),
                Timestamp(*from),
                Timestamp(*until),
                &actor,
                now,
            ),
            ActionKind::Notices {
                resident,
                language,
                reminders,
                by,
            } => {
                let choices = super::NoticeChoices {
                    by: by.as_deref().and_then(NotifyBy::parse),
                    language: language.clone(),
                    reminders: *reminders,
                };
                self.set_notice_choices(ResidentId(*resident), &choices, &actor, now)
            }
            ActionKind::Expect {
                resident,
                tracking_tag,
                ending,
                by,
            } => self.expect(
                ResidentId(*resident),
                tracking_tag,
                ending,
                by.map(Timestamp),
                &actor,
                now,
            ),
            ActionKind::TextUndelivered { message, code } => {
                self.text_undelivered(message, *code, now)
            }
            ActionKind::TextReply { phone, stop } => {
                self.text_reply(phone, *stop, &actor, now).map(|_| ())
            }
            ActionKind::Unknown => Ok(()),
        }
    }

    /// Whether `package` is `resident`'s (as its recipient, now).
    fn is_residents(&self, package: PackageId, resident: ResidentId) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM packages WHERE id = ?1 AND resident_id = ?2)",
            params![package.0, resident.0],
            |r| r.get(0),
        )?)
    }

    /// Record a desk action as done, or as refused with the wall's reason
    /// (which the server's desk page shows).
    fn desk_done(
        &mut self,
        id: i64,
        now: Timestamp,
        refused: Option<String>,
    ) -> Result<(), StoreError> {
        let ok = refused.is_none();
        let message = refused.unwrap_or_default();
        self.conn.execute(
            "UPDATE desk_actions SET done_at = ?2, ok = ?3, message = ?4 WHERE action_id = ?1",
            params![id, now.0, ok, message],
        )?;
        Ok(())
    }

    /// Let a waiting package stay `days` longer before it expires (an expired
    /// one waits again), audited.
    pub fn extend_hold(
        &mut self,
        package: PackageId,
        days: u32,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        if !(1..=30).contains(&days) {
            return Err(StoreError::Refused(Refusal::HoldDays));
        }
        let tx = self.write()?;
        let changed = tx.execute(
            concat!(
                "UPDATE packages SET hold_extra_days = hold_extra_days + ?2, expired_at = NULL
             WHERE id = ?1 AND state = ",
                state!(Stored),
                " AND is_return = 0"
            ),
            params![package.0, days],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound("waiting package"));
        }
        tx.execute(
            "UPDATE attention SET resolved_at = ?1, resolved_by = ?2
             WHERE resolved_at IS NULL AND kind = 'package_expired' AND package_id = ?3",
            params![now.0, actor, package.0],
        )?;
        note(
            &tx,
            now,
            EventKind::HoldExtended,
            actor,
            None,
            Some(package),
            &format!("by {days} days"),
        )?;
        tx.commit()?;
        Ok(())
    }
}
