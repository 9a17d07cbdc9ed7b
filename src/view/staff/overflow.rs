//! Packages held by staff and in the package room.

use super::*;

/// The overflow page's callbacks.
pub(super) fn bind(g: &StaffOverflow<'_>, events: &Events) {
    g.on_load(with(events, |id: i32| {
        StaffEvent::Load(PackageId(id.into()))
    }));
    g.on_ask_move(with(events, |id: i32| {
        StaffEvent::AskMove(PackageId(id.into()))
    }));
    g.on_move_to(with(events, |s: SharedString| {
        StaffEvent::MoveTo(s.to_string())
    }));
    g.on_room_to_locker(with(events, |id: i32| {
        StaffEvent::RoomToLocker(PackageId(id.into()))
    }));
    g.on_take_out(with2(events, |id: i32, r: RemovalId| {
        StaffEvent::TakeOut(PackageId(id.into()), removal(r))
    }));
    g.on_hand_over(with(events, |id: i32| {
        StaffEvent::HandOver(PackageId(id.into()))
    }));
}

/// Show the overflow page.
pub(super) fn show(g: &StaffOverflow<'_>, page: &StaffPage, lang: &str) {
    let StaffPage::Overflow {
        held,
        loading,
        room,
    } = page
    else {
        return;
    };
    g.set_room_open(room.is_some());
    if let Some(r) = room {
        g.set_room_label(r.door.label.as_str().into());
        g.set_room_shelves(model(
            r.shelves
                .iter()
                .map(|s| SharedString::from(s.as_str()))
                .collect(),
        ));
        g.set_room_packages(model(
            r.packages
                .iter()
                .map(|p| RoomRow {
                    id: p.package.0 as i32,
                    tracking: p.tracking.as_str().into(),
                    resident: p.resident.as_str().into(),
                    shelf: p.shelf.as_str().into(),
                    since: when(p.since, lang).into(),
                    moving: r.moving == Some(p.package),
                })
                .collect(),
        ));
    }
    let rows: Vec<HeldRow> = held
        .iter()
        .map(|h| HeldRow {
            id: h.package.0 as i32,
            tracking: h.tracking.as_str().into(),
            resident: format!("{} ({}-{})", h.resident, h.building, h.unit).into(),
            size: h.size.code().into(),
            carrier: h.carrier.as_str().into(),
            since: when(h.held_at, lang).into(),
        })
        .collect();
    g.set_held(model(rows));
    g.set_loading_open(loading.is_some());
    if let Some(l) = loading {
        g.set_loading_locker(l.door.locker.label.as_str().into());
        g.set_loading_tracking(l.tracking.as_str().into());
        g.set_loading_door(crate::view::deposit::door_state(l.door.phase));
    }
}
