//! The dashboard's page frame and the escaping every page goes through.

/// `text` made safe for HTML text and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page: `title`, the signed-in manager's name (none on the login
/// page), and the body.
pub fn page(title: &str, manager: Option<&str>, body: &str) -> String {
    let nav = match manager {
        Some(name) => format!(
            r#"<nav><a href="/">Portfolio</a><a href="/plan">Visit planner</a>
<span class="who">{}</span>
<form method="post" action="/logout"><button type="submit">Log out</button></form></nav>"#,
            esc(name)
        ),
        None => String::new(),
    };
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Lockerwall</title>
<style>{STYLE}</style></head>
<body><header><span class="brand">Lockerwall</span>{nav}</header>
<main>{body}</main></body></html>"#,
        title = esc(title),
    )
}

/// One figure with its caption, for the cards at the top of a page.
pub fn card(label: &str, value: &str, id: &str, warn: bool) -> String {
    format!(
        r#"<div class="card{}"><div class="value" id="{}">{}</div><div class="label">{}</div></div>"#,
        if warn { " warn" } else { "" },
        esc(id),
        esc(value),
        esc(label)
    )
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
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_markup() {
        assert_eq!(
            esc(r#"<b a="1">Tom & Jerry's</b>"#),
            "&lt;b a=&quot;1&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;"
        );
    }
}
