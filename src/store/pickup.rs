//! Pickup: code checked -> releasing (commit) -> door moves -> seen open -> seen closed -> picked up (commit).

use super::deposit::mark_faulty;
use super::{attention, lockers, transition, Store, StoreError, ACTOR_KIOSK};
use crate::domain::Locker;
use crate::domain::PackageState;
use crate::domain::{LockerId, PackageId, ResidentId, Timestamp};
use crate::security::PickupCode;
use lockerwall_wire::EventKind;
use rusqlite::params;

/// A package waiting in a locker.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    pub package: PackageId,
    pub locker: Locker,
    pub resident: ResidentId,
    pub carrier: String,
    /// In the package room: its shelf (the locker is the room's door).
    pub shelf: Option<String>,
    /// The language of the resident's notices.
    pub language: String,
}

impl Store {
    fn waiting_where(
        &self,
        clause: &str,
        param: &dyn rusqlite::ToSql,
    ) -> Result<Vec<Waiting>, StoreError> {
        let sql = format!(
            concat!(
                "SELECT p.id, p.locker_id, p.resident_id, COALESCE(c.name, ''), s.label, r.language
             FROM packages p JOIN residents r ON r.id = p.resident_id
             LEFT JOIN carriers c ON c.id = p.carrier_id
             LEFT JOIN shelves s ON s.id = p.shelf_id
             WHERE p.state = ",
                state!(Stored),
                " AND p.is_return = 0 AND {clause}
             ORDER BY p.stored_at, p.id"
            ),
            clause = clause
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        type Row = (i64, i64, i64, String, Option<String>, String);
        let rows: Vec<Row> = stmt
            .query_map([param], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(p, l, r, c, shelf, language)| {
                Ok(Waiting {
                    package: PackageId(p),
                    locker: lockers::locker(&self.conn, LockerId(l))?,
                    resident: ResidentId(r),
                    carrier: c,
                    shelf,
                    language,
                })
            })
            .collect()
    }

    /// The waiting package this code opens, if any.
    pub fn find_by_code(&self, code: &PickupCode) -> Result<Option<Waiting>, StoreError> {
        let hash = self.hasher.hash(code);
        Ok(self
            .waiting_where("p.code_hash = ?1", &hash)?
            .into_iter()
            .next())
    }

    /// A package by id, if it is waiting in its locker.
    pub fn waiting_package(&self, package: PackageId) -> Result<Option<Waiting>, StoreError> {
        Ok(self
            .waiting_where("p.id = ?1", &package.0)?
            .into_iter()
            .next())
    }

    /// The version of a package's code its QR tokens must be signed for
    /// (`None`: no such package).
    pub fn code_version(&self, package: PackageId) -> Result<Option<u32>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT code_version FROM packages WHERE id = ?1",
                [package.0],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every package waiting for a resident on this wall, oldest first.
    pub fn waiting_for_resident(&self, resident: ResidentId) -> Result<Vec<Waiting>, StoreError> {
        self.waiting_where("p.resident_id = ?1", &resident.0)
    }

    /// Record that the resident's door is about to be unlocked.
    pub fn begin_pickup(&mut self, package: PackageId, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        let mut p = transition::waiting(&tx, package)?;
        p.set(PackageState::Releasing, "door_seen_open = 0", &[])?;
        p.audit(now, EventKind::PickupStarted, ACTOR_KIOSK, "")?;
        tx.commit()?;
        Ok(())
    }

    /// The door closed after it was seen open: the package is picked up (a
    /// return: collected by its carrier) and the locker free.
    pub fn confirm_pickup(&mut self, package: PackageId, now: Timestamp) -> Result<(), StoreError> {
        let tx = super::begin(&mut self.conn)?;
        let mut p = transition::being_picked_up(&tx, package)?;
        if let Some(removal) = super::removal::removal_of(&tx, package)? {
            // Staff took it out: settled as their removal says.
            let locker = p.locker()?;
            for moved in super::removal::finish(&tx, package, removal, locker, now)? {
                super::outbox::queue_stored_again(&tx, &self.notices, &self.site_tag, now, moved)?;
            }
            tx.commit()?;
            return Ok(());
        }
        let is_return = super::returns::is_return(&tx, package)?;
        let (to, kind) = if is_return {
            (PackageState::ReturnedToSender, EventKind::ReturnCollected)
        } else {
            (PackageState::PickedUp, EventKind::PickedUp)
        };
        p.set(to, "closed_at = ?4, code_hash = NULL", &[&now.0])?;
        super::outbox::drop_code(&tx, package)?;
        if is_return {
            // Collected at last: the "not collected" item is done.
            tx.execute(
                "UPDATE attention SET resolved_at = ?1, resolved_by = ?2
                 WHERE resolved_at IS NULL AND kind = 'return_uncollected' AND package_id = ?3",
                params![now.0, ACTOR_KIOSK, package.0],
            )?;
        }
        if self.notices.policy.receipt && !is_return {
            super::outbox::queue_for_resident(
                &tx,
                &self.notices,
                &self.site_tag,
                now,
                super::NoticeKind::PickedUp,
                package,
                0,
            )?;
        }
        p.audit(now, kind, ACTOR_KIOSK, "")?;
        tx.commit()?;
        Ok(())
    }

    /// The door did not open for a pickup: the package stays waiting, the locker goes to staff.
    pub fn pickup_door_failed(
        &mut self,
        package: PackageId,
        now: Timestamp,
        why: &str,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let mut p = transition::being_picked_up(&tx, package)?;
        let locker = p.locker()?;
        let by_staff = super::removal::removal_of(&tx, package)?.is_some();
        super::removal::undo(&mut p, &tx)?;
        p.audit(now, EventKind::PickupFailed, ACTOR_KIOSK, why)?;
        mark_faulty(&tx, locker, now, why)?;
        let words = if by_staff {
            "Staff could not open this locker to take a package out: it is still waiting inside, with its code. Open it by hand."
        } else if super::returns::is_return(&tx, package)? {
            "A carrier could not open this locker to collect a return: open it by hand and give the return to the carrier."
        } else {
            "A resident could not open this locker to collect a package: open it by hand and hand the package over."
        };
        attention::add(
            &tx,
            now,
            "pickup_blocked",
            Some(locker),
            Some(package),
            words,
        )?;
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// A pickup recorded but never unlocked (its screen went away): the package is waiting again.
    pub fn cancel_pickup(&mut self, package: PackageId, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        let mut p = transition::being_picked_up(&tx, package)?;
        super::removal::undo(&mut p, &tx)?;
        p.audit(now, EventKind::PickupCancelled, ACTOR_KIOSK, "")?;
        tx.commit()?;
        Ok(())
    }
}
