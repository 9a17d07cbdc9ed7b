//! A kiosk driven by a script instead of a screen (the real runtime's own
//! loop, fed events, its screens read back), and a person at the wall who
//! loads or empties each door that opens and shuts it.

use lockerwall::kiosk::{Event, Screen, TextKey};
use lockerwall::runtime::UiUpdate;
use lockerwall_hal::sim::SimWall;
use lockerwall_hal::Channel;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// The runtime a scripted kiosk runs on: two workers, as on the wall's box.
pub fn kiosk_tokio() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The kiosk, driven by a script instead of a screen.
pub struct Driver {
    pub send: tokio::sync::mpsc::UnboundedSender<Event>,
    pub screens: mpsc::Receiver<UiUpdate>,
    pub screen: Screen,
}

impl Driver {
    /// Wait until the screen satisfies `pred`; panics after 10 s.
    pub fn wait(&mut self, what: &str, pred: impl Fn(&Screen) -> bool) {
        if !self.wait_up_to(Duration::from_secs(10), pred) {
            panic!("timed out waiting for {what}; screen {:?}", self.screen);
        }
    }

    /// Wait until the screen satisfies `pred`, or `limit` passes (false).
    pub fn wait_up_to(&mut self, limit: Duration, pred: impl Fn(&Screen) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        while !pred(&self.screen) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.screens.recv_timeout(left) {
                Ok(UiUpdate::Screen(s)) => self.screen = s,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        true
    }

    pub fn event(&self, e: Event) {
        self.send.send(e).unwrap();
    }

    pub fn keys(&self, text: &str) {
        for c in text.chars() {
            self.event(Event::Key(TextKey::Char(c)));
        }
    }
}

/// A person at the wall: a door that opens is loaded (if empty) or emptied
/// (if not), then shut, `after` later. Stops when `stop` is set.
pub fn person(
    wall: SimWall,
    stop: Arc<AtomicBool>,
    after: Duration,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut seen: HashMap<Channel, Instant> = HashMap::new();
        while !stop.load(Ordering::Relaxed) {
            for (ch, door) in wall.snapshot() {
                if !door.open {
                    seen.remove(&ch);
                    continue;
                }
                let since = *seen.entry(ch).or_insert_with(Instant::now);
                if since.elapsed() >= after {
                    wall.set_occupied(ch, !door.occupied);
                    wall.close(ch);
                    seen.remove(&ch);
                }
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    })
}
