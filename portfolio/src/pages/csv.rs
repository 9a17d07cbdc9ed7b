//! CSV for every table on the dashboard (RFC 4180 quoting; a leading `=`,
//! `+`, `-` or `@` is quoted with an apostrophe so a spreadsheet does not run it).

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

fn cell(c: &str) -> String {
    let c = if c.starts_with(['=', '+', '@']) || (c.starts_with('-') && c.parse::<f64>().is_err()) {
        format!("'{c}")
    } else {
        c.to_string()
    };
    if c.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", c.replace('"', "\"\""))
    } else {
        c
    }
}

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
    }
}
