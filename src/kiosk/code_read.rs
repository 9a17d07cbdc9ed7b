//! A code read whole, by a serial scanner, the camera or a wedge scanner's
//! line: the journey at the screen takes it as one submitted field, never
//! as keystrokes.

use super::flow::Flow;
use super::screen::Screen;
use super::session::{Delivery, Pickup, Session};
use super::{Effect, Event};
use crate::domain::{labels, Timestamp};

impl Flow {
    /// A code read outside staff mode.
    pub(super) fn scanned(&mut self, text: String, now: Timestamp, fx: &mut Vec<Effect>) {
        let home = matches!(self.screen, Screen::Home { .. });
        let before_login = matches!(self.screen, Screen::CarrierLogin { chosen: None, .. });
        let room_door =
            matches!(&self.screen, Screen::DepositDoor { shelves, .. } if !shelves.is_empty());
        match labels::find(&text) {
            // A label scanned before logging in: its carrier is chosen, its
            // number waits for the login. One scan instead of a tap and a scan.
            Some(label) if home || before_login => {
                fx.push(Effect::FindCarrier(label.carrier.name().to_string()));
                self.start(Session::Carrier(Delivery {
                    pending_label: Some(text),
                    ..Delivery::default()
                }));
            }
            // A resident's QR token at the home screen: straight to pickup.
            _ if home && crate::security::token::looks_like_token(&text) => {
                self.start(Session::Resident(Pickup::default()));
                fx.extend(self.step(Event::Scanned(text), now));
            }
            // Anything else scanned at the home screen means nothing there.
            _ if home => {}
            // A shelf's label scanned at the package room's door.
            _ if room_door => self.choose_shelf(&text, fx),
            _ => self.code_read(text, fx),
        }
    }

    /// Hand a code read whole to the field on the screen that reads codes;
    /// a screen without one (a PIN, a name) ignores it.
    fn code_read(&mut self, text: String, fx: &mut Vec<Effect>) {
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
