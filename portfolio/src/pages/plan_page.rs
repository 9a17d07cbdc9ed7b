//! The visit planner's page.

use super::html::page;
use crate::planner::Visit;
use maud::html;

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
    let body = html! {
        h1 { "Visit planner" }
        p.sub { "The next 7 days: each community on the day it needs package staff most, the most urgent first. Need is the expected load per locker plus overflow, the package room, expired packages and open attention items." }
        div.links { a href="/plan.csv" { "Download the plan as CSV" } }
        div.scroll { table #plan {
            thead { tr {
                th scope="col" { "#" }
                th.text scope="col" { "Property" }
                th.left scope="col" { "Visit" }
                th scope="col" { "Need" }
                th.text scope="col" { "Why" }
            } }
            tbody {
                @for (i, v) in plan.iter().enumerate() {
                    tr data-property=(v.property) {
                        td { (i + 1) }
                        td.text { a href={ "/p/" (v.property) } { (v.name) } }
                        td.left { (v.day.format("%a %-d %b")) }
                        td { (format!("{:.2}", v.need)) }
                        td.text { (v.reason) }
                    }
                }
                @if plan.is_empty() {
                    tr { td.text colspan="5" { "No properties to plan for." } }
                }
            }
        } }
    };
    page("Visit planner", Some(manager), body)
}
