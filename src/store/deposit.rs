//! Drop-off: reserve (commit) -> door moves -> door seen open -> door seen closed -> stored (commit).

use super::audit::{record, Audit};
use super::outbox;
use super::{attention, lockers, overflow, transition, Store, StoreError, ACTOR_KIOSK};
pub use crate::domain::drop_off::DepositRequest;
use crate::domain::PackageState;
use crate::domain::{
    choose_locker, ForWhom, Locker, LockerId, PackageId, Resident, ResidentId, Timestamp,
};
use crate::security::PickupCode;
use lockerwall_wire::EventKind;
use rand::RngCore;
use rusqlite::{params, OptionalExtension};

/// A locker reserved for a package whose door is about to be opened.
#[derive(Clone, Debug, PartialEq)]
pub struct Reserved {
    pub package: PackageId,
    pub locker: Locker,
}

/// A package now stored, with the code its resident will use.
#[derive(Clone, Debug)]
pub struct StoredPackage {
    pub package: PackageId,
    pub locker: Locker,
    pub code: PickupCode,
    pub resident: Resident,
}

/// How many times a fresh code is drawn if it collides with a waiting one.
const CODE_ATTEMPTS: usize = 20;

impl Store {
    /// A live or waiting package with this tracking number: (package, locker label).
    pub fn live_package_by_tracking(
        &self,
        tracking: &str,
    ) -> Result<Option<(PackageId, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                concat!(
                    "SELECT p.id, l.label FROM packages p JOIN lockers l ON l.id = p.locker_id
                 WHERE p.tracking = ?1 AND p.state IN ",
                    live_states!()
                ),
                [tracking],
                |r| Ok((PackageId(r.get(0)?), r.get(1)?)),
            )
            .optional()?)
    }

    /// Reserve the best free locker of the chosen size and record the package as `depositing`.
    pub fn begin_deposit(
        &mut self,
        req: &DepositRequest,
        now: Timestamp,
    ) -> Result<Reserved, StoreError> {
        let kept = self.kept_free;
        let tx = self.write()?;
        let needs_accessible: bool = tx
            .query_row(
                "SELECT needs_accessible FROM residents WHERE id = ?1 AND active = 1",
                [req.resident.0],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound("resident"))?;
        let free = lockers::free_lockers(&tx)?;
        let who = ForWhom {
            needs_accessible: needs_accessible || req.accessible_first,
            kept,
        };
        let locker_id =
            choose_locker(&free, req.size, who).ok_or(StoreError::NoneFree(req.size))?;
        let package = insert_depositing(&tx, req, locker_id, None, None, now, &req.tracking)?;
        let locker = lockers::locker(&tx, locker_id)?;
        tx.commit()?;
        Ok(Reserved { package, locker })
    }

    /// The door of an in-flight package was read open from its board.
    pub fn door_seen_open(&mut self, package: PackageId, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.write()?;
        let mut p = transition::take(
            &tx,
            package,
            &[PackageState::Depositing, PackageState::Releasing],
            "package in flight",
        )?;
        // Seen open: the same state, now with its proof.
        p.set(p.state, "door_seen_open = 1", &[])?;
        p.audit(now, EventKind::DoorOpened, ACTOR_KIOSK, "")?;
        tx.commit()?;
        Ok(())
    }

    /// The door closed after it was seen open: the package is stored, its code made and its notice queued.
    pub fn confirm_deposit(
        &mut self,
        package: PackageId,
        now: Timestamp,
        rng: &mut dyn RngCore,
    ) -> Result<StoredPackage, StoreError> {
        let hasher = self.hasher.clone();
        let tx = super::begin(&mut self.conn)?;
        let mut p = transition::being_deposited(&tx, package)?;
        let locker_id = p.locker()?;
        let resident_id: i64 = tx.query_row(
            "SELECT resident_id FROM packages WHERE id = ?1",
            [package.0],
            |r| r.get(0),
        )?;
        // A return has no code and no pickup notice: `confirm_drop_off` settles it.
        if super::returns::is_return(&tx, package)? {
            return Err(StoreError::WrongState {
                expected: "a delivery",
                actual: "a return".into(),
            });
        }
        // Sharing a locker: the partner's code opens the door for both.
        let partner: Option<i64> = tx.query_row(
            "SELECT shares_with FROM packages WHERE id = ?1",
            [package.0],
            |r| r.get(0),
        )?;
        let (code, hash) = match partner {
            Some(p) => {
                let (hash, sealed): (Option<String>, Option<String>) = tx.query_row(
                    "SELECT code_hash, code_sealed FROM packages WHERE id = ?1",
                    [p],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let code = sealed
                    .and_then(|s| self.sealer.open(&s, &outbox::owner(PackageId(p))).ok())
                    .and_then(|c| PickupCode::parse(&c));
                match (code, hash) {
                    (Some(code), Some(hash)) => (code, hash),
                    // The partner left meanwhile: this one stands alone.
                    _ => {
                        tx.execute(
                            "UPDATE packages SET shares_with = NULL WHERE id = ?1",
                            [package.0],
                        )?;
                        fresh_code(&tx, &hasher, rng)?
                    }
                }
            }
            None => fresh_code(&tx, &hasher, rng)?,
        };
        p.set(
            PackageState::Stored,
            // A code that replaces another (a held package loaded) kills the old one's QR tokens.
            "code_hash = ?4, stored_at = ?5, door_seen_open = 0,
             code_version = code_version + (code_hash IS NOT NULL AND code_hash <> ?4)",
            &[&hash, &now.0],
        )?;
        // A package loaded from overflow: its "left with staff" item is done,
        // and the fresh code above replaces the one its first notice carried.
        let held = overflow::was_held(&tx, package)?;
        if held {
            overflow::resolve_held(&tx, package, ACTOR_KIOSK, now)?;
        }
        let detail = if held { "loaded from overflow" } else { "" };
        p.audit(now, EventKind::Stored, ACTOR_KIOSK, detail)?;
        let locker = lockers::locker(&tx, locker_id)?;
        let resident = super::directory::resident_tx(&tx, ResidentId(resident_id))?;
        // The notice is queued in the same transaction: stored means announced.
        outbox::seal_code(&tx, &self.sealer, package, code.as_str(), rng)?;
        // A package stored before (in the room, then moved to a locker) gets
        // its next round: the resident hears where it is now.
        outbox::queue_stored_again(&tx, &self.notices, &self.site_tag, now, package)?;
        tx.commit()?;
        Ok(StoredPackage {
            package,
            locker,
            code,
            resident,
        })
    }

    /// Abandon a drop-off: the package never went in (or was taken back out).
    pub fn cancel_deposit(
        &mut self,
        package: PackageId,
        now: Timestamp,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.drop_reservation(package, now, reason, false)
    }

    /// The door of a reserved locker did not open: the locker is marked faulty for
    /// staff and the reservation dropped, so the carrier can be given another locker.
    pub fn deposit_door_failed(
        &mut self,
        package: PackageId,
        now: Timestamp,
        why: &str,
    ) -> Result<(), StoreError> {
        self.drop_reservation(package, now, why, true)
    }

    /// A reservation given up (`faulty`: its door did not open, so the
    /// locker goes to staff), audited with `detail`.
    fn drop_reservation(
        &mut self,
        package: PackageId,
        now: Timestamp,
        detail: &str,
        faulty: bool,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let mut p = transition::being_deposited(&tx, package)?;
        if faulty {
            mark_faulty(&tx, p.locker()?, now, detail)?;
        }
        let kind = if overflow::release_reservation(&mut p, &tx, now)? {
            EventKind::OverflowLoadCancelled
        } else {
            EventKind::DepositCancelled
        };
        p.audit(now, kind, ACTOR_KIOSK, detail)?;
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// A door did not open when unlocked (no package moved): out of use, staff told.
    pub fn door_fault(
        &mut self,
        locker: LockerId,
        now: Timestamp,
        why: &str,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        mark_faulty(&tx, locker, now, why)?;
        tx.commit()?;
        Ok(())
    }
}

/// Take a locker out of use because its door misbehaved, and tell staff.
pub(super) fn mark_faulty(
    conn: &rusqlite::Connection,
    locker: LockerId,
    now: Timestamp,
    why: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE lockers SET service = 'faulty', service_reason = ?2 WHERE id = ?1",
        params![locker.0, why],
    )?;
    record(
        conn,
        Audit {
            at: now,
            kind: EventKind::LockerFaulty,
            actor: ACTOR_KIOSK,
            locker: Some(locker),
            package: None,
            detail: why,
        },
    )?;
    let label: String =
        conn.query_row("SELECT label FROM lockers WHERE id = ?1", [locker.0], |r| {
            r.get(0)
        })?;
    attention::add(
        conn,
        now,
        "locker_faulty",
        Some(locker),
        None,
        &format!("Locker {label} is out of use: {why}. Check the lock and door, then return it to service."),
    )?;
    Ok(())
}

/// Record a drop-off as `depositing` behind `locker` (on a shelf of the room,
/// or beside the package it shares a locker with), audited as the carrier's,
/// inside the caller's transaction. Every kind of drop-off starts here.
pub(super) fn insert_depositing(
    conn: &rusqlite::Connection,
    req: &DepositRequest,
    locker: LockerId,
    shelf: Option<&str>,
    shares_with: Option<PackageId>,
    now: Timestamp,
    detail: &str,
) -> Result<PackageId, StoreError> {
    conn.execute(
        concat!(
            "INSERT INTO packages (tracking, carrier_id, resident_id, size, locker_id, shelf_id,
                               shares_with, is_return, state, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM shelves WHERE label = ?6), ?7, ?8,
                 ",
            state!(Depositing),
            ", ?9)"
        ),
        params![
            req.tracking,
            req.carrier.0,
            req.resident.0,
            req.size.code(),
            locker.0,
            shelf,
            shares_with.map(|p| p.0),
            req.is_return,
            now.0
        ],
    )?;
    let package = PackageId(conn.last_insert_rowid());
    // A return is dropped by its resident, a delivery by its carrier.
    let actor = if req.is_return {
        format!("resident:{}", req.resident.0)
    } else {
        format!("carrier:{}", req.carrier.0)
    };
    record(
        conn,
        Audit {
            at: now,
            kind: if req.is_return {
                EventKind::ReturnReserved
            } else {
                EventKind::DepositReserved
            },
            actor: &actor,
            locker: Some(locker),
            package: Some(package),
            detail,
        },
    )?;
    Ok(package)
}

/// A pickup code no waiting package has, with its hash (inside the caller's transaction).
pub(super) fn fresh_code(
    conn: &rusqlite::Connection,
    hasher: &crate::security::CodeHasher,
    rng: &mut dyn RngCore,
) -> Result<(PickupCode, String), StoreError> {
    for _ in 0..CODE_ATTEMPTS {
        let code = PickupCode::generate(&mut RngAdapter(rng));
        let hash = hasher.hash(&code);
        let taken: bool = conn.query_row(
            concat!(
                "SELECT EXISTS (SELECT 1 FROM packages WHERE code_hash = ?1
             AND (state IN (",
                state!(Stored),
                ", ",
                state!(Releasing),
                ", ",
                state!(Overflow),
                ")
                  OR (state = ",
                state!(Depositing),
                " AND held_at IS NOT NULL)))"
            ),
            [&hash],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok((code, hash));
        }
    }
    Err(StoreError::Corrupt(
        "no free pickup code after 20 draws".into(),
    ))
}

/// `PickupCode::generate` wants a sized `Rng`; this lends it the runtime's.
struct RngAdapter<'a>(&'a mut dyn RngCore);

impl RngCore for RngAdapter<'_> {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.0.try_fill_bytes(dest)
    }
}
