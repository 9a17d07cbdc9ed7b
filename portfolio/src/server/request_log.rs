//! One log line per request: method, path (never the query, never a
//! resident's link), status and time taken; at info, or debug for the probes a monitor sends every few
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
    let path = without_link(request.uri().path());
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

/// `path` with a resident's link left out: whoever reads the log must not
/// be able to open their page (`/r/maple-court/(link)/resend`).
fn without_link(path: &str) -> String {
    let page = format!("{}/", crate::wire::PAGE_PATH);
    let Some(rest) = path.strip_prefix(&page) else {
        return path.to_string();
    };
    let mut parts = rest.splitn(3, '/');
    let property = parts.next().unwrap_or("");
    match (parts.next(), parts.next()) {
        (Some(_), Some(after)) => format!("{page}{property}/(link)/{after}"),
        (Some(_), None) => format!("{page}{property}/(link)"),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_link;

    #[test]
    fn a_residents_link_never_reaches_the_log() {
        assert_eq!(
            without_link("/r/maple-court/7.1796000000.60.es.AbCdEf"),
            "/r/maple-court/(link)"
        );
        assert_eq!(
            without_link("/r/maple-court/7.1.60.es.x/resend"),
            "/r/maple-court/(link)/resend"
        );
        assert_eq!(without_link("/desk/t/4"), "/desk/t/4");
        assert_eq!(without_link("/readyz"), "/readyz");
    }
}
