//! How long a package is held, and when its resident hears about it again.

use super::Timestamp;

const DAY_MS: i64 = 86_400_000;

// When a package's holding clock started (its "hold from") is the store's
// `package_holds` view: when it was stored, later by the days staff extended
// its hold and by the time its resident was away while it waited. Every date
// below counts from there.

/// The property's holding rules (from `[notices]` in lockerwall.toml).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoldPolicy {
    /// Days a package is held before it expires and goes to staff.
    pub hold_days: u32,
    /// A reminder this many days after it was stored (0: none).
    pub reminder_after_days: u32,
    /// A final notice this many days before it expires (0: none).
    pub final_notice_days_before: u32,
    /// A short receipt to the resident when it is picked up.
    pub receipt: bool,
    /// Where expiry notices to staff go (none: the attention list only).
    pub staff_email: Option<String>,
    /// A QR token stays valid this many days after the package expires, while staff decide.
    pub token_grace_days: u32,
}

impl Default for HoldPolicy {
    fn default() -> Self {
        Self {
            hold_days: 7,
            reminder_after_days: 3,
            final_notice_days_before: 1,
            receipt: true,
            staff_email: None,
            token_grace_days: 3,
        }
    }
}

impl HoldPolicy {
    /// The date by which the resident should collect it, from its hold-from.
    pub fn collect_by(&self, stored_at: Timestamp) -> Timestamp {
        stored_at.plus_ms(i64::from(self.hold_days) * DAY_MS)
    }

    /// When the reminder is due, if there is one (and it comes before the final notice).
    pub fn reminder_at(&self, stored_at: Timestamp) -> Option<Timestamp> {
        let at = stored_at.plus_ms(i64::from(self.reminder_after_days) * DAY_MS);
        let before_final = self.final_at(stored_at).is_none_or(|f| at < f);
        (self.reminder_after_days > 0 && at < self.collect_by(stored_at) && before_final)
            .then_some(at)
    }

    /// When the final notice is due, if there is one.
    pub fn final_at(&self, stored_at: Timestamp) -> Option<Timestamp> {
        let days = self.final_notice_days_before;
        (days > 0 && days < self.hold_days).then(|| {
            self.collect_by(stored_at)
                .plus_ms(-(i64::from(days) * DAY_MS))
        })
    }

    /// When the QR token in its notices stops opening the door.
    pub fn token_expires(&self, stored_at: Timestamp) -> Timestamp {
        self.collect_by(stored_at)
            .plus_ms(i64::from(self.token_grace_days) * DAY_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_follows_the_policy() {
        let t = Timestamp(1_000 * DAY_MS);
        let p = HoldPolicy::default();
        assert_eq!(p.collect_by(t), t.plus_ms(7 * DAY_MS));
        assert_eq!(p.reminder_at(t), Some(t.plus_ms(3 * DAY_MS)));
        assert_eq!(p.final_at(t), Some(t.plus_ms(6 * DAY_MS)));
        assert_eq!(p.token_expires(t), t.plus_ms(10 * DAY_MS));
        // A reminder that would come after the final notice is dropped; zeros turn them off.
        let late = HoldPolicy {
            reminder_after_days: 6,
            ..HoldPolicy::default()
        };
        assert_eq!(late.reminder_at(t), None);
        let off = HoldPolicy {
            reminder_after_days: 0,
            final_notice_days_before: 0,
            ..HoldPolicy::default()
        };
        assert_eq!((off.reminder_at(t), off.final_at(t)), (None, None));
    }
}
