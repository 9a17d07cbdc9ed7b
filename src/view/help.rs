//! The `Help` global: the "Need help?" panel.

use super::{send, Events};
use crate::kiosk::{Event, HelpEvent, HelpPanel, ProblemKind};
use crate::ui::{AppWindow, Help};
use slint::ComponentHandle;

pub(super) fn bind(ui: &AppWindow, events: Events) {
    let g = ui.global::<Help>();
    let e = events.clone();
    g.on_show(move || send(&e, Event::Help(HelpEvent::Open)));
    let e = events.clone();
    g.on_close(move || send(&e, Event::Help(HelpEvent::Close)));
    g.on_report(move |i| {
        if let Some(kind) = usize::try_from(i)
            .ok()
            .and_then(|i| ProblemKind::ALL.get(i))
        {
            send(&events, Event::Help(HelpEvent::Report(*kind)));
        }
    });
}

/// The property's package contact, shown on the panel.
pub fn set_contact(ui: &AppWindow, email: &str, phone: Option<&str>) {
    let g = ui.global::<Help>();
    g.set_email(email.into());
    g.set_phone(phone.unwrap_or_default().into());
}

/// Show the panel as the flow has it (or hide it).
pub fn apply(ui: &AppWindow, panel: Option<&HelpPanel>) {
    let g = ui.global::<Help>();
    g.set_open(panel.is_some());
    let Some(p) = panel else { return };
    g.set_locker(
        p.context
            .locker
            .as_ref()
            .map(|(_, label)| label.as_str())
            .unwrap_or_default()
            .into(),
    );
    g.set_state(match p.reported {
        None => 0,
        Some((_, true)) => 1,
        Some((_, false)) => 2,
    });
}
