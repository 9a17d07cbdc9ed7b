//! Entry points for the server's fuzz targets (`fuzz/`) and the wall's
//! regression corpus test: what the server reads from outside, read the way
//! the server reads it. None may panic, whatever the bytes.

/// A message in the package desk's help mailbox: whatever it holds, what the
/// desk keeps of it has no NUL or other control character (PostgreSQL
/// refuses NUL, and one message must never stop the desk); the numbers a
/// forwarded shipping confirmation makes expected are carriers' own, each
/// check digit right, at most three.
pub fn desk_mail(data: &[u8]) {
    let Ok(m) = crate::desk::mail::parse(data) else {
        return;
    };
    let kept = [&m.message_id, &m.from, &m.subject, &m.text];
    for s in kept.into_iter().chain(m.replies_to.iter()) {
        assert!(
            !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{s:?}"
        );
    }
    // A forwarded confirmation's numbers: carriers' own, checked, at most three.
    let told = crate::resident::expected::in_mail(&format!("{}\n{}", m.subject, m.text));
    assert!(told.len() <= 3);
    for t in &told {
        let label = crate::wire::labels::identify(&t.tracking).expect("a carrier's number");
        assert!(label.check_ok && label.tracking == t.tracking && t.tracking.len() != 10);
    }
}

/// A resident's link as the server reads it from a page's address: never a
/// panic; one that reads is the canonical spelling the key signs, and the
/// same link under another key or property reads as forged.
pub fn resident_link(data: &[u8]) {
    use crate::wire::{LinkRefused, ResidentLink};
    const KEY: &str = "fuzzing-property-key";
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(link) = ResidentLink::read(KEY, "maple-court", token) {
        assert_eq!(link.token(KEY, "maple-court"), token);
        assert!(link.expires_s() >= link.issued_s);
        assert_eq!(
            ResidentLink::read(KEY, "elm-row", token),
            Err(LinkRefused::Forged)
        );
    }
    // Any link the wall makes reads back (the bytes give its fields).
    if let [a, b, c, d, ..] = *data {
        let link = ResidentLink {
            resident: i64::from(u32::from_le_bytes([a, b, c, d])).max(1),
            issued_s: i64::from(a) * 1_000_000,
            days: u16::from(b).max(1),
            language: if c % 2 == 0 { "en" } else { "es" }.into(),
        };
        let made = link.token(KEY, "maple-court");
        assert_eq!(ResidentLink::read(KEY, "maple-court", &made), Ok(link));
    }
}

/// The forms a resident's page posts (going away, every package to the
/// door, how they are told, a package on its way), as the server reads
/// them: never a panic; days that make a period make one the wall will take
/// (an away period ends after it starts, lasts at most the longest away,
/// starts today or later and within the year; a standing request ends after
/// now, within its longest, in a window the wall knows; a language is one
/// notices are written in; a way of telling is email, text or both; an
/// expected number is 8 to 40 letters and digits, due from today to the
/// longest ahead).
pub fn resident_forms(data: &[u8]) {
    use crate::wire::{DOOR_WINDOWS, MAX_AWAY_AHEAD_DAYS, MAX_AWAY_DAYS, MAX_DOOR_STANDING_DAYS};
    const DAY: i64 = 86_400_000;
    let offsets = [-720, -300, 0, 330, 840];
    let offset = offsets[usize::from(data.first().copied().unwrap_or(0)) % offsets.len()];
    let now = chrono::DateTime::from_timestamp(1_796_637_600, 0).expect("a fixed day");
    let body = data.get(1..).unwrap_or_default();
    let now_ms = now.timestamp_millis();
    if let Some((from, until)) = crate::resident::away::period_of_form(body, offset, now) {
        assert!(
            from < until && until - from <= MAX_AWAY_DAYS * DAY,
            "{from}..{until}"
        );
        let ahead = from - now_ms;
        assert!(
            ahead > -DAY && ahead <= (MAX_AWAY_AHEAD_DAYS + 1) * DAY,
            "{from}"
        );
    }
    if let Some((until, window)) = crate::resident::standing::of_form(body, offset, now) {
        let ahead = until - now_ms;
        assert!(
            ahead > 0 && ahead <= (MAX_DOOR_STANDING_DAYS + 1) * DAY,
            "{until}"
        );
        assert!(window.is_none_or(|w| DOOR_WINDOWS.contains(&w.as_str())));
    }
    if let Some(told) = crate::resident::expected::of_form(body, offset, now) {
        let t = &told.tracking;
        assert!((8..=40).contains(&t.len()), "{t}");
        assert!(
            t.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()),
            "{t}"
        );
        assert!(told.ending().len() == 4 && t.ends_with(&told.ending()));
        if let Some(due) = told.due {
            let ahead = due - now_ms;
            let most = crate::wire::MAX_EXPECTED_AHEAD_DAYS;
            assert!(ahead > -DAY && ahead <= (most + 1) * DAY, "{due}");
        }
    }
    if let Some(chosen) = crate::resident::choices::of_form(body) {
        assert!(crate::resident::choices::LANGUAGES.contains(&chosen.language.as_str()));
        let by = chosen.by.as_deref();
        assert!(by.is_none_or(|b| crate::wire::texts::NOTIFY_BY.contains(&b)));
    }
}

/// A reply the text provider posts (`/texts/{property}/inbound`), as the
/// server reads it: never a panic; a form of more fields than it reads is
/// refused whole; the signature holds for the token it was made with and
/// for no other; a sender read as a number is E.164 (a plus and 8 to 15
/// digits); only a short whole reply stops or starts texts.
pub fn text_replies(data: &[u8]) {
    use crate::texts::{inbound, signature};
    use crate::wire::texts::{e164, reply_stops};
    let Some(fields) = inbound::fields(data) else {
        return;
    };
    assert!(fields.len() <= 64);
    let url = "https://portfolio.example.com/texts/maple-court/inbound";
    let signed = signature::expected("token-a-0123456789", url, &fields);
    assert!(signature::holds(
        "token-a-0123456789",
        url,
        &fields,
        &signed
    ));
    assert!(!signature::holds(
        "token-b-0123456789",
        url,
        &fields,
        &signed
    ));
    for (name, value) in &fields {
        if let Some(n) = e164(value, "1").filter(|_| name == "From") {
            let digits = &n[1..];
            assert!((8..=15).contains(&digits.len()), "{n}");
            assert!(
                n.starts_with('+') && digits.bytes().all(|b| b.is_ascii_digit()),
                "{n}"
            );
        }
        if reply_stops(value).is_some() {
            assert!(value.trim().len() <= 16, "{value:?}");
        }
    }
}
