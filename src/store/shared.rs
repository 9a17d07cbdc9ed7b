//! One locker for two of a resident's packages ("Add to B07 with their other
//! package?"): the carrier drops the new package into the locker where the
//! resident's other one waits, and it takes that package's code, so one code
//! opens one door for both. Only a package that shares with none can be
//! joined, and only once.

use super::deposit::{insert_depositing, DepositRequest, Reserved};
use super::{lockers, Store, StoreError};
use crate::domain::Refusal;
use crate::domain::{Locker, LockerId, PackageId, ResidentId, Timestamp};
use rusqlite::OptionalExtension;

impl Store {
    /// The locker a resident's newest waiting package is in, if another
    /// package may join it there: (that package, its locker).
    pub fn shareable_locker(
        &self,
        resident: ResidentId,
    ) -> Result<Option<(PackageId, Locker)>, StoreError> {
        let row: Option<(i64, i64)> = self
            .conn
            .query_row(
                concat!(
                    "SELECT p.id, p.locker_id FROM packages p JOIN lockers l ON l.id = p.locker_id
                 WHERE p.resident_id = ?1 AND p.state = ",
                    state!(Stored),
                    " AND p.shares_with IS NULL
                   AND p.is_return = 0
                   AND p.shelf_id IS NULL AND p.expired_at IS NULL AND l.kind = 'locker'
                   AND l.service = 'in_service'
                   AND l.board NOT IN (SELECT board FROM boards_offline)
                   AND NOT EXISTS (SELECT 1 FROM packages q WHERE q.shares_with = p.id
                                   AND q.state IN ",
                    live_states!(),
                    ")
                 ORDER BY p.stored_at DESC, p.id DESC LIMIT 1"
                ),
                [resident.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((p, l)) => Ok(Some((
                PackageId(p),
                lockers::locker(&self.conn, LockerId(l))?,
            ))),
            None => Ok(None),
        }
    }

    /// Reserve the drop-off into the locker `partner` waits in.
    pub fn begin_shared_deposit(
        &mut self,
        req: &DepositRequest,
        partner: PackageId,
        now: Timestamp,
    ) -> Result<Reserved, StoreError> {
        let tx = self.write()?;
        let row: Option<(i64, i64)> = tx
            .query_row(
                concat!(
                    "SELECT locker_id, resident_id FROM packages
                 WHERE id = ?1 AND state = ",
                    state!(Stored),
                    " AND shares_with IS NULL AND shelf_id IS NULL
                   AND is_return = 0
                   AND NOT EXISTS (SELECT 1 FROM packages q WHERE q.shares_with = ?1
                                   AND q.state IN ",
                    live_states!(),
                    ")"
                ),
                [partner.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((locker, resident)) = row else {
            return Err(StoreError::Refused(Refusal::NotShareable));
        };
        if resident != req.resident.0 {
            return Err(StoreError::Refused(Refusal::AnotherResidents));
        }
        let package = insert_depositing(
            &tx,
            req,
            LockerId(locker),
            None,
            Some(partner),
            now,
            &format!(
                "{}, with package {} in the same locker",
                req.tracking, partner.0
            ),
        )?;
        let locker = lockers::locker(&tx, LockerId(locker))?;
        tx.commit()?;
        Ok(Reserved { package, locker })
    }

    /// The other packages waiting behind the same door as `package` (it
    /// shares with them, or they with it): one code opens the door for all.
    pub fn sharing_the_door(&self, package: PackageId) -> Result<Vec<PackageId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT q.id FROM packages p JOIN packages q
               ON q.id <> p.id AND q.state = ",
            state!(Stored),
            "
              AND (q.shares_with = p.id OR p.shares_with = q.id
                   OR (p.shares_with IS NOT NULL AND q.shares_with = p.shares_with))
             WHERE p.id = ?1"
        ))?;
        let rows = stmt.query_map([package.0], |r| Ok(PackageId(r.get(0)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
