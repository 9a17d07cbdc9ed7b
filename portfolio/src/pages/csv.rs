//! CSV for every table on the dashboard (RFC 4180 quoting; a leading `=`,
//! `+`, `-`, `@`, tab or carriage return is quoted with an apostrophe so a
//! spreadsheet does not run it). The writer lives in the wire crate: the
//! wall's own reports use it too.

/// One CSV document from a header and rows.
pub use lockerwall_wire::csv::document as table;

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
