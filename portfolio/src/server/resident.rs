//! Residents' own pages: `GET /r/{property}/{token}` shows the page the
//! link opens, `POST .../resend` asks the wall to send a notice again.
//! No session: the signed link is the key (decision 0038).

use super::{same_origin, trouble, AppState};
use crate::pages::resident_page::{self, View};
use crate::resident::requests::{self, Outcome};
use crate::resident::{self, packages, Refused};
use crate::wire::PAGE_PATH;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use serde::Deserialize;

/// The residents' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{PAGE_PATH}/{{property}}/{{token}}"), get(page))
        .route(
            &format!("{PAGE_PATH}/{{property}}/{{token}}/resend"),
            post(resend),
        )
}

/// After a request, the page says how it went (`?said=asked`).
#[derive(Deserialize, Default)]
struct Said {
    said: Option<String>,
}

const OUTCOMES: [(Outcome, &str); 4] = [
    (Outcome::Asked, "asked"),
    (Outcome::AlreadyAsked, "already"),
    (Outcome::NotWaiting, "gone"),
    (Outcome::TooMany, "many"),
];

async fn page(
    State(s): State<AppState>,
    Path((property, token)): Path<(String, String)>,
    Query(q): Query<Said>,
) -> Response {
    let holder = match resident::open(&s.pool, &property, &token, Utc::now()).await {
        Ok(Ok(h)) => h,
        Ok(Err(why)) => return refused(&token, why),
        Err(e) => return trouble(e),
    };
    let list = match packages::of(&s.pool, &property, holder.resident, Utc::now()).await {
        Ok(l) => l,
        Err(e) => return trouble(e),
    };
    let outcome = q
        .said
        .and_then(|said| OUTCOMES.iter().find(|(_, w)| *w == said).map(|(o, _)| *o));
    let action = format!("{PAGE_PATH}/{property}/{token}/resend");
    Html(resident_page::render(&View {
        holder: &holder,
        packages: &list,
        resend_action: &action,
        outcome,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct Resend {
    package: i64,
}

async fn resend(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((property, token)): Path<(String, String)>,
    form: Result<Form<Resend>, FormRejection>,
) -> Response {
    if !same_origin(&headers, s.public_url.as_deref()) {
        return (StatusCode::FORBIDDEN, "cross-site form refused").into_response();
    }
    let holder = match resident::open(&s.pool, &property, &token, Utc::now()).await {
        Ok(Ok(h)) => h,
        Ok(Err(why)) => return refused(&token, why),
        Err(e) => return trouble(e),
    };
    let Ok(Form(form)) = form else {
        return (StatusCode::BAD_REQUEST, "no package named").into_response();
    };
    let outcome = match requests::resend(&s.pool, &holder, form.package).await {
        Ok(o) => o,
        Err(e) => return trouble(e),
    };
    if outcome == Outcome::Asked {
        tracing::info!(
            property,
            resident = holder.resident,
            package = form.package,
            "a resident asked for a notice again"
        );
    }
    let said = OUTCOMES
        .iter()
        .find(|(o, _)| *o == outcome)
        .map_or("asked", |(_, w)| w);
    Redirect::to(&format!(
        "{PAGE_PATH}/{property}/{token}?said={said}#package-{}",
        form.package
    ))
    .into_response()
}

/// A link that opens nothing: said in the language the link names, if any.
fn refused(token: &str, why: Refused) -> Response {
    let language = token
        .split('.')
        .nth(3)
        .filter(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()))
        .unwrap_or("en");
    let status = match why {
        Refused::NotALink => StatusCode::NOT_FOUND,
        Refused::Expired => StatusCode::GONE,
        Refused::Revoked => StatusCode::FORBIDDEN,
    };
    (status, Html(resident_page::refused(language, why))).into_response()
}
