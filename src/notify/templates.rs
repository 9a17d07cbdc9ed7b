//! Notice templates: text files, one per notice kind and language, with
//! `{placeholders}`. The English and Spanish sets are built in; a property can
//! point `[notices] templates_dir` at its own copies (same file names).
//! The first line of each `.txt` is `Subject: ...`; a `.sms` is the short
//! text message of a notice to a resident (none for staff's notices).

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
    (
        "en",
        "page_link.txt",
        include_str!("../../assets/notices/en/page_link.txt"),
    ),
    (
        "en",
        "page_link.html",
        include_str!("../../assets/notices/en/page_link.html"),
    ),
    (
        "es",
        "page_link.txt",
        include_str!("../../assets/notices/es/page_link.txt"),
    ),
    (
        "es",
        "page_link.html",
        include_str!("../../assets/notices/es/page_link.html"),
    ),
    (
        "en",
        "away_summary.txt",
        include_str!("../../assets/notices/en/away_summary.txt"),
    ),
    (
        "en",
        "away_summary.html",
        include_str!("../../assets/notices/en/away_summary.html"),
    ),
    (
        "es",
        "away_summary.txt",
        include_str!("../../assets/notices/es/away_summary.txt"),
    ),
    (
        "es",
        "away_summary.html",
        include_str!("../../assets/notices/es/away_summary.html"),
    ),
    (
        "en",
        "stored.sms",
        include_str!("../../assets/notices/en/stored.sms"),
    ),
    (
        "en",
        "reminder.sms",
        include_str!("../../assets/notices/en/reminder.sms"),
    ),
    (
        "en",
        "final.sms",
        include_str!("../../assets/notices/en/final.sms"),
    ),
    (
        "en",
        "picked_up.sms",
        include_str!("../../assets/notices/en/picked_up.sms"),
    ),
    (
        "en",
        "held.sms",
        include_str!("../../assets/notices/en/held.sms"),
    ),
    (
        "en",
        "delivered.sms",
        include_str!("../../assets/notices/en/delivered.sms"),
    ),
    (
        "en",
        "return_receipt.sms",
        include_str!("../../assets/notices/en/return_receipt.sms"),
    ),
    (
        "en",
        "page_link.sms",
        include_str!("../../assets/notices/en/page_link.sms"),
    ),
    (
        "en",
        "away_summary.sms",
        include_str!("../../assets/notices/en/away_summary.sms"),
    ),
    (
        "es",
        "stored.sms",
        include_str!("../../assets/notices/es/stored.sms"),
    ),
    (
        "es",
        "reminder.sms",
        include_str!("../../assets/notices/es/reminder.sms"),
    ),
    (
        "es",
        "final.sms",
        include_str!("../../assets/notices/es/final.sms"),
    ),
    (
        "es",
        "picked_up.sms",
        include_str!("../../assets/notices/es/picked_up.sms"),
    ),
    (
        "es",
        "held.sms",
        include_str!("../../assets/notices/es/held.sms"),
    ),
    (
        "es",
        "delivered.sms",
        include_str!("../../assets/notices/es/delivered.sms"),
    ),
    (
        "es",
        "return_receipt.sms",
        include_str!("../../assets/notices/es/return_receipt.sms"),
    ),
    (
        "es",
        "page_link.sms",
        include_str!("../../assets/notices/es/page_link.sms"),
    ),
    (
        "es",
        "away_summary.sms",
        include_str!("../../assets/notices/es/away_summary.sms"),
    ),
    (
        "en",
        "expected_late.txt",
        include_str!("../../assets/notices/en/expected_late.txt"),
    ),
    (
        "en",
        "expected_late.html",
        include_str!("../../assets/notices/en/expected_late.html"),
    ),
    (
        "en",
        "expected_late.sms",
        include_str!("../../assets/notices/en/expected_late.sms"),
    ),
    (
        "es",
        "expected_late.txt",
        include_str!("../../assets/notices/es/expected_late.txt"),
    ),
    (
        "es",
        "expected_late.html",
        include_str!("../../assets/notices/es/expected_late.html"),
    ),
    (
        "es",
        "expected_late.sms",
        include_str!("../../assets/notices/es/expected_late.sms"),
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

impl Templates {
    /// The text message of `kind` in `language`, filled with `values`.
    pub fn render_text_message(
        &self,
        kind: NoticeKind,
        language: &str,
        values: &[(&str, String)],
    ) -> Result<String, TemplateError> {
        let body = self.load(language, &format!("{}.sms", kind.as_str()))?;
        Ok(fill(body.trim_end(), values, false))
    }
}

/// Replace each `{key}` with its value (escaped for HTML where asked). A
/// line with an optional `{?key}` is left out when that value is empty (a
/// notice from a wall that gives no page link has no line for it).
fn fill(template: &str, values: &[(&str, String)], html: bool) -> String {
    let mut out = without_empty_lines(template, values);
    for (key, value) in values {
        let value = if html { escape(value) } else { value.clone() };
        out = out.replace(&format!("{{{key}}}"), &value);
        out = out.replace(&format!("{{?{key}}}"), &value);
    }
    out
}

/// `template` without the lines whose optional placeholders are empty or unknown.
fn without_empty_lines(template: &str, values: &[(&str, String)]) -> String {
    let filled = |line: &str| {
        let mut rest = line;
        while let Some(start) = rest.find("{?") {
            let Some(len) = rest[start..].find('}') else {
                return true;
            };
            let key = &rest[start + 2..start + len];
            if !values.iter().any(|(k, v)| *k == key && !v.is_empty()) {
                return false;
            }
            rest = &rest[start + len..];
        }
        true
    };
    template
        .split_inclusive('\n')
        .filter(|line| filled(line))
        .collect()
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
    fn a_line_with_an_empty_optional_value_is_left_out() {
        let with = |link: &str| {
            let values = vec![
                ("code", "493817".to_string()),
                ("page_link", link.to_string()),
            ];
            fill("Code {code}\nYour page: {?page_link}\nBye\n", &values, true)
        };
        assert_eq!(with(""), "Code 493817\nBye\n");
        assert_eq!(
            with("https://p.example/r/a/1.2.3.en.x?a=1&b=2"),
            "Code 493817\nYour page: https://p.example/r/a/1.2.3.en.x?a=1&amp;b=2\nBye\n"
        );
        assert_eq!(fill("Hi {?unknown}\nBye", &[], false), "Bye");
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
        // A fresh link to the resident's page, asked for at the screen.
        for lang in LANGUAGES {
            let mut v = values();
            v.push(("page_link", "https://p.example/r/mc/3.1.60.es.x".into()));
            let r = t.render(NoticeKind::PageLink, lang, &v).unwrap();
            assert!(r.text.contains("Ana <Ruiz>") && r.text.contains("/r/mc/3.1.60.es.x"));
            assert!(r
                .html
                .contains("href=\"https://p.example/r/mc/3.1.60.es.x\""));
        }
        // The summary the day a resident is back lists what waits, escaped in HTML.
        for lang in LANGUAGES {
            let mut v = values();
            v.push(("waiting", "2 <packages>".into()));
            v.push(("packages", "• Locker B07 · code 493817".into()));
            let r = t.render(NoticeKind::AwaySummary, lang, &v).unwrap();
            assert!(r.subject.contains("2 <packages>"), "{lang}: {}", r.subject);
            assert!(r.text.contains("• Locker B07 · code 493817"));
            assert!(r.html.contains("2 &lt;packages&gt;") && !r.html.contains("cid:pickup-qr"));
        }
        // Staff notices are English; an unknown language falls back to English.
        assert!(t.render(NoticeKind::Expired, "es", &values()).is_ok());
        let fr = t.render(NoticeKind::Stored, "fr", &values()).unwrap();
        assert!(fr.subject.starts_with("Your package"));
    }

    #[test]
    fn every_residents_notice_has_a_short_text_message_in_english_and_spanish() {
        let t = Templates::default();
        let mut v = values();
        v.extend([
            ("site", "Maple Court".to_string()),
            ("collect_by", "Fri 11 Dec".to_string()),
            ("help_address", "packages@maple-court.example".to_string()),
            ("picked_up_at", "Wed 9 Dec 18:02".to_string()),
            ("tracking", "1Z999AA10123456784".to_string()),
            ("waiting", "2 packages".to_string()),
            ("packages", "• Locker B07 · code 493817".to_string()),
            (
                "page_link",
                "https://p.example/r/mc/3.1.60.es.x".to_string(),
            ),
            ("ending", "6784".to_string()),
        ]);
        for kind in [
            NoticeKind::Stored,
            NoticeKind::Reminder,
            NoticeKind::Final,
            NoticeKind::PickedUp,
            NoticeKind::Held,
            NoticeKind::Delivered,
            NoticeKind::ReturnReceipt,
            NoticeKind::PageLink,
            NoticeKind::AwaySummary,
            NoticeKind::ExpectedLate,
        ] {
            for lang in LANGUAGES {
                let text = t.render_text_message(kind, lang, &v).unwrap();
                assert!(text.starts_with("Maple Court: "), "{lang} {kind:?}: {text}");
                assert!(!text.contains('{'), "{lang} {kind:?}: {text}");
                // Three segments at most, even with a long link.
                assert!(text.chars().count() <= 3 * 153, "{lang} {kind:?}: {text}");
                if kind.carries_code() || kind == NoticeKind::AwaySummary {
                    assert!(text.contains("493817"), "{lang} {kind:?}: {text}");
                }
            }
        }
        // Staff's notices have none.
        assert!(t
            .render_text_message(NoticeKind::Expired, "en", &v)
            .is_err());
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
