//! Is the wall's clock right? Notices, holds, the sync's signature window
//! and the reports all assume it is, and many boards have no battery-backed
//! clock. Two checks: the kernel's own "synchronised" state (kept by
//! systemd-timesyncd, chrony or ntpd), and the portfolio server's clock.

/// How far the wall's clock may be from the server's before staff are told
/// (the sync's signatures allow fifteen minutes, so staff hear of it well
/// before the sync stops; holds count in days).
pub const SKEW_LIMIT_MS: i64 = 60_000;

/// Whether the kernel says the system clock is synchronised to a time
/// source; `None` when it cannot be asked.
pub fn kernel_synchronised() -> Option<bool> {
    // SAFETY: adjtimex with `modes = 0` only reads the kernel's clock state
    // into the zeroed struct it is given; no privilege is needed.
    let state = unsafe {
        let mut t: libc::timex = std::mem::zeroed();
        libc::adjtimex(&mut t)
    };
    (state >= 0).then_some(state != libc::TIME_ERROR)
}

/// The wall's clock minus the server's, from one request: the server read
/// its clock about half way between sending and the answer.
pub fn skew_ms(sent_at: i64, answered_at: i64, server_time: i64) -> i64 {
    sent_at + (answered_at - sent_at) / 2 - server_time
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_is_measured_from_the_middle_of_the_round_trip() {
        // Sent at 1000, answered at 1400: the server read 1200 on its clock.
        assert_eq!(skew_ms(1_000, 1_400, 1_200), 0);
        // A wall two minutes ahead.
        assert_eq!(skew_ms(121_000, 121_400, 1_200), 120_000);
        // A wall behind.
        assert_eq!(skew_ms(1_000, 1_400, 61_200), -60_000);
    }

    #[test]
    fn the_kernel_can_be_asked() {
        assert!(kernel_synchronised().is_some());
    }
}
