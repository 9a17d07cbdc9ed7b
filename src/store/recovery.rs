//! Start-up reconciliation: deposits and pickups interrupted by a crash or
//! power cut are settled against what the door sensors say now. What cannot
//! be proven stays put (the locker is never handed out) and goes to staff.

use super::audit::{record, Audit};
use super::{attention, lockers, Store, StoreError, ACTOR_KIOSK};
use crate::domain::PackageState;
use crate::domain::{Locker, LockerId, PackageId, Timestamp};
use lockerwall_hal::DoorReading;
use lockerwall_wire::EventKind;
use rand::RngCore;

/// What start-up did with one interrupted package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecoveryAction {
    /// Door was seen open, now closed: the drop-off is complete (code made, notice queued).
    DepositConfirmed,
    /// Door never seen open and the sensor reads empty: nothing went in.
    DepositCancelled,
    /// The door is open now: the runtime waits for it to close, as if nothing happened.
    AwaitingClose,
    /// Door was seen open, now closed: the pickup is complete.
    PickedUp,
    /// The pickup cannot be proven: the package is waiting again and staff are asked to check.
    BackToWaiting,
    /// Nothing can be proven: the package stays in flight, the locker held, staff asked to check.
    NeedsCheck,
}

/// One interrupted package and what was done with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovery {
    pub package: PackageId,
    pub locker: Locker,
    /// True for a drop-off, false for a pickup.
    pub deposit: bool,
    pub action: RecoveryAction,
}

impl Store {
    /// Settle every in-flight package. `read` gives the door as its board reports it now
    /// (`None`: board not answering).
    pub fn reconcile(
        &mut self,
        read: &dyn Fn(&Locker) -> Option<DoorReading>,
        now: Timestamp,
        rng: &mut dyn RngCore,
    ) -> Result<Vec<Recovery>, StoreError> {
        let rows: Vec<(i64, i64, String, bool)> = {
            let mut stmt = self.conn.prepare(concat!(
                "SELECT id, locker_id, state, door_seen_open FROM packages
                 WHERE state IN (",
                state!(Depositing),
                ", ",
                state!(Releasing),
                ") ORDER BY id"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut out = Vec::with_capacity(rows.len());
        for (package, locker, state, seen_open) in rows {
            let package = PackageId(package);
            let locker = lockers::locker(&self.conn, LockerId(locker))?;
            let deposit = PackageState::parse(&state) == Some(PackageState::Depositing);
            let reading = read(&locker);
            let action = match (deposit, reading, seen_open) {
                (_, Some(DoorReading { open: true, .. }), was_seen) => {
                    if !was_seen {
                        self.door_seen_open(package, now)?;
                    }
                    RecoveryAction::AwaitingClose
                }
                (true, Some(_), true) => {
                    self.confirm_drop_off(package, now, rng)?;
                    RecoveryAction::DepositConfirmed
                }
                (
                    true,
                    Some(DoorReading {
                        occupied: Some(false),
                        ..
                    }),
                    false,
                ) => {
                    self.cancel_deposit(package, now, "interrupted; sensor reads empty")?;
                    RecoveryAction::DepositCancelled
                }
                (false, Some(_), true)
                | (
                    false,
                    Some(DoorReading {
                        occupied: Some(false),
                        ..
                    }),
                    false,
                ) => {
                    self.confirm_pickup(package, now)?;
                    RecoveryAction::PickedUp
                }
                (false, Some(_), false) => {
                    self.pickup_unproven(package, &locker, now)?;
                    RecoveryAction::BackToWaiting
                }
                (_, _, _) => {
                    self.flag_unproven(package, &locker, deposit, reading.is_none(), now)?;
                    RecoveryAction::NeedsCheck
                }
            };
            tracing::info!(package = package.0, locker = %locker.label, ?action, "recovered interrupted package");
            out.push(Recovery {
                package,
                locker,
                deposit,
                action,
            });
        }
        Ok(out)
    }

    fn pickup_unproven(
        &mut self,
        package: PackageId,
        locker: &Locker,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let mut p = super::transition::being_picked_up(&tx, package)?;
        super::removal::undo(&mut p, &tx)?;
        let detail = "door not seen open before restart";
        p.audit(now, EventKind::PickupInterrupted, ACTOR_KIOSK, detail)?;
        attention::add(
            &tx,
            now,
            "pickup_interrupted",
            Some(locker.id),
            Some(package),
            &format!("A pickup from {} was interrupted by a restart. The package is listed as waiting again; check whether it is still in the locker.", locker.label),
        )?;
        tx.commit()?;
        Ok(())
    }

    fn flag_unproven(
        &mut self,
        package: PackageId,
        locker: &Locker,
        deposit: bool,
        board_silent: bool,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let why = if board_silent {
            "its lock board is not answering"
        } else {
            "the door was not seen open"
        };
        let what = if deposit {
            "drop-off into"
        } else {
            "pickup from"
        };
        record(
            &tx,
            Audit {
                at: now,
                kind: EventKind::InFlightUnproven,
                actor: ACTOR_KIOSK,
                locker: Some(locker.id),
                package: Some(package),
                detail: why,
            },
        )?;
        attention::add(
            &tx,
            now,
            "in_flight_unproven",
            Some(locker.id),
            Some(package),
            &format!("A {what} locker {} was interrupted by a restart and {why}. Open the locker and record what is inside.", locker.label),
        )?;
        tx.commit()?;
        Ok(())
    }
}
