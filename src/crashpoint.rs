//! Crash points for the crash campaign (`tests/crash_campaign.rs`): each
//! step that matters calls `hit`, and a run started with
//! `LOCKERWALL_CRASH_AT=N` kills itself with SIGKILL at the N-th hit, as a
//! power cut or `kill -9` would, with no destructor or flush running. Without
//! the variable a hit is one relaxed atomic load.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The variable that arms the crash points.
pub const CRASH_AT: &str = "LOCKERWALL_CRASH_AT";

static TARGET: OnceLock<u64> = OnceLock::new();
static COUNT: AtomicU64 = AtomicU64::new(0);

fn target() -> u64 {
    *TARGET.get_or_init(|| {
        std::env::var(CRASH_AT)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    })
}

/// A step where a crash must leave everything recoverable.
pub fn hit(name: &str) {
    let target = target();
    if target == 0 {
        return;
    }
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    if n == target {
        // Said on stderr (unbuffered) so the campaign can report where it killed.
        eprintln!("crash point {n}: {name}");
        // SAFETY: kill(2) on our own pid has no memory-safety preconditions.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

/// How many crash points this process has passed (armed runs only).
pub fn passed() -> u64 {
    COUNT.load(Ordering::SeqCst)
}
