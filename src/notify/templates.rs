//! The words of each notice.

/// What a "your package is here" notice says.
pub struct StoredFacts<'a> {
    pub resident: &'a str,
    pub carrier: &'a str,
    pub locker: &'a str,
    pub site: &'a str,
    pub code: &'a str,
}

/// Subject and plain-text body of the "package stored" notice.
pub fn stored(f: &StoredFacts<'_>) -> (String, String) {
    let subject = format!("Your package is in locker {}", f.locker);
    let body = format!(
        "Hello {},\n\n{} delivered a package for you to {}.\n\
         It is in locker {}. Your pickup code is {}.\n\n\
         At the screen, tap \"Pick up a package\" and type the code.",
        f.resident, f.carrier, f.site, f.locker, f.code
    );
    (subject, body)
}
