//! Who the package is for: the search and its hits.

use super::super::flow::Flow;
use super::super::screen::{Message, ResidentHit, Screen};
use super::super::{Effect, Event};
use super::QUERY_MAX;
use crate::domain::Timestamp;

impl Flow {
    /// The recipient screen: the search as typed, and the choice.
    pub(super) fn recipient_step(
        &mut self,
        screen: Screen,
        event: Event,
        _now: Timestamp,
        fx: &mut Vec<Effect>,
    ) {
        self.screen = match (screen, event) {
            (
                Screen::Recipient {
                    tracking,
                    mut query,
                    results,
                },
                Event::Key(key),
            ) => {
                Flow::edit(&mut query, &key, QUERY_MAX, |c| !c.is_control());
                fx.push(Effect::Search {
                    query: query.clone(),
                });
                Screen::Recipient {
                    tracking,
                    query,
                    results,
                }
            }
            (
                Screen::Recipient {
                    tracking, query, ..
                },
                Event::Searched { query: q, hits },
            ) if q == query => Screen::Recipient {
                tracking,
                query,
                results: hits,
            },
            (
                Screen::Recipient {
                    tracking,
                    query,
                    results,
                },
                Event::ChooseResident(id),
            ) => match results.iter().find(|r| r.id == id) {
                Some(hit) => self.choose_recipient(hit.clone(), None, fx),
                None => Screen::Recipient {
                    tracking,
                    query,
                    results,
                },
            },
            (Screen::Recipient { .. }, Event::Back) => self.scan_screen(None, false),
            (screen, event) => return self.stray(screen, event, fx),
        };
    }

    /// The package is for `hit`: on to the sizes (saying why, when the
    /// carrier did not choose them).
    pub(super) fn choose_recipient(
        &mut self,
        hit: ResidentHit,
        message: Option<Message>,
        fx: &mut Vec<Effect>,
    ) -> Screen {
        if let Some(d) = self.delivery_mut() {
            d.recipient = Some(hit.clone());
            d.share = None;
        }
        fx.push(self.availability());
        if self.config.share_lockers {
            fx.push(Effect::FindShareable(hit.id));
        }
        match message {
            Some(m) => self.size_screen(hit.name, None, Some(m), None, false),
            None => self.plain_sizes(hit.name, None),
        }
    }
}
