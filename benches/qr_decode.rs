//! QR decoding on 1280x720 frames: decode rate and milliseconds per frame for
//! each condition of the synthetic set, ours (with the pre-processing) next to
//! rqrr alone, measured in the same run. `cargo bench --bench qr_decode`.
//! ZBar on the same frames: `scripts/qr-vs-zbar.sh`.

use lockerwall::scan::qr;
use lockerwall::scan::synth::{conditions, SetSize};
use std::time::Instant;

fn main() {
    let size = SetSize {
        width: 1280,
        height: 720,
        samples: 10,
    };
    let set = conditions(size);
    println!("QR decode, 1280x720 frames, {} per condition", size.samples);
    println!(
        "{:<36} {:>8} {:>10}   {:>8} {:>10}",
        "condition", "ours", "ms/frame", "rqrr", "ms/frame"
    );
    let (mut ours_ms, mut plain_ms, mut ours_ok, mut plain_ok, mut total) = (0.0, 0.0, 0, 0, 0);
    for (name, frames) in &set {
        let mut row = [(0usize, 0.0f64); 2];
        for (i, decode) in [qr::decode as fn(&_) -> Vec<String>, qr::decode_plain]
            .into_iter()
            .enumerate()
        {
            for (img, want) in frames {
                let t = Instant::now();
                let got = decode(img);
                row[i].1 += t.elapsed().as_secs_f64() * 1000.0;
                let ok = match want {
                    Some(text) => got == [text.clone()],
                    None => got.is_empty(),
                };
                row[i].0 += usize::from(ok);
            }
        }
        let n = frames.len();
        println!(
            "{:<36} {:>7}% {:>10.1}   {:>7}% {:>10.1}",
            name,
            row[0].0 * 100 / n,
            row[0].1 / n as f64,
            row[1].0 * 100 / n,
            row[1].1 / n as f64
        );
        ours_ok += row[0].0;
        plain_ok += row[1].0;
        ours_ms += row[0].1;
        plain_ms += row[1].1;
        total += n;
    }
    println!(
        "{:<36} {:>7}% {:>10.1}   {:>7}% {:>10.1}",
        "all",
        ours_ok * 100 / total,
        ours_ms / total as f64,
        plain_ok * 100 / total,
        plain_ms / total as f64
    );
    println!(
        "time per frame, ours / rqrr alone: {:.2}",
        ours_ms / plain_ms.max(f64::EPSILON)
    );
}
