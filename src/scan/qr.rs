//! QR codes from camera frames or photos of phone screens. rqrr does the
//! decoding; around it, what phone screens need: downscaling big frames,
//! stretching low contrast, trying the inverted image (dark mode), dividing
//! out glare, doubling soft or small codes, and a last try at full size for
//! small codes on big frames.

use super::image::Gray;

/// Frames wider than this are shrunk first: faster, and sharper edges for rqrr.
const WORK_WIDTH: usize = 800;

fn try_decode(img: &Gray) -> Vec<String> {
    // rqrr asserts on some inputs (tiny modules on big frames): a frame that
    // trips it is a frame with no code, never a crashed decoder.
    let run = std::panic::AssertUnwindSafe(|| {
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(img.width, img.height, |x, y| img.at(x, y));
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|g| g.decode().ok().map(|(_, text)| text))
            .collect()
    });
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        tracing::warn!("the QR decoder gave up on a frame");
        Vec::new()
    })
}

/// rqrr alone, on the frame as it is (the baseline the pre-processing is measured against).
pub fn decode_plain(img: &Gray) -> Vec<String> {
    try_decode(img)
}

/// Every QR code found in a frame (empty when none), trying the cheap passes first.
pub fn decode(img: &Gray) -> Vec<String> {
    if img.width == 0 || img.height == 0 {
        return Vec::new();
    }
    let factor = img.width.div_ceil(WORK_WIDTH).max(1);
    let small = img.shrink(factor).stretched();
    let flat = small.flattened(small.width / 16 + 1);
    for candidate in [
        small.clone(),
        small.inverted(),
        flat.clone(),
        flat.inverted(),
    ] {
        let found = try_decode(&candidate);
        if !found.is_empty() {
            return dedup(found);
        }
    }
    if factor == 1 {
        // Soft or small codes: more pixels per module help rqrr find the finder patterns.
        let big = small.doubled();
        for candidate in [big.clone(), big.inverted()] {
            let found = try_decode(&candidate);
            if !found.is_empty() {
                return dedup(found);
            }
        }
    } else {
        // A small code on a big frame can vanish in the downscale; and the frame
        // as it came, which stretching can hurt when it is noisy.
        let full = img.stretched();
        for candidate in [full.clone(), full.inverted(), img.clone()] {
            let found = try_decode(&candidate);
            if !found.is_empty() {
                return dedup(found);
            }
        }
    }
    Vec::new()
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}
