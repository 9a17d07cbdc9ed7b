//! The desk's inbox: tickets across the person's properties, by property and status.

use super::html::{esc, page};
use super::portfolio_page::ago;
use crate::desk::inbox::{status_words, Filter, Row, STATUSES};
use chrono::{DateTime, Utc};

fn link(f: &Filter, status: Option<&str>) -> String {
    let mut q = Vec::new();
    if let Some(p) = &f.property {
        q.push(format!("property={}", esc(p)));
    }
    if let Some(s) = status {
        q.push(format!("status={s}"));
    }
    if q.is_empty() {
        "/desk".into()
    } else {
        format!("/desk?{}", q.join("&amp;"))
    }
}

/// The inbox page.
pub fn render(
    manager: &str,
    properties: &[(String, String)],
    f: &Filter,
    rows: &[Row],
    counts: &[(String, i64)],
    unfiled: &[crate::desk::poller::UnfiledMail],
    now: DateTime<Utc>,
) -> String {
    let count = |s: &str| counts.iter().find(|c| c.0 == s).map_or(0, |c| c.1);
    let open: i64 = counts.iter().filter(|c| c.0 != "solved").map(|c| c.1).sum();
    let mut tabs = format!(
        r#"<a href="{}" class="{}">Open ({open})</a>"#,
        link(f, None),
        if f.status.is_none() { "on" } else { "" }
    );
    for (key, words) in STATUSES {
        tabs += &format!(
            r#"<a href="{}" class="{}">{words} ({})</a>"#,
            link(f, Some(key)),
            if f.status.as_deref() == Some(key) {
                "on"
            } else {
                ""
            },
            count(key)
        );
    }
    let options: String =
        std::iter::once(r#"<option value="">All properties</option>"#.to_string())
            .chain(properties.iter().map(|(id, name)| {
                format!(
                    r#"<option value="{}"{}>{}</option>"#,
                    esc(id),
                    if f.property.as_deref() == Some(id) {
                        " selected"
                    } else {
                        ""
                    },
                    esc(name)
                )
            }))
            .collect();
    let status_field = f
        .status
        .as_ref()
        .map(|s| format!(r#"<input type="hidden" name="status" value="{}">"#, esc(s)))
        .unwrap_or_default();
    let body_rows: String = rows
        .iter()
        .map(|r| {
            format!(
                r#"<tr><td class="left"><a href="/desk/t/{id}">#{id}</a></td><td class="text"><a href="/desk/t/{id}">{subject}</a>{nobody}</td><td class="left">{property}</td><td class="left">{from}</td><td class="left">{unit}</td><td class="left status-{status}">{words}</td><td>{messages}</td><td>{updated}</td></tr>"#,
                id = r.id,
                subject = esc(&r.subject),
                nobody = if r.matched { "" } else { r#" <span class="tag">matches nobody</span>"# },
                property = esc(&r.property_name),
                from = esc(&r.requester),
                unit = esc(r.unit.as_deref().unwrap_or("–")),
                status = esc(&r.status),
                words = esc(status_words(&r.status)),
                messages = r.messages,
                updated = ago(Some(r.updated_at), now),
            )
        })
        .collect();
    let table = if rows.is_empty() {
        r#"<p class="muted">No tickets here.</p>"#.to_string()
    } else {
        format!(
            r#"<div class="scroll"><table id="inbox"><thead><tr><th class="left">Ticket</th><th class="text">Subject</th><th class="left">Property</th><th class="left">From</th><th class="left">Unit</th><th class="left">Status</th><th>Messages</th><th>Updated</th></tr></thead><tbody>{body_rows}</tbody></table></div>"#
        )
    };
    let body = format!(
        r#"<h1>Package desk</h1>
<p class="sub">Residents' questions to each property's package address, with their packages beside them. <a href="/desk/service">Service figures</a></p>
<form method="get" action="/desk" class="filters">{status_field}<label>Property <select name="property">{options}</select></label> <button type="submit">Show</button></form>
<nav class="tabs">{tabs}</nav>
{table}{aside}"#,
        aside = unfiled_table(unfiled, properties, now)
    );
    page("Package desk", Some(manager), &body)
}

/// Messages the desk could not file, with the reason: a person reads them in
/// the mailbox (where they still are).
fn unfiled_table(
    unfiled: &[crate::desk::poller::UnfiledMail],
    properties: &[(String, String)],
    now: DateTime<Utc>,
) -> String {
    if unfiled.is_empty() {
        return String::new();
    }
    let name = |id: &str| {
        properties
            .iter()
            .find(|p| p.0 == id)
            .map_or(id.to_string(), |p| p.1.clone())
    };
    let rows: String = unfiled
        .iter()
        .map(|u| {
            format!(
                r#"<tr><td class="left">{}</td><td>{}</td><td>{} KB</td><td class="text">{}</td><td>{}</td></tr>"#,
                esc(&name(&u.property)),
                u.uid,
                u.size / 1024,
                esc(&u.reason),
                ago(Some(u.seen_at), now)
            )
        })
        .collect();
    format!(
        r#"<h2 id="unfiled">Messages not filed</h2><p class="sub">They are still in the help mailbox: read them in a mail client.</p><div class="scroll"><table><thead><tr><th class="left">Property</th><th>Message UID</th><th>Size</th><th class="text">Why</th><th>Seen</th></tr></thead><tbody>{rows}</tbody></table></div>"#
    )
}
