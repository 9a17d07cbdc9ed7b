//! The link to a resident's own page that every notice carries (when the
//! wall reports to a portfolio server with `resident_pages` on).

use crate::domain::{ResidentId, Timestamp};
use lockerwall_wire::ResidentLink;

/// How this wall links residents to their pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageLinks {
    /// The server's address as residents reach it.
    pub base: String,
    /// The property's id on the server, and its key.
    pub property: String,
    pub key: String,
    /// Days a link opens the page.
    pub days: u16,
}

impl PageLinks {
    /// The link for `resident`, in `language`, issued at `issued` (the
    /// notice's own time: the same notice always carries the same link).
    pub fn link(&self, resident: ResidentId, language: &str, issued: Timestamp) -> String {
        ResidentLink {
            resident: resident.0,
            issued_s: issued.0.div_euclid(1000),
            days: self.days,
            language: language.to_string(),
        }
        .url(&self.base, &self.key, &self.property)
    }
}
