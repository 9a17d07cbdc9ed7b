//! A Slint platform with one window that draws into memory: the software
//! renderer with no display, for pictures of the screens.

use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::platform::{Platform, WindowAdapter};
use std::path::Path;
use std::rc::Rc;

struct InMemory {
    window: Rc<MinimalSoftwareWindow>,
}

impl Platform for InMemory {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, slint::PlatformError> {
        Ok(self.window.clone())
    }
}

/// Make the in-memory window this process's platform (once, before any window).
pub fn install() -> Result<Rc<MinimalSoftwareWindow>, slint::PlatformError> {
    let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
    slint::platform::set_platform(Box::new(InMemory {
        window: window.clone(),
    }))
    .map_err(|e| slint::PlatformError::Other(format!("{e:?}")))?;
    Ok(window)
}

/// Draw a window as it is now and write it to `path` as a PNG.
pub fn save_png(
    window: &slint::Window,
    path: &Path,
    scale: u32,
) -> Result<(), Box<dyn std::error::Error>> {
    let shot = window.take_snapshot()?;
    let (w, h) = (shot.width() / scale, shot.height() / scale);
    let pixels = shrink(shot.as_bytes(), shot.width() as usize, scale as usize);
    let file = std::fs::File::create(path)?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Best);
    if scale == 1 {
        // Exact: opaque RGB, a third of RGBA's size.
        enc.set_color(png::ColorType::Rgb);
        enc.write_header()?.write_image_data(&pixels)?;
    } else {
        // Shrunk for the docs: 256 colours look the same on flat screens
        // and take a third of the room (the gallery lives in the repository).
        let rgba: Vec<u8> = pixels
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        let quant = color_quant::NeuQuant::new(10, 256, &rgba);
        let indexed: Vec<u8> = rgba.chunks(4).map(|p| quant.index_of(p) as u8).collect();
        enc.set_color(png::ColorType::Indexed);
        enc.set_palette(quant.color_map_rgb());
        enc.write_header()?.write_image_data(&indexed)?;
    }
    Ok(())
}

/// RGBA rows `width` wide -> RGB, each `scale` x `scale` block averaged.
fn shrink(rgba: &[u8], width: usize, scale: usize) -> Vec<u8> {
    let height = rgba.len() / 4 / width;
    let (w, h) = (width / scale, height / scale);
    let mut out = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            for c in 0..3 {
                let mut sum = 0usize;
                for dy in 0..scale {
                    for dx in 0..scale {
                        sum +=
                            usize::from(rgba[((y * scale + dy) * width + x * scale + dx) * 4 + c]);
                    }
                }
                out.push((sum / (scale * scale)) as u8);
            }
        }
    }
    out
}
