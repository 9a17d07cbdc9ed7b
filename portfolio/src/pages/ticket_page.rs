//! One ticket: the conversation and the answer form on the left, the
//! resident's packages and their timelines on the right.

use super::html::{esc, page};
use crate::desk::answers::SAVED;
use crate::desk::inbox::status_words;
use crate::desk::ticket::{Message, Package, Ticket};
use chrono::DateTime;

/// What the answer form holds and says.
#[derive(Clone, Debug, Default)]
pub struct Form {
    /// The draft (a saved answer picked, or the text kept after a failed send).
    pub draft: String,
    /// Why the last send failed.
    pub error: Option<String>,
    /// The answer just went out.
    pub sent: bool,
}

fn message(t: &Ticket, m: &Message) -> String {
    let who = match (&m.author, m.incoming) {
        (Some(a), false) => format!("{} (from {})", esc(a), esc(&m.sender)),
        _ => esc(&m.sender),
    };
    let files: String = m
        .attachments
        .iter()
        .map(|a| {
            let img = if a.content_type.starts_with("image/") {
                format!(r#"<img src="/desk/a/{}" alt="{}">"#, a.id, esc(&a.filename))
            } else {
                String::new()
            };
            format!(
                r#"<div class="file">{img}<a href="/desk/a/{}">{}</a> <span class="muted">{} KB</span></div>"#,
                a.id,
                esc(&a.filename),
                (a.size + 1023) / 1024
            )
        })
        .collect();
    format!(
        r#"<article class="msg {dir}"><div class="meta"><b>{who}</b> · {at}</div><div class="body">{body}</div>{files}</article>"#,
        dir = if m.incoming { "in" } else { "out" },
        at = esc(&t.local(m.at)),
        body = esc(&m.body),
    )
}

fn package(t: &Ticket, p: &Package) -> String {
    let state = match (p.closed_at, p.place.as_str(), &p.locker) {
        (Some(c), _, _) => format!("Collected {}", t.local(c)),
        (None, "locker", Some(l)) => format!("Waiting in locker {}", l),
        (None, "overflow", _) => "Waiting with staff (overflow)".into(),
        (None, "room", _) => "Waiting in the package room".into(),
        (None, _, _) => "Waiting".into(),
    };
    let steps: String = p
        .steps
        .iter()
        .map(|s| {
            let at = DateTime::from_timestamp_millis(s.at).map_or(String::new(), |a| t.local(a));
            format!(
                r#"<li class="{}"><span class="when">{}</span> {}</li>"#,
                if s.is_trouble() { "trouble" } else { "" },
                esc(&at),
                esc(&s.words())
            )
        })
        .collect();
    // The one-click fixes, for a package still waiting; they go to the wall
    // with its next sync round.
    let fixes = if p.closed_at.is_none() {
        format!(
            r#"<form method="post" action="/desk/t/{t}/action" class="fixes"><input type="hidden" name="package" value="{id}">
<button type="submit" name="what" value="resend_notice">Resend notice</button>
<button type="submit" name="what" value="door_delivery">Deliver to the door</button>
<span class="pair"><select name="days" aria-label="Days to add"><option>3</option><option>7</option><option>14</option></select><button type="submit" name="what" value="extend_hold">Extend hold</button></span>
<span class="pair"><input type="number" name="resident" min="1" placeholder="Resident #" aria-label="New recipient's resident number"><button type="submit" name="what" value="change_recipient">Change recipient</button></span>
</form>"#,
            t = t.id,
            id = p.id
        )
    } else {
        String::new()
    };
    format!(
        r#"<section class="pkg{}" id="package-{id}"><h3>Package #{id}{about}</h3><div class="muted">Arrived {arrived} · {state}</div><ol class="timeline">{steps}</ol>{fixes}</section>"#,
        if p.asked_about { " about" } else { "" },
        id = p.id,
        about = if p.asked_about {
            " · the one asked about"
        } else {
            ""
        },
        arrived = esc(&t.local(p.arrived_at)),
        state = esc(&state),
    )
}

/// The page.
pub fn render(manager: &str, t: &Ticket, f: &Form) -> String {
    let matched = match (&t.matched_by, t.verified) {
        (Some(by), true) => format!("matched by {}", esc(by)),
        (Some(by), false) => format!(
            r#"matched by {} <span class="tag" title="The sender's address is not one the wall knows for this resident, or their mail server marked it as forged: check before telling them about a package.">unverified sender</span>"#,
            esc(by)
        ),
        (None, _) => r#"<span class="tag">matches nobody</span>"#.to_string(),
    };
    let conversation: String = t.messages.iter().map(|m| message(t, m)).collect();
    let saved: String = SAVED
        .iter()
        .map(|s| {
            format!(
                r#"<a class="saved" href="/desk/t/{}?answer={}#reply">{}</a>"#,
                t.id,
                s.key,
                esc(s.title)
            )
        })
        .collect();
    let notice = match (&f.error, f.sent) {
        (Some(e), _) => format!(r#"<p class="error" role="alert">Not sent: {}</p>"#, esc(e)),
        (None, true) => r#"<p class="ok" role="status">Your answer was sent.</p>"#.to_string(),
        _ => String::new(),
    };
    let status_button = if t.status == "solved" {
        r#"<button type="submit" name="status" value="waiting_on_staff">Reopen</button>"#
    } else {
        r#"<button type="submit" name="status" value="solved">Mark solved</button>"#
    };
    let resident = match (t.resident, &t.unit) {
        (Some(r), Some(u)) => format!("Resident #{r}, unit {}", esc(u)),
        (Some(r), None) => format!("Resident #{r}"),
        _ => "Not matched to a resident".into(),
    };
    let packages: String = if t.packages.is_empty() {
        r#"<p class="muted">No packages found for this question.</p>"#.into()
    } else {
        t.packages.iter().map(|p| package(t, p)).collect()
    };
    let requests: String = if t.requests.is_empty() {
        String::new()
    } else {
        let items: String = t
            .requests
            .iter()
            .map(|r| {
                let state = match &r.done {
                    None => {
                        r#"<span class="muted">goes with the wall's next sync</span>"#.to_string()
                    }
                    Some((true, _)) => r#"<span class="ok">done at the wall</span>"#.to_string(),
                    Some((false, why)) => {
                        format!(r#"<span class="error">not done: {}</span>"#, esc(why))
                    }
                };
                format!(
                    "<li>{} (package #{}) · {} · {} · {state}</li>",
                    esc(&r.what),
                    r.package,
                    esc(r.by.as_deref().unwrap_or("someone")),
                    esc(&t.local(r.at)),
                )
            })
            .collect();
        format!(r#"<h2>Sent to the wall</h2><ul class="requests" id="requests">{items}</ul>"#)
    };
    let answer_form = if t.answerable() {
        format!(
            r#"<form method="post" action="/desk/t/{id}/reply" id="reply" class="reply">
<h2>Answer</h2>{notice}
<div class="saved-list"><span class="muted">Saved answers:</span> {saved}</div>
<textarea name="body" rows="12" aria-label="Answer">{draft}</textarea>
<div class="actions"><button type="submit" name="after" value="wait">Send</button> <button type="submit" name="after" value="solve">Send and mark solved</button></div>
</form>"#,
            id = t.id,
            draft = esc(&f.draft),
        )
    } else {
        format!(
            r#"<div class="reply" id="reply">{notice}<p class="muted">Reported on the kiosk's screen: there is no one to email. Fix the cause (the buttons beside the package go to the wall), then mark it solved.</p></div>"#
        )
    };
    let body = format!(
        r#"<p class="crumbs"><a href="/desk">Package desk</a> › {property}</p>
<h1>{subject}</h1>
<p class="sub">#{id} · {requester} · {matched} · <span class="status-{status}">{status_words}</span></p>
<div class="desk">
<div class="conversation">{conversation}
{answer_form}
<form method="post" action="/desk/t/{id}/status" class="status-form">{status_button}</form>
</div>
<aside class="packages"><h2>{resident}</h2>{packages}{requests}</aside>
</div>"#,
        property = esc(&t.property_name),
        subject = esc(&t.subject),
        id = t.id,
        requester = esc(&t.requester),
        status = esc(&t.status),
        status_words = esc(status_words(&t.status)),
    );
    page(&format!("#{} {}", t.id, t.subject), Some(manager), &body)
}
