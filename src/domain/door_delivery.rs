//! A door-delivery run as staff walk it.

use super::{Locker, PackageId};

/// One stop on the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunStop {
    pub package: PackageId,
    pub tracking: String,
    pub resident: String,
    pub building: String,
    pub unit: String,
    /// From the unit number: "304" is on floor 3, "1201" on 12, "12" on 0.
    pub floor: u32,
    /// Where it waits: its locker's label (or the room's with the shelf);
    /// `None` once it is out with staff.
    pub at: Option<String>,
    /// The door to open to take it out (a locker's or the room's).
    pub door: Option<Locker>,
    /// Taken out and on its way.
    pub out: bool,
    /// The part of the day the resident asked for (none: any time).
    pub window: Option<DoorWindow>,
}

/// The part of the day a resident wants a package at their door.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DoorWindow {
    /// 8:00 to 12:00.
    Morning,
    /// 12:00 to 17:00.
    Afternoon,
    /// 17:00 to 20:00.
    Evening,
}

impl DoorWindow {
    /// Every window, in the day's order.
    pub const ALL: [DoorWindow; 3] = [
        DoorWindow::Morning,
        DoorWindow::Afternoon,
        DoorWindow::Evening,
    ];

    /// Its name in the database and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            DoorWindow::Morning => "morning",
            DoorWindow::Afternoon => "afternoon",
            DoorWindow::Evening => "evening",
        }
    }

    /// The window a name stands for (none: any time, or a name not known).
    pub fn parse(s: &str) -> Option<DoorWindow> {
        Self::ALL.into_iter().find(|w| w.as_str() == s)
    }

    /// Its hours, as the run shows them.
    pub fn hours(self) -> &'static str {
        match self {
            DoorWindow::Morning => "8–12",
            DoorWindow::Afternoon => "12–17",
            DoorWindow::Evening => "17–20",
        }
    }
}

/// Whether residents may ask for door delivery on their page, and from
/// which units (`[portfolio] door_delivery_units`; empty: every unit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DoorOffer {
    pub on: bool,
    /// Units as typed ("204"), or a prefix ending in `*` ("1*", "B-*").
    pub units: Vec<String>,
}

impl DoorOffer {
    /// Whether a resident of `unit` may ask.
    pub fn takes(&self, unit: &str) -> bool {
        let unit = unit.trim().to_lowercase();
        let matches = |pattern: &String| {
            let p = pattern.trim().to_lowercase();
            match p.strip_suffix('*') {
                Some(prefix) => unit.starts_with(prefix),
                None => unit == p,
            }
        };
        self.on && (self.units.is_empty() || self.units.iter().any(matches))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_back_and_units_match_as_typed_or_by_prefix() {
        for w in DoorWindow::ALL {
            assert_eq!(DoorWindow::parse(w.as_str()), Some(w));
        }
        assert_eq!(DoorWindow::parse("midnight"), None);
        let offer = DoorOffer {
            on: true,
            units: vec!["1*".into(), " b-204 ".into()],
        };
        for (unit, ok) in [
            ("101", true),
            ("1204", true),
            ("B-204", true),
            ("204", false),
            ("", false),
        ] {
            assert_eq!(offer.takes(unit), ok, "{unit}");
        }
        assert!(DoorOffer {
            on: true,
            units: vec![]
        }
        .takes("PH"));
        assert!(!DoorOffer::default().takes("101"));
    }
}
