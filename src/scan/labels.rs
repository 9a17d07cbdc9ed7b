//! Shipping labels' barcodes: Code 128 / GS1-128, PDF417, DataMatrix and
//! MaxiCode, read with rxing (a maintained port of ZXing, pure Rust). QR
//! codes stay with rqrr (see `qr`), which is faster on phone screens.

use super::image::Gray;
use super::{Scanned, Symbology};
use rxing::{BarcodeFormat, DecodeHints};
use std::collections::HashSet;

fn symbology(f: &BarcodeFormat) -> Option<Symbology> {
    Some(match f {
        BarcodeFormat::CODE_128 => Symbology::Code128,
        BarcodeFormat::PDF_417 => Symbology::Pdf417,
        BarcodeFormat::DATA_MATRIX => Symbology::DataMatrix,
        BarcodeFormat::MAXICODE => Symbology::MaxiCode,
        BarcodeFormat::QR_CODE => Symbology::Qr,
        _ => return None,
    })
}

/// Every label barcode in an image (empty when none).
pub fn decode(img: &Gray) -> Vec<Scanned> {
    if img.width == 0 || img.height == 0 {
        return Vec::new();
    }
    let mut hints =
        DecodeHints::default().with(rxing::DecodeHintValue::PossibleFormats(HashSet::from([
            BarcodeFormat::CODE_128,
            BarcodeFormat::PDF_417,
            BarcodeFormat::DATA_MATRIX,
            BarcodeFormat::MAXICODE,
        ])));
    // A decoder that trips over a frame must not take the kiosk with it.
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rxing::helpers::detect_multiple_in_luma_with_hints(
            img.data.clone(),
            img.width as u32,
            img.height as u32,
            &mut hints,
        )
        .unwrap_or_default()
    }))
    .unwrap_or_else(|_| {
        tracing::warn!("the label decoder gave up on a frame");
        Vec::new()
    });
    let mut out: Vec<Scanned> = found
        .iter()
        .filter_map(|r| {
            Some(Scanned {
                text: r.getText().to_string(),
                symbology: Some(symbology(r.getBarcodeFormat())?),
            })
        })
        .collect();
    out.sort_by(|a, b| a.text.cmp(&b.text));
    out.dedup_by(|a, b| a.text == b.text);
    out
}

/// A barcode drawn as a grey image (tests, and printed shelf labels later).
pub fn render(text: &str, symbology: Symbology, width: u32, height: u32) -> Option<Gray> {
    use rxing::Writer;
    let format = match symbology {
        Symbology::Code128 => BarcodeFormat::CODE_128,
        Symbology::Pdf417 => BarcodeFormat::PDF_417,
        Symbology::DataMatrix => BarcodeFormat::DATA_MATRIX,
        Symbology::Qr => BarcodeFormat::QR_CODE,
        Symbology::MaxiCode => return None,
    };
    let m = rxing::MultiFormatWriter
        .encode(text, &format, width as i32, height as i32)
        .ok()?;
    let (w, h) = (m.getWidth() as usize, m.getHeight() as usize);
    let mut img = Gray::white(w, h);
    for y in 0..h {
        for x in 0..w {
            if m.get(x as u32, y as u32) {
                img.data[y * w + x] = 0;
            }
        }
    }
    Some(img)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A label-sized white margin around a barcode.
    fn on_label(code: &Gray) -> Gray {
        let (w, h) = (code.width + 80, code.height + 80);
        let mut img = Gray::white(w, h);
        for y in 0..code.height {
            for x in 0..code.width {
                img.data[(y + 40) * w + x + 40] = code.at(x, y);
            }
        }
        img
    }

    #[test]
    fn label_symbologies_round_trip() {
        let usps = "420021349400111899223397658533";
        for (text, sym, w, h) in [
            (usps, Symbology::Code128, 600, 120),
            ("1Z999AA10123456784", Symbology::DataMatrix, 160, 160),
            (
                "1Z999AA10123456784 CARMEN ALVAREZ 101",
                Symbology::Pdf417,
                500,
                160,
            ),
        ] {
            let img = on_label(&render(text, sym, w, h).unwrap());
            let got = decode(&img);
            assert_eq!(got.len(), 1, "{sym:?}: {got:?}");
            assert_eq!(got[0].symbology, Some(sym));
            assert!(
                got[0].text.ends_with(text) || got[0].text == text,
                "{sym:?}: {}",
                got[0].text
            );
        }
        assert!(decode(&Gray::white(300, 200)).is_empty());
    }
}
