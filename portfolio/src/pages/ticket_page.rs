//! One ticket: the conversation and the answer form on the left, the
//! resident's packages and their timelines on the right.

use super::html::page;
use crate::desk::answers::SAVED;
use crate::desk::inbox::status_words;
use crate::desk::ticket::{Message, Package, Ticket};
use chrono::DateTime;
use maud::{html, Markup};

/// What the answer form holds and says.
#[derive(Clone, Debug, Default)]
pub struct Form {
    /// The draft (a saved answer picked, or the text kept after a failed send).
    pub draft: String,
    /// Why the last send failed.
    pub error: Option<String>,
    /// The answer just went out.
    pub sent: bool,
    /// The resident's page links were just withdrawn.
    pub links_withdrawn: bool,
}

fn message(t: &Ticket, m: &Message) -> Markup {
    html! {
        article.msg.in[m.incoming].out[!m.incoming] {
            div.meta {
                b { @match (&m.author, m.incoming) {
                    (Some(a), false) => { (a) " (from " (m.sender) ")" },
                    _ => (m.sender),
                } }
                " · " (t.local(m.at))
            }
            div.body { (m.body) }
            @for a in &m.attachments {
                div.file {
                    @if a.content_type.starts_with("image/") {
                        img src={ "/desk/a/" (a.id) } alt=(a.filename);
                    }
                    a href={ "/desk/a/" (a.id) } { (a.filename) }
                    " " span.muted { ((a.size + 1023) / 1024) " KB" }
                }
            }
        }
    }
}

fn package(t: &Ticket, p: &Package) -> Markup {
    let state = match (p.closed_at, p.place.as_str(), &p.locker) {
        (Some(c), _, _) => format!("Collected {}", t.local(c)),
        (None, "locker", Some(l)) => format!("Waiting in locker {}", l),
        (None, "overflow", _) => "Waiting with staff (overflow)".into(),
        (None, "room", _) => "Waiting in the package room".into(),
        (None, _, _) => "Waiting".into(),
    };
    html! {
        section.pkg.about[p.asked_about] id={ "package-" (p.id) } {
            h3 { "Package #" (p.id) @if p.asked_about { " · the one asked about" } }
            div.muted { "Arrived " (t.local(p.arrived_at)) " · " (state) }
            ol.timeline { @for s in &p.steps {
                li.trouble[s.is_trouble()] {
                    span.when { (DateTime::from_timestamp_millis(s.at).map_or(String::new(), |a| t.local(a))) }
                    " " (s.words())
                }
            } }
            // The one-click fixes, for a package still waiting; they go to
            // the wall with its next sync round.
            @if p.closed_at.is_none() { (fixes(t, p)) }
        }
    }
}

fn fixes(t: &Ticket, p: &Package) -> Markup {
    html! {
        form.fixes method="post" action={ "/desk/t/" (t.id) "/action" } {
            input type="hidden" name="package" value=(p.id);
            button type="submit" name="what" value="resend_notice" { "Resend notice" }
            button type="submit" name="what" value="door_delivery" { "Deliver to the door" }
            span.pair {
                select name="days" aria-label="Days to add" { option { "3" } option { "7" } option { "14" } }
                button type="submit" name="what" value="extend_hold" { "Extend hold" }
            }
            span.pair {
                input type="number" name="resident" min="1" placeholder="Resident #" aria-label="New recipient's resident number";
                button type="submit" name="what" value="change_recipient" { "Change recipient" }
            }
        }
    }
}

/// Who the question was matched to, and whether the sender is verified.
fn matched(t: &Ticket) -> Markup {
    html! {
        @match (&t.matched_by, t.verified) {
            (Some(by), true) => { "matched by " (by) },
            (Some(by), false) => {
                "matched by " (by) " "
                span.tag title="The sender's address is not one the wall knows for this resident, or their mail server marked it as forged: check before telling them about a package." { "unverified sender" }
            },
            (None, _) => span.tag { "matches nobody" },
        }
    }
}

/// The desk's requests for this ticket's packages, and how the wall answered.
fn requests(t: &Ticket) -> Markup {
    html! {
        @if !t.requests.is_empty() {
            h2 { "Sent to the wall" }
            ul.requests #requests { @for r in &t.requests {
                li {
                    (r.what) " (package #" (r.package) ") · " (r.by.as_deref().unwrap_or("someone"))
                    " · " (t.local(r.at)) " · "
                    @match &r.done {
                        None => span.muted { "goes with the wall's next sync" },
                        Some((true, _)) => span.ok { "done at the wall" },
                        Some((false, why)) => span.error { "not done: " (why) },
                    }
                }
            } }
        }
    }
}

/// The answer form (or, for a report from the screen, why there is none).
fn answer_form(t: &Ticket, f: &Form) -> Markup {
    let notice = html! {
        @match (&f.error, f.sent) {
            (Some(e), _) => p.error role="alert" { "Not sent: " (e) },
            (None, true) => p.ok role="status" { "Your answer was sent." },
            _ => {},
        }
    };
    html! {
        @if t.answerable() {
            form.reply #reply method="post" action={ "/desk/t/" (t.id) "/reply" } {
                h2 { "Answer" }
                (notice)
                div.saved-list {
                    span.muted { "Saved answers:" } " "
                    @for s in SAVED {
                        a.saved href={ "/desk/t/" (t.id) "?answer=" (s.key) "#reply" } { (s.title) }
                    }
                }
                textarea name="body" rows="12" aria-label="Answer" { (f.draft) }
                div.actions {
                    button type="submit" name="after" value="wait" { "Send" } " "
                    button type="submit" name="after" value="solve" { "Send and mark solved" }
                }
            }
        } @else {
            div.reply #reply {
                (notice)
                p.muted { "Reported on the kiosk's screen: there is no one to email. Fix the cause (the buttons beside the package go to the wall), then mark it solved." }
            }
        }
    }
}

/// Withdraw the resident's links to their own page (one reached someone else).
fn links_form(t: &Ticket, f: &Form) -> Markup {
    html! {
        @if f.links_withdrawn {
            p.ok role="status" { "Their page links are withdrawn: their next notice brings a new one." }
        } @else {
            form.links-form method="post" action={ "/desk/t/" (t.id) "/revoke-links" } {
                button type="submit" title="Every link to this resident's own page stops working now; their next notice brings a new one." {
                    "Withdraw their page links"
                }
            }
        }
    }
}

/// The page.
pub fn render(manager: &str, t: &Ticket, f: &Form) -> String {
    let resident = match (t.resident, &t.unit) {
        (Some(r), Some(u)) => format!("Resident #{r}, unit {u}"),
        (Some(r), None) => format!("Resident #{r}"),
        _ => "Not matched to a resident".into(),
    };
    let body = html! {
        p.crumbs { a href="/desk" { "Package desk" } " › " (t.property_name) }
        h1 { (t.subject) }
        p.sub {
            "#" (t.id) " · " (t.requester) " · " (matched(t)) " · "
            span class={ "status-" (t.status) } { (status_words(&t.status)) }
        }
        div.desk {
            div.conversation {
                @for m in &t.messages { (message(t, m)) }
                (answer_form(t, f))
                form.status-form method="post" action={ "/desk/t/" (t.id) "/status" } {
                    @if t.status == "solved" {
                        button type="submit" name="status" value="waiting_on_staff" { "Reopen" }
                    } @else {
                        button type="submit" name="status" value="solved" { "Mark solved" }
                    }
                }
            }
            aside.packages {
                h2 { (resident) }
                @if t.resident.is_some() { (links_form(t, f)) }
                @if t.packages.is_empty() {
                    p.muted { "No packages found for this question." }
                } @else {
                    @for p in &t.packages { (package(t, p)) }
                }
                (requests(t))
            }
        }
    };
    page(&format!("#{} {}", t.id, t.subject), Some(manager), body)
}
