//! Entry points for the server's fuzz targets (`fuzz/`) and the wall's
//! regression corpus test: what the server reads from outside, read the way
//! the server reads it. None may panic, whatever the bytes.

/// A message in the package desk's help mailbox: whatever it holds, what the
/// desk keeps of it has no NUL or other control character (PostgreSQL
/// refuses NUL, and one message must never stop the desk).
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
}
