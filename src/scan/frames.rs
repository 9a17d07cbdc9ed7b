//! Decoding frames off the UI thread: the camera puts each frame in a
//! one-frame slot; a decoder thread takes the newest. When the decoder is
//! busy, a new frame replaces the waiting one: never a growing queue, and
//! what is decoded is always the latest picture.

use super::image::Gray;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};

/// The one-frame slot between a camera and its decoder.
#[derive(Default)]
pub struct LatestFrame {
    slot: Mutex<(Option<Gray>, bool)>,
    ready: Condvar,
    replaced: AtomicU64,
}

impl LatestFrame {
    /// A new, empty slot.
    pub fn new() -> Arc<LatestFrame> {
        Arc::new(LatestFrame::default())
    }

    /// Offer a frame: it replaces one still waiting.
    pub fn put(&self, frame: Gray) {
        let mut s = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        if s.0.replace(frame).is_some() {
            self.replaced.fetch_add(1, Ordering::Relaxed);
        }
        self.ready.notify_one();
    }

    /// Stop the decoder once the slot is empty.
    pub fn close(&self) {
        self.slot.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.ready.notify_all();
    }

    /// Frames dropped because a newer one came before the decoder was free.
    pub fn replaced(&self) -> u64 {
        self.replaced.load(Ordering::Relaxed)
    }

    /// Wait for the next frame; `None` once closed and empty.
    pub fn take(&self) -> Option<Gray> {
        let mut s = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(f) = s.0.take() {
                return Some(f);
            }
            if s.1 {
                return None;
            }
            s = self.ready.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Decode frames from `slot` on a thread of its own, handing each non-empty
/// result to `found` (which must not block: it sends to the UI or runtime).
pub fn spawn_decoder<T: Send + 'static>(
    slot: Arc<LatestFrame>,
    decode: impl Fn(&Gray) -> Vec<T> + Send + 'static,
    found: impl Fn(Vec<T>) + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("lockerwall-decode".into())
        .spawn(move || {
            while let Some(frame) = slot.take() {
                let codes = decode(&frame);
                if !codes.is_empty() {
                    found(codes);
                }
            }
        })
        .expect("a thread can be started")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn frame(tag: u8) -> Gray {
        Gray {
            width: 1,
            height: 1,
            data: vec![tag],
        }
    }

    #[test]
    fn the_newest_frame_wins_while_the_decoder_is_busy() {
        let slot = LatestFrame::new();
        let (gate_tx, gate_rx) = mpsc::channel::<()>();
        let gate = Mutex::new(gate_rx);
        let (seen_tx, seen_rx) = mpsc::channel();
        let worker = spawn_decoder(
            slot.clone(),
            move |f| {
                // The first frame takes a long time to decode.
                if f.data[0] == 0 {
                    let _ = gate.lock().unwrap().recv();
                }
                vec![f.data[0].to_string()]
            },
            move |codes| seen_tx.send(codes).unwrap(),
        );
        slot.put(frame(0));
        // Wait until the decoder holds frame 0, then pour in ten more.
        while slot.slot.lock().unwrap().0.is_some() {
            std::thread::yield_now();
        }
        for tag in 1..=10 {
            slot.put(frame(tag));
        }
        gate_tx.send(()).unwrap();
        slot.close();
        worker.join().unwrap();
        let seen: Vec<Vec<String>> = seen_rx.try_iter().collect();
        assert_eq!(seen, [vec!["0".to_string()], vec!["10".to_string()]]);
        assert_eq!(
            slot.replaced(),
            9,
            "frames 1 to 9 were replaced, never queued"
        );
    }
}
