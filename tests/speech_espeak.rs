//! The default speech command against the real espeak-ng: each language the
//! screens come in is spoken (written to a WAV file instead of the speaker,
//! the one change to the default command).
//! `cargo test --features speech-tests --test speech_espeak` (needs espeak-ng).

use lockerwall::speech::{Speaker, SpeechConfig};

/// The default command, writing to `wav` rather than playing.
fn to_file(wav: &std::path::Path) -> SpeechConfig {
    let mut command = SpeechConfig::default().command;
    let text = command.iter().position(|a| a == "{text}").unwrap();
    command.splice(text..text, ["-w".into(), wav.display().to_string()]);
    SpeechConfig {
        enabled: true,
        command,
    }
}

#[test]
fn espeak_speaks_every_language_of_the_screens() {
    let dir = tempfile::tempdir().unwrap();
    let mut sizes = Vec::new();
    for (lang, text) in [
        (
            "",
            "Take your package from locker B, 0, 7 and close the door when you are done.",
        ),
        (
            "es",
            "Saque su paquete del casillero B, 0, 7 y cierre la puerta al terminar.",
        ),
        (
            "vi",
            "Lấy gói hàng của bạn từ tủ B, 0, 7 và đóng cửa khi xong.",
        ),
    ] {
        let wav = dir.path().join(format!("{lang}.wav"));
        let mut s = Speaker::new(&to_file(&wav)).unwrap();
        s.say(text, lang);
        s.wait();
        let audio = std::fs::read(&wav).unwrap_or_else(|e| panic!("{lang}: no WAV ({e})"));
        assert_eq!(&audio[..4], b"RIFF", "{lang}: a WAV file");
        // A second of 22 kHz 16-bit speech is 44 KB; the sentence is longer.
        assert!(audio.len() > 100_000, "{lang}: only {} bytes", audio.len());
        sizes.push(audio.len());
    }
    assert!(
        sizes[0] != sizes[1] && sizes[1] != sizes[2],
        "three voices: {sizes:?}"
    );
}
