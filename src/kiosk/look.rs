//! How the screens look for this session: high contrast, larger text, low reach.
//! Chosen at Home, kept for the session it starts, like the language.

/// The session's display settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Look {
    /// White and yellow on black, every edge drawn.
    pub high_contrast: bool,
    /// Every type size a step larger.
    pub large_text: bool,
    /// Every control in a seated person's reach (the lower part of the
    /// screen), and accessible lockers offered first.
    pub low_reach: bool,
}

/// One display setting, as its button toggles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookSetting {
    HighContrast,
    LargeText,
    LowReach,
}

impl Look {
    /// The look with `setting` switched.
    pub fn toggled(self, setting: LookSetting) -> Look {
        match setting {
            LookSetting::HighContrast => Look {
                high_contrast: !self.high_contrast,
                ..self
            },
            LookSetting::LargeText => Look {
                large_text: !self.large_text,
                ..self
            },
            LookSetting::LowReach => Look {
                low_reach: !self.low_reach,
                ..self
            },
        }
    }
}

/// Whether `hour` (0-23, local) is in the night the site set: `(from, to)`
/// in hours, wrapping past midnight when `from > to` (`(20, 7)`: 20:00 to
/// 06:59). The screens are dark then, so the wall does not glare in a dim lobby.
pub fn is_night(hours: (u8, u8), hour: u32) -> bool {
    let (from, to) = (u32::from(hours.0), u32::from(hours.1));
    if from <= to {
        (from..to).contains(&hour)
    } else {
        hour >= from || hour < to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn night_wraps_past_midnight() {
        assert!(is_night((20, 7), 20) && is_night((20, 7), 23) && is_night((20, 7), 0));
        assert!(is_night((20, 7), 6) && !is_night((20, 7), 7) && !is_night((20, 7), 12));
        assert!(is_night((0, 6), 3) && !is_night((0, 6), 6) && !is_night((0, 6), 23));
        assert!(!is_night((8, 8), 8), "an empty night");
    }

    #[test]
    fn a_toggle_switches_one_setting() {
        let l = Look::default().toggled(LookSetting::LargeText);
        assert!(l.large_text && !l.high_contrast);
        assert_eq!(l.toggled(LookSetting::LargeText), Look::default());
    }
}
