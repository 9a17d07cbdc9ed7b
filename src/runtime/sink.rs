//! Where screens go: the Slint view in the kiosk, a channel in tests.

use crate::kiosk::Screen;
use crate::notify::PhoneNotice;
use std::sync::mpsc;

/// Something the UI must show.
#[derive(Clone, Debug)]
pub enum UiUpdate {
    /// The kiosk's screen changed.
    Screen(Screen),
    /// The resident notices changed (the simulator's phone panel).
    Notices(Vec<PhoneNotice>),
    /// What the camera sees (small), or `None` when it is off.
    Viewfinder(Option<crate::scan::image::Gray>),
    /// The carrier accounts changed (staff added or disabled one).
    Carriers(Vec<crate::domain::Carrier>),
    /// The "Need help?" panel opened, changed or closed (`None`).
    Help(Option<crate::kiosk::HelpPanel>),
    /// The screens' language changed (`""`: the default, English).
    Language(String),
    /// The session's high contrast and text size changed.
    Look(crate::kiosk::Look),
    /// Night began (dark screens) or ended.
    Night(bool),
    /// "Need more time?": seconds left before the screen times out (`None`: hidden).
    TimeLeft(Option<u32>),
}

/// Receives UI updates from the runtime thread. Implementations must not block.
pub trait UiSink: Send {
    /// Deliver one update.
    fn update(&self, update: UiUpdate);
}

/// A sink that forwards updates over a channel (tests and tools).
pub struct ChannelSink(pub mpsc::Sender<UiUpdate>);

impl UiSink for ChannelSink {
    fn update(&self, update: UiUpdate) {
        // The receiver going away means the UI is shutting down: nothing to do.
        let _ = self.0.send(update);
    }
}
