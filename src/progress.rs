//! Progress for long commands: a bar or a spinner on standard error, drawn
//! only when it is a terminal (a timer's journal gets the closing line the
//! command prints anyway).

use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;

/// A bar for `len` steps of `what` ("screens", "properties").
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(len)
        .with_style(style)
        .with_message(what.to_string())
}

/// A spinner saying what is being done, for work with no count.
pub fn spinner(what: &str) -> ProgressBar {
    let s = ProgressBar::new_spinner().with_message(what.to_string());
    s.enable_steady_tick(Duration::from_millis(120));
    s
}
