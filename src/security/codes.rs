//! Pickup codes: short enough to type on a keypad, stored only as a keyed hash.

use super::SiteSecret;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

/// Digits in a pickup code. Six digits give a million codes; with throttled
/// guessing and a few hundred waiting packages that is far out of reach.
pub const CODE_LEN: usize = 6;

/// A pickup code in clear (only ever in memory and in the resident's notice).
#[derive(Clone, PartialEq, Eq)]
pub struct PickupCode(String);

impl std::fmt::Debug for PickupCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PickupCode(******)")
    }
}

impl PickupCode {
    /// A fresh random code.
    pub fn generate(rng: &mut impl Rng) -> Self {
        let n: u32 = rng.gen_range(0..1_000_000);
        Self(format!("{n:06}"))
    }

    /// A code as typed; `None` unless it is exactly [`CODE_LEN`] digits.
    pub fn parse(typed: &str) -> Option<Self> {
        let t = typed.trim();
        (t.len() == CODE_LEN && t.bytes().all(|b| b.is_ascii_digit())).then(|| Self(t.to_string()))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hashes codes with the site secret (HMAC-SHA256), so the database alone reveals nothing.
#[derive(Clone, Debug)]
pub struct CodeHasher {
    secret: SiteSecret,
}

impl CodeHasher {
    /// A hasher keyed with the site secret.
    pub fn new(secret: SiteSecret) -> Self {
        Self { secret }
    }

    /// The site secret it is keyed with.
    pub fn secret(&self) -> &SiteSecret {
        &self.secret
    }

    /// A short public tag of the site secret (8 hex digits), to tell walls apart.
    pub fn tag(&self) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"site-tag");
        hex::encode(&mac.finalize().into_bytes()[..4])
    }

    /// The stored form of a code.
    pub fn hash(&self, code: &PickupCode) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"pickup-code:");
        mac.update(code.0.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generate_parse_hash() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let code = PickupCode::generate(&mut rng);
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert_eq!(PickupCode::parse(code.as_str()), Some(code.clone()));
        for bad in ["", "12345", "1234567", "12a456"] {
            assert_eq!(PickupCode::parse(bad), None, "{bad}");
        }
        let a = CodeHasher::new(SiteSecret::from_bytes([1; 32]));
        let b = CodeHasher::new(SiteSecret::from_bytes([2; 32]));
        assert_eq!(a.hash(&code), a.hash(&code));
        assert_ne!(
            a.hash(&code),
            b.hash(&code),
            "the hash depends on the site secret"
        );
        assert!(!a.hash(&code).contains(code.as_str()));
        assert_eq!(format!("{code:?}"), "PickupCode(******)");
    }
}
