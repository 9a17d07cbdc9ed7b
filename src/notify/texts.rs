//! The text-message channel: each notice to a resident who chose texts, as
//! a short message through the property's provider, by Twilio's Messages
//! API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, a form, HTTP Basic
//! with the account and its token): the format the widely used providers
//! speak, Twilio itself and those with a compatible API.
//!
//! The provider's id for each text is kept; where the wall reports to a
//! portfolio server, the provider posts the text's delivery report there
//! (`StatusCallback`), and a text that was not delivered comes back to the
//! wall as one more failure for staff, and an email.
//!
//! A 2xx reply is taken; 429 and 5xx are retried; the account refused (401,
//! 403) is retried too, so mending the settings in time loses nothing; any
//! other 4xx is given up and staff told, and the provider's error 21610 (the
//! number unsubscribed: it replied STOP) stops texts to that resident.

use super::mailer::NoticeError;
use crate::net::{post_as, Endpoint, UrlError};
use lockerwall_wire::texts::e164;
use serde::Deserialize;
use std::time::Duration;

/// The provider's error code for a number that replied STOP.
pub const UNSUBSCRIBED: u32 = 21610;

/// `[notices.texts]` in lockerwall.toml.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TextSettings {
    /// The provider's API (default `https://api.twilio.com`).
    #[serde(default = "default_api")]
    pub api_url: String,
    /// The account (Twilio's `AC...`); it names the API's path.
    pub account_sid: String,
    pub auth_token: String,
    /// The number texts come from, or `messaging_service_sid` instead.
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    /// The calling code of numbers the directory writes without one.
    #[serde(default = "default_country")]
    pub country_code: String,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// Allow `http://` to another machine (a private network only).
    #[serde(default)]
    pub plain_http: bool,
}

impl std::fmt::Debug for TextSettings {
    // The token signs in as the property: never in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextSettings")
            .field("api_url", &self.api_url)
            .field("account_sid", &self.account_sid)
            .field("from", &self.from)
            .field("messaging_service_sid", &self.messaging_service_sid)
            .field("country_code", &self.country_code)
            .finish_non_exhaustive()
    }
}

fn default_api() -> String {
    "https://api.twilio.com".into()
}

fn default_country() -> String {
    "1".into()
}

fn default_timeout() -> u64 {
    15
}

/// Why the text settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TextSettingsError {
    #[error(transparent)]
    Url(#[from] UrlError),
    #[error("[notices.texts] account_sid {0:?} must be letters and digits only")]
    Account(String),
    #[error("[notices.texts] needs one of from (a number) or messaging_service_sid")]
    Sender,
    #[error("[notices.texts] from {0:?} is not a phone number")]
    From(String),
    #[error("[notices.texts] country_code {0:?} must be 1 to 3 digits")]
    Country(String),
}

/// Who the texts come from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Sender {
    Number(String),
    Service(String),
}

/// The provider, ready to send.
#[derive(Clone)]
pub struct Texts {
    target: Endpoint,
    authorization: String,
    sender: Sender,
    timeout: Duration,
    /// The calling code of numbers written without one.
    pub country: String,
    /// Where the provider posts each text's delivery report.
    status_callback: Option<String>,
}

impl Texts {
    /// The provider from its settings; bad settings are refused at start-up.
    pub fn new(s: &TextSettings) -> Result<Texts, TextSettingsError> {
        let sid = &s.account_sid;
        if sid.is_empty() || !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(TextSettingsError::Account(sid.clone()));
        }
        let c = &s.country_code;
        if !(1..=3).contains(&c.len()) || !c.chars().all(|d| d.is_ascii_digit()) {
            return Err(TextSettingsError::Country(c.clone()));
        }
        let sender = match (&s.from, &s.messaging_service_sid) {
            (Some(from), None) => {
                Sender::Number(e164(from, c).ok_or_else(|| TextSettingsError::From(from.clone()))?)
            }
            (None, Some(service)) => Sender::Service(service.clone()),
            _ => return Err(TextSettingsError::Sender),
        };
        let api = s.api_url.trim_end_matches('/');
        let url = format!("{api}/2010-04-01/Accounts/{sid}/Messages.json");
        let target = Endpoint::parse(&url, "[notices.texts] api_url")?;
        // It carries pickup codes and the account's token.
        if let Some(p) = target.plain_http_problem(s.plain_http, "[notices.texts] api_url") {
            return Err(p.into());
        }
        let basic = data_encoding::BASE64.encode(format!("{sid}:{}", s.auth_token).as_bytes());
        Ok(Texts {
            target,
            authorization: format!("Basic {basic}"),
            sender,
            timeout: Duration::from_secs(s.timeout_seconds),
            country: c.clone(),
            status_callback: None,
        })
    }

    /// Have the provider post each text's delivery report to `url` (the
    /// portfolio server's `/texts/{property}/status`).
    pub fn with_status_callback(mut self, url: String) -> Texts {
        self.status_callback = Some(url);
        self
    }

    /// The form for one message to `to` (E.164).
    fn form(&self, to: &str, body: &str) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("To", to);
        match &self.sender {
            Sender::Number(n) => form.append_pair("From", n),
            Sender::Service(s) => form.append_pair("MessagingServiceSid", s),
        };
        form.append_pair("Body", body);
        if let Some(url) = &self.status_callback {
            form.append_pair("StatusCallback", url);
        }
        form.finish()
    }

    /// Send `body` to `to`; the provider's id for the text, if it gave one.
    pub async fn send(&self, to: &str, body: &str) -> Result<Option<String>, NoticeError> {
        let headers = [("Authorization", self.authorization.clone())];
        let form = self.form(to, body);
        let reply = post_as(
            &self.target,
            "application/x-www-form-urlencoded",
            &headers,
            form.as_bytes(),
            self.timeout,
        )
        .await
        .map_err(|e| NoticeError::temporary(format!("the text provider: {e}")))?;
        outcome(reply.status, &reply.body)?;
        Ok(provider_id(&reply.body))
    }
}

/// The provider's id for a text it took (`{"sid": "SM..."}`), if it is one
/// the wall keeps: letters and digits, at most 64.
fn provider_id(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Taken {
        sid: String,
    }
    let taken: Taken = serde_json::from_slice(body).ok()?;
    let ok =
        (1..=64).contains(&taken.sid.len()) && taken.sid.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then_some(taken.sid)
}

/// The provider's error reply (`{"code": 21211, "message": "..."}`).
#[derive(Deserialize)]
struct ProviderError {
    code: Option<u32>,
    message: Option<String>,
}

/// What a reply means for the notice.
pub fn outcome(status: u16, body: &[u8]) -> Result<(), NoticeError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let said: Option<ProviderError> = serde_json::from_slice(body).ok();
    let code = said.as_ref().and_then(|e| e.code);
    let message: String = said
        .and_then(|e| e.message)
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let detail = match code {
        Some(code) => format!("the text provider answered {status}, error {code}: {message}"),
        None => format!("the text provider answered {status}"),
    };
    Err(match status {
        401 | 403 => NoticeError::temporary(format!(
            "{detail} (check account_sid and auth_token in [notices.texts])"
        )),
        408 | 429 => NoticeError::temporary(detail),
        400..=499 if code == Some(UNSUBSCRIBED) => NoticeError {
            unsubscribed: true,
            ..NoticeError::permanent(format!("{detail} (the number replied STOP)"))
        },
        400..=499 => NoticeError::permanent(detail),
        _ => NoticeError::temporary(detail),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> TextSettings {
        TextSettings {
            api_url: default_api(),
            account_sid: "AC0123".into(),
            auth_token: "t0k3n".into(),
            from: Some("(555) 010-0000".into()),
            messaging_service_sid: None,
            country_code: "1".into(),
            timeout_seconds: 5,
            plain_http: false,
        }
    }

    #[test]
    fn a_message_is_a_form_from_the_number_in_e164() {
        let t = Texts::new(&settings()).unwrap();
        assert_eq!(t.target.path, "/2010-04-01/Accounts/AC0123/Messages.json");
        assert_eq!(
            t.form("+15550104477", "Code 123 & more"),
            "To=%2B15550104477&From=%2B15550100000&Body=Code+123+%26+more"
        );
        assert_eq!(t.authorization, "Basic QUMwMTIzOnQwazNu");
    }

    #[test]
    fn bad_settings_are_refused_at_start_up() {
        let with = |f: &dyn Fn(&mut TextSettings)| {
            let mut s = settings();
            f(&mut s);
            Texts::new(&s).err().map(|e| e.to_string())
        };
        assert!(with(&|s| s.account_sid = "AC/../x".into()).is_some());
        assert!(with(&|s| s.from = None).is_some());
        assert!(with(&|s| s.messaging_service_sid = Some("MG1".into())).is_some());
        assert!(with(&|s| s.from = Some("front desk".into())).is_some());
        assert!(with(&|s| s.country_code = "+1".into()).is_some());
        assert!(with(&|s| s.api_url = "http://sms.example.com".into())
            .unwrap()
            .contains("plain http"));
        assert!(with(&|s| s.api_url = "http://127.0.0.1:9".into()).is_none());
        assert!(!format!("{:?}", settings()).contains("t0k3n"));
    }

    #[test]
    fn the_providers_id_is_kept_when_it_is_one() {
        assert_eq!(
            provider_id(br#"{"sid":"SM0123abc","status":"queued"}"#),
            Some("SM0123abc".into())
        );
        assert_eq!(provider_id(br#"{"sid":"SM<script>"}"#), None);
        assert_eq!(provider_id(b"not json"), None);
        let t = Texts::new(&settings())
            .unwrap()
            .with_status_callback("https://p.example/texts/mc/status".into());
        assert!(t
            .form("+15550104477", "x")
            .ends_with("&StatusCallback=https%3A%2F%2Fp.example%2Ftexts%2Fmc%2Fstatus"));
    }

    #[test]
    fn replies_are_taken_retried_or_given_up() {
        assert!(outcome(201, b"{}").is_ok());
        let stop = outcome(
            400,
            br#"{"code":21610,"message":"Attempt to send to unsubscribed recipient"}"#,
        )
        .unwrap_err();
        assert!(stop.permanent && stop.unsubscribed);
        let bad = outcome(
            400,
            br#"{"code":21211,"message":"Invalid 'To' Phone Number"}"#,
        )
        .unwrap_err();
        assert!(bad.permanent && !bad.unsubscribed && bad.detail.contains("21211"));
        for status in [401, 429, 500, 503] {
            assert!(!outcome(status, b"").unwrap_err().permanent, "{status}");
        }
        // A hostile reply is not carried into staff's list whole.
        let long = format!(r#"{{"code":1,"message":"{}\u0007"}}"#, "x".repeat(5000));
        let e = outcome(400, long.as_bytes()).unwrap_err();
        assert!(e.detail.len() < 300 && !e.detail.contains('\u{7}'));
    }
}
