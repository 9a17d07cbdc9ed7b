//! `POST /texts/{property}/inbound`: the text provider posts the replies
//! residents send to the wall's texts; `POST /texts/{property}/status`:
//! each text's delivery report. Signed by the provider; answered with
//! an empty TwiML document (the provider itself confirms a STOP to the
//! resident, as carriers require).

use super::{trouble, AppState};
use crate::texts::inbound::{self, Heard};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

/// A reply is a short form; anything longer is not from the provider.
const MAX_BODY: usize = 16 * 1024;

/// The provider's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&crate::texts::inbound_path("{property}"), post(reply))
        .route(&crate::texts::status_path("{property}"), post(status))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

async fn reply(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(property): Path<String>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let (url, given) = (signed_url(&s, &headers, &uri), signature(&headers));
    let heard = inbound::receive(&s.pool, &property, &url, given, &body).await;
    answer(&property, heard)
}

async fn status(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(property): Path<String>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let (url, given) = (signed_url(&s, &headers, &uri), signature(&headers));
    let heard = inbound::report(&s.pool, &property, &url, given, &body).await;
    answer(&property, heard)
}

/// The provider's signature header.
fn signature(headers: &HeaderMap) -> &str {
    headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// What the provider hears: an empty TwiML document when it was taken.
fn answer(property: &str, heard: Result<Heard, crate::PortfolioError>) -> Response {
    match heard {
        Ok(Heard::Forged) => (
            StatusCode::FORBIDDEN,
            "not signed by this property's provider",
        )
            .into_response(),
        Ok(Heard::NoAccount) => (
            StatusCode::NOT_FOUND,
            "no texts are set up for this property",
        )
            .into_response(),
        Ok(Heard::Malformed) => {
            (StatusCode::BAD_REQUEST, "not a text provider's form").into_response()
        }
        Ok(heard) => {
            tracing::info!(property, ?heard, "from the text provider");
            (
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>",
            )
                .into_response()
        }
        Err(e) => trouble(e),
    }
}

/// The URL the provider posted to, as it signed it: the server's public
/// address when it has one (behind a proxy), else this request's own.
fn signed_url(s: &AppState, headers: &HeaderMap, uri: &Uri) -> String {
    let path = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    if let Some(public) = &s.public_url {
        return format!("{}{path}", public.trim_end_matches('/'));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    format!("http://{host}{path}")
}
