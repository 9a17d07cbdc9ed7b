//! "My packages": a resident who lost every notice asks for a fresh link to
//! their own page. They say who they are (unit and last name, checked as a
//! return's sender is); the link goes to the email the office has for them,
//! never onto the screen, and Home says where it went.

use super::flow::Flow;
use super::screen::{Message, Screen, SenderField};
use super::session::Session;
use super::who::{Typed, Who};
use super::{Effect, Event};
use crate::domain::Timestamp;

impl Flow {
    /// Home's "My packages" (offered only where the wall gives page links).
    pub(super) fn start_page_link(&mut self) {
        if !self.config().page_links {
            return;
        }
        self.go_home_clean();
        self.session = Session::PageLink(Who::default());
        self.screen = who_screen(&Who::default(), SenderField::Unit, false, None);
    }

    /// An event for the resident asking for their link.
    pub(super) fn page_link_event(&mut self, event: Event, now: Timestamp, fx: &mut Vec<Effect>) {
        let Session::PageLink(who) = &mut self.session else {
            return;
        };
        let mut who = std::mem::take(who);
        let screen = std::mem::replace(&mut self.screen, Screen::home());
        let Screen::PageLinkWho {
            field, checking, ..
        } = &screen
        else {
            self.screen = screen;
            self.session = Session::PageLink(who);
            return;
        };
        let (field, checking) = (*field, *checking);
        let next = match event {
            Event::SenderField(f) => who_screen(&who, f, false, None),
            Event::Key(key) if !checking => match self.who_key(&mut who, field, key, now, fx) {
                Typed::Editing(f) => who_screen(&who, f, false, None),
                Typed::Refused(m) => who_screen(&who, field, false, Some(m)),
                Typed::Checking => who_screen(&who, field, true, None),
            },
            Event::SenderChecked(found) => match (self.who_checked(found.is_some(), now), found) {
                (None, Some(hit)) => {
                    fx.push(Effect::SendPageLink(hit.id));
                    who_screen(&who, field, true, None)
                }
                (message, _) => who_screen(&who, field, false, message),
            },
            Event::PageLinkSent(Some(to)) => {
                self.go_home_clean();
                self.screen = Screen::Home {
                    message: Some(Message::PageLinkSent(to)),
                };
                return;
            }
            Event::PageLinkSent(None) => {
                who_screen(&who, field, false, Some(Message::NoEmailForLink))
            }
            Event::Back => {
                self.go_home_clean();
                return;
            }
            _ => screen,
        };
        self.session = Session::PageLink(who);
        self.screen = next;
    }
}

fn who_screen(who: &Who, field: SenderField, checking: bool, message: Option<Message>) -> Screen {
    Screen::PageLinkWho {
        unit: who.unit.clone(),
        last_name: who.last_name.clone(),
        field,
        checking,
        message,
    }
}
