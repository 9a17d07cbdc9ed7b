//! Entry points for the fuzz targets (`fuzz/`) and their regression corpus
//! (`tests/fuzz_corpus.rs`): everything that reads outside input, read the way
//! the kiosk reads it. None may panic, whatever the bytes.

use crate::domain::Timestamp;
use crate::kiosk::{Event, Flow, FlowConfig, TextKey};
use crate::security::{PickupCode, SiteSecret, TokenSigner};

/// A QR token, a typed pickup code: what a scanner or a keypad sends.
pub fn token(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let signer = TokenSigner::new(SiteSecret::from_bytes([7; 32]));
    // Whatever package a token names, with whatever version its code has now.
    let version = TokenSigner::package_named(text).map_or(0, |p| (p.0 as u32) % 4);
    if let Ok(claims) = signer.verify(text, version, Timestamp(1_800_000_000_000)) {
        // Only a token this wall signed verifies; random bytes never do.
        assert!(crate::security::token::looks_like_token(text), "{claims:?}");
    }
    if let Some(code) = PickupCode::parse(text) {
        assert!(code.as_str().bytes().all(|b| b.is_ascii_digit()));
    }
}

/// A shipping label's payload: the carrier, tracking number and ship-to address.
pub fn label(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(label) = crate::domain::labels::find(text) {
        assert!(!label.tracking.is_empty());
    }
    let hints = crate::domain::shipto::parse(text);
    let _ = hints.rank(&[]);
    let _ = crate::scan::strip_aim(text);
}

/// A resident export from a property-management system.
pub fn csv_import(data: &[u8]) {
    if let Ok(parsed) = crate::directory_import::read(data, &Default::default()) {
        let mut last = 0;
        for row in &parsed.rows {
            assert!(!row.resident.name.is_empty() && !row.resident.unit.is_empty());
            assert!(row.line > last, "rows come in file order");
            last = row.line;
        }
    }
}

/// The site file (wall layout, wiring, directory) and the configuration file.
pub fn site_and_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(site) = crate::site::Site::parse(text) {
        let _ = site.wiring();
    }
    let _ = crate::site::config::Config::parse(text, "fuzz.toml");
}

/// Any sequence of taps, keys and scans at the screen: the flow never panics.
pub fn flow(data: &[u8]) {
    let mut f = Flow::new(FlowConfig::default(), Timestamp(1_800_000_000_000));
    let mut now = 1_800_000_000_000i64;
    for chunk in data.chunks(2) {
        let (kind, arg) = (chunk[0], chunk.get(1).copied().unwrap_or(0));
        now += i64::from(arg) * 100;
        let event = match kind % 17 {
            0 => Event::Deliver,
            1 => Event::PickUp,
            2 => Event::Back,
            3 => Event::Key(TextKey::Char(char::from(arg))),
            4 => Event::Key(TextKey::Enter),
            5 => Event::Key(TextKey::Backspace),
            6 => Event::Tick,
            7 => Event::Touch,
            8 => Event::Scanned(
                String::from_utf8_lossy(&data[..usize::from(arg).min(data.len())]).into(),
            ),
            9 => Event::Done,
            10 => Event::NextPackage,
            11 => Event::Help(match arg % 4 {
                0 => crate::kiosk::HelpEvent::Open,
                1 => crate::kiosk::HelpEvent::Close,
                2 => crate::kiosk::HelpEvent::Reported(arg % 8 == 2),
                _ => crate::kiosk::HelpEvent::Report(
                    crate::kiosk::ProblemKind::ALL[usize::from(arg) % 5],
                ),
            }),
            12 => Event::Staff(crate::kiosk::staff::StaffEvent::Logout),
            14 => Event::LeaveWithStaff,
            15 => Event::ChooseSize(crate::domain::Size::ALL[usize::from(arg) % 4]),
            16 => Event::Staff(crate::kiosk::staff::StaffEvent::Tab(
                crate::kiosk::staff::Tab::Overflow,
            )),
            _ => Event::Staff(crate::kiosk::staff::StaffEvent::Enter),
        };
        let _ = f.step(event, Timestamp(now));
    }
}

/// A reply from the portfolio server, as the HTTP client hands it over
/// (status, headers, body: the first two bytes pick the status and how the
/// rest splits into a signature header and the body): read without a panic,
/// and acked only when the reply is signed for this batch, which a fuzzer
/// cannot forge.
pub fn http_reply(data: &[u8]) {
    let [a, b, rest @ ..] = data else {
        return;
    };
    let status = [200, 400, 401, 409, 413, 500][*a as usize % 6];
    let at = (*b as usize).min(rest.len());
    let (signature, body) = rest.split_at(at);
    let reply = crate::net::Reply {
        status,
        headers: vec![(
            lockerwall_wire::REPLY_SIGNATURE_HEADER.to_ascii_lowercase(),
            String::from_utf8_lossy(signature).into_owned(),
        )],
        body: body.to_vec(),
    };
    let key = "fuzzing-key-0123456789";
    let read = crate::sync::read_reply(&reply, key, "sha256=00");
    assert!(read.is_err(), "an unsigned reply was acted on");
}

/// A serial scanner's bytes: the same codes however they arrive in pieces,
/// each code one line's worth (no CR or LF, no longer than the limit).
pub fn scanner_lines(data: &[u8]) {
    use crate::scan::serial::{CodeLines, MAX_LINE};
    let Some((&split, bytes)) = data.split_first() else {
        return;
    };
    let at = split as usize * bytes.len() / 256;
    let whole = CodeLines::default().feed(bytes);
    let mut pieces = CodeLines::default();
    let mut in_pieces = pieces.feed(&bytes[..at]);
    in_pieces.extend(pieces.feed(&bytes[at..]));
    assert_eq!(whole, in_pieces);
    for code in whole {
        assert!(!code.text.contains(['\r', '\n']), "{code:?}");
        // Each byte of a line becomes at most one U+FFFD (3 bytes).
        assert!(code.text.len() <= 3 * MAX_LINE, "{}", code.text.len());
    }
}
