//! How the screens look for this session: high contrast, larger text.
//! Chosen at Home, kept for the session it starts, like the language.

/// The session's display settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Look {
    /// White and yellow on black, every edge drawn.
    pub high_contrast: bool,
    /// Every type size a step larger.
    pub large_text: bool,
}

/// One display setting, as its button toggles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookSetting {
    HighContrast,
    LargeText,
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
        }
    }
}
