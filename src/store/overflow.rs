//! Overflow held by staff. When nothing on the wall fits, the carrier leaves
//! the package with the package staff: it is recorded with a code and a
//! notice, and stays on the attention list until staff load it into a locker
//! (the resident then gets a fresh notice) or hand it over at the desk.

use super::audit::note;
use super::deposit::{fresh_code, DepositRequest, Reserved};
use super::outbox::{self, NoticeKind};
use super::{attention, lockers, transition, Store, StoreError};
pub use crate::domain::off_wall::HeldPackage;
use crate::domain::PackageState;
use crate::domain::Refusal;
use crate::domain::{choose_fitting, ForWhom, PackageId, Size, Timestamp};
use crate::security::PickupCode;
use lockerwall_wire::EventKind;
use rand::RngCore;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Record a package left with staff: held, with a fresh code, a notice to
    /// its resident and an attention item, in one transaction.
    pub fn hold_with_staff(
        &mut self,
        req: &DepositRequest,
        now: Timestamp,
        rng: &mut dyn RngCore,
    ) -> Result<(PackageId, PickupCode), StoreError> {
        let hasher = self.hasher.clone();
        let tx = super::begin(&mut self.conn)?;
        let (resident, unit): (String, String) = tx
            .query_row(
                "SELECT name, unit FROM residents WHERE id = ?1 AND active = 1",
                [req.resident.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound("resident"))?;
        let (code, hash) = fresh_code(&tx, &hasher, rng)?;
        tx.execute(
            concat!(
                "INSERT INTO packages (tracking, carrier_id, resident_id, size, state, code_hash,
                                   created_at, stored_at, held_at)
             VALUES (?1, ?2, ?3, ?4, ",
                state!(Overflow),
                ", ?5, ?6, ?6, ?6)"
            ),
            params![
                req.tracking,
                req.carrier.0,
                req.resident.0,
                req.size.code(),
                hash,
                now.0
            ],
        )?;
        let package = PackageId(tx.last_insert_rowid());
        let carrier: String = tx.query_row(
            "SELECT name FROM carriers WHERE id = ?1",
            [req.carrier.0],
            |r| r.get(0),
        )?;
        note(
            &tx,
            now,
            EventKind::HeldByStaff,
            &format!("carrier:{}", req.carrier.0),
            None,
            Some(package),
            &format!("{}: no locker fitted; left with staff", req.tracking),
        )?;
        attention::add(
            &tx,
            now,
            "overflow_held",
            None,
            Some(package),
            &format!(
                "Package {} from {carrier} for {resident} ({unit}) was left with staff: no \
                 locker fitted. Load it into a locker when one frees up (Overflow), or hand \
                 it over when the resident comes to the desk.",
                req.tracking
            ),
        )?;
        outbox::seal_code(&tx, &self.sealer, package, code.as_str(), rng)?;
        outbox::queue_for_resident(
            &tx,
            &self.notices,
            &self.site_tag,
            now,
            NoticeKind::Held,
            package,
            0,
        )?;
        tx.commit()?;
        Ok((package, code))
    }

    /// Packages held by staff, oldest first.
    pub fn held_packages(&self) -> Result<Vec<HeldPackage>, StoreError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT p.id, p.tracking, r.name, r.unit, r.building, p.size, COALESCE(c.name, ''),
                    p.held_at
             FROM packages p JOIN residents r ON r.id = p.resident_id
             LEFT JOIN carriers c ON c.id = p.carrier_id
             WHERE p.state = ",
            state!(Overflow),
            " ORDER BY p.held_at, p.id"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                HeldPackage {
                    package: PackageId(r.get(0)?),
                    tracking: r.get(1)?,
                    resident: r.get(2)?,
                    unit: r.get(3)?,
                    building: r.get(4)?,
                    size: Size::S,
                    carrier: r.get(6)?,
                    held_at: Timestamp(r.get::<_, Option<i64>>(7)?.unwrap_or_default()),
                },
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut held, size) = row?;
            held.size = Size::parse(&size)
                .ok_or_else(|| StoreError::Corrupt(format!("package size {size}")))?;
            out.push(held);
        }
        Ok(out)
    }

    /// Start loading a held package into the best-fitting free locker: it is
    /// reserved there (`depositing`) and its door is opened by the caller. A
    /// cancelled or failed load puts it back with staff.
    pub fn begin_load(
        &mut self,
        package: PackageId,
        actor: &str,
        now: Timestamp,
    ) -> Result<Reserved, StoreError> {
        let kept = self.kept_free;
        let tx = self.write()?;
        let mut p = transition::take(&tx, package, &[PackageState::Overflow], "held package")?;
        let (size, needs_accessible, tracking): (String, bool, String) = tx.query_row(
            "SELECT p.size, r.needs_accessible, p.tracking FROM packages p
             JOIN residents r ON r.id = p.resident_id WHERE p.id = ?1",
            [package.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let size = Size::parse(&size).ok_or_else(|| StoreError::Corrupt(size.clone()))?;
        let free = lockers::free_lockers(&tx)?;
        let Some(locker) = choose_fitting(
            &free,
            size,
            ForWhom {
                needs_accessible,
                kept,
            },
        ) else {
            return Err(StoreError::Refused(Refusal::NothingFitsYet(size)));
        };
        p.set(
            PackageState::Depositing,
            "locker_id = ?4, door_seen_open = 0",
            &[&locker.0],
        )?;
        p.now_in(Some(locker));
        p.audit(now, EventKind::OverflowLoading, actor, &tracking)?;
        let locker = lockers::locker(&tx, locker)?;
        tx.commit()?;
        Ok(Reserved { package, locker })
    }

    /// A held package handed to its resident at the desk.
    pub fn hand_over(
        &mut self,
        package: PackageId,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let mut p = transition::take(&tx, package, &[PackageState::Overflow], "held package")?;
        p.set(PackageState::PickedUp, "closed_at = ?4", &[&now.0])?;
        outbox::drop_code(&tx, package)?;
        p.audit(
            now,
            EventKind::HandedOver,
            actor,
            "handed to the resident at the desk",
        )?;
        resolve_held(&tx, package, actor, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Whether this code belongs to a package held by staff (the kiosk then
    /// says where it is instead of "wrong code").
    pub fn held_by_code(&self, code: &PickupCode) -> Result<bool, StoreError> {
        let hash = self.hasher.hash(code);
        Ok(self.conn.query_row(
            concat!(
                "SELECT EXISTS (SELECT 1 FROM packages WHERE code_hash = ?1 AND state = ",
                state!(Overflow),
                ")"
            ),
            [hash],
            |r| r.get(0),
        )?)
    }
}

/// Close a held package's "left with staff" item (loaded, or handed over).
pub(super) fn resolve_held(
    conn: &rusqlite::Connection,
    package: PackageId,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE attention SET resolved_at = ?1, resolved_by = ?2
         WHERE resolved_at IS NULL AND kind = 'overflow_held' AND package_id = ?3",
        params![now.0, actor, package.0],
    )?;
    Ok(())
}

/// A drop-off that will not happen: a fresh package is cancelled, a held
/// one (a load) goes back to staff. Returns whether it was held.
pub(super) fn release_reservation(
    p: &mut super::transition::Moving<'_>,
    conn: &rusqlite::Connection,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let held = was_held(conn, p.package)?;
    if held {
        p.set(PackageState::Overflow, "locker_id = NULL", &[])?;
    } else {
        p.set(PackageState::Cancelled, "closed_at = ?4", &[&now.0])?;
    }
    Ok(held)
}

/// Whether the package was held by staff before this drop-off (a load).
pub(super) fn was_held(
    conn: &rusqlite::Connection,
    package: PackageId,
) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT held_at IS NOT NULL FROM packages WHERE id = ?1",
        [package.0],
        |r| r.get(0),
    )?)
}
