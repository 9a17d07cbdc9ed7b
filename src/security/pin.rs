//! PIN hashing with argon2id, peppered with a key derived from the site
//! secret: a stolen database alone does not give PINs away, even the short
//! ones, since nobody can try guesses against the hashes without `site.key`.
//!
//! Stored form: `p1$` + the PHC string of argon2id keyed with the pepper.
//! Hashes from before the pepper (a bare PHC string) still verify, and the
//! store replaces one with a peppered hash the first time its PIN is used.

use super::SiteSecret;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Marks a peppered hash.
const PEPPERED: &str = "p1$";

/// The key PINs are hashed with, derived from the site secret.
#[derive(Clone)]
pub struct Pepper([u8; 32]);

impl std::fmt::Debug for Pepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pepper(..)")
    }
}

impl Pepper {
    /// The pepper of a site.
    pub fn new(secret: &SiteSecret) -> Self {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"pin-pepper:v1");
        Self(mac.finalize().into_bytes().into())
    }

    fn argon2(&self) -> Argon2<'_> {
        Argon2::new_with_secret(
            &self.0,
            Algorithm::Argon2id,
            Version::V0x13,
            Params::default(),
        )
        .expect("a 32-byte secret is a valid argon2 secret")
    }
}

/// Hash a PIN for storage.
pub fn hash_pin(pin: &str, pepper: &Pepper) -> String {
    let salt = SaltString::generate(&mut OsRng);
    let phc = pepper
        .argon2()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .expect("argon2 with default parameters accepts any PIN");
    format!("{PEPPERED}{phc}")
}

/// Check a typed PIN against a stored hash. A damaged hash never matches.
pub fn verify_pin(pin: &str, stored: &str, pepper: &Pepper) -> bool {
    let (argon2, phc) = match stored.strip_prefix(PEPPERED) {
        Some(phc) => (pepper.argon2(), phc),
        None => (Argon2::default(), stored),
    };
    PasswordHash::new(phc)
        .map(|h| argon2.verify_password(pin.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// Whether a stored hash predates the pepper (and should be replaced).
pub fn is_unpeppered(stored: &str) -> bool {
    !stored.starts_with(PEPPERED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify_with_the_sites_pepper_only() {
        let pepper = Pepper::new(&SiteSecret::from_bytes([1; 32]));
        let h = hash_pin("2468", &pepper);
        assert!(h.starts_with("p1$$argon2id$"), "{h}");
        assert!(verify_pin("2468", &h, &pepper));
        assert!(!verify_pin("2469", &h, &pepper));
        assert!(!verify_pin("2468", "garbage", &pepper));
        assert_ne!(hash_pin("2468", &pepper), h, "salted");
        // Another site's key, or none: the hash says nothing.
        let other = Pepper::new(&SiteSecret::from_bytes([2; 32]));
        assert!(!verify_pin("2468", &h, &other));
        let bare = PasswordHash::new(&h[3..]).unwrap();
        assert!(Argon2::default().verify_password(b"2468", &bare).is_err());
        // A hash from before the pepper still verifies, and is known as such.
        let old = Argon2::default()
            .hash_password(b"2468", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(verify_pin("2468", &old, &pepper));
        assert!(is_unpeppered(&old) && !is_unpeppered(&h));
    }
}
