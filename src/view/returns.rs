//! The `Returns` global: a resident's return and a carrier's collection.

use super::{send, Events};
use crate::kiosk::{Event, Screen, SenderField};
use crate::ui::{AppWindow, DoorItem, Returns};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

pub(super) fn bind(ui: &AppWindow, events: Events) {
    let g = ui.global::<Returns>();
    let e = events.clone();
    g.on_edit_unit(move || send(&e, Event::SenderField(SenderField::Unit)));
    let e = events.clone();
    g.on_edit_last_name(move || send(&e, Event::SenderField(SenderField::LastName)));
    let e = events.clone();
    g.on_collect(move || send(&e, Event::CollectReturns));
    g.on_stop(move || send(&events, Event::Done));
}

pub(super) fn apply(ui: &AppWindow, screen: &Screen) {
    let g = ui.global::<Returns>();
    match screen {
        Screen::ReturnLabel {
            carrier, tracking, ..
        } => {
            g.set_carrier(carrier.clone().unwrap_or_default().into());
            g.set_tracking(tracking.as_str().into());
        }
        Screen::ReturnSender {
            unit,
            last_name,
            field,
            checking,
            ..
        }
        | Screen::PageLinkWho {
            unit,
            last_name,
            field,
            checking,
            ..
        } => {
            g.set_page_link(matches!(screen, Screen::PageLinkWho { .. }));
            g.set_unit(unit.as_str().into());
            g.set_last_name(last_name.as_str().into());
            g.set_editing_unit(*field == SenderField::Unit);
            g.set_checking(*checking);
        }
        Screen::ReturnSize {
            sender,
            carrier,
            counts,
            ..
        } => {
            g.set_sender(sender.as_str().into());
            g.set_carrier(carrier.as_str().into());
            g.set_sizes_loaded(counts.is_some());
            g.set_sizes(super::deposit::size_items(*counts, false, None));
        }
        Screen::Scan { returns, .. } => g.set_waiting(*returns as i32),
        Screen::CollectReturns { doors, next, .. } => {
            let items: Vec<DoorItem> = doors
                .iter()
                .map(|d| DoorItem {
                    label: d.locker.label.as_str().into(),
                    state: super::deposit::door_state(d.phase),
                    shelf: SharedString::new(),
                })
                .collect();
            g.set_doors(ModelRc::new(VecModel::from(items)));
            let next: Vec<SharedString> = next.iter().map(|l| l.label.as_str().into()).collect();
            g.set_next(ModelRc::new(VecModel::from(next)));
        }
        _ => {}
    }
}
