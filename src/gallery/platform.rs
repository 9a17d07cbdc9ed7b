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
pub fn save_png(window: &slint::Window, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let shot = window.take_snapshot()?;
    let file = std::fs::File::create(path)?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), shot.width(), shot.height());
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()?.write_image_data(shot.as_bytes())?;
    Ok(())
}
