//! Notice templates: text files, one per notice kind and language, with
//! `{placeholders}`. The English and Spanish sets are built in; a property can
//! point `[notices] templates_dir` at its own copies (same file names).
//! The first line of each `.txt` is `Subject: ...`.

use crate::store::NoticeKind;
use std::path::PathBuf;

/// The built-in templates: (language, file name, text).
const BUILT_IN: &[(&str, &str, &str)] = &[
    (
        "en",
        "stored.txt",
        include_str!("../../assets/notices/en/stored.txt"),
    ),
    (
        "en",
        "stored.html",
        include_str!("../../assets/notices/en/stored.html"),
    ),
    (
        "en",
        "reminder.txt",
        include_str!("../../assets/notices/en/reminder.txt"),
    ),
    (
        "en",
        "reminder.html",
        include_str!("../../assets/notices/en/reminder.html"),
    ),
    (
        "en",
        "final.txt",
        include_str!("../../assets/notices/en/final.txt"),
    ),
    (
        "en",
        "final.html",
        include_str!("../../assets/notices/en/final.html"),
    ),
    (
        "en",
        "picked_up.txt",
        include_str!("../../assets/notices/en/picked_up.txt"),
    ),
    (
        "en",
        "picked_up.html",
        include_str!("../../assets/notices/en/picked_up.html"),
    ),
    (
        "en",
        "expired.txt",
        include_str!("../../assets/notices/en/expired.txt"),
    ),
    (
        "en",
        "expired.html",
        include_str!("../../assets/notices/en/expired.html"),
    ),
    (
        "en",
        "problem.txt",
        include_str!("../../assets/notices/en/problem.txt"),
    ),
    (
        "en",
        "problem.html",
        include_str!("../../assets/notices/en/problem.html"),
    ),
    (
        "es",
        "stored.txt",
        include_str!("../../assets/notices/es/stored.txt"),
    ),
    (
        "es",
        "stored.html",
        include_str!("../../assets/notices/es/stored.html"),
    ),
    (
        "es",
        "reminder.txt",
        include_str!("../../assets/notices/es/reminder.txt"),
    ),
    (
        "es",
        "reminder.html",
        include_str!("../../assets/notices/es/reminder.html"),
    ),
    (
        "es",
        "final.txt",
        include_str!("../../assets/notices/es/final.txt"),
    ),
    (
        "es",
        "final.html",
        include_str!("../../assets/notices/es/final.html"),
    ),
    (
        "es",
        "picked_up.txt",
        include_str!("../../assets/notices/es/picked_up.txt"),
    ),
    (
        "es",
        "picked_up.html",
        include_str!("../../assets/notices/es/picked_up.html"),
    ),
    (
        "en",
        "held.txt",
        include_str!("../../assets/notices/en/held.txt"),
    ),
    (
        "en",
        "held.html",
        include_str!("../../assets/notices/en/held.html"),
    ),
    (
        "es",
        "held.txt",
        include_str!("../../assets/notices/es/held.txt"),
    ),
    (
        "es",
        "held.html",
        include_str!("../../assets/notices/es/held.html"),
    ),
    (
        "en",
        "delivered.txt",
        include_str!("../../assets/notices/en/delivered.txt"),
    ),
    (
        "en",
        "delivered.html",
        include_str!("../../assets/notices/en/delivered.html"),
    ),
    (
        "es",
        "delivered.txt",
        include_str!("../../assets/notices/es/delivered.txt"),
    ),
    (
        "es",
        "delivered.html",
        include_str!("../../assets/notices/es/delivered.html"),
    ),
    (
        "en",
        "return_receipt.txt",
        include_str!("../../assets/notices/en/return_receipt.txt"),
    ),
    (
        "en",
        "return_receipt.html",
        include_str!("../../assets/notices/en/return_receipt.html"),
    ),
    (
        "es",
        "return_receipt.txt",
        include_str!("../../assets/notices/es/return_receipt.txt"),
    ),
    (
        "es",
        "return_receipt.html",
        include_str!("../../assets/notices/es/return_receipt.html"),
    ),
];

/// The languages notices are written in; others fall back to English.
pub const LANGUAGES: [&str; 2] = ["en", "es"];

/// A notice in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A template that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read the notice template {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the notice template {0} must start with a \"Subject: \" line")]
    NoSubject(String),
    #[error("there is no notice template {0}")]
    Missing(String),
}

/// Where templates come from.
#[derive(Clone, Debug, Default)]
pub struct Templates {
    /// A folder with `en/stored.txt` etc. that overrides the built-in ones.
    pub dir: Option<PathBuf>,
}

impl Templates {
    fn load(&self, language: &str, file: &str) -> Result<String, TemplateError> {
        let language = if LANGUAGES.contains(&language) {
            language
        } else {
            "en"
        };
        for lang in [language, "en"] {
            if let Some(dir) = &self.dir {
                let path = dir.join(lang).join(file);
                match std::fs::read_to_string(&path) {
                    Ok(text) => return Ok(text),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(source) => {
                        return Err(TemplateError::Read {
                            path: path.display().to_string(),
                            source,
                        })
                    }
                }
            }
            if let Some((_, _, text)) = BUILT_IN.iter().find(|(l, f, _)| *l == lang && *f == file) {
                return Ok((*text).to_string());
            }
        }
        Err(TemplateError::Missing(format!("{language}/{file}")))
    }

    /// Fill the templates of `kind` in `language` with `values`.
    pub fn render(
        &self,
        kind: NoticeKind,
        language: &str,
        values: &[(&str, String)],
    ) -> Result<Rendered, TemplateError> {
        let name = kind.as_str();
        let text = self.load(language, &format!("{name}.txt"))?;
        let html = self.load(language, &format!("{name}.html"))?;
        let (first, body) = text.split_once('\n').unwrap_or((&text, ""));
        let subject = first
            .strip_prefix("Subject:")
            .ok_or_else(|| TemplateError::NoSubject(format!("{language}/{name}.txt")))?
            .trim();
        Ok(Rendered {
            subject: fill(subject, values, false),
            text: fill(body, values, false),
            html: fill(&html, values, true),
        })
    }
}

/// Replace each `{key}` with its value (escaped for HTML where asked).
fn fill(template: &str, values: &[(&str, String)], html: bool) -> String {
    let mut out = template.to_string();
    for (key, value) in values {
        let value = if html { escape(value) } else { value.clone() };
        out = out.replace(&format!("{{{key}}}"), &value);
    }
    out
}

/// Escape text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Vec<(&'static str, String)> {
        vec![
            ("resident", "Ana <Ruiz>".into()),
            ("locker", "B07".into()),
            ("place", "locker B07".into()),
            ("from_place", "del casillero B07".into()),
            ("code", "493817".into()),
            ("carrier", "UPS".into()),
        ]
    }

    #[test]
    fn every_kind_renders_in_english_and_spanish() {
        let t = Templates::default();
        for kind in [
            NoticeKind::Stored,
            NoticeKind::Reminder,
            NoticeKind::Final,
            NoticeKind::PickedUp,
            NoticeKind::ReturnReceipt,
        ] {
            for lang in LANGUAGES {
                let r = t.render(kind, lang, &values()).unwrap();
                assert!(r.subject.contains("B07"), "{lang} {kind:?}: {}", r.subject);
                assert!(r.text.contains("Ana <Ruiz>"));
                assert!(r.html.contains("Ana &lt;Ruiz&gt;"), "HTML is escaped");
                if kind.carries_code() {
                    assert!(r.text.contains("493817") && r.html.contains("cid:pickup-qr"));
                }
            }
        }
        let es = t.render(NoticeKind::Stored, "es", &values()).unwrap();
        assert!(es.subject.starts_with("Su paquete"));
        // Staff notices are English; an unknown language falls back to English.
        assert!(t.render(NoticeKind::Expired, "es", &values()).is_ok());
        let fr = t.render(NoticeKind::Stored, "fr", &values()).unwrap();
        assert!(fr.subject.starts_with("Your package"));
    }

    #[test]
    fn a_property_overrides_templates_from_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en")).unwrap();
        std::fs::write(
            dir.path().join("en/stored.txt"),
            "Subject: Parcel for {resident}\nCode {code}.\n",
        )
        .unwrap();
        let t = Templates {
            dir: Some(dir.path().into()),
        };
        let r = t.render(NoticeKind::Stored, "en", &values()).unwrap();
        assert_eq!(r.subject, "Parcel for Ana <Ruiz>");
        assert_eq!(r.text, "Code 493817.\n");
        assert!(
            r.html.contains("cid:pickup-qr"),
            "the HTML is still the built-in one"
        );
        std::fs::write(dir.path().join("en/stored.txt"), "no subject\n").unwrap();
        assert!(matches!(
            t.render(NoticeKind::Stored, "en", &values()),
            Err(TemplateError::NoSubject(_))
        ));
    }
}
