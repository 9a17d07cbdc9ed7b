//! How a resident chooses to be told: by email, by text message, or both.

use lockerwall_wire::texts::NOTIFY_BY;

/// The channels a resident chose for their notices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NotifyBy {
    #[default]
    Email,
    Text,
    Both,
}

impl NotifyBy {
    /// Every choice, in the order the page and the CLI list them.
    pub const ALL: [NotifyBy; 3] = [NotifyBy::Email, NotifyBy::Text, NotifyBy::Both];

    /// The stored spelling (`email`, `text`, `both`), as the wire has it.
    pub fn as_str(self) -> &'static str {
        NOTIFY_BY[self as usize]
    }

    /// Parse the stored spelling.
    pub fn parse(s: &str) -> Option<NotifyBy> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Whether they want texts.
    pub fn texts(self) -> bool {
        self != NotifyBy::Email
    }

    /// Whether they want emails.
    pub fn emails(self) -> bool {
        self != NotifyBy::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for b in NotifyBy::ALL {
            assert_eq!(NotifyBy::parse(b.as_str()), Some(b));
        }
        assert_eq!(NotifyBy::parse("sms"), None);
        assert!(NotifyBy::Both.texts() && NotifyBy::Both.emails());
        assert!(!NotifyBy::Email.texts() && !NotifyBy::Text.emails());
    }
}
