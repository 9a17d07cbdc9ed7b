//! The desk's service figures: per property and per person.

use super::html::page;
use crate::desk::service::{minutes_words, PersonService, PropertyService};
use maud::{html, Markup};

/// The property table's columns (page and CSV).
pub const PROPERTY_COLUMNS: &[&str] = &[
    "Property",
    "Questions",
    "Deliveries",
    "Questions per 100 deliveries",
    "Median first response",
    "Median resolution",
    "Open",
];

/// One property's cells.
pub fn property_cells(p: &PropertyService) -> Vec<String> {
    vec![
        p.name.clone(),
        p.questions.to_string(),
        p.deliveries.to_string(),
        p.per_100().map_or("–".into(), |v| format!("{v:.1}")),
        minutes_words(p.first_response_minutes),
        minutes_words(p.resolution_minutes),
        p.open.to_string(),
    ]
}

const PERSON_COLUMNS: &[&str] = &[
    "Person",
    "Answers sent",
    "Tickets answered first",
    "Median first response",
    "Of those, solved",
];

fn table(id: &str, columns: &[&str], rows: &[Vec<String>]) -> Markup {
    html! {
        div.scroll { table id=(id) {
            thead { tr {
                @for (i, c) in columns.iter().enumerate() {
                    th.left[i == 0] { (c) }
                }
            } }
            tbody {
                @for r in rows { tr { @for c in r { td { (c) } } } }
            }
        } }
    }
}

/// The page.
pub fn render(
    manager: &str,
    days: i64,
    props: &[PropertyService],
    people: &[PersonService],
) -> String {
    let prows: Vec<Vec<String>> = props.iter().map(property_cells).collect();
    let people_rows: Vec<Vec<String>> = people
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.answers.to_string(),
                p.first_answers.to_string(),
                minutes_words(p.first_response_minutes),
                p.solved.to_string(),
            ]
        })
        .collect();
    let body = html! {
        p.crumbs { a href="/desk" { "Package desk" } " › Service" }
        h1 { "Desk service, last " (days) " days" }
        p.sub { "First response: from the question to the first answer. Resolution: to solved. Questions per 100 deliveries: fewer is better (clear notices and a wall that works bring few)." }
        div.links { a href="/desk/service.csv" { "Download CSV" } }
        h2 { "By property" }
        (table("by-property", PROPERTY_COLUMNS, &prows))
        h2 { "By person" }
        @if people.is_empty() {
            p.muted { "Nobody has answered from the desk in this period." }
        } @else {
            (table("people", PERSON_COLUMNS, &people_rows))
        }
    };
    page("Desk service", Some(manager), body)
}
