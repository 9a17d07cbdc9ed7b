//! The Slint binding: one module per global. Screens come in as `UiUpdate`s
//! and become properties; callbacks become `Event`s. Nothing else touches Slint.

pub mod deposit;
pub mod help;
pub mod kiosk;
pub mod language;
mod pickup;
pub mod refusal;
mod returns;
pub mod simulator;
pub mod speech;
pub mod staff;

use crate::kiosk::Event;
use crate::runtime::{UiSink, UiUpdate};
use crate::ui::AppWindow;
use slint::ComponentHandle;
use tokio::sync::mpsc::UnboundedSender;

/// Where the UI's events go.
pub type Events = UnboundedSender<Event>;

/// Connect every callback of every global to the event channel.
pub fn bind(ui: &AppWindow, events: Events) {
    kiosk::bind(ui, events.clone());
    deposit::bind(ui, events.clone());
    staff::bind(ui, events.clone());
    help::bind(ui, events.clone());
    returns::bind(ui, events.clone());
    pickup::bind(ui, events);
}

/// Show one update from the runtime.
pub fn apply(ui: &AppWindow, update: &UiUpdate) {
    match update {
        UiUpdate::Screen(screen) => {
            kiosk::apply(ui, screen);
            deposit::apply(ui, screen);
            pickup::apply(ui, screen);
            returns::apply(ui, screen);
            staff::apply(ui, screen);
        }
        // Notices are shown by the simulator's phone, not the kiosk.
        UiUpdate::Notices(_) => {}
        UiUpdate::Viewfinder(frame) => kiosk::show_viewfinder(ui, frame.as_ref()),
        UiUpdate::Carriers(list) => deposit::set_carriers(ui, list),
        UiUpdate::Help(panel) => help::apply(ui, panel.as_ref()),
        UiUpdate::Language(code) => language::apply(ui, code),
        UiUpdate::TimeLeft(left) => kiosk::show_time_left(ui, *left),
        UiUpdate::Look(look) => kiosk::show_look(ui, *look),
        UiUpdate::Night(night) => ui.global::<crate::ui::Theme>().set_dark(*night),
    }
}

/// Sends updates to the Slint event loop from the runtime's thread.
pub struct SlintSink {
    pub kiosk: slint::Weak<AppWindow>,
    /// The simulator window, when the demo shows one.
    pub simulator: Option<slint::Weak<crate::ui::SimulatorWindow>>,
    /// Spoken guidance, when the site turns it on.
    pub speaker: Option<std::sync::Arc<std::sync::Mutex<crate::speech::Speaker>>>,
}

impl UiSink for SlintSink {
    fn update(&self, update: UiUpdate) {
        // Sends fail only when the event loop has quit: the kiosk is shutting down.
        match (&update, &self.simulator) {
            (UiUpdate::Notices(list), Some(sim)) => {
                let list = list.clone();
                let _ = sim.upgrade_in_event_loop(move |w| simulator::apply_notices(&w, &list));
            }
            (UiUpdate::Notices(_), None) => {}
            (
                UiUpdate::Screen(_)
                | UiUpdate::Viewfinder(_)
                | UiUpdate::Carriers(_)
                | UiUpdate::Help(_)
                | UiUpdate::Language(_)
                | UiUpdate::TimeLeft(_)
                | UiUpdate::Look(_)
                | UiUpdate::Night(_),
                _,
            ) => {
                let speaker = self.speaker.clone();
                let _ = self.kiosk.upgrade_in_event_loop(move |ui| {
                    apply(&ui, &update);
                    if let Some(speaker) = speaker {
                        // A poisoned lock only means a panic mid-sentence: speak on.
                        let mut speaker = speaker.lock().unwrap_or_else(|e| e.into_inner());
                        speech::follow(&ui, &update, &mut speaker);
                    }
                });
            }
        }
    }
}

/// Send an event; a closed channel means the runtime has stopped (shutdown).
fn send(events: &Events, event: Event) {
    if events.send(event).is_err() {
        tracing::warn!("runtime has stopped; input ignored");
    }
}

/// A weak handle for callbacks that read the window.
fn weak(ui: &AppWindow) -> slint::Weak<AppWindow> {
    ui.as_weak()
}
