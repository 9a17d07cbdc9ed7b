//! Logging in: the carrier, then the PIN.

use super::super::flow::Flow;
use super::super::screen::{Message, Screen};
use super::super::session::CarrierSession;
use super::super::{Effect, Event, TextKey};
use super::PIN_MAX;
use crate::domain::Timestamp;
use crate::security::Typed;

impl Flow {
    /// The login screen: choose the carrier, type the PIN, the store's answer.
    pub(super) fn login_step(
        &mut self,
        screen: Screen,
        event: Event,
        now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        self.screen = match (screen, event) {
            (Screen::CarrierLogin { .. }, Event::ChooseCarrier(id, name)) => {
                if let Some(d) = self.delivery_mut() {
                    d.pin.clear();
                }
                Screen::CarrierLogin {
                    chosen: Some((id, name)),
                    pin_len: 0,
                    checking: false,
                    message: None,
                }
            }
            (
                Screen::CarrierLogin {
                    chosen: Some(c),
                    checking: false,
                    message,
                    ..
                },
                Event::Key(key),
            ) => {
                let Some(d) = self.delivery_mut() else {
                    return self.go_home_clean();
                };
                let enter = Flow::edit(&mut d.pin, &key, PIN_MAX, |c| c.is_ascii_digit());
                let message = message.filter(|_| !matches!(key, TextKey::Char(_)));
                // The store's guard decides whether it is checked at all (decision 0024).
                if enter && !d.pin.is_empty() {
                    fx.push(Effect::CheckPin {
                        carrier: c.0,
                        pin: Typed(std::mem::take(&mut d.pin)),
                    });
                    return self.screen = Screen::CarrierLogin {
                        chosen: Some(c),
                        pin_len: 0,
                        checking: true,
                        message: None,
                    };
                }
                Screen::CarrierLogin {
                    chosen: Some(c),
                    pin_len: d.pin.len(),
                    checking: false,
                    message,
                }
            }
            (
                Screen::CarrierLogin {
                    chosen: Some(c), ..
                },
                Event::PinChecked { carrier, ok },
            ) if c.0 == carrier => {
                if ok {
                    let Some(d) = self.delivery_mut() else {
                        return self.go_home_clean();
                    };
                    d.carrier = Some(CarrierSession { id: c.0, name: c.1 });
                    let pending = d.pending_label.take();
                    fx.push(Effect::LoadReturns(c.0));
                    self.show_scan(None);
                    if let Some(label) = pending {
                        let more = self.step(Event::Scanned(label), now);
                        fx.extend(more);
                    }
                    return;
                }
                Screen::CarrierLogin {
                    chosen: Some(c),
                    pin_len: 0,
                    checking: false,
                    message: Some(Message::WrongPin),
                }
            }
            (
                Screen::CarrierLogin {
                    chosen: Some(c), ..
                },
                Event::PinBlocked { carrier, until },
            ) if c.0 == carrier => Screen::CarrierLogin {
                chosen: Some(c),
                pin_len: 0,
                checking: false,
                message: Some(Message::try_again(until, now)),
            },
            (
                Screen::CarrierLogin {
                    chosen: Some(_), ..
                },
                Event::Back,
            ) => {
                if let Some(d) = self.delivery_mut() {
                    d.pin.clear();
                }
                Screen::carrier_login()
            }
            (Screen::CarrierLogin { chosen: None, .. }, Event::Back) => {
                self.go_home_clean();
                Screen::home()
            }
            (screen, event) => return self.stray(screen, event, fx),
        };
    }
}
