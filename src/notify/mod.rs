//! Notices to residents: templates now; the outbox and email come with the notices issue.

pub mod templates;
