//! The camera (cargo feature `camera`: nokhwa on V4L2, whose bindings need
//! libclang to build). A thread of its own owns the device, turns each frame
//! grey and puts it in the one-frame slot the decoder takes from. Opened only
//! while a screen that scans is up; a missing or unplugged camera is an error
//! the caller shows, and typing still works.

use super::frames::LatestFrame;
use super::image::Gray;
use nokhwa::pixel_format::LumaFormat;
use nokhwa::utils::{
    CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType, Resolution,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How often the viewfinder gets a (small) picture: enough to aim by.
const PREVIEW_EVERY: Duration = Duration::from_millis(100);

/// Frames that fail in a row before the camera counts as unplugged.
const FAILURES_BEFORE_GIVING_UP: u32 = 25;

/// Why the camera cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CameraError {
    #[error("camera {0} cannot be opened: {1}")]
    Open(u32, String),
    #[error("camera {0} did not start in time")]
    Timeout(u32),
}

/// A running camera; dropping it stops and releases the device.
pub struct Camera {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Camera {
    /// Open camera `index` (as in /dev/videoN) and feed `slot` until dropped.
    /// `lost` is called once if the camera stops delivering (unplugged).
    pub fn start(
        index: u32,
        slot: Arc<LatestFrame>,
        mut preview: impl FnMut(&Gray) + Send + 'static,
        lost: impl FnOnce(String) + Send + 'static,
    ) -> Result<Camera, CameraError> {
        let stop = Arc::new(AtomicBool::new(false));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("lockerwall-camera".into())
            .spawn(move || {
                // The device is not Send: it lives and dies on this thread.
                let wanted = CameraFormat::new(Resolution::new(1280, 720), FrameFormat::YUYV, 30);
                let request =
                    RequestedFormat::new::<LumaFormat>(RequestedFormatType::Closest(wanted));
                let opened = nokhwa::Camera::new(CameraIndex::Index(index), request)
                    .and_then(|mut c| c.open_stream().map(|()| c));
                let mut cam = match opened {
                    Ok(c) => {
                        let _ = ready_tx.send(Ok(()));
                        c
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                let mut failures = 0;
                let mut last_preview = std::time::Instant::now() - PREVIEW_EVERY;
                while !flag.load(Ordering::SeqCst) {
                    match cam.frame() {
                        Ok(buf) => {
                            failures = 0;
                            let res = buf.resolution();
                            match to_gray(
                                buf.buffer(),
                                buf.source_frame_format(),
                                res.width() as usize,
                                res.height() as usize,
                            ) {
                                Some(g) => {
                                    if last_preview.elapsed() >= PREVIEW_EVERY {
                                        last_preview = std::time::Instant::now();
                                        let factor = (g.width / 320).max(1);
                                        preview(&g.shrink(factor));
                                    }
                                    slot.put(g);
                                }
                                None => tracing::debug!("camera frame not understood"),
                            }
                        }
                        Err(e) => {
                            failures += 1;
                            if failures >= FAILURES_BEFORE_GIVING_UP {
                                lost(e.to_string());
                                break;
                            }
                            std::thread::sleep(Duration::from_millis(40));
                        }
                    }
                }
                let _ = cam.stop_stream();
            })
            .map_err(|e| CameraError::Open(index, e.to_string()))?;
        match ready_rx.recv_timeout(Duration::from_secs(5)) {
            Ok(Ok(())) => Ok(Camera {
                stop,
                thread: Some(thread),
            }),
            Ok(Err(e)) => {
                let _ = thread.join();
                Err(CameraError::Open(index, e))
            }
            Err(_) => {
                stop.store(true, Ordering::SeqCst);
                Err(CameraError::Timeout(index))
            }
        }
    }
}

impl Drop for Camera {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A camera frame as grey pixels, from the formats webcams send.
pub fn to_gray(bytes: &[u8], format: FrameFormat, width: usize, height: usize) -> Option<Gray> {
    let n = width * height;
    let data = match format {
        // Y U Y V: every other byte is the brightness.
        FrameFormat::YUYV => bytes.get(..2 * n)?.iter().step_by(2).copied().collect(),
        // NV12 starts with the full-size brightness plane.
        FrameFormat::NV12 | FrameFormat::GRAY => bytes.get(..n)?.to_vec(),
        FrameFormat::RAWRGB | FrameFormat::RAWBGR => bytes
            .get(..3 * n)?
            .chunks(3)
            .map(|c| ((u32::from(c[0]) + 2 * u32::from(c[1]) + u32::from(c[2])) / 4) as u8)
            .collect(),
        FrameFormat::MJPEG => return Gray::from_bytes(bytes).ok(),
    };
    Some(Gray {
        width,
        height,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcam_formats_turn_grey() {
        let yuyv = [10, 128, 20, 128, 30, 128, 40, 128];
        assert_eq!(
            to_gray(&yuyv, FrameFormat::YUYV, 2, 2).unwrap().data,
            [10, 20, 30, 40]
        );
        assert_eq!(
            to_gray(&yuyv[..6], FrameFormat::YUYV, 2, 2),
            None,
            "short frame"
        );
        let rgb = [0, 0, 0, 255, 255, 255];
        assert_eq!(
            to_gray(&rgb, FrameFormat::RAWRGB, 2, 1).unwrap().data,
            [0, 255]
        );
        assert_eq!(
            to_gray(&[1, 2, 3, 4, 9, 9], FrameFormat::NV12, 2, 2)
                .unwrap()
                .data,
            [1, 2, 3, 4]
        );
        assert_eq!(to_gray(b"not a jpeg", FrameFormat::MJPEG, 2, 2), None);
    }

    #[test]
    fn a_missing_camera_is_a_clear_error_at_once() {
        let t = std::time::Instant::now();
        let e = Camera::start(97, LatestFrame::new(), |_| {}, |_| {})
            .err()
            .unwrap();
        assert!(
            e.to_string().starts_with("camera 97 cannot be opened"),
            "{e}"
        );
        assert!(t.elapsed() < Duration::from_secs(5));
    }
}
