//! The site file: the wall's lockers and wiring, the directory to start with,
//! and the carrier accounts. The demo site is built in; a real site names its own file.

use crate::domain::Size;
use serde::Deserialize;
use std::collections::HashSet;

/// The demo site shipped in the binary.
pub const DEMO_SITE: &str = include_str!("../assets/demo-site.toml");

/// A whole site file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The property's name.
    pub name: String,
    #[serde(default)]
    pub lockers: Vec<LockerSpec>,
    #[serde(default)]
    pub residents: Vec<ResidentSpec>,
    #[serde(default)]
    pub carriers: Vec<CarrierSpec>,
}

/// One locker: where it is on the wall and where it is wired.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockerSpec {
    pub label: String,
    pub size: Size,
    pub column: u32,
    pub row: u32,
    #[serde(default = "one")]
    pub height: u32,
    #[serde(default)]
    pub accessible: bool,
    pub board: u8,
    pub lock: u8,
    /// An occupancy sensor is fitted (the simulator fits one where this is set).
    #[serde(default)]
    pub sensor: bool,
}

fn one() -> u32 {
    1
}

/// A resident to start the directory with.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidentSpec {
    pub name: String,
    pub unit: String,
    pub building: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub needs_accessible: bool,
}

/// A carrier account with its first PIN (hashed when stored).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarrierSpec {
    pub name: String,
    pub pin: String,
}

/// A site file that cannot be used, in words an installer can act on.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("the site file is not valid: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("locker {0} appears twice")]
    DuplicateLabel(String),
    #[error("lockers {0} and {1} are wired to the same lock (board {2}, lock {3})")]
    SharedLock(String, String, u8, u8),
    #[error("the site has no lockers")]
    NoLockers,
    #[error("locker {0}: board address {1} is out of range (0 to 9)")]
    BoardOutOfRange(String, u8),
    #[error("locker {0}: lock {1} is out of range (1 to 16)")]
    LockOutOfRange(String, u32),
    #[error("locker {0}: height must be at least 1")]
    NoHeight(String),
    #[error("carrier {0}: the PIN must be 4 to 8 digits")]
    BadPin(String),
}

impl Site {
    /// Parse and check a site file.
    pub fn parse(text: &str) -> Result<Site, SiteError> {
        let site: Site = toml::from_str(text)?;
        site.validate()?;
        Ok(site)
    }

    /// The built-in demo site.
    pub fn demo() -> Site {
        Site::parse(DEMO_SITE).expect("the bundled demo site is valid (checked by a test)")
    }

    fn validate(&self) -> Result<(), SiteError> {
        if self.lockers.is_empty() {
            return Err(SiteError::NoLockers);
        }
        let mut labels = HashSet::new();
        let mut wired = std::collections::HashMap::new();
        for l in &self.lockers {
            // KR-CU16 limits: ten boards on a bus, sixteen locks a board.
            if l.board > 9 {
                return Err(SiteError::BoardOutOfRange(l.label.clone(), l.board));
            }
            if l.lock > 15 {
                return Err(SiteError::LockOutOfRange(
                    l.label.clone(),
                    u32::from(l.lock) + 1,
                ));
            }
            if l.height == 0 {
                return Err(SiteError::NoHeight(l.label.clone()));
            }
            if !labels.insert(l.label.as_str()) {
                return Err(SiteError::DuplicateLabel(l.label.clone()));
            }
            if let Some(other) = wired.insert((l.board, l.lock), l.label.as_str()) {
                return Err(SiteError::SharedLock(
                    other.to_string(),
                    l.label.clone(),
                    l.board,
                    l.lock + 1,
                ));
            }
        }
        for c in &self.carriers {
            if !(4..=8).contains(&c.pin.len()) || !c.pin.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SiteError::BadPin(c.name.clone()));
            }
        }
        Ok(())
    }

    /// Boards and how many locks each needs (for the simulator).
    pub fn boards(&self) -> Vec<(u8, u8, bool)> {
        let mut boards: std::collections::BTreeMap<u8, (u8, bool)> = Default::default();
        for l in &self.lockers {
            let e = boards.entry(l.board).or_default();
            e.0 = e.0.max(l.lock + 1);
            e.1 |= l.sensor;
        }
        boards.into_iter().map(|(b, (n, s))| (b, n, s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_site_is_valid_and_sized() {
        let site = Site::demo();
        assert!((28..=36).contains(&site.lockers.len()));
        for size in Size::ALL {
            assert!(site.lockers.iter().any(|l| l.size == size), "{size:?}");
        }
        assert!(site.lockers.iter().filter(|l| l.accessible).count() >= 3);
        assert!(site.residents.len() >= 40);
        let names: Vec<_> = site.carriers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["USPS", "UPS", "FedEx", "Amazon", "DHL", "Other"]);
    }

    #[test]
    fn mistakes_are_named() {
        let base = "name = \"x\"\n";
        let locker = |label: &str, lock: u8| {
            format!("[[lockers]]\nlabel = \"{label}\"\nsize = \"S\"\ncolumn = 0\nrow = 0\nboard = 0\nlock = {lock}\n")
        };
        let dup = format!("{base}{}{}", locker("A1", 0), locker("A1", 1));
        assert!(matches!(Site::parse(&dup), Err(SiteError::DuplicateLabel(l)) if l == "A1"));
        let shared = format!("{base}{}{}", locker("A1", 0), locker("A2", 0));
        assert_eq!(
            Site::parse(&shared).unwrap_err().to_string(),
            "lockers A1 and A2 are wired to the same lock (board 0, lock 1)"
        );
        assert!(matches!(Site::parse(base), Err(SiteError::NoLockers)));
        let bad_size = format!("{base}{}", locker("A1", 0).replace("\"S\"", "\"XXL\""));
        assert!(matches!(Site::parse(&bad_size), Err(SiteError::Parse(_))));
        let board = format!(
            "{base}{}",
            locker("A1", 0).replace("board = 0", "board = 12")
        );
        assert_eq!(
            Site::parse(&board).unwrap_err().to_string(),
            "locker A1: board address 12 is out of range (0 to 9)"
        );
        assert_eq!(
            Site::parse(&format!("{base}{}", locker("A1", 16)))
                .unwrap_err()
                .to_string(),
            "locker A1: lock 17 is out of range (1 to 16)"
        );
        let no_lock = format!("{base}{}", locker("A1", 0).replace("lock = 0\n", ""));
        let e = Site::parse(&no_lock).unwrap_err().to_string();
        assert!(
            e.contains("missing field `lock`") && e.contains("line"),
            "{e}"
        );
        let pin = format!(
            "{base}{}[[carriers]]\nname = \"UPS\"\npin = \"12\"\n",
            locker("A1", 0)
        );
        assert!(matches!(Site::parse(&pin), Err(SiteError::BadPin(n)) if n == "UPS"));
    }
}
