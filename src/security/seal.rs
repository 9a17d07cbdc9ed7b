//! Sealing: a pickup code is kept encrypted with a key derived from the site
//! secret, so notices can be sent (and re-sent) after the code was drawn
//! while the database alone still reveals no code (see decision 0004).

use super::SiteSecret;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Seals and opens short secrets bound to what they belong to (a package).
#[derive(Clone)]
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

/// A sealed value that does not open: damaged, or sealed under another key or owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a sealed value could not be opened (damaged, or from another site key)")]
pub struct Unseal;

impl Sealer {
    /// A sealer whose key is derived from the site secret.
    pub fn new(secret: &SiteSecret) -> Self {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"seal-key:v1");
        let key = mac.finalize().into_bytes();
        Self {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&key)),
        }
    }

    /// Seal `plain` for `owner` (it opens only for the same owner): hex of nonce and ciphertext.
    pub fn seal(&self, plain: &str, owner: &[u8], rng: &mut dyn RngCore) -> String {
        let mut nonce = [0u8; 12];
        rng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: owner,
                },
            )
            .expect("ChaCha20-Poly1305 encrypts any short message");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        hex::encode(out)
    }

    /// Open what [`Sealer::seal`] made for `owner`.
    pub fn open(&self, sealed: &str, owner: &[u8]) -> Result<String, Unseal> {
        let bytes = hex::decode(sealed).map_err(|_| Unseal)?;
        if bytes.len() < 12 {
            return Err(Unseal);
        }
        let (nonce, ct) = bytes.split_at(12);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: owner,
                },
            )
            .map_err(|_| Unseal)?;
        String::from_utf8(plain).map_err(|_| Unseal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn sealed_codes_open_only_for_their_owner_and_key() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let s = Sealer::new(&SiteSecret::from_bytes([1; 32]));
        let sealed = s.seal("493817", b"package:7", &mut rng);
        assert!(!sealed.contains("493817"));
        assert_eq!(s.open(&sealed, b"package:7").unwrap(), "493817");
        assert_eq!(s.open(&sealed, b"package:8"), Err(Unseal));
        let other = Sealer::new(&SiteSecret::from_bytes([2; 32]));
        assert_eq!(other.open(&sealed, b"package:7"), Err(Unseal));
        assert_eq!(s.open("zz", b"package:7"), Err(Unseal));
        let mut damaged = sealed.clone().into_bytes();
        damaged[30] = if damaged[30] == b'0' { b'1' } else { b'0' };
        assert_eq!(
            s.open(&String::from_utf8(damaged).unwrap(), b"package:7"),
            Err(Unseal)
        );
    }
}
