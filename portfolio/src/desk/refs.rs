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
}
