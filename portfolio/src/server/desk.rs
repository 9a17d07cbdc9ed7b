//! The package desk's pages: the inbox, a ticket with its answer form, an
//! attachment, and the service figures.

use super::{csv_response, posting, signed_in, trouble, AppState};
use crate::desk::reply::{self, After};
use crate::desk::{answers, inbox, service, ticket, wall};
use crate::pages::{csv, desk_page, html, service_page, ticket_page};
use crate::wire::ActionKind;
use crate::PortfolioError;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use serde::Deserialize;

/// Days the service figures cover.
const SERVICE_DAYS: i64 = 30;

/// The desk's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/desk", get(inbox_page))
        .route("/desk/service", get(service_html))
        .route("/desk/service.csv", get(service_csv))
        .route("/desk/t/{id}", get(ticket_html))
        .route("/desk/t/{id}/reply", post(answer))
        .route("/desk/t/{id}/status", post(status))
        .route("/desk/t/{id}/action", post(action))
        .route("/desk/t/{id}/revoke-links", post(revoke_links))
        .route("/desk/a/{id}", get(attachment))
}

fn not_found(manager: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(html::page(
            "Not found",
            Some(manager),
            maud::html! {
                h1 { "Not found" }
                p { "There is no such ticket among your properties. " a href="/desk" { "Back to the desk" } }
            },
        )),
    )
        .into_response()
}

#[derive(Deserialize, Default)]
struct InboxQuery {
    property: Option<String>,
    status: Option<String>,
}

async fn inbox_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<InboxQuery>,
) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let filter = inbox::Filter {
        property: q.property.filter(|p| !p.is_empty()),
        status: q
            .status
            .filter(|st| inbox::STATUSES.iter().any(|(k, _)| k == st)),
    };
    let props = match inbox::properties(&s.pool, m.id).await {
        Ok(p) => p,
        Err(e) => return trouble(e),
    };
    let ids: Vec<String> = props.iter().map(|p| p.0.clone()).collect();
    let unfiled = match crate::desk::poller::unfiled(&s.pool, &ids).await {
        Ok(u) => u,
        Err(e) => return trouble(e),
    };
    match inbox::list(&s.pool, m.id, &filter).await {
        Ok((rows, counts)) => Html(desk_page::render(
            &m.name,
            &props,
            &filter,
            &rows,
            &counts,
            &unfiled,
            Utc::now(),
        ))
        .into_response(),
        Err(e) => trouble(e),
    }
}

#[derive(Deserialize, Default)]
struct TicketQuery {
    answer: Option<String>,
    sent: Option<String>,
    links: Option<String>,
}

async fn ticket_html(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<TicketQuery>,
) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let t = match ticket::read(&s.pool, m.id, id).await {
        Ok(Some(t)) => t,
        Ok(None) => return not_found(&m.name),
        Err(e) => return trouble(e),
    };
    // A saved answer picked: the form holds it, filled with the package's facts.
    let draft = q
        .answer
        .as_deref()
        .and_then(answers::find)
        .map(|a| a.fill(&t.facts()))
        .unwrap_or_default();
    let form = ticket_page::Form {
        draft,
        error: None,
        sent: q.sent.is_some(),
        links_withdrawn: q.links.is_some(),
    };
    Html(ticket_page::render(&m.name, &t, &form)).into_response()
}

#[derive(Deserialize)]
struct AnswerForm {
    body: String,
    after: Option<String>,
}

async fn answer(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<AnswerForm>,
) -> Response {
    let m = match posting(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let after = match f.after.as_deref() {
        Some("solve") => After::Solve,
        _ => After::WaitForResident,
    };
    let error = match reply::answer(&s.pool, m.id, id, &f.body, after).await {
        Ok(_) => return Redirect::to(&format!("/desk/t/{id}?sent=1")).into_response(),
        Err(PortfolioError::NotFound(_)) => return not_found(&m.name),
        Err(PortfolioError::Refused(why)) => why,
        Err(e) => return trouble(e),
    };
    // Not sent: the page again, the text kept, the reason shown.
    match ticket::read(&s.pool, m.id, id).await {
        Ok(Some(t)) => (
            StatusCode::BAD_GATEWAY,
            Html(ticket_page::render(
                &m.name,
                &t,
                &ticket_page::Form {
                    draft: f.body,
                    error: Some(error),
                    sent: false,
                    links_withdrawn: false,
                },
            )),
        )
            .into_response(),
        Ok(None) => not_found(&m.name),
        Err(e) => trouble(e),
    }
}

#[derive(Deserialize)]
struct StatusForm {
    status: String,
}

async fn status(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<StatusForm>,
) -> Response {
    let m = match posting(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match reply::set_status(&s.pool, m.id, id, &f.status).await {
        Ok(()) => Redirect::to(&format!("/desk/t/{id}")).into_response(),
        Err(PortfolioError::NotFound(_)) => not_found(&m.name),
        Err(PortfolioError::Refused(why)) => (StatusCode::BAD_REQUEST, why).into_response(),
        Err(e) => trouble(e),
    }
}

#[derive(Deserialize)]
struct ActionForm {
    package: i64,
    what: String,
    resident: Option<String>,
    days: Option<u32>,
}

async fn action(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Response {
    let m = match posting(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let what = match f.what.as_str() {
        "resend_notice" => ActionKind::ResendNotice,
        "door_delivery" => ActionKind::DoorDelivery { window: None },
        "extend_hold" => ActionKind::ExtendHold {
            days: f.days.unwrap_or(3).clamp(1, 30),
        },
        "change_recipient" => match f
            .resident
            .as_deref()
            .map(str::trim)
            .and_then(|r| r.parse().ok())
        {
            Some(resident) => ActionKind::ChangeRecipient { resident },
            None => return (
                StatusCode::BAD_REQUEST,
                Html(html::page(
                    "Which resident?",
                    Some(&m.name),
                    maud::html! {
                        h1 { "Which resident?" }
                        p {
                            "Type the new recipient's resident number beside “Change recipient”. "
                            a href={ "/desk/t/" (id) } { "Back to the ticket" }
                        }
                    },
                )),
            )
                .into_response(),
        },
        other => return (StatusCode::BAD_REQUEST, format!("no request {other:?}")).into_response(),
    };
    match wall::request(&s.pool, m.id, id, f.package, &what).await {
        Ok(_) => Redirect::to(&format!("/desk/t/{id}#requests")).into_response(),
        Err(PortfolioError::NotFound(_)) => not_found(&m.name),
        Err(PortfolioError::Refused(why)) => (
            StatusCode::BAD_REQUEST,
            Html(html::page(
                "Not sent",
                Some(&m.name),
                maud::html! {
                    h1 { "Not sent to the wall" }
                    p { (why) }
                    p { a href={ "/desk/t/" (id) } { "Back to the ticket" } }
                },
            )),
        )
            .into_response(),
        Err(e) => trouble(e),
    }
}

async fn attachment(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match ticket::attachment(&s.pool, m.id, id).await {
        Ok(Some((name, content_type, bytes))) => {
            // Images show in the page; anything else is a download, never rendered here.
            let inline = ["image/png", "image/jpeg", "image/gif", "image/webp"]
                .contains(&content_type.as_str());
            let (kind, disposition) = if inline {
                (content_type, "inline")
            } else {
                ("application/octet-stream".to_string(), "attachment")
            };
            let safe: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            (
                [
                    (header::CONTENT_TYPE, kind),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("{disposition}; filename=\"{safe}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(None) => not_found(&m.name),
        Err(e) => trouble(e),
    }
}

async fn service_html(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match service::measure(&s.pool, m.id, SERVICE_DAYS, Utc::now()).await {
        Ok((props, people)) => {
            Html(service_page::render(&m.name, SERVICE_DAYS, &props, &people)).into_response()
        }
        Err(e) => trouble(e),
    }
}

async fn service_csv(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let m = match signed_in(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match service::measure(&s.pool, m.id, SERVICE_DAYS, Utc::now()).await {
        Ok((props, _)) => {
            let rows: Vec<Vec<String>> = props.iter().map(service_page::property_cells).collect();
            csv_response(
                "desk-service.csv",
                csv::table(service_page::PROPERTY_COLUMNS, &rows),
            )
        }
        Err(e) => trouble(e),
    }
}

/// "Withdraw their page links": the ticket's resident's links open nothing
/// from now on (decision 0038).
async fn revoke_links(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let m = match posting(&s, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match crate::resident::revocations::revoke_for_ticket(&s.pool, m.id, id).await {
        Ok(true) => {
            tracing::info!(
                ticket = id,
                manager = m.id,
                "a resident's page links withdrawn at the desk"
            );
            Redirect::to(&format!("/desk/t/{id}?links=withdrawn")).into_response()
        }
        Ok(false) => not_found(&m.name),
        Err(e) => trouble(e),
    }
}
