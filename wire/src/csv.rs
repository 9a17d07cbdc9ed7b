//! CSV as every part of Lockerwall writes it: `csv::Writer` does the RFC
//! 4180 quoting, and one step first defuses each cell, so a leading `=`,
//! `+`, `-`, `@`, tab or carriage return gets an apostrophe and a
//! spreadsheet does not run it. The server's tables and the wall's reports
//! and lists all write through [`Table`].

use std::borrow::Cow;
use std::io::Write;

/// The defusing step: a cell a spreadsheet would run as a formula, made text.
pub fn defuse(c: &str) -> Cow<'_, str> {
    let formula = c.starts_with(['=', '+', '@', '\t', '\r']);
    if formula || (c.starts_with('-') && c.parse::<f64>().is_err()) {
        Cow::Owned(format!("'{c}"))
    } else {
        Cow::Borrowed(c)
    }
}

/// Rows of defused cells into `W`, quoted by the `csv` crate.
pub struct Table<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> Table<W> {
    /// A table whose rows end with CR LF (RFC 4180; what spreadsheets expect).
    pub fn crlf(out: W) -> Self {
        Self::ending(out, csv::Terminator::CRLF)
    }

    /// A table whose rows end with LF (the wall's command-line output).
    pub fn lf(out: W) -> Self {
        Self::ending(out, csv::Terminator::Any(b'\n'))
    }

    fn ending(out: W, terminator: csv::Terminator) -> Self {
        let writer = csv::WriterBuilder::new()
            .terminator(terminator)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        Self { writer }
    }

    /// One row, each cell defused.
    pub fn row<I, S>(&mut self, cells: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells = cells.into_iter().map(|c| defuse(c.as_ref()).into_owned());
        self.writer
            .write_record(cells)
            .map_err(std::io::Error::other)
    }

    /// The output, flushed.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

impl Table<Vec<u8>> {
    /// The table written in memory, as text (every cell came in as text).
    pub fn into_string(self) -> String {
        let bytes = self.finish().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// One CSV document (CR LF) from a header and rows.
pub fn document(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut table = Table::crlf(Vec::new());
    // Writing to memory cannot fail.
    let _ = table.row(header);
    for r in rows {
        let _ = table.row(r);
    }
    table.into_string()
}

/// One cell, defused and quoted as needed.
pub fn cell(c: &str) -> String {
    if c.is_empty() {
        return String::new();
    }
    let mut table = Table::lf(Vec::new());
    let _ = table.row([c]);
    let mut out = table.into_string();
    out.pop(); // the row's LF
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_defused_then_quoted() {
        assert_eq!(cell("=cmd()"), "'=cmd()");
        assert_eq!(cell("-3"), "-3");
        assert_eq!(cell("-cmd"), "'-cmd");
        assert_eq!(cell("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(cell("Maple, \"East\""), "\"Maple, \"\"East\"\"\"");
        assert_eq!(cell(""), "");
    }
}
