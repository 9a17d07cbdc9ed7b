//! A package's life in words, from the events its wall sent.

/// One event of a package's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// ms since 1970, UTC.
    pub at: i64,
    pub kind: String,
    pub actor: String,
    pub locker: Option<String>,
    pub size: Option<String>,
    pub carrier: Option<i64>,
    pub detail: Option<String>,
}

impl Step {
    /// What happened, as staff would say it.
    pub fn words(&self) -> String {
        let locker = self.locker.as_deref().unwrap_or("?");
        // The role, whether or not the wall shares who ("staff:Dana").
        let by = match self.actor.split(':').next().unwrap_or("") {
            "resident" | "kiosk" => "with the resident's pickup code",
            "staff" => "by staff",
            "technician" => "by a technician",
            "carrier" => "by the carrier",
            _ => "",
        };
        let mut s = match self.kind.as_str() {
            "stored" => {
                let size = self
                    .size
                    .as_deref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                // A wall that shares details names the carrier ("carrier:UPS").
                let carrier = match (self.actor.split_once(':'), self.carrier) {
                    (Some((_, name)), _) if !name.is_empty() => format!(" by {name}"),
                    (_, Some(c)) => format!(" by carrier account #{c}"),
                    _ => " by the carrier".into(),
                };
                format!("Delivered into locker {locker}{size}{carrier}")
            }
            "held_by_staff" => "Held by staff in overflow (the wall was full)".into(),
            "shelf_set" => "Put on a shelf in the package room".into(),
            "moved_from_room" => "Moved out of the package room".into(),
            "notice_sent" => "Notice sent".into(),
            "notice_failed" => "Notice bounced: it could not be delivered".into(),
            "notice_skipped" => "Notice not sent: the package had already moved".into(),
            "notice_resent" => "Notice sent again by staff".into(),
            "reminder" | "reminder_sent" => "Reminder sent".into(),
            "pickup_started" => format!("Door {locker} opened {by}"),
            "door_opened" | "staff_open" => format!("Door {locker} opened {by}"),
            "picked_up" => format!("Collected from {locker} {by}"),
            "pickup_failed" => format!("Door {locker} did not open for the pickup"),
            "pickup_interrupted" | "pickup_cancelled" => "Pickup not finished".into(),
            "handed_over" => "Handed over by staff".into(),
            "out_for_delivery" => "Out for delivery to the door".into(),
            "delivered_to_door" => "Delivered to the resident's door".into(),
            "removed_by_staff" => "Removed by staff".into(),
            "expired" | "package_expired" => "Holding period over: expired".into(),
            "recipient_changed" => "Recipient changed by staff".into(),
            "problem_reported" => "Problem reported at the kiosk".into(),
            "door_forced" => format!("Door {locker} forced"),
            "door_left_open" => format!("Door {locker} left open"),
            other => {
                let mut w = other.replace('_', " ");
                if let Some(f) = w.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                w
            }
        };
        if let Some(d) = self.detail.as_deref().filter(|d| !d.is_empty()) {
            s += &format!(" — {d}");
        }
        s.trim_end().to_string()
    }

    /// A step staff should notice (a bounce, a door that failed, an expiry).
    pub fn is_trouble(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "notice_failed"
                | "pickup_failed"
                | "expired"
                | "package_expired"
                | "door_forced"
                | "door_left_open"
                | "locker_faulty"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: &str, actor: &str) -> Step {
        Step {
            at: 0,
            kind: kind.into(),
            actor: actor.into(),
            locker: Some("B07".into()),
            size: Some("medium".into()),
            carrier: Some(2),
            detail: None,
        }
    }

    #[test]
    fn steps_read_as_sentences() {
        assert_eq!(
            step("stored", "carrier").words(),
            "Delivered into locker B07 (medium) by carrier account #2"
        );
        assert_eq!(
            step("picked_up", "resident").words(),
            "Collected from B07 with the resident's pickup code"
        );
        assert!(step("notice_failed", "kiosk").is_trouble());
        assert_eq!(step("a_new_kind", "system").words(), "A new kind");
    }
}
