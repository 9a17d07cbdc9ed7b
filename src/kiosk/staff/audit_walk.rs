//! The guided audit's progress: the doors to open, in wall order, and what
//! staff said of each.

use crate::domain::wall::LockerCard;
use crate::store::Finding;

/// One door the audit opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditStop {
    pub card: LockerCard,
    /// Opened because its item sensor says something is inside an empty locker.
    pub sensor_only: bool,
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
    pub findings: Vec<(String, Finding)>,
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
