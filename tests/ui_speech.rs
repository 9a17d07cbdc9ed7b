//! Spoken guidance through the real Slint UI: with speech on, a resident
//! picks up with the keypad and the voice alone. The voice is a real program
//! run per sentence (a shell script that writes down what it was asked to
//! say, where a kiosk runs espeak-ng): the prompt, each digit counted (never
//! the digits), a wrong code, the door's label spelled out, all in the
//! session's language.
//! (One test in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use lockerwall::domain::Timestamp;
use lockerwall::kiosk::Screen;
use lockerwall::speech::{Speaker, SpeechConfig};
use std::path::Path;

/// Wait (5 s at most, showing the kiosk's updates, so its sentences keep
/// coming) until the voice has said a line containing `words`; returns
/// everything said so far.
fn heard(k: &mut Kiosk, said: &Path, words: &str) -> String {
    let read = || std::fs::read_to_string(said).unwrap_or_default();
    k.wait_for(&format!("the voice to say {words:?}"), || {
        read().lines().any(|l| l.contains(words))
    });
    read()
}

#[test]
fn a_resident_picks_up_by_keypad_and_voice() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _db) = common::demo_store(dir.path());
    // A package waiting for Carmen Alvarez, whose notices are in Spanish.
    let r = common::carmens_package(&mut store, Timestamp(1_700_000_000_000));
    let code = &r.code;
    let tokio = common::ui::tokio();
    let mut k = Kiosk::demo(&tokio, store);
    let said = dir.path().join("said.txt");
    // One line per sentence: the language, then the words. Each sentence
    // waits for the one before it is written, so none is cut off.
    let script = format!("printf '%s|%s\\n' \"$1\" \"$2\" >> '{}'", said.display());
    k.speaker = Speaker::new(&SpeechConfig {
        enabled: true,
        command: ["sh", "-c", &script, "sh", "{lang}", "{text}"]
            .map(String::from)
            .to_vec(),
    });

    k.tap("Pick up a package");
    k.wait("keypad", |s| s.name() == "pickup-code");
    let text = heard(&mut k, &said, "en|Pick up a package. Type the 6-digit code");
    assert!(
        text.contains("Then press Open, at the bottom right."),
        "{text}"
    );

    // Each digit is counted aloud; the digits themselves are never said.
    for (i, d) in "123".chars().enumerate() {
        k.tap(&d.to_string());
        heard(&mut k, &said, &format!("en|{} of 6 digits entered", i + 1));
    }
    for _ in 0..3 {
        k.tap("Delete");
    }
    for d in "000000".chars() {
        k.tap(&d.to_string());
    }
    let text = heard(
        &mut k,
        &said,
        "That code does not match a package waiting here",
    );
    for line in text.lines() {
        assert!(
            !line.contains("123") && !line.contains("000000"),
            "a code was said: {line}"
        );
    }

    // Her own code: the door opens, its label spelled out, in her language.
    k.tap("Delete");
    for _ in 0..6 {
        k.tap("Delete");
    }
    for d in code.as_str().chars() {
        k.tap(&d.to_string());
    }
    k.wait("door", |s| matches!(s, Screen::PickupDoor { .. }));
    let spelled = lockerwall::view::speech::spell(&r.locker.label);
    let text = heard(
        &mut k,
        &said,
        &format!("es|Saque su paquete del casillero {spelled}"),
    );
    assert!(
        text.lines().last().unwrap().starts_with("es|"),
        "Spanish from her notices' language:\n{text}"
    );
    for line in text.lines() {
        assert!(!line.contains(code.as_str()), "her code was said: {line}");
    }
}
