//! Grey images: what the decoders read. Loaded from PNG, JPEG or PGM files
//! (the `decode` command) or made from camera frames.

use std::path::Path;

/// An 8-bit grey image, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

/// An image file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0} is not a PNG, JPEG or PGM image")]
    Format(String),
    #[error("{0}: {1}")]
    Decode(String, String),
}

impl Gray {
    /// A blank (white) image.
    pub fn white(width: usize, height: usize) -> Gray {
        Gray {
            width,
            height,
            data: vec![255; width * height],
        }
    }

    /// The pixel at (x, y).
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.data[y * self.width + x]
    }

    /// Shrink by a whole factor, averaging each block (a cheap, good downscale).
    pub fn shrink(&self, factor: usize) -> Gray {
        if factor <= 1 {
            return self.clone();
        }
        let (w, h) = (self.width / factor, self.height / factor);
        let mut data = Vec::with_capacity(w * h);
        for y in 0..h {
            for x in 0..w {
                let mut sum = 0u32;
                for dy in 0..factor {
                    let row = (y * factor + dy) * self.width + x * factor;
                    sum += self.data[row..row + factor]
                        .iter()
                        .map(|&v| u32::from(v))
                        .sum::<u32>();
                }
                data.push((sum / (factor * factor) as u32) as u8);
            }
        }
        Gray {
            width: w,
            height: h,
            data,
        }
    }

    /// Twice the size, bilinear: small or soft codes give rqrr more pixels per module.
    pub fn doubled(&self) -> Gray {
        let (w, h) = (self.width * 2, self.height * 2);
        let mut data = Vec::with_capacity(w * h);
        for y in 0..h {
            let sy = (y as f32 / 2.0).min((self.height - 1) as f32);
            let (y0, fy) = (sy as usize, sy.fract());
            let y1 = (y0 + 1).min(self.height - 1);
            for x in 0..w {
                let sx = (x as f32 / 2.0).min((self.width - 1) as f32);
                let (x0, fx) = (sx as usize, sx.fract());
                let x1 = (x0 + 1).min(self.width - 1);
                let p = |xx, yy| f32::from(self.at(xx, yy));
                let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
                let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
                data.push((top * (1.0 - fy) + bottom * fy) as u8);
            }
        }
        Gray {
            width: w,
            height: h,
            data,
        }
    }

    /// Stretch the 2nd..98th percentile of grey to the full range (low contrast, glare).
    pub fn stretched(&self) -> Gray {
        let mut hist = [0usize; 256];
        for &v in &self.data {
            hist[v as usize] += 1;
        }
        let n = self.data.len().max(1);
        let pct = |p: usize| {
            let mut acc = 0;
            for (v, &c) in hist.iter().enumerate() {
                acc += c;
                if acc * 100 >= n * p {
                    return v as i32;
                }
            }
            255
        };
        let (lo, hi) = (pct(2), pct(98));
        if hi - lo < 8 {
            return self.clone();
        }
        let data = self
            .data
            .iter()
            .map(|&v| (((i32::from(v) - lo) * 255) / (hi - lo)).clamp(0, 255) as u8)
            .collect();
        Gray { data, ..*self }
    }

    /// Divide out the slowly varying background (glare, uneven light): each
    /// pixel against the mean of its neighbourhood, `radius` pixels around.
    pub fn flattened(&self, radius: usize) -> Gray {
        let (w, h) = (self.width, self.height);
        // An integral image makes every neighbourhood mean O(1).
        let mut sum = vec![0u64; (w + 1) * (h + 1)];
        for y in 0..h {
            let mut row = 0u64;
            for x in 0..w {
                row += u64::from(self.data[y * w + x]);
                sum[(y + 1) * (w + 1) + x + 1] = sum[y * (w + 1) + x + 1] + row;
            }
        }
        let mut data = Vec::with_capacity(w * h);
        for y in 0..h {
            let (y0, y1) = (y.saturating_sub(radius), (y + radius + 1).min(h));
            for x in 0..w {
                let (x0, x1) = (x.saturating_sub(radius), (x + radius + 1).min(w));
                let area = ((x1 - x0) * (y1 - y0)) as u64;
                let s = sum[y1 * (w + 1) + x1] + sum[y0 * (w + 1) + x0]
                    - sum[y0 * (w + 1) + x1]
                    - sum[y1 * (w + 1) + x0];
                let mean = (s / area).max(1);
                let v = u64::from(self.data[y * w + x]) * 160 / mean;
                data.push(v.min(255) as u8);
            }
        }
        Gray {
            width: w,
            height: h,
            data,
        }
    }

    /// Black for white: phones in dark mode show light codes on dark.
    pub fn inverted(&self) -> Gray {
        Gray {
            data: self.data.iter().map(|v| 255 - v).collect(),
            ..*self
        }
    }

    /// Load a PNG, JPEG or binary PGM file.
    pub fn load(path: &Path) -> Result<Gray, ImageError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ImageError::Read(shown.clone(), e))?;
        Gray::from_bytes(&bytes).map_err(|e| match e {
            ImageError::Format(_) => ImageError::Format(shown),
            ImageError::Decode(_, d) => ImageError::Decode(shown, d),
            other => other,
        })
    }

    /// Decode an image file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Gray, ImageError> {
        let bad = |e: String| ImageError::Decode(String::new(), e);
        if bytes.starts_with(b"\x89PNG") {
            let mut decoder = png::Decoder::new(bytes);
            decoder.set_transformations(png::Transformations::normalize_to_color8());
            let mut reader = decoder.read_info().map_err(|e| bad(e.to_string()))?;
            let mut buf = vec![0; reader.output_buffer_size()];
            let info = reader
                .next_frame(&mut buf)
                .map_err(|e| bad(e.to_string()))?;
            let channels = info.color_type.samples();
            let (w, h) = (info.width as usize, info.height as usize);
            return Ok(Gray {
                width: w,
                height: h,
                data: to_gray(&buf[..w * h * channels], channels),
            });
        }
        if bytes.starts_with(&[0xFF, 0xD8]) {
            let mut d = jpeg_decoder::Decoder::new(bytes);
            let pixels = d.decode().map_err(|e| bad(e.to_string()))?;
            let info = d.info().ok_or_else(|| bad("no image in the JPEG".into()))?;
            let channels = match info.pixel_format {
                jpeg_decoder::PixelFormat::L8 => 1,
                jpeg_decoder::PixelFormat::RGB24 => 3,
                jpeg_decoder::PixelFormat::CMYK32 => 4,
                jpeg_decoder::PixelFormat::L16 => return Err(bad("16-bit JPEG".into())),
            };
            return Ok(Gray {
                width: info.width as usize,
                height: info.height as usize,
                data: to_gray(&pixels, channels),
            });
        }
        if bytes.starts_with(b"P5") {
            return pgm(bytes).ok_or_else(|| bad("a damaged PGM header".into()));
        }
        Err(ImageError::Format(String::new()))
    }
}

fn to_gray(px: &[u8], channels: usize) -> Vec<u8> {
    match channels {
        1 => px.to_vec(),
        2 => px.chunks(2).map(|c| c[0]).collect(),
        _ => px
            .chunks(channels)
            .map(|c| {
                ((u32::from(c[0]) * 299 + u32::from(c[1]) * 587 + u32::from(c[2]) * 114) / 1000)
                    as u8
            })
            .collect(),
    }
}

fn pgm(bytes: &[u8]) -> Option<Gray> {
    // "P5 <w> <h> <max>\n" then raw bytes; comments are not supported.
    let mut fields = Vec::new();
    let mut i = 2;
    while fields.len() < 3 {
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while bytes.get(i)?.is_ascii_digit() {
            i += 1;
        }
        fields.push(
            std::str::from_utf8(&bytes[start..i])
                .ok()?
                .parse::<usize>()
                .ok()?,
        );
    }
    let (w, h) = (fields[0], fields[1]);
    let data = bytes.get(i + 1..i + 1 + w * h)?.to_vec();
    Some(Gray {
        width: w,
        height: h,
        data,
    })
}
