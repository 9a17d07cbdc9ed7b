//! The installer's scanning commands: `lockerwall decode IMAGE...` and
//! `lockerwall scan --serial PORT`.

use super::image::Gray;
use super::{Scanned, Symbology};
use crate::domain::labels;
use std::io::Write;
use std::path::PathBuf;

/// What a code says, for people: the text, and a label's carrier and number.
pub fn describe(code: &Scanned) -> String {
    let kind = code.symbology.map_or("code", Symbology::name);
    let mut line = format!("{kind}: {}", code.text);
    if let Some(l) = labels::identify(&code.text) {
        let check = if l.check_ok {
            "check digit ok"
        } else {
            "CHECK DIGIT WRONG"
        };
        line += &format!("  [{} {} - {check}]", l.carrier.name(), l.tracking);
    } else if crate::security::token::looks_like_token(&code.text) {
        line += "  [a Lockerwall pickup token]";
    }
    line
}

/// Decode each image; returns how many images had no code (the command fails then).
pub fn decode_files(paths: &[PathBuf], out: &mut impl Write) -> std::io::Result<usize> {
    let mut empty = 0;
    for path in paths {
        match Gray::load(path) {
            Err(e) => {
                writeln!(out, "{}: {e}", path.display())?;
                empty += 1;
            }
            Ok(img) => {
                let codes = super::decode_frame(&img);
                if codes.is_empty() {
                    writeln!(
                        out,
                        "{}: no code found ({}x{})",
                        path.display(),
                        img.width,
                        img.height
                    )?;
                    empty += 1;
                }
                for code in codes {
                    writeln!(out, "{}: {}", path.display(), describe(&code))?;
                }
            }
        }
    }
    Ok(empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_decoded_and_described() {
        let dir = tempfile::tempdir().unwrap();
        let token =
            crate::security::TokenSigner::new(crate::security::SiteSecret::from_bytes([1; 32]))
                .issue(
                    crate::domain::PackageId(5),
                    0,
                    crate::domain::Timestamp(1_900_000_000_000),
                );
        let png = crate::notify::qr::modules(&token).png();
        let good = dir.path().join("phone.png");
        std::fs::write(&good, png).unwrap();
        let label = dir.path().join("label.png");
        std::fs::write(
            &label,
            crate::notify::qr::modules("1Z999AA10123456784").png(),
        )
        .unwrap();
        let usps = dir.path().join("usps.pgm");
        let code128 = crate::scan::labels::render(
            "420021349400111899223397658533",
            Symbology::Code128,
            600,
            120,
        )
        .unwrap();
        let mut pgm =
            format!("P5 {} {} 255\n", code128.width + 80, code128.height + 80).into_bytes();
        for y in 0..code128.height + 80 {
            for x in 0..code128.width + 80 {
                let inside =
                    (40..code128.width + 40).contains(&x) && (40..code128.height + 40).contains(&y);
                pgm.push(if inside {
                    code128.at(x - 40, y - 40)
                } else {
                    255
                });
            }
        }
        std::fs::write(&usps, pgm).unwrap();
        let blank = dir.path().join("blank.pgm");
        let mut pgm = b"P5 40 30 255\n".to_vec();
        pgm.extend(std::iter::repeat_n(200u8, 40 * 30));
        std::fs::write(&blank, pgm).unwrap();
        let junk = dir.path().join("notes.txt");
        std::fs::write(&junk, "hello").unwrap();

        let mut out = Vec::new();
        let empty = decode_files(&[good.clone(), label, usps, blank, junk], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(empty, 2, "{text}");
        assert!(
            text.contains(&format!("QR: {token}  [a Lockerwall pickup token]")),
            "{text}"
        );
        assert!(
            text.contains("QR: 1Z999AA10123456784  [UPS 1Z999AA10123456784 - check digit ok]"),
            "{text}"
        );
        assert!(text.contains("blank.pgm: no code found (40x30)"), "{text}");
        assert!(
            text.contains("Code 128: 420021349400111899223397658533  [USPS 9400111899223397658533 - check digit ok]"),
            "{text}"
        );
        assert!(
            text.contains("notes.txt") && text.contains("is not a PNG, JPEG or PGM image"),
            "{text}"
        );
    }
}
