//! The resident's own page, phone first: what is waiting for them and what
//! they collected lately, with "send me my code again" on each waiting
//! package. Its own frame: the resident's language, no managers' menu.

use super::resident_words::{words, Words};
use crate::resident::away::AwayAsked;
use crate::resident::choices::{ChoicesAsked, LANGUAGES};
use crate::resident::expected;
use crate::resident::packages::{Asked, Place};
use crate::resident::packages::{Listed, State};
use crate::resident::requests::{Outcome, Request};
use crate::resident::standing::StandingAsked;
use crate::resident::{Holder, Refused};
use crate::wire::texts::NOTIFY_BY;
use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// What the page shows: whose, their packages, and the last request's outcome.
pub struct View<'a> {
    pub holder: &'a Holder,
    pub packages: &'a [Listed],
    /// The page's own address (`/r/{property}/{token}`): its forms post under it.
    pub path: &'a str,
    /// The property takes door delivery requests.
    pub door_offered: bool,
    /// The wall sends text messages: the resident may choose them.
    pub texts_offered: bool,
    /// The resident's away period as the wall keeps it (from, the day back).
    pub away: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Their last away request.
    pub away_asked: Option<&'a AwayAsked>,
    /// Their last standing door-delivery request.
    pub standing: Option<&'a StandingAsked>,
    /// Their last choice of how they are told.
    pub choices: Option<&'a ChoicesAsked>,
    /// The packages they told the page they expect, newest first.
    pub expected: &'a [expected::Listed],
    /// What the last request was, and what became of it.
    pub outcome: Option<(Request, Outcome)>,
}

/// The whole page.
pub fn render(v: &View<'_>) -> String {
    let w = words(&v.holder.language);
    let (waiting, closed): (Vec<&Listed>, Vec<&Listed>) = v
        .packages
        .iter()
        .partition(|p| matches!(p.state, State::Waiting { .. }));
    let body = html! {
        h1 { (w.title) }
        p.sub { (v.holder.property_name) }
        @if let Some((r, o)) = v.outcome {
            p.banner.warn[o != Outcome::Asked] role="status" { (w.outcome(r, o)) }
        }
        h2 { (w.waiting) " (" (waiting.len()) ")" }
        @if waiting.is_empty() { p.muted { (w.none_waiting) } }
        @for p in &waiting { (waiting_card(w, v, p)) }
        @if v.door_offered { (standing_section(w, v)) }
        (expected_section(w, v))
        (away_section(w, v))
        (choices_section(w, v))
        h2 { (w.recent) }
        @if closed.is_empty() { p.muted { (w.none_recent) } }
        ul.closed {
            @for p in &closed { (closed_line(w, v.holder.utc_offset_minutes, p)) }
        }
        footer {
            p { (w.link_help) }
            p.muted { (w.yours_only) }
        }
    };
    frame(w, w.title, body)
}

/// The page a link that opens nothing gets, in the link's language when it says one.
pub fn refused(language: &str, why: Refused) -> String {
    let w = words(language);
    let (heading, what) = w.refused(why);
    frame(w, heading, html! { h1 { (heading) } p { (what) } })
}

fn waiting_card(w: &Words, v: &View<'_>, p: &Listed) -> Markup {
    let offset = v.holder.utc_offset_minutes;
    let State::Waiting {
        place,
        keep_until,
        extended,
        to_door,
    } = &p.state
    else {
        return html! {};
    };
    html! {
        section.pkg id={ "package-" (p.package) } {
            h3 { (w.place(place)) }
            p { (w.arrived(&w.when(p.arrived_at, offset))) }
            @if let Some(until) = keep_until { p { (w.kept_until(&w.day(*until, offset))) } }
            @if *extended { p { (w.extended) } }
            @if *to_door { p { (w.to_door) } }
            (asked_line(w, Request::Resend, p.resend.as_ref(), offset))
            (asked_line(w, Request::Door, p.door.as_ref(), offset))
            // While a request is on its way, no second one.
            @if may_ask(p.resend.as_ref()) {
                (ask_form(v, p.package, Request::Resend, w.resend))
                p.hint { (w.resend_why) }
            }
            @if v.door_offered && !*to_door && may_ask(p.door.as_ref())
                && matches!(place, Place::Locker(_) | Place::Room) {
                (door_form(w, v, p.package))
                p.hint { (w.door_why) }
            }
        }
    }
}

/// "Going away?": the period the wall keeps, with "I am back", or the two
/// days to set one; and where the last request stands.
fn away_section(w: &Words, v: &View<'_>) -> Markup {
    let offset = v.holder.utc_offset_minutes;
    let request = |a: &AwayAsked| {
        if a.until <= a.from {
            Request::Back
        } else {
            Request::Away
        }
    };
    let last = v.away_asked.map(|a| {
        (
            request(a),
            Asked {
                at: a.at,
                done: a.done,
            },
        )
    });
    let waiting = last.as_ref().is_some_and(|(_, a)| a.done.is_none());
    html! {
        h2 id="away" { (w.away_title) }
        section.pkg {
            @if let Some((from, back)) = v.away {
                p { (w.away_now(&w.day(from, offset), &w.day(back, offset))) }
            } @else {
                p.hint { (w.away_why) }
            }
            @if let Some((r, a)) = &last { (asked_line(w, *r, Some(a), offset)) }
            @if waiting {
            } @else if let Some((from, _)) = v.away {
                // Before the first day away, ending it is calling it off.
                form method="post" action={ (v.path) "/back" } {
                    button.secondary type="submit" {
                        (if from > Utc::now() { w.not_going_button } else { w.back_button })
                    }
                }
            } @else {
                form.days method="post" action={ (v.path) "/away" } {
                    label { (w.away_from) input type="date" name="from" required; }
                    label { (w.away_until) input type="date" name="until" required; }
                    button type="submit" { (w.away_button) }
                }
            }
        }
    }
}

/// "Every package to your door": the request in force with a way to stop
/// it, or the last day and the part of the day to ask for one.
fn standing_section(w: &Words, v: &View<'_>) -> Markup {
    let offset = v.holder.utc_offset_minutes;
    let now = Utc::now();
    let last = v.standing.map(|s| {
        let r = if s.until <= s.at {
            Request::EveryStop
        } else {
            Request::Every
        };
        (
            r,
            Asked {
                at: s.at,
                done: s.done,
            },
        )
    });
    let waiting = last.as_ref().is_some_and(|(_, a)| a.done.is_none());
    let in_force = v.standing.filter(|s| s.in_force(now));
    html! {
        h2 id="every" { (w.every_title) }
        section.pkg {
            @if let Some(s) = in_force {
                // `until` is the midnight after the last day.
                @let last_day = w.day(s.until - chrono::Duration::hours(1), offset);
                p { (w.every_now(&last_day, w.window(s.window.as_deref()))) }
            } @else {
                p.hint { (w.every_why) }
            }
            @if let Some((r, a)) = &last { (asked_line(w, *r, Some(a), offset)) }
            @if waiting {
            } @else if in_force.is_some() {
                form method="post" action={ (v.path) "/every-stop" } {
                    button.secondary type="submit" { (w.every_stop) }
                }
            } @else {
                form.days method="post" action={ (v.path) "/every" } {
                    label { (w.every_until) input type="date" name="until" required; }
                    (window_choice(w))
                    button.secondary type="submit" { (w.every_button) }
                }
            }
        }
    }
}

/// "A package on its way?": the number and the day to tell, and where
/// the ones told stand.
fn expected_section(w: &Words, v: &View<'_>) -> Markup {
    let offset = v.holder.utc_offset_minutes;
    html! {
        h2 id="expected" { (w.expect_title) }
        section.pkg {
            p.hint { (w.expect_why) }
            @for x in v.expected {
                @let due = x.due.map(|d| w.day(d, offset));
                p.expected {
                    b { (w.expected_line(&x.ending, due.as_deref())) }
                    br;
                    span.muted { (w.stands(&x.stands, offset)) }
                }
            }
            form.days method="post" action={ (v.path) "/expect" } {
                label {
                    (w.expect_tracking)
                    input type="text" name="tracking" required autocomplete="off"
                        autocapitalize="characters" spellcheck="false" maxlength="60";
                }
                label { (w.expect_due) input type="date" name="due"; }
                button.secondary type="submit" { (w.expect_button) }
            }
        }
    }
}

/// "How we tell you": the notices' language and reminders, as last chosen
/// (the wall took it) or as the link says.
fn choices_section(w: &Words, v: &View<'_>) -> Markup {
    let offset = v.holder.utc_offset_minutes;
    let taken = v.choices.filter(|c| c.done == Some(true));
    let language = taken
        .and_then(|c| c.language.clone())
        .unwrap_or_else(|| v.holder.language.clone());
    let reminders = taken.and_then(|c| c.reminders).unwrap_or(true);
    let by = taken.and_then(|c| c.by.clone());
    let last = v.choices.map(|c| Asked {
        at: c.at,
        done: c.done,
    });
    html! {
        h2 id="notices" { (w.choices_title) }
        section.pkg {
            (asked_line(w, Request::Notices, last.as_ref(), offset))
            form.days method="post" action={ (v.path) "/notices" } {
                @if v.texts_offered {
                    label {
                        (w.by_label)
                        select name="by" {
                            @for (i, b) in NOTIFY_BY.iter().enumerate() {
                                option value=(b) selected[by.as_deref() == Some(*b)] { (w.by_names[i]) }
                            }
                        }
                    }
                    p.hint { (w.by_note) }
                }
                label {
                    (w.language_label)
                    select name="language" {
                        @for l in LANGUAGES {
                            option value=(l) selected[l == language] { (language_name(l)) }
                        }
                    }
                }
                label.check {
                    input type="checkbox" name="reminders" checked[reminders];
                    span { (w.reminders_label) }
                }
                button.secondary type="submit" { (w.choices_button) }
            }
        }
    }
}

/// A language in its own words.
fn language_name(code: &str) -> &'static str {
    match code {
        "es" => "Español",
        _ => "English",
    }
}

/// The part of the day a door delivery comes in.
fn window_choice(w: &Words) -> Markup {
    html! {
        label {
            (w.window_label)
            select name="window" {
                option value="" { (w.window(None)) }
                @for x in crate::wire::DOOR_WINDOWS { option value=(x) { (w.window(Some(x))) } }
            }
        }
    }
}

/// "Bring it to my door", with the part of the day.
fn door_form(w: &Words, v: &View<'_>, package: i64) -> Markup {
    html! {
        form.days method="post" action={ (v.path) "/" (Request::Door.path()) } {
            input type="hidden" name="package" value=(package);
            (window_choice(w))
            button.secondary type="submit" { (w.door) }
        }
    }
}

/// Whether a request may be made: none yet, or the last one answered.
fn may_ask(last: Option<&Asked>) -> bool {
    last.is_none_or(|a| a.done.is_some())
}

/// Where the resident's last request of this kind stands.
fn asked_line(w: &Words, r: Request, last: Option<&Asked>, offset: i32) -> Markup {
    let Some(a) = last else {
        return html! {};
    };
    let said = w.asked(r, a.done, &w.when(a.at, offset));
    html! {
        @if a.done == Some(false) { p.error { (said) } } @else { p.asked { (said) } }
    }
}

/// A request's button, posting the package to `{page}/{request}`.
fn ask_form(v: &View<'_>, package: i64, r: Request, label: &str) -> Markup {
    html! {
        form method="post" action={ (v.path) "/" (r.path()) } {
            input type="hidden" name="package" value=(package);
            button.secondary[r == Request::Door] type="submit" { (label) }
        }
    }
}

fn closed_line(w: &Words, offset: i32, p: &Listed) -> Markup {
    let State::Closed { how, at } = &p.state else {
        return html! {};
    };
    html! {
        li { (w.closed(*how, &w.when(*at, offset))) span.muted { " · " (w.arrived(&w.day(p.arrived_at, offset))) } }
    }
}

fn frame(w: &Words, title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(w.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { main { (body) } }
        }
    }
    .into_string()
}

/// Large type and whole-width buttons for a phone; a column on a laptop.
const STYLE: &str = r#"
:root { --ink:#1c2430; --muted:#5b6573; --line:#d9dee5; --bg:#f6f7f9; --accent:#1f5fbf; --warn:#b3261e; }
* { box-sizing: border-box; }
body { margin:0; font: 17px/1.5 system-ui, sans-serif; color:var(--ink); background:var(--bg); }
main { padding:16px; max-width:560px; margin:0 auto; }
h1 { font-size:26px; margin:8px 0 0; }
h2 { font-size:19px; margin:26px 0 10px; }
h3 { font-size:18px; margin:0 0 4px; }
p { margin:4px 0; }
.sub, .muted { color:var(--muted); }
.banner { background:#e7f3ea; border:1px solid #b9dcc2; border-radius:10px; padding:10px 12px; margin-top:14px; }
.banner.warn { background:#fdf3e2; border-color:#ecd3a4; }
.pkg { background:#fff; border:1px solid var(--line); border-radius:12px; padding:14px; margin-bottom:12px; }
.pkg form { margin:12px 0 4px; }
button { width:100%; min-height:48px; font:inherit; font-weight:600; border:0; border-radius:10px; background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); border:2px solid var(--accent); }
.hint { font-size:14px; color:var(--muted); }
form.days label { display:block; margin:10px 0; font-weight:600; }
form.days label.check { display:flex; gap:10px; align-items:flex-start; font-weight:400; }
form.days label.check input { width:24px; min-height:24px; margin:2px 0 0; flex:none; }
form.days select, form.days input { display:block; width:100%; min-height:44px; margin-top:4px; font:inherit; padding:6px 10px; border:1px solid var(--line); border-radius:8px; background:#fff; color:var(--ink); }
.asked { color:#1e7b34; font-weight:600; margin-top:8px; }
.error { color:var(--warn); font-weight:600; margin-top:8px; }
ul.closed { list-style:none; padding:0; margin:0; background:#fff; border:1px solid var(--line); border-radius:12px; }
ul.closed li { padding:10px 14px; border-bottom:1px solid var(--line); }
ul.closed li:last-child { border-bottom:0; }
ul.closed:empty { display:none; }
footer { margin-top:28px; font-size:15px; }
"#;
