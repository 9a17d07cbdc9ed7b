//! What staff do to lockers and packages from the wall map and the attention
//! list. Each is one transaction with its audit row naming the staff member.

use super::audit::note as audit;
use super::outbox;
use super::{transition, Store, StoreError};
use crate::domain::Refusal;
use crate::domain::{LockerId, PackageId, ResidentId, Timestamp};
use lockerwall_wire::EventKind;
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};

/// Close every open attention item about a package.
pub(super) fn resolve_for_package(
    conn: &Connection,
    package: PackageId,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE attention SET resolved_at = ?1, resolved_by = ?2
         WHERE resolved_at IS NULL AND package_id = ?3",
        params![now.0, actor, package.0],
    )?;
    Ok(())
}

impl Store {
    /// Take a locker out of service (with a reason) or return it to service.
    /// Returning it also closes its "faulty" items: staff have looked at it.
    pub fn set_service(
        &mut self,
        locker: LockerId,
        in_service: bool,
        reason: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        super::lockers::locker(&tx, locker)?;
        if in_service {
            tx.execute(
                "UPDATE lockers SET service = 'in_service', service_reason = NULL WHERE id = ?1",
                [locker.0],
            )?;
            tx.execute(
                "UPDATE attention SET resolved_at = ?1, resolved_by = ?2
                 WHERE resolved_at IS NULL AND kind = 'locker_faulty' AND locker_id = ?3",
                params![now.0, actor, locker.0],
            )?;
            audit(
                &tx,
                now,
                EventKind::LockerInService,
                actor,
                Some(locker),
                None,
                reason,
            )?;
        } else {
            tx.execute(
                "UPDATE lockers SET service = 'out_of_service', service_reason = ?2 WHERE id = ?1",
                params![locker.0, reason],
            )?;
            audit(
                &tx,
                now,
                EventKind::LockerOutOfService,
                actor,
                Some(locker),
                None,
                reason,
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Send a waiting package's notice again (same code); returns how many were queued.
    pub fn resend_notice(
        &mut self,
        package: PackageId,
        actor: &str,
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        let tx = super::begin(&mut self.conn)?;
        let p = transition::waiting(&tx, package)?;
        refuse_return(&tx, package)?;
        let queued = outbox::queue_stored_again(&tx, &self.notices, &self.site_tag, now, package)?;
        if queued == 0 {
            return Err(StoreError::Refused(Refusal::NoEmail));
        }
        p.audit(now, EventKind::NoticeResent, actor, "")?;
        tx.execute(
            "UPDATE attention SET resolved_at = ?1, resolved_by = ?2
             WHERE resolved_at IS NULL AND kind = 'notice_failed' AND package_id = ?3",
            params![now.0, actor, package.0],
        )?;
        tx.commit()?;
        Ok(queued)
    }

    /// The package is for someone else: a new code for the new resident, their
    /// notice queued; the old code stops working.
    pub fn change_recipient(
        &mut self,
        package: PackageId,
        resident: ResidentId,
        actor: &str,
        now: Timestamp,
        rng: &mut dyn RngCore,
    ) -> Result<(), StoreError> {
        let hasher = self.hasher.clone();
        let tx = super::begin(&mut self.conn)?;
        let p = transition::waiting(&tx, package)?;
        refuse_return(&tx, package)?;
        let old: i64 = tx.query_row(
            "SELECT resident_id FROM packages WHERE id = ?1",
            [package.0],
            |r| r.get(0),
        )?;
        let name = |id: i64| -> Result<Option<String>, StoreError> {
            Ok(tx
                .query_row(
                    "SELECT name || ' (' || unit || ')' FROM residents WHERE id = ?1 AND active = 1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?)
        };
        let new_name = name(resident.0)?.ok_or(StoreError::NotFound("resident"))?;
        let old_name = name(old)?.unwrap_or_else(|| format!("resident {old}"));
        if old == resident.0 {
            return Err(StoreError::Refused(Refusal::AlreadyFor(new_name)));
        }
        let (code, hash) = super::deposit::fresh_code(&tx, &hasher, rng)?;
        tx.execute(
            // A new code, and every QR token of the old one dead (decision 0025).
            "UPDATE packages SET resident_id = ?2, code_hash = ?3, code_version = code_version + 1
             WHERE id = ?1",
            params![package.0, resident.0, hash],
        )?;
        outbox::seal_code(&tx, &self.sealer, package, code.as_str(), rng)?;
        outbox::queue_stored_again(&tx, &self.notices, &self.site_tag, now, package)?;
        let detail = format!("from {old_name} to {new_name}");
        p.audit(now, EventKind::RecipientChanged, actor, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// A staff member dealt with an attention item.
    pub fn resolve_attention(
        &mut self,
        id: i64,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        // kind, locker, package, resolved at
        type Item = (String, Option<i64>, Option<i64>, Option<i64>);
        let item: Option<Item> = tx
            .query_row(
                "SELECT kind, locker_id, package_id, resolved_at FROM attention WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((kind, locker, package, resolved)) = item else {
            return Err(StoreError::NotFound("attention item"));
        };
        if resolved.is_some() {
            // Someone (or the kiosk) got there first: nothing to do.
            return Ok(());
        }
        tx.execute(
            "UPDATE attention SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1",
            params![id, now.0, actor],
        )?;
        audit(
            &tx,
            now,
            EventKind::AttentionResolved,
            actor,
            locker.map(LockerId),
            package.map(PackageId),
            &kind,
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// A return waits for its carrier, not its resident: it has no code to send
/// and no one else to be for.
fn refuse_return(conn: &rusqlite::Connection, package: PackageId) -> Result<(), StoreError> {
    if super::returns::is_return(conn, package)? {
        return Err(StoreError::Refused(Refusal::ReturnHasNoNotice));
    }
    Ok(())
}
