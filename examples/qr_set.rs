//! Write the synthetic QR set as PNG files, with `expected.tsv` (file, text or
//! `-` for no code), for tools that read files (ZBar's zbarimg, our decode).
//! `cargo run --release --example qr_set -- DIR [WIDTH HEIGHT SAMPLES]`

use lockerwall::scan::synth::{conditions, SetSize};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(args.first().ok_or("usage: qr_set DIR [W H N]")?);
    let num = |i: usize, d: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(d);
    let size = SetSize {
        width: num(1, 1280),
        height: num(2, 720),
        samples: num(3, 10),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tsv = std::fs::File::create(dir.join("expected.tsv"))?;
    for (name, frames) in conditions(size) {
        let slug: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        for (i, (img, want)) in frames.iter().enumerate() {
            let file = format!("{slug}-{i:02}.png");
            let out = std::fs::File::create(dir.join(&file))?;
            let mut enc = png::Encoder::new(out, img.width as u32, img.height as u32);
            enc.set_color(png::ColorType::Grayscale);
            enc.set_depth(png::BitDepth::Eight);
            enc.write_header()?.write_image_data(&img.data)?;
            writeln!(tsv, "{file}\t{name}\t{}", want.as_deref().unwrap_or("-"))?;
        }
    }
    println!("{}", dir.display());
    Ok(())
}
