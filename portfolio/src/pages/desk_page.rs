//! The desk's inbox: tickets across the person's properties, by property and status.

use super::html::{page, query_value};
use super::portfolio_page::ago;
use crate::desk::inbox::{status_words, Filter, Row, STATUSES};
use crate::desk::poller::UnfiledMail;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

fn link(f: &Filter, status: Option<&str>) -> String {
    let mut q = Vec::new();
    if let Some(p) = &f.property {
        q.push(format!("property={}", query_value(p)));
    }
    if let Some(s) = status {
        q.push(format!("status={}", query_value(s)));
    }
    if q.is_empty() {
        "/desk".into()
    } else {
        format!("/desk?{}", q.join("&"))
    }
}

/// The inbox page.
pub fn render(
    manager: &str,
    properties: &[(String, String)],
    f: &Filter,
    rows: &[Row],
    counts: &[(String, i64)],
    unfiled: &[UnfiledMail],
    now: DateTime<Utc>,
) -> String {
    let body = html! {
        h1 { "Package desk" }
        p.sub { "Residents' questions to each property's package address, with their packages beside them. " a href="/desk/service" { "Service figures" } }
        (filters(properties, f))
        (tabs(f, counts))
        @if rows.is_empty() {
            p.muted { "No tickets here." }
        } @else {
            (inbox(rows, now))
        }
        (unfiled_table(unfiled, properties, now))
    };
    page("Package desk", Some(manager), body)
}

/// The property picker (the status tab chosen is kept).
fn filters(properties: &[(String, String)], f: &Filter) -> Markup {
    html! {
        form.filters method="get" action="/desk" {
            @if let Some(s) = &f.status { input type="hidden" name="status" value=(s); }
            label { "Property " select name="property" {
                option value="" { "All properties" }
                @for (id, name) in properties {
                    option value=(id) selected[f.property.as_deref() == Some(id)] { (name) }
                }
            } }
            " "
            button type="submit" { "Show" }
        }
    }
}

/// A tab per status, with its count; "Open" is every status but solved.
fn tabs(f: &Filter, counts: &[(String, i64)]) -> Markup {
    let count = |s: &str| counts.iter().find(|c| c.0 == s).map_or(0, |c| c.1);
    let open: i64 = counts.iter().filter(|c| c.0 != "solved").map(|c| c.1).sum();
    html! {
        nav.tabs {
            a href=(link(f, None)) .on[f.status.is_none()] { "Open (" (open) ")" }
            @for (key, words) in STATUSES {
                a href=(link(f, Some(key))) .on[f.status.as_deref() == Some(key)] {
                    (words) " (" (count(key)) ")"
                }
            }
        }
    }
}

fn inbox(rows: &[Row], now: DateTime<Utc>) -> Markup {
    html! {
        div.scroll { table #inbox {
            thead { tr {
                th.left { "Ticket" } th.text { "Subject" } th.left { "Property" } th.left { "From" }
                th.left { "Unit" } th.left { "Status" } th { "Messages" } th { "Updated" }
            } }
            tbody { @for r in rows {
                tr {
                    td.left { a href={ "/desk/t/" (r.id) } { "#" (r.id) } }
                    td.text {
                        a href={ "/desk/t/" (r.id) } { (r.subject) }
                        @if !r.matched { " " span.tag { "matches nobody" } }
                    }
                    td.left { (r.property_name) }
                    td.left { (r.requester) }
                    td.left { (r.unit.as_deref().unwrap_or("–")) }
                    td class={ "left status-" (r.status) } { (status_words(&r.status)) }
                    td { (r.messages) }
                    td { (ago(Some(r.updated_at), now)) }
                }
            } }
        } }
    }
}

/// Messages the desk could not file, with the reason: a person reads them in
/// the mailbox (where they still are).
fn unfiled_table(
    unfiled: &[UnfiledMail],
    properties: &[(String, String)],
    now: DateTime<Utc>,
) -> Markup {
    let name = |id: &str| {
        properties
            .iter()
            .find(|p| p.0 == id)
            .map_or(id.to_string(), |p| p.1.clone())
    };
    html! {
        @if !unfiled.is_empty() {
            h2 #unfiled { "Messages not filed" }
            p.sub { "They are still in the help mailbox: read them in a mail client." }
            div.scroll { table {
                thead { tr {
                    th.left { "Property" } th { "Message UID" } th { "Size" } th.text { "Why" } th { "Seen" }
                } }
                tbody { @for u in unfiled {
                    tr {
                        td.left { (name(&u.property)) }
                        td { (u.uid) }
                        td { (u.size / 1024) " KB" }
                        td.text { (u.reason) }
                        td { (ago(Some(u.seen_at), now)) }
                    }
                } }
            } }
        }
    }
}
