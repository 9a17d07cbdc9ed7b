//! Telling the service manager (systemd, `Type=notify`) how the kiosk is:
//! ready once its first frame is up, alive while its UI loop turns,
//! stopping on SIGTERM. Started by hand (no NOTIFY_SOCKET), it says nothing.

use sd_notify::NotifyState;
use std::time::Duration;

/// How often to say "alive": half the watchdog's time, as systemd advises.
///
/// Read from WATCHDOG_USEC alone: under cage the service's main process is
/// cage, so WATCHDOG_PID names cage, not the kiosk (the unit lets any of
/// its processes notify, `NotifyAccess=all`).
pub fn watchdog_every() -> Option<Duration> {
    let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.parse().ok()?;
    (usec > 0).then(|| Duration::from_micros(usec / 2))
}

/// The kiosk is up (its first frame is on screen).
pub fn ready(status: &str) {
    notify(&[NotifyState::Ready, NotifyState::Status(status)]);
}

/// The UI loop is turning (called from it, so a frozen loop stops it).
pub fn alive() {
    notify(&[NotifyState::Watchdog]);
}

/// The kiosk is shutting down on request.
pub fn stopping() {
    notify(&[NotifyState::Stopping]);
}

fn notify(states: &[NotifyState]) {
    if let Err(e) = sd_notify::notify(states) {
        tracing::warn!(error = %e, "cannot tell the service manager");
    }
}

/// Whether Slint will run on winit: asked for by `SLINT_BACKEND`, or by
/// default when a display server is there (with none, Slint falls back to
/// linuxkms). Only winit reports its first redraw.
pub fn backend_is_winit(slint_backend: Option<&str>, display: bool) -> bool {
    match slint_backend {
        Some(b) if !b.is_empty() => b.starts_with("winit"),
        _ => display,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_winit_is_waited_for_its_first_redraw() {
        assert!(backend_is_winit(Some("winit-software"), false));
        assert!(backend_is_winit(None, true));
        assert!(backend_is_winit(Some(""), true));
        assert!(!backend_is_winit(Some("linuxkms-software"), true));
        assert!(!backend_is_winit(None, false));
    }
}
