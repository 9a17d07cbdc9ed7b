//! The door-delivery run.

use super::*;

/// The deliveries page's callbacks.
pub(super) fn bind(g: &StaffDeliveries<'_>, events: &Events) {
    g.on_take_out_all(tap(events, StaffEvent::TakeOutAll));
    g.on_delivered(with(events, |id: i32| {
        StaffEvent::Delivered(PackageId(id.into()))
    }));
    g.on_not_delivered(with(events, |id: i32| {
        StaffEvent::NotDelivered(PackageId(id.into()))
    }));
}

/// Show the deliveries page.
pub(super) fn show(g: &StaffDeliveries<'_>, page: &StaffPage) {
    let StaffPage::Deliveries { stops, opening, .. } = page else {
        return;
    };
    let mut last = None;
    let rows: Vec<RunRow> = stops
        .iter()
        .map(|st| {
            let group = Some((st.building.as_str(), st.floor));
            let first = group != last;
            last = group;
            RunRow {
                id: st.package.0 as i32,
                tracking: st.tracking.as_str().into(),
                resident: format!("{} ({})", st.resident, st.unit).into(),
                building: st.building.as_str().into(),
                floor: st.floor as i32,
                first_in_group: first,
                at: st.at.clone().unwrap_or_default().into(),
                out: st.out,
                window: match st.window {
                    None => DoorWindowId::Any,
                    Some(DoorWindow::Morning) => DoorWindowId::Morning,
                    Some(DoorWindow::Afternoon) => DoorWindowId::Afternoon,
                    Some(DoorWindow::Evening) => DoorWindowId::Evening,
                },
            }
        })
        .collect();
    g.set_to_take(stops.iter().filter(|s| !s.out && s.door.is_some()).count() as i32);
    g.set_stops(model(rows));
    g.set_opening(opening.is_some());
    if let Some(d) = opening {
        g.set_door(d.locker.label.as_str().into());
        g.set_door_state(crate::view::deposit::door_state(d.phase));
    }
}
