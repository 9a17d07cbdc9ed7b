//! Turns an outbox row into words, a token and a QR code, and into an email.

use super::dates;
use super::qr::{self, QrModules};
use super::templates::{Rendered, TemplateError, Templates};
use crate::domain::{HoldPolicy, Timestamp};
use crate::security::TokenSigner;
use crate::store::{NoticeKind, OutboxItem};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;

/// Everything a notice needs besides its row.
#[derive(Clone, Debug)]
pub struct Mailer {
    pub templates: Templates,
    pub signer: TokenSigner,
    pub policy: HoldPolicy,
    /// The From address, e.g. `Maple Court Lockers <lockers@maple-court.example>`.
    pub from: String,
    /// The property's package help contact: the Reply-To of every notice.
    pub help: String,
    /// Where the wall is, in words ("in the lobby of building A").
    pub location: String,
    /// Minutes east of UTC for dates; `None`: the kiosk's own time zone.
    pub utc_offset_minutes: Option<i32>,
    /// Links to residents' own pages (none: notices carry none).
    pub page_links: Option<super::PageLinks>,
}

/// A notice ready to send.
#[derive(Clone, Debug)]
pub struct Composed {
    pub rendered: Rendered,
    /// The signed pickup token, on notices that carry the code.
    pub token: Option<String>,
    pub qr: Option<QrModules>,
}

/// Why a notice could not be made or sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct NoticeError {
    /// It will never work (a bad address, a template error): give up and tell staff.
    pub permanent: bool,
    pub detail: String,
    /// A text provider refused the number because it unsubscribed (replied STOP).
    pub unsubscribed: bool,
}

impl NoticeError {
    /// A failure that retrying will not mend.
    pub fn permanent(detail: impl Into<String>) -> Self {
        Self {
            permanent: true,
            detail: detail.into(),
            unsubscribed: false,
        }
    }

    /// A failure that may pass (a server down, a timeout).
    pub fn temporary(detail: impl Into<String>) -> Self {
        Self {
            permanent: false,
            detail: detail.into(),
            unsubscribed: false,
        }
    }
}

impl From<TemplateError> for NoticeError {
    fn from(e: TemplateError) -> Self {
        NoticeError::permanent(e.to_string())
    }
}

impl Mailer {
    /// The words, token and QR code of one notice.
    pub fn compose(&self, item: &OutboxItem) -> Result<Composed, NoticeError> {
        let (values, token) = self.values(item)?;
        let rendered = self.templates.render(item.kind, &item.language, &values)?;
        Ok(Composed {
            qr: token.as_deref().map(qr::modules),
            token,
            rendered,
        })
    }

    /// The short text message for a notice to a resident.
    pub fn text_message(&self, item: &OutboxItem) -> Result<String, NoticeError> {
        let (values, _) = self.values(item)?;
        Ok(self
            .templates
            .render_text_message(item.kind, &item.language, &values)?)
    }

    /// The values a notice's templates are filled with, and its signed
    /// pickup token (on notices that carry the QR code).
    #[allow(clippy::type_complexity)]
    fn values(
        &self,
        item: &OutboxItem,
    ) -> Result<(Vec<(&'static str, String)>, Option<String>), NoticeError> {
        let f = &item.facts;
        if item.kind.carries_code() && f.code.is_none() {
            // Picked up (or removed) before its notice went out: nothing to open any more.
            return Err(NoticeError::permanent(
                "the package is no longer waiting; its notice is not sent",
            ));
        }
        if item.kind == NoticeKind::PageLink && self.page_links.is_none() {
            return Err(NoticeError::permanent(
                "this wall gives no links to residents' pages ([portfolio] resident_pages is off)",
            ));
        }
        let lang = item.language.as_str();
        let offset = self.utc_offset_minutes;
        let token = match (&f.code, item.kind.carries_qr()) {
            (Some(_), true) => Some(self.signer.issue(
                f.package,
                f.code_version,
                self.policy.token_expires(f.hold_from),
            )),
            _ => None,
        };
        let problem = item.problem.as_ref();
        let place = Place::of(f, lang);
        let values: Vec<(&str, String)> = vec![
            ("resident", f.resident.clone()),
            ("unit", f.unit.clone()),
            ("building", f.building.clone()),
            ("site", f.site.clone()),
            ("where", self.location.clone()),
            ("carrier", f.carrier.clone()),
            ("locker", place.locker),
            ("place", place.place),
            ("from_place", place.from_place),
            ("code", f.code.clone().unwrap_or_default()),
            (
                "collect_by",
                dates::day(self.policy.collect_by(f.hold_from), lang, offset),
            ),
            ("tracking", f.tracking.clone()),
            ("help", self.help.clone()),
            ("help_address", bare_address(&self.help).to_string()),
            ("dropped_at", dates::day_and_time(f.stored_at, lang, offset)),
            (
                "picked_up_at",
                dates::day_and_time(f.closed_at.unwrap_or(f.stored_at), lang, offset),
            ),
            (
                "problem",
                problem.map(|p| p.message.clone()).unwrap_or_default(),
            ),
            (
                "problem_kind",
                problem
                    .and_then(|p| crate::kiosk::ProblemKind::parse(&p.kind))
                    .map_or("a problem", |k| k.words())
                    .to_string(),
            ),
            (
                "reported_at",
                problem
                    .map(|p| dates::day_and_time(p.at, lang, offset))
                    .unwrap_or_default(),
            ),
        ];
        let mut values = values;
        values.push(("page_link", self.page_link(item)));
        if let Some(x) = &item.expected {
            values.push(("ending", x.ending.clone()));
            let by = x.by.map(|b| dates::day(b, lang, offset));
            values.push(("expected_by", by.unwrap_or_default()));
        }
        if item.kind == NoticeKind::AwaySummary {
            let lines = super::summary::lines(&item.waiting, &self.policy, lang, offset);
            values.push(("waiting", super::summary::waiting(item.waiting.len(), lang)));
            values.push(("packages", lines));
        }
        Ok((values, token))
    }

    /// The link to the resident's page (empty: none to give, as on a
    /// problem report to staff).
    fn page_link(&self, item: &OutboxItem) -> String {
        match &self.page_links {
            // Staff's mail (an expiry, a problem) never carries a resident's link.
            Some(links) if item.to_resident => {
                links.link(item.facts.resident_id, &item.language, item.created_at)
            }
            _ => String::new(),
        }
    }

    /// The email for a composed notice: plain text and HTML, the QR inline.
    pub fn email(
        &self,
        item: &OutboxItem,
        c: &Composed,
        now: Timestamp,
    ) -> Result<Message, NoticeError> {
        let mailbox = |what: &str, s: &str| -> Result<Mailbox, NoticeError> {
            s.parse().map_err(|e| {
                NoticeError::permanent(format!("{what} address {s:?} is not valid: {e}"))
            })
        };
        let date = std::time::UNIX_EPOCH + std::time::Duration::from_millis(now.0.max(0) as u64);
        let builder = Message::builder()
            .from(mailbox("the From", &self.from)?)
            .reply_to(mailbox("the package help", &self.help)?)
            .to(mailbox("the recipient's", &item.recipient)?)
            .subject(c.rendered.subject.clone())
            .message_id(Some(item.message_id.clone()))
            .date(date);
        let text = SinglePart::plain(c.rendered.text.clone());
        let html = SinglePart::html(c.rendered.html.clone());
        let body = match &c.qr {
            Some(qr) => MultiPart::alternative().singlepart(text).multipart(
                MultiPart::related().singlepart(html).singlepart(
                    Attachment::new_inline("pickup-qr".to_string())
                        .body(qr.png(), "image/png".parse().expect("a valid MIME type")),
                ),
            ),
            None => MultiPart::alternative().singlepart(text).singlepart(html),
        };
        builder
            .multipart(body)
            .map_err(|e| NoticeError::permanent(format!("cannot build the email: {e}")))
    }
}

/// Where the package is, as each template needs it, in the notice's language.
pub(super) struct Place {
    /// For a "Locker:" line: "B07", or "Package room, shelf R3".
    locker: String,
    /// After "in": "locker B07", or "the Package room, shelf R3" (Spanish
    /// with its article: "el casillero B07").
    pub place: String,
    /// After "from" (Spanish "del casillero B07", "de la sala ...").
    from_place: String,
}

impl Place {
    pub fn of(f: &crate::store::NoticeFacts, lang: &str) -> Place {
        let es = lang == "es";
        match (&f.shelf, es) {
            (None, false) => Place {
                locker: f.locker.clone(),
                place: format!("locker {}", f.locker),
                from_place: format!("locker {}", f.locker),
            },
            (None, true) => Place {
                locker: f.locker.clone(),
                place: format!("el casillero {}", f.locker),
                from_place: format!("del casillero {}", f.locker),
            },
            (Some(shelf), false) => Place {
                locker: format!("{}, shelf {shelf}", f.locker),
                place: format!("the {}, shelf {shelf}", f.locker.to_lowercase()),
                from_place: format!("the {}, shelf {shelf}", f.locker.to_lowercase()),
            },
            (Some(shelf), true) => Place {
                locker: format!("sala de paquetes ({}), estante {shelf}", f.locker),
                place: format!("la sala de paquetes, estante {shelf}"),
                from_place: format!("de la sala de paquetes, estante {shelf}"),
            },
        }
    }
}

/// An address without its display name ("packages@..." from "Desk <packages@...>").
pub fn bare_address(mailbox: &str) -> &str {
    match (mailbox.find('<'), mailbox.rfind('>')) {
        (Some(a), Some(b)) if a < b => &mailbox[a + 1..b],
        _ => mailbox.trim(),
    }
}
