//! The visit planner's page.

use super::html::{esc, page};
use crate::planner::Visit;

/// The plan's columns (page and CSV).
pub const COLUMNS: &[&str] = &[
    "Rank",
    "Property",
    "Day",
    "Need",
    "Expected deliveries",
    "Lockers",
    "Why",
];

/// One visit's cells.
pub fn cells(rank: usize, v: &Visit) -> Vec<String> {
    vec![
        rank.to_string(),
        v.name.clone(),
        v.day.format("%Y-%m-%d").to_string(),
        format!("{:.2}", v.need),
        v.expected.to_string(),
        v.lockers.to_string(),
        v.reason.clone(),
    ]
}

/// The page.
pub fn render(manager: &str, plan: &[Visit]) -> String {
    let mut rows = String::new();
    for (i, v) in plan.iter().enumerate() {
        rows.push_str(&format!(
            r#"<tr data-property="{}"><td>{}</td><td class="text"><a href="/p/{}">{}</a></td><td class="left">{}</td><td>{:.2}</td><td class="text">{}</td></tr>"#,
            esc(&v.property),
            i + 1,
            esc(&v.property),
            esc(&v.name),
            v.day.format("%a %-d %b"),
            v.need,
            esc(&v.reason)
        ));
    }
    if plan.is_empty() {
        rows = r#"<tr><td colspan="5" class="text">No properties to plan for.</td></tr>"#.into();
    }
    page(
        "Visit planner",
        Some(manager),
        &format!(
            r#"<h1>Visit planner</h1><p class="sub">The next 7 days: each community on the day it needs package staff most, the most urgent first. Need is the expected load per locker plus overflow, the package room, expired packages and open attention items.</p>
<div class="links"><a href="/plan.csv">Download the plan as CSV</a></div>
<div class="scroll"><table id="plan"><thead><tr><th scope="col">#</th><th scope="col" class="text">Property</th><th scope="col" class="left">Visit</th><th scope="col">Need</th><th scope="col" class="text">Why</th></tr></thead><tbody>{rows}</tbody></table></div>"#
        ),
    )
}
