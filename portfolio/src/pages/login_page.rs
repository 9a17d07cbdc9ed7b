//! The login form.

use super::html::{esc, page};

/// The login page, with an error line after a failed attempt.
pub fn render(error: Option<&str>, email: &str) -> String {
    let error = error
        .map(|e| format!(r#"<p class="error" role="alert">{}</p>"#, esc(e)))
        .unwrap_or_default();
    page(
        "Log in",
        None,
        &format!(
            r#"<form class="login" method="post" action="/login">
<h1>Portfolio</h1>{error}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="{}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit" id="login">Log in</button></p></form>"#,
            esc(email)
        ),
    )
}
