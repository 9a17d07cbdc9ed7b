//! Managers' passwords (argon2id) and their sessions (a random token in a
//! cookie; only its SHA-256 is stored).

use crate::PortfolioError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use deadpool_postgres::Pool;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const COOKIE: &str = "lw_session";
/// How long a session lasts (a working day).
pub const SESSION_HOURS: i64 = 12;

/// A manager who is logged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manager {
    pub id: i64,
    pub email: String,
    pub name: String,
}

/// An argon2id hash of `password` (PHC string, salt included).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password")
        .to_string()
}

/// Whether `password` matches `hash`.
pub fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Check a password off the async threads, at most
/// [`CONCURRENT_CHECKS`](crate::login_guard::CONCURRENT_CHECKS) at once:
/// a flood of logins queues here instead of taking every core.
async fn check_password(hash: String, password: String) -> Result<bool, PortfolioError> {
    static CHECKS: tokio::sync::Semaphore =
        tokio::sync::Semaphore::const_new(crate::login_guard::CONCURRENT_CHECKS);
    let _permit = tokio::time::timeout(std::time::Duration::from_secs(10), CHECKS.acquire())
        .await
        .map_err(|_| PortfolioError::Refused("too many logins at once: try again".into()))?
        .map_err(|_| PortfolioError::Refused("the server is stopping".into()))?;
    Ok(
        tokio::task::spawn_blocking(move || password_matches(&hash, &password))
            .await
            .unwrap_or(false),
    )
}

/// A fixed hash checked when the email is unknown, so a wrong email takes as
/// long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("no such manager"))
}

/// Check an email and password; a new session token when they match.
pub async fn log_in(
    pool: &Pool,
    email: &str,
    password: &str,
) -> Result<Option<String>, PortfolioError> {
    let row = pool
        .get()
        .await?
        .query_opt(
            "SELECT id, password_hash FROM managers
             WHERE lower(email) = lower($1) AND disabled_at IS NULL",
            &[&email.trim()],
        )
        .await?;
    // The connection is back in the pool before the slow part.
    let (id, hash): (Option<i64>, String) = match &row {
        Some(r) => (Some(r.get(0)), r.get(1)),
        None => (None, decoy_hash().to_string()),
    };
    if !check_password(hash, password.to_string()).await? {
        return Ok(None);
    }
    let Some(id) = id else {
        return Ok(None);
    };
    let client = pool.get().await?;
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw);
    let token = data_encoding::BASE64URL_NOPAD.encode(&raw);
    client
        .execute("DELETE FROM sessions WHERE expires_at < now()", &[])
        .await?;
    client
        .execute(
            "INSERT INTO sessions (token_sha256, manager_id, expires_at)
             VALUES ($1, $2, now() + make_interval(hours => $3))",
            &[&digest(&token), &id, &(SESSION_HOURS as i32)],
        )
        .await?;
    Ok(Some(token))
}

/// The manager a session token belongs to, while it lasts.
pub async fn manager(pool: &Pool, token: &str) -> Result<Option<Manager>, PortfolioError> {
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "SELECT m.id, m.email, m.name FROM sessions s JOIN managers m ON m.id = s.manager_id
             WHERE s.token_sha256 = $1 AND s.expires_at > now() AND m.disabled_at IS NULL",
            &[&digest(token)],
        )
        .await?;
    Ok(row.map(|r| Manager {
        id: r.get(0),
        email: r.get(1),
        name: r.get(2),
    }))
}

/// End a session.
pub async fn log_out(pool: &Pool, token: &str) -> Result<(), PortfolioError> {
    let client = pool.get().await?;
    client
        .execute(
            "DELETE FROM sessions WHERE token_sha256 = $1",
            &[&digest(token)],
        )
        .await?;
    Ok(())
}

fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The session token in a `Cookie:` header, if any.
pub fn token_from_cookies(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// The `Set-Cookie` value for a new session. `secure` unless the server is
/// reached over plain HTTP on a private network.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        SESSION_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends the session in the browser.
pub fn cleared_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_and_checked() {
        let h = hash_password("correct horse");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(password_matches(&h, "correct horse"));
        assert!(!password_matches(&h, "correct hors"));
        assert!(!password_matches("not a hash", "x"));
    }

    #[test]
    fn the_session_cookie_is_found_and_protected() {
        assert_eq!(token_from_cookies("a=1; lw_session=abc; b=2"), Some("abc"));
        assert_eq!(token_from_cookies("lw_session="), None);
        assert_eq!(token_from_cookies("other=1"), None);
        let c = session_cookie("abc", true);
        for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
            assert!(c.contains(part), "{c}");
        }
        assert!(!session_cookie("abc", false).contains("Secure"));
    }
}
