//! The dashboard's page frame, built with maud: every value put into a
//! page is escaped unless it is marked as markup (decision 0036).

use maud::{html, Markup, PreEscaped, DOCTYPE};

/// A whole page: `title`, the signed-in manager's name (none on the login
/// page), and the body.
pub fn page(title: &str, manager: Option<&str>, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Lockerwall" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    span.brand { "Lockerwall" }
                    @if let Some(name) = manager { (nav(name)) }
                }
                main { (body) }
            }
        }
    }
    .into_string()
}

fn nav(manager: &str) -> Markup {
    html! {
        nav {
            a href="/" { "Portfolio" }
            a href="/plan" { "Visit planner" }
            a href="/desk" { "Package desk" }
            span.who { (manager) }
            form method="post" action="/logout" { button type="submit" { "Log out" } }
        }
    }
}

/// One figure with its caption, for the cards at the top of a page.
pub fn card(label: &str, value: &str, id: &str, warn: bool) -> Markup {
    html! {
        div.card.warn[warn] {
            div.value id=(id) { (value) }
            div.label { (label) }
        }
    }
}

/// A query string's value, percent-encoded (`&` and spaces included).
pub fn query_value(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Plain, readable on a laptop and a phone; no scripts, no fonts to fetch.
const STYLE: &str = r#"
:root { --ink:#1c2430; --muted:#5b6573; --line:#d9dee5; --bg:#f6f7f9; --accent:#1f5fbf; --warn:#b3261e; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 system-ui, sans-serif; color:var(--ink); background:var(--bg); }
header { display:flex; flex-wrap:wrap; align-items:center; gap:12px; padding:10px 16px; background:#fff; border-bottom:1px solid var(--line); }
.brand { font-weight:700; margin-right:12px; }
nav { display:flex; flex-wrap:wrap; align-items:center; gap:14px; flex:1; }
nav a { color:var(--accent); text-decoration:none; }
nav .who { margin-left:auto; color:var(--muted); }
nav form { margin:0; }
button, input[type=submit] { font:inherit; padding:6px 14px; border:1px solid var(--accent); background:#fff; color:var(--accent); border-radius:6px; cursor:pointer; }
main { padding:16px; max-width:1320px; margin:0 auto; }
h1 { font-size:22px; margin:4px 0 12px; }
h2 { font-size:17px; margin:22px 0 8px; }
.sub { color:var(--muted); margin:-8px 0 12px; }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(118px, 1fr)); gap:10px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
.card .value { font-size:22px; font-weight:650; }
.card .label { color:var(--muted); font-size:13px; }
.card.warn .value { color:var(--warn); }
.scroll { overflow-x:auto; background:#fff; border:1px solid var(--line); border-radius:8px; }
table { border-collapse:collapse; width:100%; }
th, td { padding:7px 9px; border-bottom:1px solid var(--line); text-align:right; white-space:nowrap; }
th:first-child, td:first-child { text-align:left; }
td.text, th.text { text-align:left; white-space:normal; }
td.left, th.left { text-align:left; }
td:first-child a { white-space:nowrap; }
th a { color:inherit; text-decoration:none; }
th a.on::after { content:" ▾"; }
th a.on.asc::after { content:" ▴"; }
#portfolio th { white-space:normal; vertical-align:bottom; }
#portfolio td.wall, #portfolio th:last-child { text-align:left; white-space:normal; min-width:7em; }
tr:last-child td { border-bottom:0; }
.warn-text { color:var(--warn); font-weight:600; }
.muted { color:var(--muted); }
.links { margin:10px 0; }
.links a { color:var(--accent); margin-right:14px; }
svg { max-width:100%; height:auto; display:block; }
.chart { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px; overflow-x:auto; }
.chart svg.wide { min-width:620px; }
.grid2 { display:grid; grid-template-columns:repeat(auto-fit, minmax(320px, 1fr)); gap:14px; }
.login { max-width:360px; margin:60px auto; background:#fff; border:1px solid var(--line); border-radius:10px; padding:22px; }
.login label { display:block; margin:12px 0 4px; }
.login input[type=email], .login input[type=password] { width:100%; font:inherit; padding:8px; border:1px solid var(--line); border-radius:6px; }
.login .error { color:var(--warn); }
.tag { display:inline-block; font-size:12px; padding:1px 6px; border-radius:10px; background:#fdecea; color:var(--warn); margin-left:6px; }
.tabs { display:flex; flex-wrap:wrap; gap:6px; margin:10px 0; }
.tabs a { padding:5px 10px; border:1px solid var(--line); border-radius:16px; background:#fff; color:var(--ink); text-decoration:none; }
.tabs a.on { border-color:var(--accent); color:var(--accent); font-weight:600; }
.filters select { font:inherit; padding:5px; }
.crumbs { margin:0; color:var(--muted); }
.crumbs a { color:var(--accent); }
.desk { display:grid; grid-template-columns:minmax(0, 3fr) minmax(0, 2fr); gap:16px; align-items:start; }
@media (max-width: 820px) { .desk { grid-template-columns:1fr; } }
.msg { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 12px; margin-bottom:10px; }
.msg.out { background:#eef4fd; border-color:#c9dcf5; margin-left:28px; }
.msg .meta { color:var(--muted); font-size:13px; margin-bottom:6px; }
.msg .body { white-space:pre-wrap; }
.msg .file img { display:block; max-width:260px; max-height:200px; margin:8px 0 2px; border-radius:6px; border:1px solid var(--line); }
.reply { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
.reply h2 { margin-top:0; }
.reply textarea { width:100%; font:inherit; padding:8px; border:1px solid var(--line); border-radius:6px; }
.saved-list { display:flex; flex-wrap:wrap; gap:6px; align-items:center; margin:0 0 8px; }
.saved { padding:3px 9px; border:1px solid var(--accent); border-radius:14px; color:var(--accent); text-decoration:none; font-size:14px; }
.actions { margin-top:8px; display:flex; gap:8px; }
.status-form { margin-top:10px; }
.error { color:var(--warn); font-weight:600; }
.ok { color:#1e7b34; font-weight:600; }
.packages h2 { margin-top:0; }
.fixes { display:flex; flex-wrap:wrap; gap:6px; margin-top:10px; padding-top:8px; border-top:1px dashed var(--line); }
.fixes button { font-size:13px; padding:4px 9px; }
.fixes .pair { display:inline-flex; gap:4px; }
.fixes input[type=number] { width:92px; font:inherit; font-size:13px; padding:3px 5px; border:1px solid var(--line); border-radius:6px; }
.fixes select { font:inherit; font-size:13px; }
.requests { background:#fff; border:1px solid var(--line); border-radius:8px; padding:8px 12px 8px 28px; margin:0; }
.requests li { margin:3px 0; }
.pkg { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 12px; margin-bottom:10px; }
.pkg.about { border-color:var(--accent); box-shadow:0 0 0 1px var(--accent) inset; }
.pkg h3 { font-size:15px; margin:0 0 2px; }
.timeline { list-style:none; padding:0; margin:8px 0 0; border-left:2px solid var(--line); }
.timeline li { padding:3px 0 3px 12px; position:relative; }
.timeline li::before { content:""; position:absolute; left:-6px; top:10px; width:10px; height:10px; border-radius:50%; background:var(--accent); }
.timeline li.trouble { color:var(--warn); font-weight:600; }
.timeline li.trouble::before { background:var(--warn); }
.timeline .when { color:var(--muted); font-size:13px; margin-right:4px; font-weight:400; }
.status-new, .status-waiting_on_staff { color:var(--warn); font-weight:600; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_markup() {
        let hostile = r#"<b a="1">Tom & Jerry's</b>"#;
        let page = page(
            hostile,
            Some(hostile),
            card(hostile, hostile, hostile, true),
        );
        assert!(!page.contains("<b a"), "{page}");
        assert!(page.contains("&lt;b a=&quot;1&quot;&gt;Tom &amp; Jerry's&lt;/b&gt;"));
    }

    #[test]
    fn query_values_cannot_add_parameters() {
        assert_eq!(query_value("a&status=x y"), "a%26status%3Dx+y");
    }
}
