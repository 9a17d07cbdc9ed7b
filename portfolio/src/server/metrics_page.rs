//! `/metrics` for Prometheus, behind a bearer token, or open only to this
//! machine when no token is set.

use super::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// The exposition, or why not.
pub async fn metrics(State(s): State<AppState>, parts: axum::http::request::Parts) -> Response {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    if let Some(refusal) = refused(&s, peer, &parts.headers) {
        return refusal;
    }
    match crate::metrics::render(&s.pool, &s.counters).await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => super::trouble(e),
    }
}

/// The answer refusing the request, if it is refused. With a token, the
/// request must carry it; without one, only a request made on this machine
/// and not passed on by a proxy (which would make anyone on the internet
/// look local).
fn refused(s: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<Response> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match (&s.metrics_token, given) {
        (Some(token), Some(given)) if same(token, given) => None,
        (Some(_), _) => Some(
            (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "metrics need the token set with LOCKERWALL_METRICS_TOKEN",
            )
                .into_response(),
        ),
        (None, _) => {
            let proxied = ["forwarded", "x-forwarded-for", "x-real-ip"]
                .iter()
                .any(|h| headers.contains_key(*h));
            if peer.is_some_and(|p| p.ip().is_loopback()) && !proxied {
                None
            } else {
                Some((
                    StatusCode::FORBIDDEN,
                    "metrics answer only on this machine unless LOCKERWALL_METRICS_TOKEN is set",
                )
                    .into_response())
            }
        }
    }
}

/// Constant-time comparison, so the token cannot be found a byte at a time.
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}
