//! The desk's service figures: per property and per person.

use super::html::{esc, page};
use crate::desk::service::{minutes_words, PersonService, PropertyService};

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

fn table(id: &str, columns: &[&str], rows: &[Vec<String>]) -> String {
    let head: String = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "<th{}>{}</th>",
                if i == 0 { r#" class="left""# } else { "" },
                esc(c)
            )
        })
        .collect();
    let body: String = rows
        .iter()
        .map(|r| {
            let cells: String = r.iter().map(|c| format!("<td>{}</td>", esc(c))).collect();
            format!("<tr>{cells}</tr>")
        })
        .collect();
    format!(
        r#"<div class="scroll"><table id="{id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"#
    )
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
    let people_table = if people.is_empty() {
        r#"<p class="muted">Nobody has answered from the desk in this period.</p>"#.to_string()
    } else {
        table("people", PERSON_COLUMNS, &people_rows)
    };
    let body = format!(
        r#"<p class="crumbs"><a href="/desk">Package desk</a> › Service</p>
<h1>Desk service, last {days} days</h1>
<p class="sub">First response: from the question to the first answer. Resolution: to solved. Questions per 100 deliveries: fewer is better (clear notices and a wall that works bring few).</p>
<div class="links"><a href="/desk/service.csv">Download CSV</a></div>
<h2>By property</h2>{}
<h2>By person</h2>{people_table}"#,
        table("by-property", PROPERTY_COLUMNS, &prows)
    );
    page("Desk service", Some(manager), &body)
}
