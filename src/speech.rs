//! Spoken guidance through the system's speech engine (espeak-ng, or
//! speech-dispatcher's `spd-say`): a command run per sentence, the sentence
//! and its language filled into the configured template. A new sentence cuts
//! off the one before it, as a new screen replaces the last.

use std::process::{Child, Command, Stdio};

/// `[speech]` in the config.
#[derive(Clone, Debug, serde::Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SpeechConfig {
    /// Speak the pickup screens (off unless the site turns it on).
    pub enabled: bool,
    /// The program and its arguments; `{text}` is the sentence and `{lang}`
    /// the language code (en, es, vi).
    pub command: Vec<String>,
}

impl Default for SpeechConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            command: ["espeak-ng", "-v", "{lang}", "{text}"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl SpeechConfig {
    /// Why the command cannot be used, if it cannot.
    pub fn problem(&self) -> Option<&'static str> {
        if self.command.is_empty() || self.command[0].is_empty() {
            Some("speech.command is empty: name the program, e.g. [\"espeak-ng\", \"-v\", \"{lang}\", \"{text}\"]")
        } else if !self.command.iter().any(|a| a.contains("{text}")) {
            Some("speech.command never says {text}: the sentence has nowhere to go")
        } else {
            None
        }
    }
}

/// Speaks one sentence at a time.
pub struct Speaker {
    command: Vec<String>,
    speaking: Option<Child>,
    last: String,
    warned: bool,
}

impl Speaker {
    /// A speaker for `config`, or none when speech is off.
    pub fn new(config: &SpeechConfig) -> Option<Speaker> {
        config.enabled.then(|| Speaker {
            command: config.command.clone(),
            speaking: None,
            last: String::new(),
            warned: false,
        })
    }

    /// Say `text` in `language` ("" is English), cutting off whatever is
    /// being said; the same sentence twice in a row is said once.
    pub fn say(&mut self, text: &str, language: &str) {
        if text.is_empty() || text == self.last {
            return;
        }
        self.last = text.to_string();
        self.stop();
        let lang = if language.is_empty() { "en" } else { language };
        let args: Vec<String> = self
            .command
            .iter()
            .map(|a| a.replace("{text}", text).replace("{lang}", lang))
            .collect();
        let Some((program, rest)) = args.split_first() else {
            return;
        };
        match Command::new(program)
            .args(rest)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(child) => self.speaking = Some(child),
            // Said once: a kiosk without its speech engine still works.
            Err(e) if !self.warned => {
                self.warned = true;
                tracing::warn!(program = %program, error = %e, "cannot speak: is the speech engine installed?");
            }
            Err(_) => {}
        }
    }

    /// Wait for the sentence being said to end.
    pub fn wait(&mut self) {
        if let Some(mut child) = self.speaking.take() {
            let _ = child.wait();
        }
    }

    /// Stop the sentence being said, if any.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.speaking.take() {
            // Done already, or cut off now; either way reaped, never a zombie.
            if child.try_wait().ok().flatten().is_none() {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_must_have_somewhere_to_put_the_sentence() {
        assert_eq!(SpeechConfig::default().problem(), None);
        let none = SpeechConfig {
            command: vec![],
            ..Default::default()
        };
        assert!(none.problem().unwrap().contains("empty"));
        let mute = SpeechConfig {
            command: vec!["espeak-ng".into()],
            ..Default::default()
        };
        assert!(mute.problem().unwrap().contains("{text}"));
        assert!(
            Speaker::new(&SpeechConfig::default()).is_none(),
            "off by default"
        );
    }

    #[test]
    fn sentences_go_to_the_command_in_their_language() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("said");
        let config = SpeechConfig {
            enabled: true,
            command: vec![
                "sh".into(),
                "-c".into(),
                format!("printf '%s|%s\\n' \"$1\" \"$2\" >> {}", out.display()),
                "sh".into(),
                "{lang}".into(),
                "{text}".into(),
            ],
        };
        let mut s = Speaker::new(&config).unwrap();
        s.say("Hola", "es");
        s.speaking.take().unwrap().wait().unwrap();
        s.say("Hola", "es");
        assert!(s.speaking.is_none(), "the same sentence is not repeated");
        s.say("Hello", "");
        s.speaking.take().unwrap().wait().unwrap();
        let said = std::fs::read_to_string(&out).unwrap();
        assert_eq!(said, "es|Hola\nen|Hello\n");
    }

    #[test]
    fn a_new_sentence_cuts_off_the_one_being_said() {
        // A "sentence" that would take a minute to say.
        let mut s = Speaker::new(&SpeechConfig {
            enabled: true,
            command: ["sleep", "60", "{text}"].map(String::from).to_vec(),
        })
        .unwrap();
        s.say("first", "");
        let first = s.speaking.as_ref().unwrap().id();
        s.say("second", "");
        assert_ne!(s.speaking.as_ref().unwrap().id(), first);
        // Reaped, not left running: no such process any more.
        assert!(!std::path::Path::new(&format!("/proc/{first}")).exists());
        s.stop();
        assert!(s.speaking.is_none());
    }

    #[test]
    fn a_missing_engine_is_not_an_error() {
        let mut s = Speaker::new(&SpeechConfig {
            enabled: true,
            command: vec!["/nonexistent/espeak".into(), "{text}".into()],
        })
        .unwrap();
        s.say("Hello", "en");
        s.say("Again", "en");
        assert!(s.warned && s.speaking.is_none());
    }
}
