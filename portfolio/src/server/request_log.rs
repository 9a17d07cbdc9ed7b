//! One log line per request: method, path (never the query), status and
//! time taken; at info, or debug for the probes a monitor sends every few
//! seconds.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Paths asked by monitors, not people: logged at debug.
const PROBES: &[&str] = &["/healthz", "/readyz", "/metrics"];

/// The middleware.
pub async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if PROBES.contains(&path.as_str()) {
        tracing::debug!(%method, path, status, ms, "request");
    } else {
        tracing::info!(%method, path, status, ms, "request");
    }
    response
}
