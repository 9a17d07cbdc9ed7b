//! Package-to-door delivery. Residents who asked for it (the directory's
//! preference, or a standing request from their page while it lasts), and
//! single packages switched to it (by staff, or the resident from their
//! page with the part of the day they want), make up the run: grouped by
//! building and floor in walking order. Taking a package out of
//! its locker makes it held by staff (`overflow`, out for delivery); at the
//! door it is marked delivered (the resident is told) or not delivered (it
//! stays with staff, on the Overflow list and the attention list).

use super::audit::note;
use super::outbox::{self, NoticeKind};
use super::overflow::resolve_held;
use super::{attention, transition, Store, StoreError};
use crate::domain::door_delivery::DoorWindow;
pub use crate::domain::door_delivery::RunStop;
use crate::domain::PackageState;
use crate::domain::{Locker, LockerId, PackageId, Timestamp};
use lockerwall_wire::EventKind;
use rusqlite::{params, OptionalExtension};

/// The floor a unit number is on: the digits before the last two.
pub fn floor_of(unit: &str) -> u32 {
    let digits: String = unit.chars().filter(|c| c.is_ascii_digit()).collect();
    digits.parse::<u32>().map_or(0, |n| n / 100)
}

impl Store {
    /// The waiting door deliveries, in walking order: building, floor, unit.
    pub fn delivery_run(&self) -> Result<Vec<RunStop>, StoreError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT p.id, p.tracking, r.name, r.building, r.unit, p.state, l.id, l.label, s.label,
                    p.out_for_delivery_at IS NOT NULL,
                    COALESCE(p.door_window, CASE WHEN r.door_until > COALESCE(p.stored_at, p.created_at)
                                                 THEN r.door_window END)
             FROM packages p JOIN residents r ON r.id = p.resident_id
             LEFT JOIN lockers l ON l.id = p.locker_id
             LEFT JOIN shelves s ON s.id = p.shelf_id
             WHERE (p.door_delivery = 1 OR r.door_delivery = 1
                    OR r.door_until > COALESCE(p.stored_at, p.created_at)) AND p.is_return = 0
               AND (p.state = ",
            state!(Stored),
            " OR (p.state = ",
            state!(Overflow),
            " AND p.out_for_delivery_at IS NOT NULL))"
        ))?;
        // Every door once, not one read per stop.
        let doors: std::collections::HashMap<LockerId, Locker> =
            self.doors()?.into_iter().map(|l| (l.id, l)).collect();
        let rows = stmt.query_map([], |r| {
            let state: PackageState = r.get(5)?;
            let stored = state == PackageState::Stored;
            let label: Option<String> = r.get(7)?;
            let shelf: Option<String> = r.get(8)?;
            let unit: String = r.get(4)?;
            Ok(RunStop {
                package: PackageId(r.get(0)?),
                tracking: r.get(1)?,
                resident: r.get(2)?,
                building: r.get(3)?,
                floor: floor_of(&unit),
                unit,
                at: match (stored, label, shelf) {
                    (true, Some(l), Some(s)) => Some(format!("{l}, shelf {s}")),
                    (true, Some(l), None) => Some(l),
                    _ => None,
                },
                door: if stored {
                    r.get::<_, Option<i64>>(6)?
                        .and_then(|id| doors.get(&LockerId(id)).cloned())
                } else {
                    None
                },
                out: r.get(9)?,
                window: r
                    .get::<_, Option<String>>(10)?
                    .as_deref()
                    .and_then(DoorWindow::parse),
            })
        })?;
        let mut stops: Vec<RunStop> = rows.collect::<Result<_, _>>()?;
        stops.sort_by(|a, b| {
            (&a.building, a.floor, &a.unit, a.package.0).cmp(&(
                &b.building,
                b.floor,
                &b.unit,
                b.package.0,
            ))
        });
        Ok(stops)
    }

    /// Switch one package to door delivery (or back), in `window` of the
    /// day (none: any time), audited.
    pub fn set_door_delivery(
        &mut self,
        package: PackageId,
        on: bool,
        window: Option<DoorWindow>,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let changed = tx.execute(
            concat!(
                "UPDATE packages SET door_delivery = ?2, door_window = ?3 WHERE id = ?1 AND state = ",
                state!(Stored),
                "
             AND is_return = 0"
            ),
            params![package.0, on, window.filter(|_| on).map(DoorWindow::as_str)],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound("waiting package"));
        }
        note(
            &tx,
            now,
            if on {
                EventKind::DoorDeliveryOn
            } else {
                EventKind::DoorDeliveryOff
            },
            actor,
            None,
            Some(package),
            window.map_or("", DoorWindow::as_str),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every package for `resident` waiting or arriving before `until` goes
    /// to their door, in `window`; `until` at or before `now` ends it
    /// (packages that came meanwhile stay on the run). Audited, naming the
    /// resident.
    pub fn set_door_standing(
        &mut self,
        resident: crate::domain::ResidentId,
        until: Timestamp,
        window: Option<DoorWindow>,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        const DAY_MS: i64 = 86_400_000;
        if until.0 - now.0 > lockerwall_wire::MAX_DOOR_STANDING_DAYS * DAY_MS {
            return Err(StoreError::Refused(crate::domain::Refusal::StandingDays));
        }
        let ends = until <= now;
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE residents SET door_until = ?2,
                    door_window = CASE WHEN ?4 THEN door_window ELSE ?3 END
             WHERE id = ?1 AND active = 1 AND (?4 = 0 OR door_until > ?5)",
            params![
                resident.0,
                until.0.max(now.0),
                window.map(DoorWindow::as_str),
                ends,
                now.0
            ],
        )?;
        if changed == 0 && !ends {
            return Err(StoreError::NotFound("resident"));
        }
        if changed > 0 {
            let (kind, detail) = if ends {
                (EventKind::DoorStandingEnded, String::new())
            } else {
                let window = window.map_or("any time", DoorWindow::as_str);
                let until = super::audit::day(until.0);
                (
                    EventKind::DoorStandingSet,
                    format!("until {until} ({window})"),
                )
            };
            super::audit::note_resident(&tx, now, kind, actor, resident, &detail)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The door of a run's package was seen open: it is out of its locker and
    /// with staff now (held, out for delivery). Its code still names it.
    pub fn taken_out_for_delivery(
        &mut self,
        package: PackageId,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let mut p = transition::waiting(&tx, package)?;
        // The audit row names the locker it was taken from.
        p.set(
            PackageState::Overflow,
            "locker_id = NULL, shelf_id = NULL,
             held_at = COALESCE(held_at, ?4), out_for_delivery_at = ?4",
            &[&now.0],
        )?;
        p.audit(
            now,
            EventKind::OutForDelivery,
            actor,
            "taken out for door delivery",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Delivered at the resident's door: closed, its code dead, the resident told.
    pub fn delivered_to_door(
        &mut self,
        package: PackageId,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = super::begin(&mut self.conn)?;
        let what = "package out for delivery";
        let mut p = transition::take(&tx, package, &[PackageState::Overflow], what)?;
        p.require("out_for_delivery_at IS NOT NULL", &[])?;
        p.set(
            PackageState::DeliveredToDoor,
            "closed_at = ?4, code_hash = NULL, code_version = code_version + 1",
            &[&now.0],
        )?;
        outbox::drop_code(&tx, package)?;
        p.audit(now, EventKind::DeliveredToDoor, actor, "")?;
        resolve_held(&tx, package, actor, now)?;
        outbox::queue_for_resident(
            &tx,
            &self.notices,
            &self.site_tag,
            now,
            NoticeKind::Delivered,
            package,
            0,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Not delivered (nobody home, no access): it stays with staff, visible
    /// on the Overflow list and the attention list, to load back or hand over.
    pub fn not_delivered(
        &mut self,
        package: PackageId,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let row: Option<(String, String, String)> = tx
            .query_row(
                concat!(
                    "SELECT p.tracking, r.name, r.unit FROM packages p
                 JOIN residents r ON r.id = p.resident_id
                 WHERE p.id = ?1 AND p.state = ",
                    state!(Overflow),
                    " AND p.out_for_delivery_at IS NOT NULL"
                ),
                [package.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((tracking, resident, unit)) = row else {
            return Err(StoreError::NotFound("package out for delivery"));
        };
        tx.execute(
            "UPDATE packages SET out_for_delivery_at = NULL WHERE id = ?1",
            [package.0],
        )?;
        note(
            &tx,
            now,
            EventKind::DeliveryFailed,
            actor,
            None,
            Some(package),
            "not delivered; back with staff",
        )?;
        attention::add(
            &tx,
            now,
            "overflow_held",
            None,
            Some(package),
            &format!(
                "Package {tracking} for {resident} ({unit}) could not be delivered to the door and \
                 is back with staff. Load it into a locker (Overflow) so the resident gets a code, \
                 or hand it over at the desk."
            ),
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn floors_from_unit_numbers() {
        for (unit, floor) in [("304", 3), ("1201", 12), ("12", 0), ("B-204", 2), ("PH", 0)] {
            assert_eq!(super::floor_of(unit), floor, "{unit}");
        }
    }
}
