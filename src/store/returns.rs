//! Returns: a resident drops a package into a locker for its carrier, and the
//! carrier collects it. The drop-off and the collection are a delivery's and
//! a pickup's (same rows, same door watching and recovery); what differs is
//! here: who may send, what is stored (no code), and who is told.

use super::audit::{record, Audit};
use super::{lockers, outbox, transition, NoticeKind, Store, StoreError, ACTOR_KIOSK};
use crate::domain::PackageState;
use crate::domain::{CarrierId, Locker, LockerId, PackageId, Resident, Timestamp};
use lockerwall_wire::EventKind;
use rand::RngCore;
use rusqlite::params;

/// More residents than any one wall serves.
const WHOLE_DIRECTORY: usize = 100_000;

/// A drop-off whose door has closed: a delivery, with its code, or a return.
#[derive(Clone, Debug)]
pub enum DropOff {
    Delivery(super::StoredPackage),
    /// A return, stored for its carrier.
    Return {
        package: PackageId,
        locker: Locker,
    },
}

impl DropOff {
    /// The locker it went into.
    pub fn locker(&self) -> &Locker {
        match self {
            DropOff::Delivery(s) => &s.locker,
            DropOff::Return { locker, .. } => locker,
        }
    }
}

/// Whether a package is a return (inside any read).
pub(super) fn is_return(
    conn: &rusqlite::Connection,
    package: PackageId,
) -> Result<bool, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT is_return FROM packages WHERE id = ?1",
            [package.0],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

impl Store {
    /// Returns their carrier has not collected within the holding period
    /// go on the staff's list (once each): call the carrier, or give the
    /// return back to its resident. Returns how many were raised.
    pub(super) fn flag_uncollected_returns(&mut self, now: Timestamp) -> Result<usize, StoreError> {
        let hold_days = self.notices.policy.hold_days;
        let due: Vec<(i64, String, String, String, String)> = {
            let mut stmt = self.conn.prepare_cached(
                concat!("SELECT p.id, p.tracking, COALESCE(c.name, 'the carrier'), r.name || ' (' || r.unit || ')',
                        l.label
                 FROM packages p JOIN residents r ON r.id = p.resident_id
                 JOIN lockers l ON l.id = p.locker_id
                 LEFT JOIN carriers c ON c.id = p.carrier_id
                 WHERE p.is_return = 1 AND p.state = ", state!(Stored), " AND p.expired_at IS NULL
                   AND p.stored_at <= ?1"),
            )?;
            let cutoff = now.0 - i64::from(hold_days) * 86_400_000;
            let rows = stmt.query_map([cutoff], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        for (id, tracking, carrier, sender, locker) in &due {
            let tx = super::begin(&mut self.conn)?;
            tx.execute(
                "UPDATE packages SET expired_at = ?2 WHERE id = ?1",
                params![id, now.0],
            )?;
            record(
                &tx,
                Audit {
                    at: now,
                    kind: EventKind::ReturnUncollected,
                    actor: ACTOR_KIOSK,
                    locker: None,
                    package: Some(PackageId(*id)),
                    detail: &format!("waited {hold_days} days"),
                },
            )?;
            super::attention::add(
                &tx,
                now,
                "return_uncollected",
                None,
                Some(PackageId(*id)),
                &format!(
                    "{carrier} has not collected the return {tracking} from {sender} in locker \
                     {locker} after {hold_days} days. Call {carrier}, or give it back to the resident."
                ),
            )?;
            tx.commit()?;
        }
        Ok(due.len())
    }

    /// The resident sending a return: an active resident of the unit typed
    /// whose last name is the one typed (see `domain::sender`). Roommates
    /// with one surname are one household: the first is enough.
    pub fn return_sender(
        &self,
        unit: &str,
        last_name: &str,
    ) -> Result<Option<Resident>, StoreError> {
        let key = crate::domain::sender::unit_key(unit);
        if key.is_empty() {
            return Ok(None);
        }
        // The directory is hundreds of rows: the unit and name rules (which
        // fold accents and unit spellings SQL cannot) are applied to each.
        Ok(self
            .search_residents("", WHOLE_DIRECTORY)?
            .into_iter()
            .find(|r| {
                crate::domain::sender::is_sender(&r.name, &r.unit, &r.building, unit, last_name)
            }))
    }

    /// The returns waiting for a carrier, in wall order (one walk along it).
    pub fn returns_for_carrier(
        &self,
        carrier: CarrierId,
    ) -> Result<Vec<(PackageId, Locker)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT p.id, p.locker_id FROM packages p JOIN lockers l ON l.id = p.locker_id
             WHERE p.is_return = 1 AND p.state = ",
            state!(Stored),
            " AND p.carrier_id = ?1
             ORDER BY l.col, l.row, p.id"
        ))?;
        let rows: Vec<(i64, i64)> = stmt
            .query_map([carrier.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(p, l)| Ok((PackageId(p), lockers::locker(&self.conn, LockerId(l))?)))
            .collect()
    }

    /// A carrier is about to open a return's door to collect it: it is
    /// `releasing` like a pickup, and `confirm_pickup` settles it when the
    /// door closes. Refused unless it is this carrier's return, waiting.
    pub fn begin_collect(
        &mut self,
        package: PackageId,
        carrier: CarrierId,
        now: Timestamp,
    ) -> Result<Locker, StoreError> {
        let tx = self.write()?;
        let what = "return waiting for this carrier";
        let mut p = transition::take(&tx, package, &[PackageState::Stored], what)?;
        p.require("is_return = 1 AND carrier_id IS ?2", &[&carrier.0])?;
        p.set(PackageState::Releasing, "door_seen_open = 0", &[])?;
        p.audit(
            now,
            EventKind::ReturnCollecting,
            &format!("carrier:{}", carrier.0),
            "",
        )?;
        let locker = p.locker()?;
        let locker = lockers::locker(&tx, locker)?;
        tx.commit()?;
        Ok(locker)
    }

    /// A drop-off's door closed after it was seen open: a delivery is stored
    /// with its code and notice, a return is stored for its carrier with its
    /// receipt. Every closed drop-off (the kiosk's, or one found at a restart)
    /// is settled here.
    pub fn confirm_drop_off(
        &mut self,
        package: PackageId,
        now: Timestamp,
        rng: &mut dyn RngCore,
    ) -> Result<DropOff, StoreError> {
        if !is_return(&self.conn, package)? {
            return Ok(DropOff::Delivery(self.confirm_deposit(package, now, rng)?));
        }
        let tx = super::begin(&mut self.conn)?;
        let mut p = transition::take(
            &tx,
            package,
            &[PackageState::Depositing],
            "return being dropped off",
        )?;
        p.set(
            PackageState::Stored,
            "stored_at = ?4, door_seen_open = 0",
            &[&now.0],
        )?;
        p.audit(now, EventKind::ReturnStored, ACTOR_KIOSK, "")?;
        let locker = p.locker()?;
        // The receipt is queued with the change it proves.
        outbox::queue_for_resident(
            &tx,
            &self.notices,
            &self.site_tag,
            now,
            NoticeKind::ReturnReceipt,
            package,
            0,
        )?;
        let locker = lockers::locker(&tx, locker)?;
        tx.commit()?;
        Ok(DropOff::Return { package, locker })
    }
}
