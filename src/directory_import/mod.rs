//! Reading a property-management export (CSV) into directory rows. Pure: the
//! store applies the rows in one transaction (`Store::import_residents`).

mod columns;

pub use columns::{ColumnMap, Field};

use crate::domain::{NotifyBy, ResidentRecord};

/// One resident as the export describes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The line the record starts on (1 = the header).
    pub line: u64,
    /// The resident as the line has them (id 0: not matched yet; active).
    pub resident: ResidentRecord,
}

/// A line that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    pub why: String,
}

/// An export read: good rows, bad rows, and notes (fields given a default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The optional fields the export has: only these are changed on update.
    pub has: std::collections::HashSet<Field>,
    pub rows: Vec<ImportRow>,
    pub bad: Vec<BadRow>,
    pub notes: Vec<String>,
}

/// Options for reading an export.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// `field=Header` pairs for columns the defaults do not recognise.
    pub map: Vec<(String, String)>,
    /// The building for rows (or exports) that have none.
    pub building: Option<String>,
}

/// Why an export as a whole cannot be read (bad lines are `Parsed::bad`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the header line cannot be read: {0}")]
    Header(String),
    #[error("the file is empty or has no header line")]
    Empty,
    #[error("--map {key}=...: no such field (fields: {fields})")]
    NoSuchField { key: String, fields: String },
    #[error("--map {key}={wanted}: the file has no column {wanted:?}")]
    NoSuchColumn { key: String, wanted: String },
    #[error("no name column: the header is {header:?}; say which with --map name=HEADER (or first_name=... and last_name=...)")]
    NoName { header: Vec<String> },
    #[error("no unit column: the header is {header:?}; say which with --map unit=HEADER")]
    NoUnit { header: Vec<String> },
}

/// A cell's text that is none of the values its column takes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Unrecognised(String);

fn language(text: Option<&str>) -> Result<String, Unrecognised> {
    let t = text.unwrap_or("en").trim().to_lowercase();
    match t.as_str() {
        "en" | "eng" | "english" | "en-us" => Ok("en".into()),
        "es" | "spa" | "spanish" | "español" | "espanol" | "es-us" | "es-mx" => Ok("es".into()),
        _ => Err(Unrecognised(t)),
    }
}

fn yes(text: Option<&str>) -> Result<bool, Unrecognised> {
    match text.map(|t| t.trim().to_lowercase()).as_deref() {
        None | Some("") | Some("no") | Some("n") | Some("false") | Some("0") => Ok(false),
        Some("yes") | Some("y") | Some("true") | Some("1") | Some("x") => Ok(true),
        Some(other) => Err(Unrecognised(other.to_string())),
    }
}

/// Email, text or both, as exports spell them ("SMS", "E-mail & text").
fn notify_by(text: Option<&str>) -> Result<NotifyBy, Unrecognised> {
    let t = text.map(|t| t.trim().to_lowercase()).unwrap_or_default();
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let email = words.iter().any(|w| ["email", "e", "mail"].contains(w));
    let text = words
        .iter()
        .any(|w| ["text", "sms", "txt", "texts", "mobile", "cell"].contains(w));
    match (email, text) {
        _ if words.is_empty() => Ok(NotifyBy::Email),
        _ if words == ["both"] || words == ["all"] => Ok(NotifyBy::Both),
        (true, true) => Ok(NotifyBy::Both),
        (false, true) if words.len() <= 2 => Ok(NotifyBy::Text),
        (true, false) if words.len() <= 2 => Ok(NotifyBy::Email),
        _ => Err(Unrecognised(t)),
    }
}

/// Good enough to catch a typo: one @, a dot in the domain, no spaces.
pub fn looks_like_email(e: &str) -> bool {
    let mut parts = e.split('@');
    matches!((parts.next(), parts.next(), parts.next()),
        (Some(local), Some(domain), None)
            if !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
               && !domain.ends_with('.') && !e.contains(char::is_whitespace))
}

/// The line a byte offset is on, counting "\r\n", "\r" and "\n" as the csv
/// crate does (its own count skips blank lines; a file from an old Mac tool
/// ends its lines with "\r" alone, found by fuzzing).
fn line_at(data: &[u8], byte: u64) -> u64 {
    let mut end = (byte as usize).min(data.len());
    // A record's position can be the blank lines before it.
    while end < data.len() && matches!(data[end], b'\n' | b'\r') {
        end += 1;
    }
    let mut line = 1;
    for (i, &b) in data[..end].iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
        }
    }
    line
}

/// Read an export. Errors only when the file as a whole is unusable (no header,
/// no name or unit column); bad lines are reported in `Parsed::bad`.
pub fn read(data: &[u8], options: &ReadOptions) -> Result<Parsed, ImportError> {
    // Exports from Windows tools often start with a byte-order mark.
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let header = reader
        .headers()
        .map_err(|e| ImportError::Header(e.to_string()))?
        .clone();
    let header_fields: Vec<&str> = header.iter().collect();
    if header_fields.iter().all(|h| h.trim().is_empty()) {
        return Err(ImportError::Empty);
    }
    let map = ColumnMap::new(&header_fields, &options.map)?;
    let mut out = Parsed {
        has: map.columns.keys().copied().collect(),
        ..Parsed::default()
    };
    if options.building.is_some() {
        out.has.insert(Field::Building);
    }
    let mut unknown_languages = std::collections::BTreeSet::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(data, p.byte()));
                out.bad.push(BadRow {
                    line,
                    why: format!("cannot be read: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(data, p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |f| map.get(&record, f);
        let name = match get(Field::Name) {
            Some(n) => Some(n.to_string()),
            None => match (get(Field::FirstName), get(Field::LastName)) {
                (Some(f), Some(l)) => Some(format!("{f} {l}")),
                (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
                (None, None) => None,
            },
        };
        let name = name.map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "));
        let unit = get(Field::Unit).map(str::to_string);
        let external_id = get(Field::ExternalId).map(str::to_string);
        let bad = |why: String| BadRow { line, why };
        let breaks: u64 = record.iter().map(|f| f.matches('\n').count() as u64).sum();
        if breaks > 0 && record.len() != header.len() {
            // An unclosed quote swallows the following lines into one field.
            out.bad.push(bad(format!(
                "a quote opened here is never closed, so lines {line} to {} were read as one \
                 record and skipped: fix the quote and import again",
                line + breaks
            )));
            continue;
        }
        if record.len() != header.len() {
            out.bad.push(bad(format!(
                "has {} fields where the header has {} (a stray comma or quote?)",
                record.len(),
                header.len()
            )));
            continue;
        }
        let (Some(name_v), Some(unit_v)) = (name.clone(), unit.clone()) else {
            let missing = if name.is_none() { "name" } else { "unit" };
            out.bad.push(bad(format!("the {missing} is empty")));
            continue;
        };
        let email = get(Field::Email).map(str::to_string);
        if let Some(e) = email.as_deref().filter(|e| !looks_like_email(e)) {
            out.bad.push(bad(format!("{e:?} is not an email address")));
            continue;
        }
        let lang = match language(get(Field::Language)) {
            Ok(l) => l,
            Err(Unrecognised(other)) => {
                unknown_languages.insert(other);
                "en".into()
            }
        };
        let door_delivery = match yes(get(Field::DoorDelivery)) {
            Ok(v) => v,
            Err(Unrecognised(v)) => {
                out.bad
                    .push(bad(format!("door delivery {v:?} is not yes or no")));
                continue;
            }
        };
        // Reminders come unless the export says no.
        let reminders = match get(Field::Reminders)
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            None => true,
            Some(v) => match yes(Some(v)) {
                Ok(on) => on,
                Err(Unrecognised(v)) => {
                    out.bad
                        .push(bad(format!("reminders {v:?} is not yes or no")));
                    continue;
                }
            },
        };
        // Email unless the export says text or both.
        let notify_by = match notify_by(get(Field::NotifyBy)) {
            Ok(b) => b,
            Err(Unrecognised(v)) => {
                out.bad.push(bad(format!(
                    "how to tell them {v:?} is not email, text or both"
                )));
                continue;
            }
        };
        let accessible = match yes(get(Field::Accessible)) {
            Ok(v) => v,
            Err(Unrecognised(v)) => {
                out.bad
                    .push(bad(format!("accessible {v:?} is not yes or no")));
                continue;
            }
        };
        let resident = ResidentRecord {
            id: 0,
            external_id,
            name: name_v,
            unit: unit_v,
            building: get(Field::Building)
                .map(str::to_string)
                .or_else(|| options.building.clone())
                .unwrap_or_default(),
            email,
            phone: get(Field::Phone).map(str::to_string),
            language: lang,
            door_delivery,
            reminders,
            notify_by,
            accessible,
            active: true,
        };
        out.rows.push(ImportRow { line, resident });
    }
    if !unknown_languages.is_empty() {
        out.notes.push(format!(
            "languages with no notices yet, sent in English: {}",
            unknown_languages.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    // A resident given twice (by id, or by unit, building and name when there
    // is no id): the second is refused, so the file decides nothing twice.
    let mut seen = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(out.rows.len());
    for row in std::mem::take(&mut out.rows) {
        let key = match &row.resident.external_id {
            Some(id) => format!("id {id}"),
            None => format!(
                "{}|{}|{}",
                row.resident.unit.to_lowercase(),
                row.resident.building.to_lowercase(),
                row.resident.name.to_lowercase()
            ),
        };
        if let Some(&first) = seen.get(&key) {
            let who = match &row.resident.external_id {
                Some(id) => format!("resident id {id}"),
                None => format!("{} in unit {}", row.resident.name, row.resident.unit),
            };
            out.bad.push(BadRow {
                line: row.line,
                why: format!("{who} is also on line {first}"),
            });
            continue;
        }
        seen.insert(key, row.line);
        rows.push(row);
    }
    out.rows = rows;
    out.bad.sort_by_key(|b| b.line);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_with_every_line_ending() {
        for eol in ["\n", "\r\n", "\r"] {
            let csv = ["Name,Unit", "A,1", "", "B,2", "C,"].join(eol);
            let p = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
            let lines: Vec<u64> = p.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 4], "{eol:?}");
            assert_eq!(p.bad[0].line, 5, "{eol:?}");
        }
    }

    #[test]
    fn reads_quoted_accented_and_bad_lines() {
        let csv = "\u{feff}Resident ID,Name,Unit,Building,Email,Language\n\
                   R1,\"Hernández, Diego\",101,A,diego@example.com,Spanish\n\
                   R2,Zoë Åberg,102,A,,\n\
                   R3,No Unit,,A,x@example.com,en\n\
                   R4,Too,Many,Fields,a@b.co,en,extra\n\
                   R5,Bad Mail,103,A,not-an-email,en\n\
                   R1,Again,104,A,,en\n\
                   \n\
                   R6,\"Lee \"\"Sam\"\" Park\",105,B,sam@example.com,Korean\n";
        let p = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
        let names: Vec<_> = p.rows.iter().map(|r| r.resident.name.as_str()).collect();
        assert_eq!(names, ["Hernández, Diego", "Zoë Åberg", "Lee \"Sam\" Park"]);
        assert_eq!(p.rows[0].resident.language, "es");
        assert_eq!(p.rows[1].resident.email, None);
        assert_eq!(p.rows[2].line, 9);
        let bad: Vec<_> = p.bad.iter().map(|b| b.line).collect();
        assert_eq!(bad, [4, 5, 6, 7]);
        assert!(p.bad[0].why.contains("unit is empty"));
        assert!(p.bad[1].why.contains("7 fields"));
        assert!(p.bad[3].why.contains("also on line 2"));
        assert!(p.notes[0].contains("korean"));
    }
}
