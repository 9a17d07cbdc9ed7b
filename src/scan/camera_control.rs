//! The kiosk's camera: on while a screen that scans is up, off otherwise;
//! frames decoded on their own thread; a code held in front of the lens is
//! reported once, not at every frame; a camera that cannot be used is told
//! to the flow so the screen can say so (the keypad works regardless).

use super::camera::Camera;
use super::frames::{spawn_decoder, LatestFrame};
use crate::kiosk::Event;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The same code again within this long is the same scan.
const SAME_CODE: Duration = Duration::from_secs(3);

/// Drops a code seen again within [`SAME_CODE`].
#[derive(Debug, Default)]
pub struct Debounce {
    last: Option<(String, Instant)>,
}

impl Debounce {
    /// True when `code` is new (or its last sighting is old).
    pub fn fresh(&mut self, code: &str, now: Instant) -> bool {
        let repeat = self
            .last
            .as_ref()
            .is_some_and(|(c, t)| c == code && now.duration_since(*t) < SAME_CODE);
        self.last = Some((code.to_string(), now));
        !repeat
    }
}

/// Switches the camera on and off from any thread, without blocking it.
#[derive(Clone)]
pub struct CameraSwitch(mpsc::Sender<bool>);

impl CameraSwitch {
    /// On while a scanning screen is up.
    pub fn set(&self, on: bool) {
        let _ = self.0.send(on);
    }
}

/// Start the camera's manager thread and decoder for camera `index`; codes
/// and problems go to the flow through `events`.
pub fn start(
    index: u32,
    events: tokio::sync::mpsc::UnboundedSender<Event>,
    viewfinder: Box<dyn crate::runtime::UiSink>,
) -> CameraSwitch {
    let viewfinder = std::sync::Arc::new(std::sync::Mutex::new(viewfinder));
    let (tx, rx) = mpsc::channel::<bool>();
    let slot = LatestFrame::new();
    let found = events.clone();
    let debounce = std::sync::Mutex::new(Debounce::default());
    spawn_decoder(slot.clone(), super::decode_frame_texts, move |codes| {
        for code in codes {
            let fresh = debounce
                .lock()
                .map(|mut d| d.fresh(&code, Instant::now()))
                .unwrap_or(true);
            if fresh {
                let _ = found.send(Event::Scanned(code));
            }
        }
    });
    std::thread::Builder::new()
        .name("lockerwall-camera-ctl".into())
        .spawn(move || {
            let mut camera: Option<Camera> = None;
            while let Ok(mut on) = rx.recv() {
                // Only the latest wish counts (screens change faster than cameras open).
                while let Ok(next) = rx.try_recv() {
                    on = next;
                }
                match (on, camera.is_some()) {
                    (true, false) => {
                        let lost_events = events.clone();
                        let shown = viewfinder.clone();
                        let preview = move |frame: &crate::scan::image::Gray| {
                            if let Ok(sink) = shown.lock() {
                                sink.update(crate::runtime::UiUpdate::Viewfinder(Some(
                                    frame.clone(),
                                )));
                            }
                        };
                        match Camera::start(index, slot.clone(), preview, move |why| {
                            tracing::warn!(error = %why, "camera stopped delivering");
                            let _ = lost_events.send(Event::CameraProblem);
                        }) {
                            Ok(c) => {
                                tracing::info!(index, "camera on");
                                camera = Some(c);
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "camera unavailable");
                                let _ = events.send(Event::CameraProblem);
                            }
                        }
                    }
                    (false, true) => {
                        camera = None;
                        if let Ok(sink) = viewfinder.lock() {
                            sink.update(crate::runtime::UiUpdate::Viewfinder(None));
                        }
                        tracing::info!(index, "camera off");
                    }
                    _ => {}
                }
            }
        })
        .expect("a thread can be started");
    CameraSwitch(tx)
}

/// The kiosk's UI sink, switching the camera with the screen on the way.
pub struct SwitchingSink {
    pub inner: Box<dyn crate::runtime::UiSink>,
    pub switch: CameraSwitch,
}

impl crate::runtime::UiSink for SwitchingSink {
    fn update(&self, update: crate::runtime::UiUpdate) {
        if let crate::runtime::UiUpdate::Screen(s) = &update {
            self.switch.set(scans(s));
        }
        self.inner.update(update);
    }
}

/// Whether a screen reads codes (the camera is on while it is up).
pub fn scans(screen: &crate::kiosk::Screen) -> bool {
    matches!(
        screen,
        crate::kiosk::Screen::Scan { .. } | crate::kiosk::Screen::PickupCode { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_held_up_is_reported_once() {
        let mut d = Debounce::default();
        let t = Instant::now();
        assert!(d.fresh("LW1A", t));
        assert!(!d.fresh("LW1A", t + Duration::from_millis(500)));
        assert!(
            !d.fresh("LW1A", t + Duration::from_millis(3400)),
            "still held up"
        );
        assert!(d.fresh("LW1B", t + Duration::from_millis(3500)));
        assert!(d.fresh("LW1A", t + Duration::from_secs(10)));
    }
}
