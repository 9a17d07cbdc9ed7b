//! One effect at a time: store effects run here, in order, each one
//! transaction; unlocks go to the lock board on their own task.

use super::Runtime;
use crate::domain::PackageId;
use crate::domain::Timestamp;
use crate::kiosk::{Effect, Event, Found, LockerRef, ResidentHit};
use crate::store::{CarrierPin, CodeCheck, StoreError, Waiting};

/// Most residents listed while the carrier types.
const SEARCH_LIMIT: usize = 8;
/// More residents than any one wall serves: a label is matched against all of them.
const WHOLE_DIRECTORY: usize = 100_000;

fn hit(r: crate::domain::Resident) -> ResidentHit {
    ResidentHit {
        id: r.id,
        name: r.name,
        unit: r.unit,
        building: r.building,
    }
}

fn locker_ref(w: &Waiting) -> LockerRef {
    LockerRef {
        shelf: w.shelf.clone(),
        ..LockerRef::from(&w.locker)
    }
}

impl Runtime {
    /// Carry out one effect; a store result comes back as the next event.
    pub(super) fn execute(&mut self, effect: Effect, now: Timestamp) -> Option<Event> {
        crate::crashpoint::hit("before an effect");
        let result = self.try_execute(effect, now);
        crate::crashpoint::hit("after an effect");
        match result {
            Ok(event) => event,
            Err(e) => {
                // Nothing is lost: every step before this one is committed, and
                // the flow shows a plain "something went wrong" message.
                tracing::error!(error = %e, "store operation failed");
                Some(Event::StoreFailed)
            }
        }
    }

    /// Carry out one effect, by the journey it serves; every effect is routed here.
    fn try_execute(&mut self, effect: Effect, now: Timestamp) -> Result<Option<Event>, StoreError> {
        match effect {
            Effect::Staff(e) => self.execute_staff(e, now),
            Effect::ReportProblem(report) => {
                // Said on the panel either way: the person can still call or write.
                let ok = match self.store.report_problem(&report) {
                    Ok(()) => {
                        // Its email to the package help address is in the outbox.
                        self.wake_outbox();
                        true
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "a problem report could not be recorded");
                        false
                    }
                };
                Ok(Some(Event::Help(crate::kiosk::HelpEvent::Reported(ok))))
            }
            Effect::SendPageLink(resident) => {
                let sent = match self.store.send_page_link(resident, now) {
                    Ok(to) => {
                        self.wake_outbox();
                        Some(to)
                    }
                    Err(StoreError::Refused(_) | StoreError::NotFound(_)) => None,
                    Err(e) => return Err(e),
                };
                Ok(Some(Event::PageLinkSent(sent)))
            }
            e @ (Effect::FindSender { .. }
            | Effect::LoadReturns(..)
            | Effect::BeginCollect { .. }
            | Effect::CheckPin { .. }
            | Effect::CheckTracking { .. }
            | Effect::Search { .. }
            | Effect::FindCarrier(..)
            | Effect::MatchShipTo(..)) => self.execute_carrier(e, now),
            e @ (Effect::LoadAvailability { .. }
            | Effect::BeginDeposit(..)
            | Effect::FindShareable(..)
            | Effect::BeginSharedDeposit { .. }
            | Effect::LoadRoomSpace
            | Effect::BeginRoomDeposit(..)
            | Effect::SetShelf { .. }
            | Effect::HoldWithStaff(..)
            | Effect::Unlock(..)
            | Effect::DoorSeenOpen(..)
            | Effect::ConfirmDeposit(..)
            | Effect::CancelDeposit { .. }
            | Effect::DepositDoorFailed { .. }) => self.execute_drop_off(e, now),
            e @ (Effect::CheckCode(..)
            | Effect::CheckToken(..)
            | Effect::BeginPickup(..)
            | Effect::ConfirmPickup(..)
            | Effect::CancelPickup(..)
            | Effect::PickupDoorFailed { .. }) => self.execute_pickup(e, now),
            e @ (Effect::DoorOpenedUnexpectedly(..)
            | Effect::DoorFault { .. }
            | Effect::DoorFoundOpen(..)
            | Effect::DoorLeftOpen { .. }
            | Effect::DoorClosedAfterLeftOpen(..)
            | Effect::BoardOffline(..)
            | Effect::BoardOnline(..)
            | Effect::CheckOccupancy(..)) => self.execute_wall(e, now),
        }
    }

    /// The carrier's login, numbers, recipients and returns.
    fn execute_carrier(
        &mut self,
        effect: Effect,
        now: Timestamp,
    ) -> Result<Option<Event>, StoreError> {
        Ok(match effect {
            Effect::FindSender { unit, last_name } => Some(Event::SenderChecked(
                self.store.return_sender(&unit, &last_name)?.map(hit),
            )),
            Effect::LoadReturns(carrier) => Some(Event::ReturnsWaiting(
                self.store
                    .returns_for_carrier(carrier)?
                    .iter()
                    .map(|(p, l)| (*p, LockerRef::from(l)))
                    .collect(),
            )),
            Effect::BeginCollect { package, carrier } => {
                let locker = match self.store.begin_collect(package, carrier, now) {
                    Ok(l) => Some(LockerRef::from(&l)),
                    // Taken out by staff meanwhile: skipped.
                    Err(StoreError::NotFound(_)) => None,
                    Err(e) => return Err(e),
                };
                Some(Event::CollectStarted { package, locker })
            }
            Effect::CheckPin { carrier, pin } => {
                Some(match self.store.carrier_log_in(carrier, &pin.0, now)? {
                    CarrierPin::Right => Event::PinChecked { carrier, ok: true },
                    CarrierPin::Wrong(None) => Event::PinChecked { carrier, ok: false },
                    CarrierPin::Wrong(Some(until)) | CarrierPin::Blocked(until) => {
                        Event::PinBlocked { carrier, until }
                    }
                })
            }
            Effect::CheckTracking { tracking } => {
                let already_in = self
                    .store
                    .live_package_by_tracking(&tracking)?
                    .map(|(_, label)| label);
                let expected = self.store.expected_by(&tracking)?.map(hit);
                Some(Event::TrackingChecked {
                    tracking,
                    already_in,
                    expected,
                })
            }
            Effect::Search { query } => {
                let hits = self
                    .store
                    .search_residents(&query, SEARCH_LIMIT)?
                    .into_iter()
                    .map(hit)
                    .collect();
                Some(Event::Searched { query, hits })
            }
            Effect::FindCarrier(name) => self
                .store
                .carriers()?
                .into_iter()
                .find(|c| c.name.eq_ignore_ascii_case(&name))
                .map(|c| Event::ChooseCarrier(c.id, c.name)),
            Effect::MatchShipTo(payload) => {
                let hints = crate::domain::shipto::parse(&payload);
                let everyone = self.store.search_residents("", WHOLE_DIRECTORY)?;
                let directory: Vec<_> = everyone
                    .iter()
                    .map(|r| (r.id, r.name.clone(), r.unit.clone()))
                    .collect();
                let ranked = hints.rank(&directory);
                let hits: Vec<ResidentHit> = if ranked.is_empty() {
                    everyone.into_iter().take(SEARCH_LIMIT).map(hit).collect()
                } else {
                    ranked
                        .iter()
                        .take(SEARCH_LIMIT)
                        .filter_map(|id| everyone.iter().find(|r| r.id == *id).cloned())
                        .map(hit)
                        .collect()
                };
                Some(Event::Searched {
                    query: String::new(),
                    hits,
                })
            }
            // Routed elsewhere by the dispatch above.
            _ => None,
        })
    }

    /// A drop-off: what is free, the reservation, the door, the outcome.
    fn execute_drop_off(
        &mut self,
        effect: Effect,
        now: Timestamp,
    ) -> Result<Option<Event>, StoreError> {
        Ok(match effect {
            Effect::LoadAvailability {
                resident,
                low_reach,
            } => Some(Event::Availability(
                self.store.free_counts(resident, low_reach)?,
            )),
            Effect::BeginDeposit(req) => match self.store.begin_deposit(&req, now) {
                Ok(r) => Some(Event::Reserved {
                    package: r.package,
                    locker: LockerRef::from(&r.locker),
                }),
                Err(StoreError::NoneFree(size)) => Some(Event::NoneFree(size)),
                Err(e) => return Err(e),
            },
            Effect::FindShareable(resident) => Some(Event::Shareable(
                self.store
                    .shareable_locker(resident)?
                    .map(|(p, l)| (p, LockerRef::from(&l))),
            )),
            Effect::BeginSharedDeposit { req, partner } => {
                match self.store.begin_shared_deposit(&req, partner, now) {
                    Ok(r) => Some(Event::Reserved {
                        package: r.package,
                        locker: LockerRef::from(&r.locker),
                    }),
                    // Its partner left meanwhile: the offer is withdrawn.
                    Err(StoreError::Refused(_)) => Some(Event::Shareable(None)),
                    Err(e) => return Err(e),
                }
            }
            Effect::LoadRoomSpace => {
                Some(Event::RoomSpace(self.store.room()?.map_or(0, |r| r.free())))
            }
            Effect::BeginRoomDeposit(req) => match self.store.begin_room_deposit(&req, now) {
                Ok(r) => Some(Event::RoomReserved {
                    package: r.package,
                    door: LockerRef {
                        shelf: Some(r.shelf),
                        ..LockerRef::from(&r.door)
                    },
                    shelves: r.shelves,
                }),
                // Filled up meanwhile: the screen learns there is no space.
                Err(StoreError::Refused(why)) => {
                    tracing::info!(%why, "package room refused a drop-off");
                    Some(Event::RoomSpace(0))
                }
                Err(e) => return Err(e),
            },
            Effect::SetShelf { package, shelf } => {
                self.store
                    .set_shelf(package, &shelf, crate::store::ACTOR_KIOSK, now)?;
                None
            }
            Effect::HoldWithStaff(req) => {
                let (package, _) = self.store.hold_with_staff(&req, now, &mut self.rng)?;
                tracing::info!(package = package.0, "package left with staff (overflow)");
                self.wake_outbox();
                Some(Event::Held { package })
            }
            Effect::Unlock(locker) => {
                self.unlock(locker);
                None
            }
            Effect::DoorSeenOpen(package) => {
                self.store.door_seen_open(package, now)?;
                None
            }
            Effect::ConfirmDeposit(package) => {
                let stored = self.store.confirm_drop_off(package, now, &mut self.rng)?;
                let is_return = matches!(stored, crate::store::DropOff::Return { .. });
                tracing::info!(package = package.0, locker = %stored.locker().label, is_return, "package stored");
                self.wake_outbox();
                Some(Event::DepositStored { package })
            }
            Effect::CancelDeposit { package, reason } => {
                self.store.cancel_deposit(package, now, reason)?;
                None
            }
            Effect::DepositDoorFailed { package, why } => {
                self.store.deposit_door_failed(package, now, why)?;
                None
            }
            // Routed elsewhere by the dispatch above.
            _ => None,
        })
    }

    /// A pickup: the code or token, the doors, the outcome.
    fn execute_pickup(
        &mut self,
        effect: Effect,
        now: Timestamp,
    ) -> Result<Option<Event>, StoreError> {
        Ok(match effect {
            Effect::CheckCode(typed) => Some(match self.store.check_code(&typed.0, now)? {
                CodeCheck::Waiting(w) => Event::CodeChecked(Some(self.found(w)?)),
                CodeCheck::Held => Event::CodeHeld,
                CodeCheck::Wrong(None) => Event::CodeChecked(None),
                CodeCheck::Wrong(Some(until)) | CodeCheck::Blocked(until) => {
                    Event::CodeBlocked(until)
                }
            }),
            Effect::CheckToken(scanned) => {
                use crate::kiosk::TokenProblem;
                use crate::security::{TokenError, TokenSigner};
                // The signature covers the version of the package's code.
                let version = match TokenSigner::package_named(&scanned.0) {
                    Ok(package) => self.store.code_version(package)?.unwrap_or(0),
                    Err(_) => 0,
                };
                let result = match self.signer.verify(&scanned.0, version, now) {
                    Err(TokenError::Malformed) => Err(TokenProblem::Unreadable),
                    Err(TokenError::NotFromHere) => Err(TokenProblem::NotFromHere),
                    Err(TokenError::Replaced) => Err(TokenProblem::Replaced),
                    Err(TokenError::Expired) => Err(TokenProblem::Expired),
                    Ok(claims) => match self.store.waiting_package(claims.package)? {
                        Some(w) => Ok(self.found(w)?),
                        None => Err(TokenProblem::NotWaiting),
                    },
                };
                if let Err(problem) = &result {
                    tracing::info!(?problem, "pickup QR code refused");
                }
                Some(Event::TokenChecked(result))
            }
            Effect::BeginPickup(packages) => {
                let mut started: Vec<(PackageId, LockerRef)> = Vec::with_capacity(packages.len());
                for (package, locker) in packages {
                    // Packages sharing this door come out with it: one code, one door.
                    let sharing = self.store.sharing_the_door(package)?;
                    for p in std::iter::once(package).chain(sharing) {
                        if started.iter().any(|(q, _)| *q == p) {
                            continue;
                        }
                        self.store.begin_pickup(p, now)?;
                        started.push((p, locker.clone()));
                    }
                }
                Some(Event::PickupStarted(started))
            }
            Effect::ConfirmPickup(package) => {
                self.store.confirm_pickup(package, now)?;
                tracing::info!(package = package.0, "package picked up");
                self.wake_outbox();
                None
            }
            Effect::CancelPickup(package) => {
                self.store.cancel_pickup(package, now)?;
                None
            }
            Effect::PickupDoorFailed { package, why } => {
                self.store.pickup_door_failed(package, now, why)?;
                None
            }
            // Routed elsewhere by the dispatch above.
            _ => None,
        })
    }

    /// What the doors and boards did, recorded.
    fn execute_wall(
        &mut self,
        effect: Effect,
        now: Timestamp,
    ) -> Result<Option<Event>, StoreError> {
        Ok(match effect {
            Effect::DoorOpenedUnexpectedly(locker) => {
                if self.store.door_opened_unexpectedly(locker, now)? {
                    tracing::warn!(locker = locker.0, "door opened without an unlock");
                }
                None
            }
            Effect::DoorFault { locker, why } => {
                self.store.door_fault(locker, now, why)?;
                None
            }
            Effect::DoorFoundOpen(locker) => {
                self.store.door_found_open(locker, now)?;
                None
            }
            Effect::DoorLeftOpen { locker, seconds } => {
                self.store.door_left_open(locker, seconds, now)?;
                None
            }
            Effect::DoorClosedAfterLeftOpen(locker) => {
                self.store.door_closed_after_left_open(locker, now)?;
                None
            }
            Effect::BoardOffline(board) => {
                self.store.board_offline(board, now)?;
                None
            }
            Effect::BoardOnline(board) => {
                self.store.board_online(board, now)?;
                None
            }
            Effect::CheckOccupancy(readings) => {
                let n = self.store.check_occupancy(&readings, now)?;
                if n > 0 {
                    tracing::warn!(
                        lockers = n,
                        "item sensors disagree with the packages recorded"
                    );
                }
                None
            }
            // Routed elsewhere by the dispatch above.
            _ => None,
        })
    }

    /// A waiting package with the resident's others, as the flow wants it.
    fn found(&self, w: Waiting) -> Result<Found, StoreError> {
        // Behind the same door (a shared locker) they open with it, not as "others".
        let others = self
            .store
            .waiting_for_resident(w.resident)?
            .into_iter()
            .filter(|o| o.package != w.package && o.locker.id != w.locker.id)
            .map(|o| (o.package, locker_ref(&o)))
            .collect();
        Ok(Found {
            package: w.package,
            locker: locker_ref(&w),
            others,
            language: w.language,
        })
    }

    /// Send the unlock on its own task; a board error comes back as an event.
    pub(super) fn unlock(&self, locker: LockerRef) {
        let hal = self.hal.clone();
        let events = self.events.clone();
        let Some(channel) = self.doors.channel(locker.id) else {
            tracing::error!(locker = %locker.label, "unlock of a locker that is not wired");
            let _ = events.send(Event::UnlockFailed { locker: locker.id });
            return;
        };
        tracing::info!(locker = %locker.label, %channel, "unlock");
        tokio::spawn(async move {
            crate::crashpoint::hit("before an unlock");
            let result = hal.unlock(channel).await;
            crate::crashpoint::hit("after an unlock, before the door is seen open");
            if let Err(e) = result {
                tracing::warn!(locker = %locker.label, error = %e, "unlock failed");
                let _ = events.send(Event::UnlockFailed { locker: locker.id });
            }
        });
    }
}
