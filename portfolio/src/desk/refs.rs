//! What a question is about: the package a notice reply answers (the wall's
//! notice Message-IDs carry the package: `<lw.SITE.pID.KIND...@lockerwall>`)
//! and the locker labels it names.

/// The package id in one of the wall's notice Message-IDs.
pub fn notice_package(message_id: &str) -> Option<i64> {
    let id = message_id.trim_matches(['<', '>']);
    let local = id.strip_suffix("@lockerwall")?;
    let mut parts = local.split('.');
    if parts.next()? != "lw" {
        return None;
    }
    parts.nth(1)?.strip_prefix('p').and_then(|n| n.parse().ok())
}

/// Locker labels in `text` ("B07", "locker c12"): a letter and one or two
/// digits standing alone, upper-cased and zero-padded as the wall writes them.
pub fn locker_labels(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        let (Some(letter), digits) = (chars.next(), chars.as_str()) else {
            continue;
        };
        if letter.is_ascii_alphabetic()
            && (1..=2).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
        {
            let label = format!(
                "{}{:02}",
                letter.to_ascii_uppercase(),
                digits.parse::<u32>().unwrap_or(0)
            );
            if !out.contains(&label) {
                out.push(label);
            }
        }
    }
    out
}

/// Words in `text` that may be tracking numbers: 10 to 35 letters and
/// digits with at least four digits (dashes and spaces inside a number are
/// common when copied, so runs of up to eight such pieces, like
/// "1Z 999 AA1 01 2345 6784", are joined too).
pub fn tracking_candidates(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut push = |w: String| {
        let digits = w.chars().filter(char::is_ascii_digit).count();
        if (10..=35).contains(&w.len()) && digits >= 4 && !out.contains(&w) {
            out.push(w);
        }
    };
    for (i, _) in words.iter().enumerate() {
        // The word alone, and joined with up to seven after it (UPS and
        // USPS print their numbers in six pieces).
        let mut joined = String::new();
        for w in words.iter().skip(i).take(8) {
            // Each piece of a spaced number has a digit ("1Z 999 AA1 ..."): a
            // plain word ends the run.
            if !w.chars().any(|c| c.is_ascii_digit()) {
                break;
            }
            joined.extend(w.chars().filter(char::is_ascii_alphanumeric));
            push(joined.to_ascii_uppercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_ids_name_their_package() {
        assert_eq!(
            notice_package("<lw.mc.p42.stored.email.1a2b3c4d@lockerwall>"),
            Some(42)
        );
        assert_eq!(
            notice_package("lw.x.p7.reminder.r2.email.ab@lockerwall"),
            Some(7)
        );
        assert_eq!(notice_package("q1@mail.example.com"), None);
        assert_eq!(notice_package("lw.mc.x42.stored@lockerwall"), None);
    }

    #[test]
    fn locker_labels_are_found_in_words() {
        assert_eq!(
            locker_labels(
                "Locker b7 would not open, nor C12; my unit is 4B and I called 555-0100."
            ),
            ["B07", "C12"]
        );
        assert!(locker_labels("Where is my package?").is_empty());
    }

    #[test]
    fn tracking_numbers_are_found_even_when_spaced() {
        let c = tracking_candidates("My UPS number is 1z 999 aa1 0123456784, unit 4B.");
        assert!(c.contains(&"1Z999AA10123456784".to_string()), "{c:?}");
        // As UPS prints it, in six pieces; USPS's in six too.
        let c = tracking_candidates("Tracking: 1Z 999 AA1 01 2345 6784");
        assert!(c.contains(&"1Z999AA10123456784".to_string()), "{c:?}");
        let c = tracking_candidates("USPS 9400 1118 9922 3397 6585 33 arrives Monday");
        assert!(c.contains(&"9400111899223397658533".to_string()), "{c:?}");
        assert!(tracking_candidates("call 555-0100 please").is_empty());
        assert!(
            tracking_candidates("Amazon TBA123456789000.").contains(&"TBA123456789000".to_string())
        );
    }
}
