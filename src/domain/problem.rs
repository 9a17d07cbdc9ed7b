//! A problem a resident or carrier reports at the wall, and what the kiosk knew of it.

use super::{LockerId, PackageId, Timestamp};

/// What a resident or carrier reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    DoorDidNotOpen,
    PackageMissing,
    WrongPackage,
    Damaged,
    Other,
}

impl ProblemKind {
    /// Every kind, in the order the panel lists them.
    pub const ALL: [ProblemKind; 5] = [
        ProblemKind::DoorDidNotOpen,
        ProblemKind::PackageMissing,
        ProblemKind::WrongPackage,
        ProblemKind::Damaged,
        ProblemKind::Other,
    ];

    /// The stored name (attention kind `problem_<name>`, audit detail).
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::DoorDidNotOpen => "door",
            ProblemKind::PackageMissing => "missing",
            ProblemKind::WrongPackage => "wrong_package",
            ProblemKind::Damaged => "damaged",
            ProblemKind::Other => "other",
        }
    }

    /// Parse the stored name.
    pub fn parse(s: &str) -> Option<ProblemKind> {
        ProblemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// For staff, in words.
    pub fn words(self) -> &'static str {
        match self {
            ProblemKind::DoorDidNotOpen => "the door did not open",
            ProblemKind::PackageMissing => "the package is missing",
            ProblemKind::WrongPackage => "the wrong package is in the locker",
            ProblemKind::Damaged => "the package is damaged",
            ProblemKind::Other => "something else is wrong",
        }
    }
}

/// What the kiosk knew when the report was made. The code typed is never
/// kept: the package it opened says the same without putting a secret on
/// the staff's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemContext {
    /// The screen under the panel.
    pub screen: &'static str,
    pub locker: Option<(LockerId, String)>,
    pub package: Option<PackageId>,
    /// The logged-in carrier, if a carrier reported it.
    pub carrier: Option<String>,
    pub at: Timestamp,
}

/// A problem report on its way to the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemReport {
    pub kind: ProblemKind,
    pub context: ProblemContext,
}
