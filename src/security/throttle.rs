//! Growing delays after wrong codes or PINs, so guessing is hopeless but a
//! resident who mistypes once is not punished.

use crate::domain::Timestamp;

/// Wrong tries allowed before the first delay.
pub const FREE_TRIES: u32 = 3;
/// The first delay; each further wrong try doubles it.
pub const FIRST_DELAY_MS: i64 = 5_000;
/// The longest delay.
pub const MAX_DELAY_MS: i64 = 5 * 60_000;

/// Throttle state for one entry point (the pickup keypad, a carrier's PIN).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Throttle {
    failures: u32,
    blocked_until: Option<Timestamp>,
}

impl Throttle {
    /// When tries are blocked, until when.
    pub fn blocked_until(&self, now: Timestamp) -> Option<Timestamp> {
        self.blocked_until.filter(|t| *t > now)
    }

    /// Record a wrong try; returns the new block, if any.
    pub fn fail(&mut self, now: Timestamp) -> Option<Timestamp> {
        self.failures += 1;
        if self.failures >= FREE_TRIES {
            let doublings = (self.failures - FREE_TRIES).min(16);
            let delay = (FIRST_DELAY_MS << doublings).min(MAX_DELAY_MS);
            self.blocked_until = Some(now.plus_ms(delay));
        }
        self.blocked_until(now)
    }

    /// A right try clears the count.
    pub fn succeed(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_cap() {
        let mut t = Throttle::default();
        let now = Timestamp(1_000_000);
        assert_eq!(t.fail(now), None);
        assert_eq!(t.fail(now), None);
        assert_eq!(t.fail(now), Some(now.plus_ms(5_000)));
        assert_eq!(t.fail(now), Some(now.plus_ms(10_000)));
        assert_eq!(t.fail(now), Some(now.plus_ms(20_000)));
        for _ in 0..20 {
            t.fail(now);
        }
        assert_eq!(t.blocked_until(now), Some(now.plus_ms(MAX_DELAY_MS)));
        assert_eq!(t.blocked_until(now.plus_ms(MAX_DELAY_MS)), None);
        t.succeed();
        assert_eq!(t.fail(now), None);
    }
}
