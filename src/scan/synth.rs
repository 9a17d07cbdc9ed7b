//! Synthetic camera frames with QR codes as phones show them: sizes,
//! rotation, perspective, blur, noise, low contrast, glare, dark mode, and
//! frames with no code. The QR tests, the benchmark and the ZBar comparison
//! script all use the same set, seeded, so every run sees the same frames.

use super::image::Gray;
use crate::notify::qr::modules;
use rand::{Rng, SeedableRng};

/// A frame and the text it should decode to (none: no code in it).
pub type Frame = (Gray, Option<String>);

/// The frame size and how many frames per condition.
#[derive(Clone, Copy, Debug)]
pub struct SetSize {
    pub width: usize,
    pub height: usize,
    pub samples: usize,
}

fn token(rng: &mut impl Rng) -> String {
    let signer =
        crate::security::TokenSigner::new(crate::security::SiteSecret::from_bytes([3; 32]));
    signer.issue(
        crate::domain::PackageId(rng.gen_range(1..1_000_000)),
        0,
        crate::domain::Timestamp(1_800_000_000_000),
    )
}

/// A phone screen (light grey) on a mid-grey background, the code drawn on it.
fn frame(text: &str, scale: usize, sz: SetSize, rng: &mut impl Rng) -> Gray {
    let (fw, fh) = (sz.width, sz.height);
    let m = modules(text);
    let side = (m.width + 8) * scale;
    let mut img = Gray {
        width: fw,
        height: fh,
        data: vec![110; fw * fh],
    };
    let x0 = rng.gen_range(10..fw - side - 10);
    let y0 = rng.gen_range(10..fh - side - 10);
    let (_, px) = m.pixels(scale);
    for y in 0..side {
        for x in 0..side {
            // A screen's white is not paper white.
            let v = if px[y * side + x] == 0 { 20 } else { 235 };
            img.data[(y0 + y) * fw + x0 + x] = v;
        }
    }
    img
}

fn sample(img: &Gray, x: f32, y: f32) -> u8 {
    if x < 0.0 || y < 0.0 || x >= (img.width - 1) as f32 || y >= (img.height - 1) as f32 {
        return 110;
    }
    let (x0, y0) = (x as usize, y as usize);
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let p = |dx, dy| f32::from(img.at(x0 + dx, y0 + dy));
    let top = p(0, 0) * (1.0 - fx) + p(1, 0) * fx;
    let bottom = p(0, 1) * (1.0 - fx) + p(1, 1) * fx;
    (top * (1.0 - fy) + bottom * fy) as u8
}

/// Each output pixel read from where `map` sends it in the source.
fn warp(img: &Gray, map: impl Fn(f32, f32) -> (f32, f32)) -> Gray {
    let mut out = img.clone();
    for y in 0..img.height {
        for x in 0..img.width {
            let (sx, sy) = map(x as f32, y as f32);
            out.data[y * img.width + x] = sample(img, sx, sy);
        }
    }
    out
}

fn rotate(img: &Gray, degrees: f32) -> Gray {
    let (s, c) = degrees.to_radians().sin_cos();
    let (cx, cy) = (img.width as f32 / 2.0, img.height as f32 / 2.0);
    warp(img, |x, y| {
        let (dx, dy) = (x - cx, y - cy);
        (cx + c * dx + s * dy, cy - s * dx + c * dy)
    })
}

/// A projective map: the phone held at an angle.
fn perspective(img: &Gray, g: f32, h: f32) -> Gray {
    let (cx, cy) = (img.width as f32 / 2.0, img.height as f32 / 2.0);
    warp(img, |x, y| {
        let (dx, dy) = (x - cx, y - cy);
        let wgt = 1.0 + g * dx + h * dy;
        (cx + dx / wgt, cy + dy / wgt)
    })
}

fn blur(img: &Gray, r: usize) -> Gray {
    let mut out = img.clone();
    for y in r..img.height - r {
        for x in r..img.width - r {
            let mut sum = 0u32;
            for dy in 0..=2 * r {
                for dx in 0..=2 * r {
                    sum += u32::from(img.at(x + dx - r, y + dy - r));
                }
            }
            out.data[y * img.width + x] = (sum / ((2 * r + 1) * (2 * r + 1)) as u32) as u8;
        }
    }
    out
}

fn map_pixels(img: &Gray, f: impl Fn(usize, usize, u8) -> i32) -> Gray {
    let mut out = img.clone();
    for y in 0..img.height {
        for x in 0..img.width {
            out.data[y * img.width + x] = f(x, y, img.at(x, y)).clamp(0, 255) as u8;
        }
    }
    out
}

/// Every condition with its frames, from a fixed seed.
pub fn conditions(sz: SetSize) -> Vec<(&'static str, Vec<Frame>)> {
    let (fw, fh, samples) = (sz.width, sz.height, sz.samples);
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    let mut set = Vec::new();
    let mut cond =
        |name: &'static str,
         f: &mut dyn FnMut(&mut rand::rngs::StdRng) -> (Gray, Option<String>)| {
            let frames = (0..samples).map(|_| f(&mut rng)).collect();
            set.push((name, frames));
        };
    cond("clean, 4 px modules", &mut |r| {
        let t = token(r);
        (frame(&t, 4, sz, r), Some(t))
    });
    cond("small, 2 px modules", &mut |r| {
        let t = token(r);
        (frame(&t, 2, sz, r), Some(t))
    });
    cond("rotated 5-40 degrees", &mut |r| {
        let t = token(r);
        let a = r.gen_range(5.0..40.0);
        (rotate(&frame(&t, 4, sz, r), a), Some(t))
    });
    cond("perspective", &mut |r| {
        let t = token(r);
        let (g, h) = (r.gen_range(-0.0009..0.0009), r.gen_range(-0.0009..0.0009));
        (perspective(&frame(&t, 4, sz, r), g, h), Some(t))
    });
    cond("blurred (3 px modules, 3 px blur)", &mut |r| {
        let t = token(r);
        (blur(&frame(&t, 3, sz, r), 1), Some(t))
    });
    cond("noisy", &mut |r| {
        let t = token(r);
        let f = frame(&t, 4, sz, r);
        let noise: Vec<i32> = (0..fw * fh).map(|_| r.gen_range(-45..45)).collect();
        (
            map_pixels(&f, |x, y, v| i32::from(v) + noise[y * fw + x]),
            Some(t),
        )
    });
    cond("low contrast", &mut |r| {
        let t = token(r);
        (
            map_pixels(&frame(&t, 4, sz, r), |_, _, v| {
                100 + i32::from(v) * 22 / 255
            }),
            Some(t),
        )
    });
    cond("glare", &mut |r| {
        let t = token(r);
        let f = frame(&t, 4, sz, r);
        let (gx, gy) = (r.gen_range(0.0..fw as f32), r.gen_range(0.0..fh as f32));
        (
            map_pixels(&f, |x, y, v| {
                let d2 = (x as f32 - gx).powi(2) + (y as f32 - gy).powi(2);
                i32::from(v) + (210.0 * (-d2 / 20000.0).exp()) as i32
            }),
            Some(t),
        )
    });
    cond("inverted (dark mode)", &mut |r| {
        let t = token(r);
        (
            map_pixels(&frame(&t, 4, sz, r), |_, _, v| 255 - i32::from(v)),
            Some(t),
        )
    });
    cond("no code", &mut |r| {
        let noise: Vec<i32> = (0..fw * fh).map(|_| r.gen_range(0..60)).collect();
        let blank = Gray {
            width: fw,
            height: fh,
            data: vec![120; fw * fh],
        };
        (
            map_pixels(&blank, |x, y, v| {
                i32::from(v) + (x * y % 97) as i32 + noise[y * fw + x]
            }),
            None,
        )
    });
    set
}
