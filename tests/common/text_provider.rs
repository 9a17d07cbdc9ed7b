#![allow(dead_code)] // each test file that includes it uses part of it
//! A text-message provider on localhost that speaks Twilio's Messages API as
//! the wall uses it: `POST /2010-04-01/Accounts/{sid}/Messages.json`, a
//! form with To, From (or MessagingServiceSid) and Body, HTTP Basic with the
//! account and its token; 201 with the message, or the provider's error JSON
//! (20003 bad credentials, 21211 a bad number, 21610 an unsubscribed one).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub const ACCOUNT: &str = "AC5ef8732a3c49700934481addd5ce1659";
pub const TOKEN: &str = "a-test-auth-token-0123456789";
pub const FROM: &str = "+15550100000";

/// One text the provider took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub to: String,
    pub from: String,
    pub body: String,
    /// Where its delivery report is to go.
    pub status_callback: Option<String>,
}

#[derive(Default)]
struct Inner {
    sent: Vec<Sent>,
    /// Numbers that replied STOP.
    unsubscribed: HashSet<String>,
    /// Requests still to be answered 503 (the provider down for a while).
    down_for: usize,
}

/// The provider, running until the test ends.
#[derive(Clone)]
pub struct TextProvider {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
}

impl TextProvider {
    pub async fn start() -> TextProvider {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new()
            .route("/2010-04-01/Accounts/{sid}/Messages.json", post(message))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        TextProvider { addr, inner }
    }

    /// The wall's `[notices.texts]` for this provider.
    pub fn settings(&self) -> lockerwall::notify::TextSettings {
        lockerwall::notify::TextSettings {
            api_url: format!("http://{}", self.addr),
            account_sid: ACCOUNT.into(),
            auth_token: TOKEN.into(),
            from: Some(FROM.into()),
            messaging_service_sid: None,
            country_code: "1".into(),
            timeout_seconds: 5,
            plain_http: false,
        }
    }

    /// Every text taken so far.
    pub fn sent(&self) -> Vec<Sent> {
        self.inner.lock().unwrap().sent.clone()
    }

    /// `number` replied STOP: the provider refuses to text it.
    pub fn unsubscribe(&self, number: &str) {
        self.inner
            .lock()
            .unwrap()
            .unsubscribed
            .insert(number.into());
    }

    /// Answer the next `n` requests 503.
    pub fn go_down_for(&self, n: usize) {
        self.inner.lock().unwrap().down_for = n;
    }
}

fn error(status: StatusCode, code: u32, message: &str) -> Response {
    let body = serde_json::json!({ "code": code, "message": message, "status": status.as_u16(),
        "more_info": format!("https://www.twilio.com/docs/errors/{code}") });
    (status, Json(body)).into_response()
}

async fn message(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let basic = data_encoding::BASE64.encode(format!("{ACCOUNT}:{TOKEN}").as_bytes());
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
    if sid != ACCOUNT || auth != Some(format!("Basic {basic}").as_str()) {
        return error(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    }
    let mut inner = inner.lock().unwrap();
    if inner.down_for > 0 {
        inner.down_for -= 1;
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            20500,
            "Internal Server Error",
        );
    }
    let (Some(to), Some(body)) = (form.get("To"), form.get("Body")) else {
        return error(
            StatusCode::BAD_REQUEST,
            21604,
            "A 'To' phone number is required.",
        );
    };
    let from = form.get("From").cloned().unwrap_or_default();
    let e164 = to.len() >= 9 && to.starts_with('+') && to[1..].chars().all(|c| c.is_ascii_digit());
    if !e164 {
        let m = format!("The 'To' number {to} is not a valid phone number.");
        return error(StatusCode::BAD_REQUEST, 21211, &m);
    }
    if inner.unsubscribed.contains(to) {
        return error(
            StatusCode::BAD_REQUEST,
            21610,
            "Attempt to send to unsubscribed recipient",
        );
    }
    inner.sent.push(Sent {
        to: to.clone(),
        from: from.clone(),
        body: body.clone(),
        status_callback: form.get("StatusCallback").cloned(),
    });
    let n = inner.sent.len();
    let reply = serde_json::json!({ "sid": format!("SM{n:032}"), "status": "queued",
        "to": to, "from": from, "body": body, "account_sid": ACCOUNT });
    (StatusCode::CREATED, Json(reply)).into_response()
}
