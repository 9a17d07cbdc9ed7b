//! CSV for every table on the dashboard (RFC 4180 quoting; a leading `=`,
//! `+`, `-`, `@`, tab or carriage return is quoted with an apostrophe so a
//! spreadsheet does not run it). The cell rule lives in the wire crate: the
//! wall's own reports use it too.

/// One CSV document from a header and rows.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    line(&mut out, header.iter().map(|h| h.to_string()));
    for r in rows {
        line(&mut out, r.iter().cloned());
    }
    out
}

fn line(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.map(|c| cell(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One cell, defused and quoted as needed (shared with the wall's reports).
pub use lockerwall_wire::csv::cell;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let t = table(
            &["name", "n"],
            &[
                vec!["Maple, \"East\"".into(), "-3".into()],
                vec!["=cmd()".into(), "4".into()],
            ],
        );
        assert_eq!(t, "name,n\r\n\"Maple, \"\"East\"\"\",-3\r\n'=cmd(),4\r\n");
        assert_eq!(cell("\t=1+1"), "'\t=1+1");
        assert_eq!(cell("\r=1+1"), "\"'\r=1+1\"");
    }
}
