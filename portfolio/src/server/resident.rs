//! Residents' own pages: `GET /r/{property}/{token}` shows the page the
//! link opens; `POST .../resend` and `POST .../door` ask the wall to send a
//! notice again or to bring a package to the door, `POST .../away` and
//! `.../back` to keep their packages while they are away (decision 0041).
//! No session: the signed link is the key (decision 0038).

use super::{same_origin, trouble, AppState};
use crate::pages::resident_page::{self, View};
use crate::resident::away::{self, AwayAsked};
use crate::resident::choices::{self, ChoicesAsked};
use crate::resident::expected;
use crate::resident::requests::{self, Outcome, Request};
use crate::resident::standing::{self, StandingAsked};
use crate::resident::terms::{self, WallTerms};
use crate::resident::{self, packages, Holder, Refused};
use crate::wire::{ResidentLink, PAGE_PATH};
use crate::PortfolioError;
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
    let page = format!("{PAGE_PATH}/{{property}}/{{token}}");
    Router::new()
        .route(&page, get(show))
        .route(&format!("{page}/resend"), post(resend))
        .route(&format!("{page}/door"), post(door))
        .route(&format!("{page}/away"), post(away_from))
        .route(&format!("{page}/back"), post(back))
        .route(&format!("{page}/every"), post(every))
        .route(&format!("{page}/every-stop"), post(every_stop))
        .route(&format!("{page}/notices"), post(notices))
        .route(&format!("{page}/expect"), post(expect))
}

/// After a request, the page says how it went (`?said=door-asked`).
#[derive(Deserialize, Default)]
struct Said {
    said: Option<String>,
}

const REQUESTS: [Request; 8] = [
    Request::Resend,
    Request::Door,
    Request::Away,
    Request::Back,
    Request::Every,
    Request::EveryStop,
    Request::Notices,
    Request::Expect,
];
const OUTCOMES: [(Outcome, &str); 6] = [
    (Outcome::Asked, "asked"),
    (Outcome::AlreadyAsked, "already"),
    (Outcome::NotWaiting, "gone"),
    (Outcome::TooMany, "many"),
    (Outcome::NotOffered, "off"),
    (Outcome::BadForm, "form"),
];

/// `said` as the page's address carries it: `resend-asked`.
fn said(r: Request, o: Outcome) -> String {
    let o = OUTCOMES
        .iter()
        .find(|(x, _)| *x == o)
        .map_or("asked", |(_, w)| w);
    format!("{}-{o}", r.path())
}

fn read_said(said: &str) -> Option<(Request, Outcome)> {
    let (r, o) = said.split_once('-')?;
    let r = REQUESTS.into_iter().find(|x| x.path() == r)?;
    let o = OUTCOMES.iter().find(|(_, w)| *w == o)?.0;
    Some((r, o))
}

/// The holder of the link in the path, or the page saying why not.
async fn holder(s: &AppState, property: &str, token: &str) -> Result<Holder, Response> {
    match resident::open(&s.pool, property, token, Utc::now()).await {
        Ok(Ok(h)) => Ok(h),
        Ok(Err(why)) => Err(refused(token, why)),
        Err(e) => Err(trouble(e)),
    }
}

async fn show(
    State(s): State<AppState>,
    Path((property, token)): Path<(String, String)>,
    Query(q): Query<Said>,
) -> Response {
    let holder = match holder(&s, &property, &token).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let data = match page_data(&s, &holder).await {
        Ok(data) => data,
        Err(e) => return trouble(e),
    };
    let path = format!("{PAGE_PATH}/{property}/{token}");
    Html(resident_page::render(&View {
        holder: &holder,
        packages: &data.list,
        path: &path,
        door_offered: data.terms.door_requests,
        texts_offered: data.terms.texts,
        away: away::at_wall(&data.terms.away, holder.resident, Utc::now()),
        away_asked: data.asked.as_ref(),
        standing: data.standing.as_ref(),
        choices: data.chosen.as_ref(),
        expected: &data.expected,
        outcome: q.said.as_deref().and_then(read_said),
    }))
    .into_response()
}

/// What the page shows besides the link's holder.
struct PageData {
    terms: WallTerms,
    list: Vec<packages::Listed>,
    asked: Option<AwayAsked>,
    standing: Option<StandingAsked>,
    chosen: Option<ChoicesAsked>,
    expected: Vec<expected::Listed>,
}

/// The wall's terms, the resident's packages and their last requests about
/// themselves, on one connection.
async fn page_data(s: &AppState, who: &Holder) -> Result<PageData, PortfolioError> {
    let c = s.pool.get().await?;
    let terms = terms::read(&c, &who.property).await?;
    let list = packages::of(&c, &terms, &who.property, who.resident, Utc::now()).await?;
    let asked = away::last_asked(&c, who).await?;
    let standing = standing::last_asked(&c, who).await?;
    let chosen = choices::last_asked(&c, who).await?;
    let expected = expected::list(&c, who).await?;
    Ok(PageData {
        terms,
        list,
        asked,
        standing,
        chosen,
        expected,
    })
}

#[derive(Deserialize)]
struct Asked {
    package: i64,
    /// A door delivery's part of the day (`morning`...; none or another word: any time).
    window: Option<String>,
}

type AskForm = Result<Form<Asked>, FormRejection>;

async fn resend(
    s: State<AppState>,
    headers: HeaderMap,
    path: Path<(String, String)>,
    form: AskForm,
) -> Response {
    ask(s, headers, path, form, Request::Resend).await
}

async fn door(
    s: State<AppState>,
    headers: HeaderMap,
    path: Path<(String, String)>,
    form: AskForm,
) -> Response {
    ask(s, headers, path, form, Request::Door).await
}

/// A request from the page: the link checked, the package the resident's
/// own and waiting, queued for the wall once; back to the page, which says
/// how it went.
async fn ask(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((property, token)): Path<(String, String)>,
    form: AskForm,
    request: Request,
) -> Response {
    let holder = match checked(&s, &headers, &property, &token).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return (StatusCode::BAD_REQUEST, "no package named").into_response();
    };
    let window = requests::window(form.window.as_deref());
    let outcome = match requests::ask(&s.pool, &holder, form.package, request, window).await {
        Ok(o) => o,
        Err(e) => return trouble(e),
    };
    if outcome == Outcome::Asked {
        tracing::info!(
            property,
            resident = holder.resident,
            package = form.package,
            request = request.path(),
            "a resident asked from their page"
        );
    }
    Redirect::to(&format!(
        "{PAGE_PATH}/{property}/{token}?said={}#package-{}",
        said(request, outcome),
        form.package
    ))
    .into_response()
}

async fn away_from(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((property, token)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let holder = match checked(&s, &headers, &property, &token).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let offset = holder.utc_offset_minutes;
    let outcome = match away::period_of_form(&body, offset, Utc::now()) {
        Some((from, until)) => away::ask(&s.pool, &holder, from, until).await,
        None => Ok(Outcome::BadForm),
    };
    answered(&holder, &token, Request::Away, outcome)
}

async fn back(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((property, token)): Path<(String, String)>,
) -> Response {
    let holder = match checked(&s, &headers, &property, &token).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let (from, until) = away::back(holder.utc_offset_minutes, Utc::now());
    let outcome = away::ask(&s.pool, &holder, from, until).await;
    answered(&holder, &token, Request::Back, outcome)
}

async fn every(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((property, token)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let holder = match checked(&s, &headers, &property, &token).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let outcome = match standing::of_form(&body, holder.utc_offset_minutes, Utc::now()) {
        Some((until, window)) => standing::ask(&s.pool, &holder, until, window).await,
        None => Ok(Outcome::BadForm),
    };
    answered(&holder, &token, Request::Every, outcome)
}

async fn every_stop(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((property, token)): Path<(String, String)>,
) -> Response {
    let holder = match checked(&s, &headers, &property, &token).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    // An end long past: whatever the wall's clock says, it stops now.
    let outcome = standing::ask(&s.pool, &holder, 0, None).await;
    answered(&holder, &token, Request::EveryStop, outcome)
}

async fn notices(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((property, token)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let holder = match checked(&s, &headers, &property, &token).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let outcome = match choices::of_form(&body) {
        Some(chosen) => choices::ask(&s.pool, &holder, chosen).await,
        None => Ok(Outcome::BadForm),
    };
    answered(&holder, &token, Request::Notices, outcome)
}

async fn expect(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((property, token)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let holder = match checked(&s, &headers, &property, &token).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let outcome = match expected::of_form(&body, holder.utc_offset_minutes, Utc::now()) {
        Some(told) => expected::ask(&s.pool, &holder, &told).await,
        None => Ok(Outcome::BadForm),
    };
    answered(&holder, &token, Request::Expect, outcome)
}

/// The link's holder, for a form posted from the page itself.
async fn checked(
    s: &AppState,
    headers: &HeaderMap,
    property: &str,
    token: &str,
) -> Result<Holder, Response> {
    if !same_origin(headers, s.public_url.as_deref()) {
        return Err((StatusCode::FORBIDDEN, "cross-site form refused").into_response());
    }
    holder(s, property, token).await
}

/// Back to the page's section for the request, which says how it went.
fn answered(
    who: &Holder,
    token: &str,
    request: Request,
    outcome: Result<Outcome, PortfolioError>,
) -> Response {
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => return trouble(e),
    };
    if outcome == Outcome::Asked {
        tracing::info!(
            property = who.property,
            resident = who.resident,
            request = request.path(),
            "a resident asked from their page"
        );
    }
    Redirect::to(&format!(
        "{PAGE_PATH}/{}/{token}?said={}#{}",
        who.property,
        said(request, outcome),
        match request {
            Request::Every | Request::EveryStop => "every",
            Request::Notices => "notices",
            _ => "away",
        }
    ))
    .into_response()
}

/// A link that opens nothing: said in the language the link names, if any.
fn refused(token: &str, why: Refused) -> Response {
    let language = ResidentLink::language_of(token).unwrap_or("en");
    let status = match why {
        Refused::NotALink => StatusCode::NOT_FOUND,
        Refused::Expired => StatusCode::GONE,
        Refused::Revoked => StatusCode::FORBIDDEN,
    };
    (status, Html(resident_page::refused(language, why))).into_response()
}
