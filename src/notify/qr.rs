//! The QR code in a notice: the pickup token as modules, and as a PNG.

use qrcode::{Color, EcLevel, QrCode};

/// A QR code's modules, row by row (true = dark), `width` x `width`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrModules {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// The modules for `text` (a token is short: it always fits).
pub fn modules(text: &str) -> QrModules {
    // M: recovers 15% damage, which covers glare on a phone screen.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::new(text.as_bytes()))
        .unwrap_or_else(|_| QrCode::new(b"LW").expect("a two-letter QR code always fits"));
    QrModules {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    }
}

impl QrModules {
    /// Grey pixels (0 = black), `scale` pixels a module, with the 4-module quiet zone.
    pub fn pixels(&self, scale: usize) -> (usize, Vec<u8>) {
        let side = (self.width + 8) * scale;
        let mut px = vec![255u8; side * side];
        for (i, dark) in self.dark.iter().enumerate() {
            if !dark {
                continue;
            }
            let (mx, my) = (i % self.width + 4, i / self.width + 4);
            for y in my * scale..(my + 1) * scale {
                px[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
            }
        }
        (side, px)
    }

    /// A PNG of the code, 8 pixels a module.
    pub fn png(&self) -> Vec<u8> {
        let (side, px) = self.pixels(8);
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, side as u32, side as u32);
            enc.set_color(png::ColorType::Grayscale);
            enc.set_depth(png::BitDepth::Eight);
            // Writing to a Vec cannot fail.
            if let Ok(mut w) = enc.write_header() {
                let _ = w.write_image_data(&px);
            }
        }
        out
    }
}
