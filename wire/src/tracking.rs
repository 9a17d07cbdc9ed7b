//! Tracking numbers as typed or scanned.

/// Why a tracking number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackingError {
    #[error("the tracking number is empty")]
    Empty,
    #[error("a tracking number has at least 6 characters")]
    TooShort,
    #[error("a tracking number has at most 40 characters")]
    TooLong,
    #[error("a tracking number has only letters and digits")]
    BadCharacter,
}

/// Normalise a scanned or typed tracking number: spaces and dashes dropped,
/// letters upper-cased. Scanners add prefixes and spacing; people type both.
pub fn normalize(raw: &str) -> Result<String, TrackingError> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if cleaned.is_empty() {
        return Err(TrackingError::Empty);
    }
    if !cleaned.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(TrackingError::BadCharacter);
    }
    match cleaned.len() {
        0..=5 => Err(TrackingError::TooShort),
        6..=40 => Ok(cleaned),
        _ => Err(TrackingError::TooLong),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let long = "9".repeat(41);
        let cases = [
            (
                "1z 999 aa1 0123456784",
                Ok("1Z999AA10123456784".to_string()),
            ),
            (
                "9400-1000-0000-0000-0000-00",
                Ok("9400100000000000000000".into()),
            ),
            ("   ", Err(TrackingError::Empty)),
            ("12345", Err(TrackingError::TooShort)),
            ("TBA12345678\u{0}", Err(TrackingError::BadCharacter)),
            ("ÄBC123456", Err(TrackingError::BadCharacter)),
            (long.as_str(), Err(TrackingError::TooLong)),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize(raw), want, "{raw:?}");
        }
    }
}
