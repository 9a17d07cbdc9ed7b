//! "Need help?" on every resident and carrier screen: the property's package
//! contact, and a problem report that carries what the kiosk knows of the
//! moment (the screen, the locker, the package, the time) to the staff's
//! attention list. The panel lies over the screen: doors in flight and the
//! screen under it go on as before.

use super::flow::Flow;
use super::{Effect, Screen};
pub use crate::domain::problem::{ProblemContext, ProblemKind, ProblemReport};
use crate::domain::Timestamp;

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
            carrier: self.carrier().map(|c| c.name.clone()),
            at: now,
        }
    }
}
