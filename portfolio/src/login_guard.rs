//! Slowing down password guessing at the managers' login, by account and by
//! address, in the server's memory: after a few wrong passwords in a quarter
//! of an hour, each further try waits longer (decision 0026). The argon2
//! checks themselves are bounded too, so a flood cannot take every core.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords are counted over this long.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Wrong passwords for one account before it slows down.
pub const ACCOUNT_FREE: usize = 5;
/// Wrong passwords from one address before it slows down (an office shares one).
pub const ADDRESS_FREE: usize = 20;
/// The first wait; each further wrong password doubles it.
pub const FIRST_WAIT: Duration = Duration::from_secs(2);
/// The longest wait.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Password checks running at once (each takes one core for a moment).
pub const CONCURRENT_CHECKS: usize = 2;
/// Keys remembered at most (then the oldest half is forgotten).
const MAX_KEYS: usize = 100_000;

/// The wrong passwords the server has seen lately.
#[derive(Debug, Default)]
pub struct LoginGuard {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

fn keys(email: &str, addr: Option<IpAddr>) -> Vec<(String, usize)> {
    let mut k = vec![(
        format!("account:{}", email.trim().to_lowercase()),
        ACCOUNT_FREE,
    )];
    if let Some(a) = addr {
        k.push((format!("address:{a}"), ADDRESS_FREE));
    }
    k
}

/// The wait after `n` failures when `free` are allowed.
fn wait_after(n: usize, free: usize) -> Option<Duration> {
    (n >= free).then(|| {
        let doublings = (n - free).min(20) as u32;
        (FIRST_WAIT * 2u32.pow(doublings)).min(MAX_WAIT)
    })
}

impl LoginGuard {
    /// How long a login for `email` from `addr` must still wait (none: try now).
    pub fn wait(&self, email: &str, addr: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys(email, addr)
            .into_iter()
            .filter_map(|(key, free)| {
                let times = map.get_mut(&key)?;
                times.retain(|t| now.duration_since(*t) < WINDOW);
                let last = *times.last()?;
                let until = last + wait_after(times.len(), free)?;
                (until > now).then(|| until - now)
            })
            .max()
    }

    /// A try for `email` from `addr`: counted as wrong from the start (so a
    /// flood of tries at once is slowed at once); [`Self::succeeded`] takes it
    /// back. The wait instead, when one is due.
    pub fn attempt(&self, email: &str, addr: Option<IpAddr>, now: Instant) -> Result<(), Duration> {
        if let Some(wait) = self.wait(email, addr, now) {
            return Err(wait);
        }
        self.failed(email, addr, now);
        Ok(())
    }

    /// A wrong password (or unknown email) for `email` from `addr`.
    pub fn failed(&self, email: &str, addr: Option<IpAddr>, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_KEYS {
            map.retain(|_, t| {
                t.last()
                    .is_some_and(|l| now.duration_since(*l) < WINDOW / 2)
            });
        }
        for (key, _) in keys(email, addr) {
            map.entry(key).or_default().push(now);
        }
    }

    /// The right password: the account's count starts over, and the
    /// address's loses the try [`Self::attempt`] counted.
    pub fn succeeded(&self, email: &str, addr: Option<IpAddr>) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let k = keys(email, addr);
        map.remove(&k[0].0);
        if let Some(times) = k.get(1).and_then(|(key, _)| map.get_mut(key)) {
            times.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_slows_down_after_five_wrong_passwords() {
        let g = LoginGuard::default();
        let t = Instant::now();
        let addr = Some("192.0.2.7".parse().unwrap());
        for _ in 0..4 {
            g.failed("Dana@Example.com", addr, t);
        }
        assert_eq!(g.wait("dana@example.com", None, t), None);
        g.failed("dana@example.com", addr, t);
        assert_eq!(g.wait("dana@example.com", None, t), Some(FIRST_WAIT));
        g.failed("dana@example.com", addr, t);
        assert_eq!(g.wait("dana@example.com", None, t), Some(FIRST_WAIT * 2));
        // Another account from elsewhere is not slowed by Dana's.
        assert_eq!(g.wait("eli@example.com", None, t), None);
        // Past the window it is forgotten.
        assert_eq!(g.wait("dana@example.com", None, t + WINDOW), None);
        g.succeeded("dana@example.com", addr);
        assert_eq!(g.wait("dana@example.com", None, t), None);
        // A try counts before its password is checked.
        for _ in 0..ACCOUNT_FREE {
            assert_eq!(g.attempt("eli@example.com", None, t), Ok(()));
        }
        assert_eq!(g.attempt("eli@example.com", None, t), Err(FIRST_WAIT));
    }

    #[test]
    fn one_address_trying_many_accounts_slows_down() {
        let g = LoginGuard::default();
        let t = Instant::now();
        let addr = Some("192.0.2.9".parse().unwrap());
        for n in 0..ADDRESS_FREE {
            g.failed(&format!("user{n}@example.com"), addr, t);
        }
        assert!(g.wait("new@example.com", addr, t).is_some());
        assert_eq!(g.wait("new@example.com", None, t), None);
    }
}
