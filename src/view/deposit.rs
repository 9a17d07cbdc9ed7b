//! The `Deposit` global: the carrier's screens.

use super::{send, Events};
use crate::domain::{CarrierId, ResidentId, Size};
use crate::kiosk::{DoorPhase, Event, Message, Place, Screen};
use crate::ui::{AppWindow, CarrierItem, Deposit, DoorState, ResidentItem, SizeItem};
use slint::{ComponentHandle, ModelRc, VecModel};

pub(super) fn bind(ui: &AppWindow, events: Events) {
    let g = ui.global::<Deposit>();
    let weak = super::weak(ui);
    let e = events.clone();
    g.on_choose_carrier(move |id| {
        // The name is what the PIN screen shows; it comes from the list the carrier tapped.
        let name = weak
            .upgrade()
            .and_then(|ui| {
                use slint::Model;
                ui.global::<Deposit>()
                    .get_carriers()
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.name.to_string())
            })
            .unwrap_or_default();
        send(&e, Event::ChooseCarrier(CarrierId(id as i64), name));
    });
    let e = events.clone();
    g.on_deliver_anyway(move || send(&e, Event::DeliverAnyway));
    let e = events.clone();
    g.on_choose_resident(move |id| send(&e, Event::ChooseResident(ResidentId(id as i64))));
    let e = events.clone();
    g.on_choose_size(move |code| {
        if let Some(size) = Size::parse(&code) {
            send(&e, Event::ChooseSize(size));
        }
    });
    let e = events.clone();
    g.on_cancel(move || send(&e, Event::CancelDeposit));
    let e = events.clone();
    g.on_does_not_fit(move || send(&e, Event::DoesNotFit));
    let e = events.clone();
    g.on_leave_with_staff(move || send(&e, Event::LeaveWithStaff));
    let e = events.clone();
    g.on_use_room(move || send(&e, Event::UseRoom));
    let e = events.clone();
    g.on_share_locker(move || send(&e, Event::ShareLocker));
    let e = events.clone();
    g.on_choose_shelf(move |s| send(&e, Event::ChooseShelf(s.to_string())));
    let e = events.clone();
    g.on_next_package(move || send(&e, Event::NextPackage));
    g.on_done(move || send(&events, Event::Done));
}

/// The UI's door state for a flow phase.
pub fn door_state(phase: DoorPhase) -> DoorState {
    match phase {
        DoorPhase::Opening => DoorState::Opening,
        DoorPhase::Open => DoorState::Open,
        DoorPhase::Closed => DoorState::Closed,
        DoorPhase::TakeBack => DoorState::TakeBack,
        DoorPhase::Failed => DoorState::Failed,
    }
}

/// Set the carrier list (loaded once at start).
pub fn set_carriers(ui: &AppWindow, carriers: &[crate::domain::Carrier]) {
    let items: Vec<CarrierItem> = carriers
        .iter()
        .map(|c| CarrierItem {
            id: c.id.0 as i32,
            name: c.name.as_str().into(),
        })
        .collect();
    ui.global::<Deposit>()
        .set_carriers(ModelRc::new(VecModel::from(items)));
}

pub(super) fn apply(ui: &AppWindow, screen: &Screen) {
    let g = ui.global::<Deposit>();
    match screen {
        Screen::CarrierLogin {
            chosen,
            pin_len,
            checking,
            ..
        } => {
            g.set_carrier_chosen(chosen.is_some());
            g.set_carrier_name(chosen.as_ref().map(|c| c.1.as_str()).unwrap_or("").into());
            g.set_pin_length(*pin_len as i32);
            g.set_checking(*checking);
        }
        Screen::Scan {
            carrier,
            tracking,
            confirm_duplicate,
            ..
        } => {
            g.set_carrier_name(carrier.as_str().into());
            g.set_tracking(tracking.as_str().into());
            g.set_confirm_duplicate(*confirm_duplicate);
        }
        Screen::Recipient {
            tracking,
            query,
            results,
        } => {
            g.set_tracking(tracking.as_str().into());
            g.set_query(query.as_str().into());
            g.set_results(resident_items(results));
        }
        Screen::Size {
            recipient,
            counts,
            suggested,
            for_staff,
            message,
            room,
            share,
        } => {
            g.set_share(share.clone().unwrap_or_default().into());
            g.set_recipient(recipient.as_str().into());
            g.set_sizes_loaded(counts.is_some());
            g.set_for_staff(*for_staff);
            g.set_staff_suggested(matches!(
                message,
                Some(Message::NothingFits(_) | Message::WallFull)
            ));
            g.set_has_room(room.is_some());
            g.set_room_free(room.unwrap_or(0) as i32);
            g.set_room_suggested(matches!(message, Some(Message::TryRoom(_))));
            // Left with staff, any size can be what it needs.
            g.set_sizes(size_items(*counts, *for_staff, *suggested));
        }
        Screen::DepositDoor {
            door,
            recipient,
            shelves,
            is_return,
            ..
        } => {
            g.set_is_return(*is_return);
            g.set_shelves(ModelRc::new(VecModel::from(
                shelves
                    .iter()
                    .map(|s| slint::SharedString::from(s.as_str()))
                    .collect::<Vec<_>>(),
            )));
            g.set_shelf(door.locker.shelf.clone().unwrap_or_default().into());
            g.set_locker(door.locker.label.as_str().into());
            g.set_door(door_state(door.phase));
            g.set_recipient(recipient.as_str().into());
        }
        Screen::DepositDone {
            place,
            recipient,
            is_return,
        } => {
            g.set_is_return(*is_return);
            let (locker, with_staff, shelf) = match place {
                Place::Locker(l) => (l.as_str(), false, ""),
                Place::Staff => ("", true, ""),
                Place::Room(s) => ("", false, s.as_str()),
            };
            g.set_locker(locker.into());
            g.set_with_staff(with_staff);
            g.set_shelf(shelf.into());
            g.set_recipient(recipient.as_str().into());
        }
        _ => {}
    }
}

/// The four sizes as the size grid shows them: each with its free count,
/// enabled where one is free (or all, `any`), the suggested one marked.
pub(super) fn size_items(
    counts: Option<[u32; 4]>,
    any: bool,
    suggested: Option<Size>,
) -> ModelRc<SizeItem> {
    let counts = counts.unwrap_or([0; 4]);
    let items: Vec<SizeItem> = Size::ALL
        .iter()
        .map(|z| SizeItem {
            code: z.code().into(),
            free: counts[z.index()] as i32,
            enabled: counts[z.index()] > 0 || any,
            suggested: suggested == Some(*z),
        })
        .collect();
    ModelRc::new(VecModel::from(items))
}

/// Residents found, as the lists that show them.
pub(super) fn resident_items(hits: &[crate::kiosk::ResidentHit]) -> ModelRc<ResidentItem> {
    let items: Vec<ResidentItem> = hits
        .iter()
        .map(|r| ResidentItem {
            id: r.id.0 as i32,
            name: r.name.as_str().into(),
            unit: r.unit.as_str().into(),
            building: r.building.as_str().into(),
        })
        .collect();
    ModelRc::new(VecModel::from(items))
}
