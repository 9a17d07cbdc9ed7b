//! A code read whole, by a serial scanner, the camera or a wedge scanner's
//! line: the journey at the screen takes it as one submitted field, never
//! as keystrokes.

use super::flow::Flow;
use super::screen::Screen;
use super::Effect;

impl Flow {
    /// Hand a code read whole to the field on the screen that reads codes;
    /// a screen without one (a PIN, a name) ignores it.
    pub(super) fn code_read(&mut self, text: String, fx: &mut Vec<Effect>) {
        match &self.screen {
            Screen::Scan { .. } => self.scan_read(text, fx),
            Screen::PickupCode {
                checking: false, ..
            } => self.pickup_read(&text, fx),
            Screen::ReturnLabel { .. } => self.return_read(&text, fx),
            _ => {}
        }
    }
}
