//! The login form.

use super::html::page;
use maud::html;

/// The login page, with an error line after a failed attempt.
pub fn render(error: Option<&str>, email: &str) -> String {
    let body = html! {
        form.login method="post" action="/login" {
            h1 { "Portfolio" }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            label for="email" { "Email" }
            input #email name="email" type="email" autocomplete="username" required value=(email);
            label for="password" { "Password" }
            input #password name="password" type="password" autocomplete="current-password" required;
            p { button type="submit" #login { "Log in" } }
        }
    };
    page("Log in", None, body)
}
