//! One CSV cell, defused and quoted: a leading `=`, `+`, `-`, `@`, tab or
//! carriage return gets an apostrophe so a spreadsheet does not run it.
//! The server's tables and the wall's reports both write cells this way.

/// One cell, defused and quoted as needed.
pub fn cell(c: &str) -> String {
    let formula = c.starts_with(['=', '+', '@', '\t', '\r']);
    let c = if formula || (c.starts_with('-') && c.parse::<f64>().is_err()) {
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
