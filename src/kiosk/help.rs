//! "Need help?" on every resident and carrier screen: the property's package
//! contact, and a problem report that carries what the kiosk knows of the
//! moment (the screen, the locker, the package, the time) to the staff's
//! attention list. The panel lies over the screen: doors in flight and the
//! screen under it go on as before.

use super::flow::Flow;
use super::{Effect, Screen};
use crate::domain::{LockerId, PackageId, Timestamp};

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

/// The panel as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpPanel {
    pub context: ProblemContext,
    /// Sent, and whether the store took it (`None`: not sent yet).
    pub reported: Option<(ProblemKind, bool)>,
}

/// Taps on the panel and the store's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpEvent {
    Open,
    Close,
    Report(ProblemKind),
    /// The report was recorded (or could not be).
    Reported(bool),
}

impl HelpEvent {
    /// A tap by the person at the screen (keeps it alive), not a store answer.
    pub fn from_person(&self) -> bool {
        !matches!(self, HelpEvent::Reported(_))
    }
}

impl Flow {
    /// The help panel over the screen, when it is open.
    pub fn help(&self) -> Option<&HelpPanel> {
        self.help.as_ref()
    }

    pub(super) fn help_event(&mut self, e: HelpEvent, now: Timestamp, fx: &mut Vec<Effect>) {
        match e {
            // Staff have their own tools; the panel is for residents and carriers.
            HelpEvent::Open if !self.in_staff_mode() => {
                self.help = Some(HelpPanel {
                    context: self.problem_context(now),
                    reported: None,
                });
            }
            HelpEvent::Open => {}
            HelpEvent::Close => self.help = None,
            HelpEvent::Report(kind) => {
                if let Some(panel) = self.help.as_mut().filter(|p| p.reported.is_none()) {
                    panel.context.at = now;
                    fx.push(Effect::ReportProblem(ProblemReport {
                        kind,
                        context: panel.context.clone(),
                    }));
                    panel.reported = Some((kind, true));
                }
            }
            HelpEvent::Reported(ok) => {
                if let Some((_, stored)) = self.help.as_mut().and_then(|p| p.reported.as_mut()) {
                    *stored = ok;
                }
            }
        }
    }

    /// The locker and package the person is dealing with: the door on the
    /// screen, else the last door the kiosk opened and still watches.
    fn problem_context(&self, now: Timestamp) -> ProblemContext {
        let on_screen = match &self.screen {
            Screen::DepositDoor { door, .. } => Some(door.locker.clone()),
            Screen::PickupDoor { doors, .. } => doors.last().map(|d| d.locker.clone()),
            _ => None,
        };
        let flight = match &on_screen {
            Some(l) => self.in_flight.iter().find(|f| f.locker.id == l.id),
            None => self.in_flight.last(),
        };
        let locker = on_screen.or_else(|| flight.map(|f| f.locker.clone()));
        ProblemContext {
            screen: self.screen.name(),
            locker: locker.map(|l| (l.id, l.label)),
            package: flight.map(|f| f.package),
            carrier: self.carrier.as_ref().map(|c| c.name.clone()),
            at: now,
        }
    }
}
