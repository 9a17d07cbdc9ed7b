//! Saved answers for the common questions, filled with the package's facts.
//! A fact the desk does not know is left as a [bracketed] gap to fill in.

/// What the desk knows of the package a question is about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub property: String,
    pub locker: Option<String>,
    /// "in locker B07", "with the package staff", "in the package room".
    pub place: Option<String>,
    /// Local date and time, in words.
    pub arrived: Option<String>,
    pub collected: Option<String>,
    /// A notice to the resident bounced.
    pub notice_bounced: bool,
}

/// One saved answer: a key for links, its title, and its text.
pub struct Saved {
    pub key: &'static str,
    pub title: &'static str,
    text: &'static str,
}

/// The saved answers, in the order the desk offers them.
pub const SAVED: &[Saved] = &[
    Saved {
        key: "where",
        title: "Where is my package?",
        text: "Hello,\n\nYour package arrived on {arrived} and is {place}. \
Scan the QR code in your pickup notice at the locker wall, or type the code from it, and the door opens.\n\n\
Best regards,\n{property} package desk",
    },
    Saved {
        key: "no-notice",
        title: "My notice never came",
        text: "Hello,\n\nSorry the notice did not reach you. Your package arrived on {arrived} and is {place}.\
{bounced}\n\nPlease check your spam folder too. You do not need the notice to collect it: \
come to the office and we will open the locker for you.\n\n\
Best regards,\n{property} package desk",
    },
    Saved {
        key: "door",
        title: "The door did not open",
        text: "Hello,\n\nSorry about the door of locker {locker}. Your package is safe inside: \
the door stays locked until it is opened with your code or by staff. \
We have asked for the locker to be checked. Come to the office and we will open it for you, \
or try your code once more at the wall.\n\n\
Best regards,\n{property} package desk",
    },
    Saved {
        key: "taken",
        title: "Someone took my package",
        text: "Hello,\n\nOur records show your package arrived on {arrived} and was collected on {collected}. \
Lockers open only with the code from your notice or by staff, and every opening is logged. \
If you did not collect it, reply to this message: we will look at who opened the locker and \
help you with the carrier's claim.\n\n\
Best regards,\n{property} package desk",
    },
];

/// The saved answer called `key`.
pub fn find(key: &str) -> Option<&'static Saved> {
    SAVED.iter().find(|s| s.key == key)
}

impl Saved {
    /// The text with the package's facts put in.
    pub fn fill(&self, f: &Facts) -> String {
        let gap = |v: &Option<String>, name: &str| v.clone().unwrap_or_else(|| format!("[{name}]"));
        let bounced = if f.notice_bounced {
            " The notice we sent bounced, so please check that we have your right email address."
        } else {
            ""
        };
        self.text
            .replace("{arrived}", &gap(&f.arrived, "date it arrived"))
            .replace("{collected}", &gap(&f.collected, "date it was collected"))
            .replace("{place}", &gap(&f.place, "where it is"))
            .replace("{locker}", &gap(&f.locker, "locker"))
            .replace("{bounced}", bounced)
            .replace("{property}", &f.property)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_filled_and_gaps_are_marked() {
        let f = Facts {
            property: "Maple Court".into(),
            locker: Some("B07".into()),
            place: Some("in locker B07".into()),
            arrived: Some("Thursday 26 November, 14:05".into()),
            collected: None,
            notice_bounced: true,
        };
        let where_ = find("where").unwrap().fill(&f);
        assert!(where_.contains("arrived on Thursday 26 November, 14:05 and is in locker B07."));
        assert!(where_.ends_with("Maple Court package desk"));
        let taken = find("taken").unwrap().fill(&f);
        assert!(taken.contains("collected on [date it was collected]"));
        assert!(find("no-notice").unwrap().fill(&f).contains("bounced"));
        assert!(SAVED.iter().all(|s| !s.fill(&f).contains('{')));
        assert!(find("nope").is_none());
    }
}
