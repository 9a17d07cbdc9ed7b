//! `[portfolio]` in lockerwall.toml: where this wall reports, as which
//! property, with which key, and what it shares.

use serde::Deserialize;

/// `[portfolio]`: none means the wall reports to no one.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PortfolioSettings {
    /// The portfolio server, `https://portfolio.example.com` (plain `http://`
    /// only on a private network).
    pub url: String,
    /// This property's id on the server.
    pub property: String,
    /// The key the server gave this property (`lockerwall-portfolio property`).
    pub key: String,
    /// Send the audit's words (reasons, names in them) and attention
    /// messages too. Off: events carry resident ids and units only.
    #[serde(default)]
    pub share_details: bool,
    /// Send residents' email addresses and packages' tracking numbers as
    /// keyed hashes, so the package desk can tell which resident wrote and
    /// which package they quote (it cannot read either back).
    #[serde(default)]
    pub match_senders: bool,
    /// Seconds between rounds while caught up.
    #[serde(default = "default_every")]
    pub every_seconds: u32,
    /// Events per batch.
    #[serde(default = "default_batch")]
    pub batch: usize,
    /// Seconds to wait for the server's answer.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// Allow `http://` to another machine (a private network only).
    #[serde(default)]
    pub plain_http: bool,
    /// Every notice links to the resident's own page on the server: their
    /// packages, and what they may ask (decision 0038).
    #[serde(default)]
    pub resident_pages: bool,
    /// The address residents reach the server at, when it is not `url` (the
    /// wall may reach the server by a private name).
    #[serde(default)]
    pub public_url: Option<String>,
    /// Days a notice's link opens the page.
    #[serde(default = "default_link_days")]
    pub link_days: u16,
    /// Residents may ask on their page for a waiting package to be brought
    /// to their door (it joins the staff's delivery run).
    #[serde(default)]
    pub door_delivery_requests: bool,
    /// Only residents of these units may (as typed, or a prefix ending in
    /// `*`: `["1*", "204"]`); empty: every unit.
    #[serde(default)]
    pub door_delivery_units: Vec<String>,
}

fn default_every() -> u32 {
    60
}
fn default_batch() -> usize {
    500
}
fn default_timeout() -> u64 {
    30
}
fn default_link_days() -> u16 {
    60
}

impl PortfolioSettings {
    /// Residents may ask on their page for door delivery (pages on, and the property takes them).
    pub fn takes_door_requests(&self) -> bool {
        self.resident_pages && self.door_delivery_requests
    }

    /// Where the text provider posts delivery reports: the server's
    /// address as residents reach it (else as the wall does), at
    /// `/texts/{property}/status`.
    pub fn text_reports_url(&self) -> String {
        let base = self.public_url.as_deref().unwrap_or(&self.url);
        let path = lockerwall_wire::texts::status_path(&self.property);
        format!("{}{path}", base.trim_end_matches('/'))
    }

    /// Who may ask on their page for door delivery.
    pub fn door_offer(&self) -> crate::domain::DoorOffer {
        crate::domain::DoorOffer {
            on: self.takes_door_requests(),
            units: self.door_delivery_units.clone(),
        }
    }

    /// How notices link to residents' pages (none: they do not).
    pub fn page_links(&self) -> Option<crate::notify::PageLinks> {
        self.resident_pages.then(|| crate::notify::PageLinks {
            base: self.public_url.clone().unwrap_or_else(|| self.url.clone()),
            property: self.property.clone(),
            key: self.key.clone(),
            days: self.link_days,
        })
    }

    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        match crate::net::Endpoint::parse(&self.url, "portfolio.url") {
            Err(e) => return Some(e.to_string()),
            Ok(end) => {
                if let Some(p) = end.plain_http_problem(self.plain_http, "portfolio.url") {
                    return Some(p.to_string());
                }
            }
        }
        if let Some(public) = &self.public_url {
            match crate::net::Endpoint::parse(public, "portfolio.public_url") {
                Err(e) => return Some(e.to_string()),
                Ok(end)
                    if end
                        .plain_http_problem(false, "portfolio.public_url")
                        .is_some() =>
                {
                    return Some(
                        "portfolio.public_url must be https://: residents open it from anywhere"
                            .into(),
                    )
                }
                Ok(_) => {}
            }
        }
        if !(1..=366).contains(&self.link_days) {
            return Some("portfolio.link_days must be between 1 and 366".into());
        }
        if self.key.len() < 16 {
            return Some("portfolio.key must be the key the portfolio server printed (at least 16 characters)".into());
        }
        if self.property.is_empty() {
            return Some("portfolio.property is empty".into());
        }
        if !(1..=5000).contains(&self.batch) {
            return Some("portfolio.batch must be between 1 and 5000".into());
        }
        if !(5..=86_400).contains(&self.every_seconds) {
            return Some("portfolio.every_seconds must be between 5 and 86400".into());
        }
        None
    }
}
