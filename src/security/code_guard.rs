//! The pickup keypad's guard against guessing (decision 0024). Every wrong
//! code is an audited event; the delay before the next try is read from the
//! wrong codes of the last day, so neither a restart nor a right code (an
//! attacker may have one of their own) clears it. Only time does.

use crate::domain::Timestamp;

/// Wrong codes counted: those of the last 24 hours.
pub const WINDOW_MS: i64 = 24 * 3_600_000;
/// Wrong codes in the window before the first delay (a resident mistyping).
pub const FREE_TRIES: u32 = 3;
/// The first delay; each further wrong code in the window doubles it.
pub const FIRST_DELAY_MS: i64 = 5_000;
/// The longest delay between two tries.
pub const MAX_DELAY_MS: i64 = 3_600_000;
/// Wrong codes in the window that put an item on the staff's attention list.
pub const BURST: u32 = 10;

/// The delay after the `wrong`-th wrong code in the window, if any.
pub fn delay_after(wrong: u32) -> Option<i64> {
    (wrong >= FREE_TRIES).then(|| {
        let doublings = (wrong - FREE_TRIES).min(20);
        (FIRST_DELAY_MS << doublings).min(MAX_DELAY_MS)
    })
}

/// Until when the keypad refuses codes, given the wrong codes in the window
/// and when the last one was typed.
pub fn blocked_until(wrong: u32, last: Option<Timestamp>) -> Option<Timestamp> {
    Some(last?.plus_ms(delay_after(wrong)?))
}

/// Every try of an attacker guessing as fast as the guard allows for `days`
/// days, from time 0 (ms).
fn attacker_tries(days: i64) -> Vec<i64> {
    let mut tries: Vec<i64> = Vec::new();
    let mut from = 0; // the first try still in the window
    let mut t = 0i64;
    while t < days * WINDOW_MS {
        while from < tries.len() && tries[from] <= t - WINDOW_MS {
            from += 1;
        }
        let wrong = (tries.len() - from) as u32;
        match blocked_until(wrong, tries.last().map(|&at| Timestamp(at))) {
            // Wait it out; tries may leave the window meanwhile.
            Some(until) if until.0 > t => t = until.0,
            _ => {
                tries.push(t);
                t += 1;
            }
        }
    }
    tries
}

/// The most codes anyone can try in any 24 hours.
pub fn most_tries_per_day() -> usize {
    let tries = attacker_tries(7);
    let mut most = 0;
    let mut from = 0;
    for (i, &at) in tries.iter().enumerate() {
        while tries[from] <= at - WINDOW_MS {
            from += 1;
        }
        most = most.max(i + 1 - from);
    }
    most
}

/// Codes one attacker guessing around the clock tries in a year.
pub fn tries_per_year() -> usize {
    attacker_tries(365).len()
}

/// Expected packages one attacker guessing around the clock for a year takes
/// when `waiting` packages wait on average (each try hits one of them with
/// probability waiting / 10^6).
pub fn expected_thefts_per_year(waiting: u32) -> f64 {
    tries_per_year() as f64 * f64::from(waiting) / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_cap() {
        assert_eq!(delay_after(0), None);
        assert_eq!(delay_after(2), None);
        assert_eq!(delay_after(3), Some(5_000));
        assert_eq!(delay_after(4), Some(10_000));
        assert_eq!(delay_after(12), Some(2_560_000));
        assert_eq!(delay_after(13), Some(MAX_DELAY_MS));
        assert_eq!(delay_after(1_000), Some(MAX_DELAY_MS));
        assert_eq!(blocked_until(3, None), None);
        assert_eq!(
            blocked_until(3, Some(Timestamp(1_000))),
            Some(Timestamp(6_000))
        );
    }

    /// The README's figures come from here: keep them in step.
    #[test]
    fn guessing_is_bounded_as_the_readme_says() {
        assert_eq!(
            most_tries_per_day(),
            35,
            "update the README's Security table"
        );
        assert_eq!(tries_per_year(), 8771, "update the README's Security table");
        let thefts = expected_thefts_per_year(300);
        assert!((thefts - 2.63).abs() < 0.01, "{thefts}");
    }
}
