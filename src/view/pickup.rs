//! The `Pickup` global: the resident's screens.

use super::{send, Events};
use crate::kiosk::{Event, Screen};
use crate::ui::{AppWindow, DoorItem, Pickup};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

pub(super) fn bind(ui: &AppWindow, events: Events) {
    let g = ui.global::<Pickup>();
    let e = events.clone();
    g.on_open_others(move || send(&e, Event::OpenOthers));
    g.on_done(move || send(&events, Event::Done));
}

pub(super) fn apply(ui: &AppWindow, screen: &Screen) {
    let g = ui.global::<Pickup>();
    match screen {
        Screen::PickupCode {
            entered_len,
            checking,
            ..
        } => {
            g.set_entered(*entered_len as i32);
            g.set_checking(*checking);
        }
        Screen::PickupDoor { doors, others, .. } => {
            let items: Vec<DoorItem> = doors
                .iter()
                .map(|d| DoorItem {
                    label: d.locker.label.as_str().into(),
                    state: super::deposit::door_state(d.phase),
                    shelf: d.locker.shelf.clone().unwrap_or_default().into(),
                })
                .collect();
            g.set_doors(ModelRc::new(VecModel::from(items)));
            let others: Vec<SharedString> = others
                .iter()
                .map(|l| match &l.shelf {
                    Some(s) => format!("{} {s}", l.label).into(),
                    None => l.label.as_str().into(),
                })
                .collect();
            g.set_others(ModelRc::new(VecModel::from(others)));
        }
        _ => {}
    }
}
