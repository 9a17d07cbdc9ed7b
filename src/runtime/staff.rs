//! Staff mode's effects: store work (each one transaction, audited with the
//! staff member's name) and staff unlocks.

use super::Runtime;
use crate::domain::{Refusal, SessionMark, Timestamp};
use crate::kiosk::staff::{StaffEffect, StaffEvent};
use crate::kiosk::{Event, LockerRef};
use crate::report::{offset_now, Period};
use crate::store::{PinCheck, StoreError};
use lockerwall_wire::EventKind;

impl Runtime {
    /// Carry out one staff effect; the store's answer comes back as an event.
    /// A refusal (a rule, not a fault) is shown to staff in words.
    pub(super) fn execute_staff(
        &mut self,
        effect: StaffEffect,
        now: Timestamp,
    ) -> Result<Option<Event>, StoreError> {
        let result = self.try_staff(effect, now);
        match result {
            Err(StoreError::Refused(why)) => Ok(Some(Event::Staff(StaffEvent::Refused(why)))),
            Err(StoreError::NotFound(what)) => {
                tracing::info!(what, "staff acted on something gone");
                Ok(Some(Event::Staff(StaffEvent::Refused(Refusal::Gone))))
            }
            Err(StoreError::WrongState { .. }) => {
                Ok(Some(Event::Staff(StaffEvent::Refused(Refusal::Changed))))
            }
            other => other.map(|e| e.map(Event::Staff)),
        }
    }

    /// Carry out one staff effect, by the part of staff work it serves.
    fn try_staff(
        &mut self,
        effect: StaffEffect,
        now: Timestamp,
    ) -> Result<Option<StaffEvent>, StoreError> {
        match effect {
            e @ (StaffEffect::CheckPin(..)
            | StaffEffect::Session { .. }
            | StaffEffect::LoadWall
            | StaffEffect::LoadCard(..)
            | StaffEffect::Open { .. }
            | StaffEffect::SetService { .. }
            | StaffEffect::Remove { .. }
            | StaffEffect::Resend { .. }
            | StaffEffect::ChangeRecipient { .. }
            | StaffEffect::LoadAttention) => self.staff_wall_effect(e, now),
            e @ (StaffEffect::LoadHeld
            | StaffEffect::LoadRoom
            | StaffEffect::RoomToStaff { .. }
            | StaffEffect::LoadRun
            | StaffEffect::TakenOut { .. }
            | StaffEffect::Delivered { .. }
            | StaffEffect::NotDelivered { .. }
            | StaffEffect::SetDoorDelivery { .. }
            | StaffEffect::MoveShelf { .. }
            | StaffEffect::BeginLoad { .. }
            | StaffEffect::HandOver { .. }
            | StaffEffect::Resolve { .. }) => self.staff_packages_effect(e, now),
            e @ (StaffEffect::LoadReport { .. }
            | StaffEffect::StartAudit { .. }
            | StaffEffect::Finding { .. }
            | StaffEffect::FinishAudit { .. }
            | StaffEffect::FindResidents(..)
            | StaffEffect::SaveResident { .. }
            | StaffEffect::WithdrawPageLinks { .. }
            | StaffEffect::LoadAccounts(..)
            | StaffEffect::SaveAccount { .. }
            | StaffEffect::SetAccountActive { .. }
            | StaffEffect::LoadTrail(..)) => self.staff_records_effect(e, now),
        }
    }

    /// The staff login, the wall map and the locker card's actions.
    fn staff_wall_effect(
        &mut self,
        effect: StaffEffect,
        now: Timestamp,
    ) -> Result<Option<StaffEvent>, StoreError> {
        Ok(match effect {
            StaffEffect::CheckPin(typed) => Some(match self.store.staff_log_in(&typed.0, now)? {
                PinCheck::Member(m) => StaffEvent::PinChecked(Some(m)),
                PinCheck::Wrong(None) => StaffEvent::PinChecked(None),
                PinCheck::Wrong(Some(until)) | PinCheck::Blocked(until) => {
                    StaffEvent::PinBlocked(until)
                }
            }),
            StaffEffect::Session { kind, actor } => {
                let kind = match kind {
                    SessionMark::Login => EventKind::StaffLogin,
                    SessionMark::Logout => EventKind::StaffLogout,
                    SessionMark::Timeout => EventKind::StaffTimeout,
                };
                self.store.record_event(kind, &actor, None, "", now)?;
                tracing::info!(%kind, actor, "staff session");
                None
            }
            StaffEffect::LoadWall => Some(StaffEvent::Wall(self.store.wall_tiles()?)),
            StaffEffect::LoadCard(locker) => {
                Some(StaffEvent::Card(self.store.locker_card(locker)?))
            }
            StaffEffect::Open { actor, locker, why } => {
                self.store
                    .record_event(EventKind::StaffOpen, &actor, Some(locker.id), why, now)?;
                self.staff_unlock(locker);
                None
            }
            StaffEffect::SetService {
                actor,
                locker,
                in_service,
                reason,
            } => {
                self.store
                    .set_service(locker, in_service, &reason, &actor, now)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::Remove {
                actor,
                package,
                removal,
                locker,
            } => {
                // Recorded first; the flow opens the door and watches it.
                self.store.begin_removal(package, removal, &actor, now)?;
                Some(StaffEvent::RemovalStarted { package, locker })
            }
            StaffEffect::Resend { actor, package } => {
                self.store.resend_notice(package, &actor, now)?;
                self.wake_outbox();
                Some(StaffEvent::Done)
            }
            StaffEffect::ChangeRecipient {
                actor,
                package,
                resident,
            } => {
                self.store
                    .change_recipient(package, resident, &actor, now, &mut self.rng)?;
                self.wake_outbox();
                Some(StaffEvent::Done)
            }
            StaffEffect::LoadAttention => Some(StaffEvent::Attention(self.store.open_attention()?)),
            // Routed elsewhere by `try_staff`.
            _ => None,
        })
    }

    /// Packages off the wall: held, in the room, out for delivery, loaded.
    fn staff_packages_effect(
        &mut self,
        effect: StaffEffect,
        now: Timestamp,
    ) -> Result<Option<StaffEvent>, StoreError> {
        Ok(match effect {
            StaffEffect::LoadHeld => Some(StaffEvent::Held(self.store.held_packages()?)),
            StaffEffect::LoadRoom => match self.store.room()? {
                Some(room) => Some(StaffEvent::Room {
                    door: LockerRef::from(&room.door),
                    shelves: room.shelves.into_iter().map(|s| s.label).collect(),
                    packages: self.store.room_packages()?,
                }),
                None => None,
            },
            StaffEffect::RoomToStaff { actor, package } => {
                let door = self.store.room_to_staff(package, &actor, now)?;
                self.staff_unlock(LockerRef::from(&door));
                Some(StaffEvent::Done)
            }
            StaffEffect::LoadRun => Some(StaffEvent::Run(self.store.delivery_run()?)),
            StaffEffect::TakenOut { actor, package } => {
                self.store.taken_out_for_delivery(package, &actor, now)?;
                None
            }
            StaffEffect::Delivered { actor, package } => {
                self.store.delivered_to_door(package, &actor, now)?;
                self.wake_outbox();
                Some(StaffEvent::Done)
            }
            StaffEffect::NotDelivered { actor, package } => {
                self.store.not_delivered(package, &actor, now)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::SetDoorDelivery { actor, package, on } => {
                self.store
                    .set_door_delivery(package, on, None, &actor, now)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::MoveShelf {
                actor,
                package,
                shelf,
            } => {
                self.store.set_shelf(package, &shelf, &actor, now)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::BeginLoad { actor, package } => {
                let r = self.store.begin_load(package, &actor, now)?;
                tracing::info!(package = package.0, locker = %r.locker.label, "loading overflow");
                Some(StaffEvent::Loading {
                    package,
                    locker: LockerRef::from(&r.locker),
                })
            }
            StaffEffect::HandOver { actor, package } => {
                self.store.hand_over(package, &actor, now)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::Resolve { actor, item } => {
                self.store.resolve_attention(item, &actor, now)?;
                Some(StaffEvent::Done)
            }
            // Routed elsewhere by `try_staff`.
            _ => None,
        })
    }

    /// Reports, audits, the directory, accounts and the trail.
    fn staff_records_effect(
        &mut self,
        effect: StaffEffect,
        now: Timestamp,
    ) -> Result<Option<StaffEvent>, StoreError> {
        Ok(match effect {
            StaffEffect::LoadReport { days } => {
                let offset = offset_now(self.report_offset, now);
                let period = Period::last_days(now, days, offset);
                Some(StaffEvent::Report(Box::new(self.store.report(period)?)))
            }
            StaffEffect::StartAudit { actor } => {
                let id = self.store.start_audit(&actor, now)?;
                let items = self.store.audit_items()?;
                Some(StaffEvent::AuditStarted { id, items })
            }
            StaffEffect::Finding {
                actor,
                audit,
                place,
                finding,
            } => {
                self.store
                    .record_finding(audit, &place, finding, &actor, now)?;
                None
            }
            StaffEffect::FinishAudit { actor, audit } => {
                self.store.finish_audit(audit, &actor, now)?;
                None
            }
            StaffEffect::FindResidents(query) => Some(StaffEvent::Residents(
                self.store
                    .find_residents(&query, crate::kiosk::staff::DIRECTORY_ROWS)?,
            )),
            StaffEffect::SaveResident { actor, record } => {
                self.store.save_resident(&record, &actor, now)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::WithdrawPageLinks { actor, resident } => {
                self.store.revoke_page_links(resident, &actor, now)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::LoadAccounts(kind) => {
                Some(StaffEvent::Accounts(self.store.accounts(kind)?))
            }
            StaffEffect::SaveAccount {
                actor,
                kind,
                id,
                name,
                role,
                pin,
            } => {
                let role = (kind == crate::store::AccountKind::Staff).then_some(role);
                match id {
                    None => {
                        self.store
                            .add_account(kind, &name, role, &pin.0, &actor, now)?;
                    }
                    Some(id) => self.store.reset_pin(kind, id, &pin.0, &actor, now)?,
                }
                self.carriers_changed(kind)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::SetAccountActive {
                actor,
                kind,
                id,
                active,
            } => {
                self.store
                    .set_account_active(kind, id, active, &actor, now)?;
                self.carriers_changed(kind)?;
                Some(StaffEvent::Done)
            }
            StaffEffect::LoadTrail(filter) => {
                Some(StaffEvent::Trail(self.store.trail(&filter, TRAIL_ROWS)?))
            }
            // Routed elsewhere by `try_staff`.
            _ => None,
        })
    }

    /// The carrier login lists the carriers: show it the new list.
    fn carriers_changed(&self, kind: crate::store::AccountKind) -> Result<(), StoreError> {
        if kind == crate::store::AccountKind::Carrier {
            self.sink
                .update(super::UiUpdate::Carriers(self.store.carriers()?));
        }
        Ok(())
    }

    /// Unlock for staff; a door that does not open is said on their screen.
    fn staff_unlock(&self, locker: LockerRef) {
        let hal = self.hal.clone();
        let events = self.events.clone();
        let Some(channel) = self.doors.channel(locker.id) else {
            tracing::error!(locker = %locker.label, "staff unlock of a locker that is not wired");
            let _ = events.send(Event::Staff(StaffEvent::Refused(Refusal::NotWired(
                locker.label,
            ))));
            return;
        };
        tracing::info!(locker = %locker.label, %channel, "staff unlock");
        tokio::spawn(async move {
            if let Err(e) = hal.unlock(channel).await {
                tracing::warn!(locker = %locker.label, error = %e, "staff unlock failed");
                let _ = events.send(Event::Staff(StaffEvent::Refused(Refusal::DidNotOpen(
                    locker.label,
                ))));
            }
        });
    }
}

/// The most events the trail screen lists.
const TRAIL_ROWS: usize = 200;
