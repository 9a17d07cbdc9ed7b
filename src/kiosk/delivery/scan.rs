//! The scan screen: a tracking number typed or read, and the returns waiting.

use super::super::flow::Flow;
use super::super::screen::{Message, Screen};
use super::super::{Effect, Event, TextKey};
use super::TRACKING_MAX;
use crate::domain::{labels, Timestamp};

impl Flow {
    /// The scan screen (and collecting returns, which starts from it).
    pub(super) fn scan_step(
        &mut self,
        screen: Screen,
        event: Event,
        _now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        let tracking = self.delivery().map(|d| d.tracking.clone());
        self.screen = match (screen, event) {
            (Screen::Scan { .. }, Event::Key(key)) => return self.scan_key(key, fx),
            (
                Screen::Scan { .. },
                Event::TrackingChecked {
                    tracking: checked,
                    already_in,
                    expected,
                },
            ) if Some(&checked) == tracking.as_ref() => match (already_in, expected) {
                (Some(label), _) => self.scan_screen(Some(Message::AlreadyStored(label)), true),
                // Its resident told their page: no one to look for.
                (None, Some(hit)) => self.choose_recipient(hit, Some(Message::Expected), fx),
                (None, None) => self.show_recipient(fx),
            },
            (
                Screen::Scan {
                    confirm_duplicate: true,
                    message: Some(Message::CheckDigit(_)),
                    ..
                },
                Event::DeliverAnyway,
            ) => {
                // The carrier vouches for the number as printed; duplicates are still checked.
                fx.push(Effect::CheckTracking {
                    tracking: tracking.unwrap_or_default(),
                });
                self.scan_screen(None, false)
            }
            (
                Screen::Scan {
                    confirm_duplicate: true,
                    ..
                },
                Event::DeliverAnyway,
            ) => self.show_recipient(fx),
            (Screen::Scan { message, .. }, Event::ReturnsWaiting(list)) => {
                if let Some(d) = self.delivery_mut() {
                    d.returns_waiting = list;
                }
                self.scan_screen(message, false)
            }
            (screen @ Screen::Scan { .. }, Event::CollectReturns) => {
                self.screen = screen;
                return self.collect_returns(fx);
            }
            (Screen::CollectReturns { .. }, Event::Done) => {
                // Doors open now are still watched; the rest stay waiting.
                fx.extend(self.carrier().map(|c| Effect::LoadReturns(c.id)));
                return self.show_scan(None);
            }
            (Screen::Scan { .. }, Event::Back | Event::Done) => {
                self.go_home_clean();
                Screen::home()
            }
            (screen, event) => return self.stray(screen, event, fx),
        };
    }

    /// A key on the tracking number's field; Enter submits it.
    fn scan_key(&mut self, key: TextKey, fx: &mut Vec<Effect>) {
        let Some(d) = self.delivery_mut() else {
            return self.go_home_clean();
        };
        // A number typed by hand is not the label scanned before it.
        d.label_payload = None;
        if Flow::edit(&mut d.tracking, &key, TRACKING_MAX, tracking_char) {
            let typed = d.tracking.clone();
            return self.submit_tracking(typed, fx);
        }
        self.screen = self.scan_screen(None, false);
    }

    /// A tracking number entered: typed then Enter, or read whole by a scanner.
    pub(super) fn submit_tracking(&mut self, typed: String, fx: &mut Vec<Effect>) {
        let (tracking, message, confirm) = match labels::read(&typed) {
            // A carrier's number whose check digit fails: a misread or a typo.
            Ok((t, Some(label))) if !label.check_ok => {
                let msg = Message::CheckDigit(label.carrier.name().to_string());
                (t, Some(msg), true)
            }
            Ok((t, _)) => {
                fx.push(Effect::CheckTracking {
                    tracking: t.clone(),
                });
                (t, None, false)
            }
            Err(_) => (typed, Some(Message::BadTracking), false),
        };
        if let Some(d) = self.delivery_mut() {
            d.tracking = tracking;
        }
        self.screen = self.scan_screen(message, confirm);
    }

    /// A code read at the scan screen: a label's number (its whole payload
    /// kept to find the recipient by), or a bare number.
    pub(in crate::kiosk) fn scan_read(&mut self, text: String, fx: &mut Vec<Effect>) {
        let label = labels::find(&text).filter(|l| l.tracking != text.trim());
        let number = label
            .as_ref()
            .map_or(text.as_str(), |l| l.tracking.as_str());
        self.submit_tracking(field(number, TRACKING_MAX, tracking_char), fx);
        if let (Some(_), Some(d)) = (label, self.delivery_mut()) {
            d.label_payload = Some(text);
        }
    }
}

/// What a tracking number's field takes.
pub(in crate::kiosk) fn tracking_char(c: char) -> bool {
    c.is_ascii_graphic() || c == ' '
}

/// What a field keeps of a text read whole, as if it had been typed.
pub(in crate::kiosk) fn field(text: &str, max: usize, accept: impl Fn(char) -> bool) -> String {
    text.chars().filter(|c| accept(*c)).take(max).collect()
}
