//! Reading codes: residents' QR codes and carriers' labels, from a serial
//! scanner, a keyboard-wedge scanner (the UI's key events) or image frames.
//! Every source ends as text handed to the flow as `Event::Scanned`.

#[cfg(feature = "camera")]
pub mod camera;
#[cfg(feature = "camera")]
pub mod camera_control;
pub mod commands;
pub mod frames;
pub mod image;
pub mod labels;
pub mod qr;
pub mod serial;
pub mod synth;

/// A code as read, with the symbology when the reader says (AIM identifier).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scanned {
    pub text: String,
    pub symbology: Option<Symbology>,
}

/// The kinds of code we tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbology {
    Qr,
    Code128,
    DataMatrix,
    Pdf417,
    MaxiCode,
}

impl Symbology {
    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Symbology::Qr => "QR",
            Symbology::Code128 => "Code 128",
            Symbology::DataMatrix => "DataMatrix",
            Symbology::Pdf417 => "PDF417",
            Symbology::MaxiCode => "MaxiCode",
        }
    }
}

/// Every code in a frame: QR codes (rqrr, tuned for phone screens) and label
/// barcodes (rxing).
pub fn decode_frame(img: &image::Gray) -> Vec<Scanned> {
    let mut codes: Vec<Scanned> = qr::decode(img)
        .into_iter()
        .map(|text| Scanned {
            text,
            symbology: Some(Symbology::Qr),
        })
        .collect();
    codes.extend(labels::decode(img));
    codes
}

/// The texts of every code in a frame (what the camera's decoder hands on).
pub fn decode_frame_texts(img: &image::Gray) -> Vec<String> {
    decode_frame(img).into_iter().map(|c| c.text).collect()
}

/// Split a scanner's AIM symbology identifier (`]Q1`, `]C1` ...) off a code.
/// GS1-128's `]C1` is kept on the text: it tells the label parser the payload
/// has application identifiers.
pub fn strip_aim(raw: &str) -> Scanned {
    let t = raw.trim_matches(|c: char| c.is_control() && c != '\u{1d}');
    let (symbology, keep_prefix) = match t.get(..2) {
        Some("]Q") => (Some(Symbology::Qr), false),
        Some("]C") => (Some(Symbology::Code128), t.starts_with("]C1")),
        Some("]d") => (Some(Symbology::DataMatrix), false),
        Some("]L") => (Some(Symbology::Pdf417), false),
        Some("]U") => (Some(Symbology::MaxiCode), false),
        _ => (None, true),
    };
    // The identifier is "]" + two ASCII characters; anything else after "]Q"
    // (a multi-byte character, found by fuzzing) is not one: keep it all.
    let text = match t.get(3..) {
        Some(rest) if !keep_prefix && symbology.is_some() && t.as_bytes()[2].is_ascii() => rest,
        _ => t,
    }
    .to_string();
    Scanned { text, symbology }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_identifier_is_kept_whole() {
        // Found by the label fuzz target: a combining mark where the modifier goes.
        let s = strip_aim("]L\u{31f}<<<");
        assert_eq!(s.text, "]L\u{31f}<<<");
        assert_eq!(strip_aim("]L0ABC").text, "ABC");
        assert_eq!(strip_aim("]L").text, "]L");
    }

    #[test]
    fn aim_identifiers_are_read_and_stripped() {
        assert_eq!(
            strip_aim("]Q1LW1ABC\r"),
            Scanned {
                text: "LW1ABC".into(),
                symbology: Some(Symbology::Qr)
            }
        );
        assert_eq!(strip_aim("]C1420021349400").text, "]C1420021349400");
        assert_eq!(strip_aim("]d2TEXT").text, "TEXT");
        assert_eq!(strip_aim("1Z999AA10123456784").symbology, None);
    }
}
