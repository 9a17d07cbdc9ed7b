//! The guided audit's progress: the places to look, in walking order (the
//! wall's doors, the package room's shelves, what the staff hold), and what
//! staff said of each.

use crate::domain::audit::{AuditItem, AuditPlace};
use crate::domain::Finding;

/// One place the audit looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditStop {
    pub item: AuditItem,
    /// Its door is unlocked on arriving here (not when the stop before
    /// opened the same door, and never for what the staff hold).
    pub opens: bool,
    /// Opened because its item sensor says something is inside an empty locker.
    pub sensor_only: bool,
}

impl AuditStop {
    /// The stops for what the records say, with the door sensors' word on
    /// empty lockers: every package, and each empty locker that feels full.
    pub fn walk(items: Vec<AuditItem>, sensed: impl Fn(&AuditItem) -> bool) -> Vec<AuditStop> {
        let mut stops: Vec<AuditStop> = Vec::new();
        for item in items {
            let sensor_only = item.package.is_none() && sensed(&item);
            if item.package.is_none() && !sensor_only {
                continue;
            }
            let door = item.place.locker_id();
            let same_door = stops.last().and_then(|s| s.item.place.locker_id()) == door;
            stops.push(AuditStop {
                opens: door.is_some() && !same_door,
                item,
                sensor_only,
            });
        }
        stops
    }

    /// The answers that fit this stop: a package's, or an empty locker's;
    /// "did not open" only where there is a door.
    pub fn fits(&self, finding: Finding) -> bool {
        match finding {
            Finding::NotOpened => self.item.place.door().is_some(),
            Finding::Present | Finding::Missing | Finding::Other => self.item.package.is_some(),
            Finding::Empty | Finding::FoundItem => self.item.package.is_none(),
        }
    }
}

/// An audit under way (or just finished).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditWalk {
    /// None until the store has started it.
    pub id: Option<i64>,
    pub stops: Vec<AuditStop>,
    /// The stop being looked at.
    pub at: usize,
    /// What was said of each stop so far.
    pub findings: Vec<(AuditPlace, Finding)>,
    /// A label scanned at this stop that is not the expected package's.
    pub wrong_label: bool,
}

impl AuditWalk {
    /// An audit not started yet.
    pub fn new() -> AuditWalk {
        AuditWalk {
            id: None,
            stops: Vec::new(),
            at: 0,
            findings: Vec::new(),
            wrong_label: false,
        }
    }

    /// The stop being looked at, if the audit is not over.
    pub fn current(&self) -> Option<&AuditStop> {
        self.id.and(self.stops.get(self.at))
    }

    /// Every stop answered.
    pub fn finished(&self) -> bool {
        self.id.is_some() && self.at >= self.stops.len()
    }

    /// Findings that need a person.
    pub fn discrepancies(&self) -> usize {
        self.findings
            .iter()
            .filter(|(_, f)| f.is_discrepancy())
            .count()
    }
}

impl Default for AuditWalk {
    fn default() -> Self {
        Self::new()
    }
}
