//! Time at the screen: each screen's idle limit, the "Need more time?"
//! countdown before it (WCAG 2.2.1: a person is warned and can extend), and
//! what the timeout does.

use super::flow::Flow;
use super::screen::Screen;
use super::Effect;
use crate::domain::Timestamp;

impl Flow {
    /// How long the current screen waits for a touch before going Home.
    pub(super) fn idle_limit(&self) -> i64 {
        if self.in_staff_mode() {
            return self.config.staff_idle_ms;
        }
        self.config
            .idle_by_screen
            .get(self.screen.name())
            .copied()
            .unwrap_or(self.config.idle_ms)
    }

    /// Seconds left before the timeout, while the "Need more time?" prompt
    /// is due (the last `more_time_ms`, at most half the screen's limit).
    pub(super) fn countdown(&self, now: Timestamp) -> Option<u32> {
        if matches!(self.screen, Screen::Home { .. }) || self.config.more_time_ms <= 0 {
            return None;
        }
        let limit = self.idle_limit();
        let warn = self.config.more_time_ms.min(limit / 2);
        let left = limit - now.since(self.last_touch);
        (left > 0 && left <= warn).then(|| ((left + 999) / 1000) as u32)
    }

    /// The idle timeout, checked on each tick: Home, with what was only
    /// reserved released and open doors still watched.
    pub(super) fn check_idle(&mut self, now: Timestamp, fx: &mut Vec<Effect>) {
        let idle = now.since(self.last_touch) >= self.idle_limit();
        if idle {
            // A panel left open is closed with everything else, and a
            // language or look chosen at Home and left there.
            self.help = None;
            self.language = None;
            self.look = super::Look::default();
        }
        if idle && !matches!(self.screen, Screen::Home { .. }) {
            self.staff_logout(crate::domain::SessionMark::Timeout, fx);
            self.time_out();
        }
    }

    /// Seconds left on the "Need more time?" prompt (`None`: not shown).
    pub fn time_left(&self) -> Option<u32> {
        self.time_left
    }
}
