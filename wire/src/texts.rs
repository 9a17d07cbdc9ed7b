//! Text messages, as the wall and the server both need them: how a resident
//! chooses to be told, a phone number in one spelling (E.164), the keyed tag
//! the server names a number by when it relays a STOP, and the reply words
//! that stop or restart texts.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How a resident may choose to be told: by email, by text message, or both.
pub const NOTIFY_BY: [&str; 3] = ["email", "text", "both"];

/// Replies that stop texts, as carriers and providers read them.
pub const STOP_WORDS: [&str; 8] = [
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "REVOKE",
    "OPTOUT",
];
/// Replies that start them again.
pub const START_WORDS: [&str; 3] = ["START", "YES", "UNSTOP"];

/// Whether a reply stops texts (`Some(true)`), starts them again
/// (`Some(false)`) or is neither (a question, a thank-you). Only the whole
/// reply counts, as providers read it: "stop" does, "don't stop" does not.
pub fn reply_stops(body: &str) -> Option<bool> {
    let word = body
        .trim()
        .trim_end_matches(['.', '!'])
        .to_ascii_uppercase();
    if STOP_WORDS.contains(&word.as_str()) {
        Some(true)
    } else if START_WORDS.contains(&word.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Where the text provider posts the replies residents send, on the
/// portfolio server, for `property`.
pub fn inbound_path(property: &str) -> String {
    format!("/texts/{property}/inbound")
}

/// Where the text provider posts each text's delivery report, for `property`.
pub fn status_path(property: &str) -> String {
    format!("/texts/{property}/status")
}

/// The longest phone number E.164 allows, in digits.
const MAX_DIGITS: usize = 15;

/// A phone number as typed in a directory ("(555) 010-4477", "+34 600 12 34
/// 56", "0034...") in E.164 (`+15550104477`); `country` is the calling code
/// of numbers written without one (`1`). None: not a number a text can go to.
pub fn e164(typed: &str, country: &str) -> Option<String> {
    let mut plus = false;
    let mut digits = String::new();
    for (i, c) in typed.trim().chars().enumerate() {
        match c {
            '+' if i == 0 => plus = true,
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            _ => return None,
        }
    }
    let full = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if country == "1" {
        // North America: ten digits, or eleven with the leading 1.
        match digits.len() {
            10 => format!("1{digits}"),
            11 if digits.starts_with('1') => digits,
            _ => return None,
        }
    } else {
        // Elsewhere a leading 0 is the trunk prefix, dropped abroad.
        format!("{country}{}", digits.strip_prefix('0').unwrap_or(&digits))
    };
    let ok = (8..=MAX_DIGITS).contains(&full.len()) && !full.starts_with('0');
    ok.then(|| format!("+{full}"))
}

/// The tag a number is known by between the server and the wall: the
/// server relays a STOP from `+1555...` without keeping or sending the
/// number, and the wall finds the residents whose number has that tag.
/// Keyed with the property's key, so a leaked list of tags names no one.
pub fn phone_tag(key: &str, e164: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(b"lockerwall phone tag 1:");
    mac.update(e164.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed_become_one_spelling() {
        for (typed, want) in [
            ("(555) 010-4477", "+15550104477"),
            ("555.010.4477", "+15550104477"),
            ("1 555 010 4477", "+15550104477"),
            ("+1 555 010 4477", "+15550104477"),
            ("+34 600 12 34 56", "+34600123456"),
            ("0034 600 123 456", "+34600123456"),
        ] {
            assert_eq!(e164(typed, "1").as_deref(), Some(want), "{typed}");
        }
        assert_eq!(e164("0612 345 678", "33").as_deref(), Some("+33612345678"));
        for bad in [
            "",
            "555-0104",
            "555 010 4477 ext 2",
            "+1 555 010 4477 9999 9999",
            "12+3456789012",
            "+0 555 010 4477",
            "call me",
        ] {
            assert_eq!(e164(bad, "1"), None, "{bad}");
        }
    }

    #[test]
    fn only_the_whole_reply_stops_or_starts() {
        assert_eq!(reply_stops(" stop "), Some(true));
        assert_eq!(reply_stops("Unsubscribe."), Some(true));
        assert_eq!(reply_stops("START"), Some(false));
        assert_eq!(reply_stops("please don't stop"), None);
        assert_eq!(reply_stops("Where is my package?"), None);
        assert_eq!(reply_stops(""), None);
    }

    #[test]
    fn tags_depend_on_the_key_and_the_number() {
        let t = phone_tag("key-one", "+15550104477");
        assert_eq!(t.len(), 32);
        assert_eq!(t, phone_tag("key-one", "+15550104477"));
        assert_ne!(t, phone_tag("key-two", "+15550104477"));
        assert_ne!(t, phone_tag("key-one", "+15550104478"));
    }
}
