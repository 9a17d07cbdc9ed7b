//! The HTTP service: the walls' sync endpoint and the managers' dashboard.

use crate::auth::{self, Manager};
use crate::pages::{csv, login_page, plan_page, portfolio_page, property_page};
use crate::wire::{self, Batch};
use crate::{ingest, planner, read, PortfolioError};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use deadpool_postgres::Pool;
use serde::Deserialize;
use std::net::SocketAddr;

mod desk;
mod metrics_page;
mod request_log;
mod resident;
mod texts;

use metrics_page::metrics;

/// The most events one batch may carry (the wall sends 500).
pub const MAX_BATCH: usize = 5000;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    /// Mark the session cookie `Secure` (off only for plain HTTP on a private network).
    pub secure_cookies: bool,
    /// The address people reach the server at (`https://portfolio.example.com`):
    /// forms must come from it. None: the request's own Host (no proxy in front).
    pub public_url: Option<String>,
    /// Wrong passwords seen lately.
    pub logins: std::sync::Arc<crate::login_guard::LoginGuard>,
    /// What `/metrics` counts as the server runs.
    pub counters: std::sync::Arc<crate::metrics::Counters>,
    /// The bearer token `/metrics` asks for (none: it answers only to this
    /// machine, asked directly rather than through a proxy).
    pub metrics_token: Option<String>,
}

impl AppState {
    /// A server's shared state on `pool`, no proxy in front.
    pub fn new(pool: Pool, secure_cookies: bool) -> AppState {
        AppState {
            pool,
            secure_cookies,
            public_url: None,
            logins: Default::default(),
            counters: Default::default(),
            metrics_token: None,
        }
    }
}

/// The routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route(wire::EVENTS_PATH, post(receive_batch))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/", get(portfolio))
        .route("/portfolio.csv", get(portfolio_csv))
        .route("/p/{id}", get(property))
        .route("/p/{id}/daily.csv", get(property_csv))
        .route("/p/{id}/attention.csv", get(attention_csv))
        .route("/plan", get(plan))
        .route("/plan.csv", get(plan_csv))
        .merge(desk::routes())
        .merge(resident::routes())
        .merge(texts::routes())
        .layer(axum::middleware::map_response(protect))
        .layer(axum::middleware::from_fn(request_log::log))
        .with_state(state)
}

/// Serve on `listen` until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listen: SocketAddr) -> Result<(), PortfolioError> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| PortfolioError::Refused(format!("cannot listen on {listen}: {e}")))?;
    tracing::info!(
        "portfolio server on http://{}",
        listener.local_addr().map_or(listen, |a| a)
    );
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    // Type=notify: systemd counts the service started once it listens.
    tell_systemd(sd_notify::NotifyState::Ready);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            stop_asked().await;
            tell_systemd(sd_notify::NotifyState::Stopping);
        })
        .await
        .map_err(|e| PortfolioError::Refused(e.to_string()))?;
    tracing::info!("portfolio server stopped");
    Ok(())
}

/// Ready for requests: the database answers (a load balancer's or a
/// monitor's check; `/healthz` only says the process is up).
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let answers = async {
        let client = state.pool.get().await.ok()?;
        client.simple_query("SELECT 1").await.ok()
    };
    match tokio::time::timeout(std::time::Duration::from_secs(5), answers).await {
        Ok(Some(_)) => (StatusCode::OK, "ready"),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the database does not answer",
        ),
    }
}

/// A state change for the service manager (nothing when not started by one).
fn tell_systemd(state: sd_notify::NotifyState) {
    if let Err(e) = sd_notify::notify(&[state]) {
        tracing::warn!(error = %e, "cannot tell the service manager");
    }
}

/// Ctrl-C, or SIGTERM (how systemd and a container stop a service).
pub async fn stop_asked() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

/// Headers every answer carries: no framing, no sniffing, no scripts.
async fn protect(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Every page holds someone's packages or questions: never kept by a
    // browser or a proxy (a shared office computer's back button included).
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn trouble(e: PortfolioError) -> Response {
    tracing::error!("{e}");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The portfolio's database is not answering; try again in a minute.",
    )
        .into_response()
}

/// A wall's batch, counted as stored or refused for `/metrics`.
async fn receive_batch(state: State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let counters = state.counters.clone();
    let answer = take_batch(state, headers, body).await;
    crate::metrics::Counters::add(if answer.status() == StatusCode::OK {
        &counters.batches_stored
    } else {
        &counters.batches_refused
    });
    answer
}

async fn take_batch(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let property = text(wire::PROPERTY_HEADER).to_string();
    let Ok(timestamp) = text(wire::TIMESTAMP_HEADER).parse::<i64>() else {
        return (
            StatusCode::BAD_REQUEST,
            "missing or bad X-Lockerwall-Timestamp",
        )
            .into_response();
    };
    let signature = text(wire::SIGNATURE_HEADER).to_string();
    let key = match ingest::authenticate(
        &s.pool,
        &property,
        timestamp,
        &signature,
        &body,
        Utc::now().timestamp_millis(),
    )
    .await
    {
        Err(e) => return trouble(e),
        Ok(Err(refusal)) => {
            tracing::warn!("batch from {property:?} refused: {refusal}");
            return refused(&refusal, &signature);
        }
        Ok(Ok(key)) => key,
    };
    let batch: Batch = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("the batch is not readable: {e}"),
            )
                .into_response()
        }
    };
    if batch.events.len() > MAX_BATCH {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_BATCH} events per batch"),
        )
            .into_response();
    }
    match ingest::apply(&s.pool, &property, &batch).await {
        Ok(ack) => signed_ack(&key, &signature, &ack),
        Err(e) => trouble(e),
    }
}

/// A batch refused. A wall whose clock is off (its signature held) is told
/// the server's time, signed for that batch: it cannot fix what it cannot
/// measure, and no acknowledgement will carry the time until it is fixed.
fn refused(refusal: &ingest::Refusal, request_signature: &str) -> Response {
    let mut answer = (StatusCode::UNAUTHORIZED, refusal.to_string()).into_response();
    if let ingest::Refusal::ClockSkew { key, .. } = refusal {
        let now = Utc::now().timestamp_millis().to_string();
        let signature = wire::sign_reply(key, request_signature, now.as_bytes());
        let h = answer.headers_mut();
        for (name, value) in [
            (wire::SERVER_TIME_HEADER, now),
            (wire::REPLY_SIGNATURE_HEADER, signature),
        ] {
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.insert(header::HeaderName::from_static(name), v);
            }
        }
    }
    answer
}

/// The acknowledgement, signed for the batch it answers: the wall acts on
/// nothing in it (the desk's requests above all) unless the signature holds.
fn signed_ack(key: &str, request_signature: &str, ack: &wire::Ack) -> Response {
    let body = serde_json::to_vec(ack).unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::HeaderName::from_static(wire::REPLY_SIGNATURE_HEADER),
                wire::sign_reply(key, request_signature, &body),
            ),
        ],
        body,
    )
        .into_response()
}

/// The signed-in manager, or the way to the login page.
async fn signed_in(s: &AppState, headers: &HeaderMap) -> Result<Manager, Response> {
    let token = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(auth::token_from_cookies);
    let Some(token) = token else {
        return Err(Redirect::to("/login").into_response());
    };
    match auth::manager(&s.pool, token).await {
        Ok(Some(m)) => Ok(m),
        Ok(None) => Err(Redirect::to("/login").into_response()),
        Err(e) => Err(trouble(e)),
    }
}

/// The signed-in manager posting a form from this site, or the answer
/// refusing it.
async fn posting(s: &AppState, headers: &HeaderMap) -> Result<Manager, Response> {
    if !same_origin(headers, s.public_url.as_deref()) {
        return Err((StatusCode::FORBIDDEN, "cross-site form refused").into_response());
    }
    signed_in(s, headers).await
}

/// A form posted from another site is refused (the cookie is SameSite=Strict
/// too; this covers browsers that ignore it). Behind a proxy that rewrites
/// Host, the configured public address is what the Origin must be.
fn same_origin(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if let Some(public) = public_url {
        return origin.trim_end_matches('/') == public.trim_end_matches('/');
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority == host)
}

async fn login_form() -> Html<String> {
    Html(login_page::render(None, ""))
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
}

async fn login(
    State(s): State<AppState>,
    parts: axum::http::request::Parts,
    Form(f): Form<LoginForm>,
) -> Response {
    let headers = &parts.headers;
    if !same_origin(headers, s.public_url.as_deref()) {
        return (StatusCode::FORBIDDEN, "cross-site form refused").into_response();
    }
    let addr = parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let now = std::time::Instant::now();
    if let Err(wait) = s.logins.attempt(&f.email, addr, now) {
        crate::metrics::Counters::add(&s.counters.logins_slowed);
        return slow_down(wait, &f.email);
    }
    let result = auth::log_in(&s.pool, &f.email, &f.password).await;
    match &result {
        Ok(Some(_)) => s.logins.succeeded(&f.email, addr),
        Ok(None) => crate::metrics::Counters::add(&s.counters.login_failures),
        Err(_) => {}
    }
    match result {
        Ok(Some(token)) => (
            [(
                header::SET_COOKIE,
                auth::session_cookie(&token, s.secure_cookies),
            )],
            Redirect::to("/"),
        )
            .into_response(),
        Ok(None) => (
            StatusCode::UNAUTHORIZED,
            Html(login_page::render(
                Some("That email and password do not match."),
                &f.email,
            )),
        )
            .into_response(),
        Err(e) => trouble(e),
    }
}

/// Too many wrong passwords lately: try again later (said in words, with Retry-After).
fn slow_down(wait: std::time::Duration, email: &str) -> Response {
    let secs = wait.as_secs().max(1);
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, secs.to_string())],
        Html(login_page::render(
            Some(&format!(
                "Too many wrong passwords: try again in {} (or ask an administrator).",
                if secs < 120 {
                    format!("{secs} seconds")
                } else {
                    format!("{} minutes", secs.div_ceil(60))
                }
            )),
            email,
        )),
    )
        .into_response()
}

async fn logout(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if !same_origin(&headers, s.public_url.as_deref()) {
        return (StatusCode::FORBIDDEN, "cross-site form refused").into_response();
    }
    if let Some(token) = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(auth::token_from_cookies)
    {
        if let Err(e) = auth::log_out(&s.pool, token).await {
            return trouble(e);
        }
    }
    (
        [(header::SET_COOKIE, auth::cleared_cookie())],
        Redirect::to("/login"),
    )
        .into_response()
}

#[derive(Deserialize, Default)]
struct SortQuery {
    sort: Option<String>,
    dir: Option<String>,
}

impl SortQuery {
    /// The column asked for, if it is one (anything else sorts by name).
    fn key(&self) -> &str {
        self.sort
            .as_deref()
            .and_then(|k| portfolio_page::COLUMNS.iter().find(|(c, _)| *c == k))
            .map_or("name", |(c, _)| *c)
    }
    fn ascending(&self) -> bool {
        match self.dir.as_deref() {
            Some(d) => d == "asc",
            None => self.key() == "name" || self.key() == "region",
        }
    }
}

async fn sorted_rows(
    s: &AppState,
    m: &Manager,
    q: &SortQuery,
) -> Result<Vec<read::PropertyRow>, Response> {
    let mut rows = read::portfolio(&s.pool, m.id, Utc::now())
        .await
        .map_err(trouble)?;
    portfolio_page::sort(&mut rows, q.key(), q.ascending());
    Ok(rows)
}

async fn portfolio(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SortQuery>,
) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match sorted_rows(&s, &m, &q).await {
        Ok(rows) => Html(portfolio_page::render(
            &m.name,
            &rows,
            q.key(),
            q.ascending(),
            Utc::now(),
        ))
        .into_response(),
        Err(r) => r,
    }
}

fn csv_response(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

async fn portfolio_csv(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SortQuery>,
) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let rows = match sorted_rows(&s, &m, &q).await {
        Ok(rows) => rows,
        Err(r) => return r,
    };
    let now = Utc::now();
    let mut header: Vec<&str> = vec!["Property id"];
    header.extend(portfolio_page::COLUMNS.iter().map(|c| c.1));
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|p| {
            let mut c = vec![p.id.clone()];
            c.extend(portfolio_page::cells(p, now));
            c
        })
        .collect();
    csv_response("portfolio.csv", csv::table(&header, &body))
}

async fn detail(
    s: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<(Manager, read::PropertyDetail), Response> {
    let m = signed_in(s, headers).await?;
    match read::property(&s.pool, m.id, id, Utc::now()).await {
        Ok(Some(d)) => Ok((m, d)),
        // Another manager's property and no property at all look the same.
        Ok(None) => Err((StatusCode::NOT_FOUND, Html(crate::pages::html::page(
            "Not found",
            Some(&m.name),
            maud::html! {
                h1 { "Not found" }
                p { "There is no such property among yours. " a href="/" { "Back to the portfolio" } }
            },
        )))
            .into_response()),
        Err(e) => Err(trouble(e)),
    }
}

async fn property(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    match detail(&s, &headers, &id).await {
        Ok((m, d)) => Html(property_page::render(&m.name, &d, Utc::now())).into_response(),
        Err(r) => r,
    }
}

/// One of a property's tables as CSV, named `{id}-{what}.csv`.
async fn property_table(
    s: &AppState,
    headers: &HeaderMap,
    id: &str,
    what: &str,
    columns: &[&str],
    rows: impl Fn(&read::PropertyDetail) -> Vec<Vec<String>>,
) -> Response {
    match detail(s, headers, id).await {
        Ok((_, d)) => csv_response(
            &format!("{}-{what}.csv", d.row.id),
            csv::table(columns, &rows(&d)),
        ),
        Err(r) => r,
    }
}

async fn property_csv(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    property_table(
        &s,
        &headers,
        &id,
        "daily",
        property_page::DAY_COLUMNS,
        |d| d.days.iter().map(property_page::day_cells).collect(),
    )
    .await
}

async fn attention_csv(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    property_table(
        &s,
        &headers,
        &id,
        "attention",
        property_page::ATTENTION_COLUMNS,
        |d| {
            d.row
                .snapshot
                .iter()
                .flat_map(|s| s.attention.iter().map(property_page::attention_cells))
                .collect()
        },
    )
    .await
}

async fn make_plan(s: &AppState, m: &Manager) -> Result<Vec<planner::Visit>, PortfolioError> {
    let rows = read::portfolio(&s.pool, m.id, Utc::now()).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let history = read::recent_deliveries(&s.pool, &rows, 35).await?;
    let dwell = read::recent_dwell(&s.pool, &rows).await?;
    let empty = Vec::new();
    let facts: Vec<planner::Facts<'_>> = rows
        .iter()
        .map(|r| planner::Facts {
            row: r,
            history: history.get(&r.id).unwrap_or(&empty),
            median_wait: dwell.get(&r.id).copied(),
        })
        .collect();
    Ok(planner::plan(&facts))
}

async fn plan(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match make_plan(&s, &m).await {
        Ok(p) => Html(plan_page::render(&m.name, &p)).into_response(),
        Err(e) => trouble(e),
    }
}

async fn plan_csv(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match make_plan(&s, &m).await {
        Ok(p) => {
            let rows: Vec<Vec<String>> = p
                .iter()
                .enumerate()
                .map(|(i, v)| plan_page::cells(i + 1, v))
                .collect();
            csv_response("visit-plan.csv", csv::table(plan_page::COLUMNS, &rows))
        }
        Err(e) => trouble(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_from_other_sites_are_refused() {
        let mut h = HeaderMap::new();
        h.insert(
            header::HOST,
            HeaderValue::from_static("portfolio.example:8080"),
        );
        assert!(
            same_origin(&h, None),
            "no Origin header: a same-site navigation"
        );
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://portfolio.example:8080"),
        );
        assert!(same_origin(&h, None));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&h, None));
        // Behind a proxy that rewrites Host: the public address decides.
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://portfolio.example"),
        );
        assert!(!same_origin(&h, None));
        assert!(same_origin(&h, Some("https://portfolio.example/")));
        assert!(!same_origin(&h, Some("https://other.example")));
    }
}
