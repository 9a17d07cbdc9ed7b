//! Signed pickup tokens: what the QR code in a notice carries. Longer than a
//! pickup code and unguessable, bound to one package, the version of its code
//! and an expiry, signed with the site secret, and verified by the kiosk with
//! no network.
//!
//! Text form: `LW1` + base32 of `package (8 bytes) | expiry in minutes since
//! 1970 (4) | HMAC-SHA256 truncated to 12 bytes`: 42 characters of A-Z and
//! 2-7, which a QR code holds in its compact alphanumeric mode and a
//! keyboard-wedge scanner types without shift-key surprises.
//!
//! The code's version is signed but not carried (decision 0025): the kiosk
//! looks the package's current version up before it checks the signature,
//! so a token issued before a new recipient or a removal no longer checks
//! out. Version 0 signs exactly as tokens did before versions existed.

use super::SiteSecret;
use crate::domain::{PackageId, Timestamp};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The version prefix every token starts with.
pub const PREFIX: &str = "LW1";
const MAC_LEN: usize = 12;
const BODY_LEN: usize = 8 + 4 + MAC_LEN;
/// Older versions tried, to tell a replaced token from a forged one.
const VERSIONS_LOOKED_BACK: u32 = 16;

/// What a valid token says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenClaims {
    pub package: PackageId,
    /// Not accepted from this moment on (whole minutes).
    pub expires: Timestamp,
}

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a Lockerwall token at all (a damaged scan, another QR code).
    #[error("this is not a pickup QR code")]
    Malformed,
    /// The signature does not match: altered, or made by another wall.
    #[error("this QR code was not issued by this locker wall")]
    NotFromHere,
    /// Signed for an older code of its package (a new recipient, a removal).
    #[error("this QR code was replaced by a newer notice")]
    Replaced,
    /// Past its expiry.
    #[error("this QR code has expired")]
    Expired,
}

/// Makes and checks tokens with the site secret.
#[derive(Clone, Debug)]
pub struct TokenSigner {
    secret: SiteSecret,
}

impl TokenSigner {
    /// A signer keyed with the site secret.
    pub fn new(secret: SiteSecret) -> Self {
        Self { secret }
    }

    fn mac(&self, body: &[u8], version: u32) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"pickup-token:v1:");
        mac.update(body);
        if version > 0 {
            mac.update(b":code-version:");
            mac.update(&version.to_be_bytes());
        }
        mac
    }

    /// The token for version `version` of `package`'s code, valid until
    /// `expires` (rounded down to the minute).
    pub fn issue(&self, package: PackageId, version: u32, expires: Timestamp) -> String {
        let minutes = (expires.0.max(0) / 60_000).min(i64::from(u32::MAX)) as u32;
        let mut body = Vec::with_capacity(BODY_LEN);
        body.extend_from_slice(&(package.0 as u64).to_be_bytes());
        body.extend_from_slice(&minutes.to_be_bytes());
        let mac = self.mac(&body, version).finalize().into_bytes();
        body.extend_from_slice(&mac[..MAC_LEN]);
        format!("{PREFIX}{}", data_encoding::BASE32_NOPAD.encode(&body))
    }

    /// The package a token names, before anything is checked (to look up
    /// its code's version); `Malformed` for anything that is not a token.
    pub fn package_named(text: &str) -> Result<PackageId, TokenError> {
        let body = decode(text)?;
        let package = u64::from_be_bytes(body[..8].try_into().map_err(|_| TokenError::Malformed)?);
        Ok(PackageId(package as i64))
    }

    /// Check a token as scanned (or typed) at `now`, against the current
    /// `version` of its package's code.
    pub fn verify(
        &self,
        text: &str,
        version: u32,
        now: Timestamp,
    ) -> Result<TokenClaims, TokenError> {
        let body = decode(text)?;
        let (signed, mac) = body.split_at(12);
        // Constant-time comparison through the HMAC crate.
        let checks = |v: u32| self.mac(signed, v).verify_truncated_left(mac).is_ok();
        if !checks(version) {
            let older = version.saturating_sub(VERSIONS_LOOKED_BACK)..version;
            return Err(if older.into_iter().any(checks) {
                TokenError::Replaced
            } else {
                TokenError::NotFromHere
            });
        }
        let package =
            u64::from_be_bytes(signed[..8].try_into().map_err(|_| TokenError::Malformed)?);
        let minutes = u32::from_be_bytes(
            signed[8..12]
                .try_into()
                .map_err(|_| TokenError::Malformed)?,
        );
        let expires = Timestamp(i64::from(minutes) * 60_000);
        if now >= expires {
            return Err(TokenError::Expired);
        }
        Ok(TokenClaims {
            package: PackageId(package as i64),
            expires,
        })
    }
}

/// A token's bytes, if it is one.
fn decode(text: &str) -> Result<Vec<u8>, TokenError> {
    let t = text.trim().to_ascii_uppercase();
    let encoded = t.strip_prefix(PREFIX).ok_or(TokenError::Malformed)?;
    let body = data_encoding::BASE32_NOPAD
        .decode(encoded.as_bytes())
        .map_err(|_| TokenError::Malformed)?;
    if body.len() != BODY_LEN {
        return Err(TokenError::Malformed);
    }
    Ok(body)
}

/// Whether typed or scanned text looks like a token (rather than a short code).
pub fn looks_like_token(text: &str) -> bool {
    text.trim()
        .get(..PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_764_000_000_000);
    const DAY: i64 = 86_400_000;

    fn signer(key: u8) -> TokenSigner {
        TokenSigner::new(SiteSecret::from_bytes([key; 32]))
    }

    #[test]
    fn a_token_round_trips_and_carries_its_package() {
        let s = signer(1);
        let t = s.issue(PackageId(4321), 0, NOW.plus_ms(7 * DAY));
        assert_eq!(t.len(), 42);
        assert!(t.starts_with("LW1"));
        assert!(t[3..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        let c = s.verify(&t, 0, NOW).unwrap();
        assert_eq!(c.package, PackageId(4321));
        assert_eq!(c.expires.0, (NOW.0 + 7 * DAY) / 60_000 * 60_000);
        // Scanners may type it in lower case, with a trailing newline.
        assert_eq!(s.verify(&format!("{}\n", t.to_lowercase()), 0, NOW), Ok(c));
        assert!(looks_like_token(&t.to_lowercase()));
        assert!(!looks_like_token("123456"));
    }

    #[test]
    fn tampered_expired_foreign_and_garbled_tokens_are_refused() {
        let s = signer(1);
        let t = s.issue(PackageId(7), 0, NOW.plus_ms(DAY));
        // Another package number under the same signature.
        let other = s.issue(PackageId(8), 0, NOW.plus_ms(DAY));
        let forged = format!("{}{}", &other[..16], &t[16..]);
        assert_eq!(s.verify(&forged, 0, NOW), Err(TokenError::NotFromHere));
        // One character changed in the signature.
        let mut chars: Vec<char> = t.chars().collect();
        let i = chars.len() - 4;
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let flipped: String = chars.into_iter().collect();
        assert_eq!(s.verify(&flipped, 0, NOW), Err(TokenError::NotFromHere));
        // Issued by another wall.
        assert_eq!(signer(2).verify(&t, 0, NOW), Err(TokenError::NotFromHere));
        // Expired: refused at and after its expiry.
        assert_eq!(s.verify(&t, 0, NOW.plus_ms(DAY)), Err(TokenError::Expired));
        // Not a token at all.
        for junk in [
            "",
            "LW1",
            "LW1!!!!",
            "https://example.com",
            "123456",
            &t[..30],
        ] {
            assert_eq!(s.verify(junk, 0, NOW), Err(TokenError::Malformed), "{junk}");
        }
    }

    #[test]
    fn a_token_for_an_older_code_is_replaced_not_forged() {
        let s = signer(1);
        let v0 = s.issue(PackageId(7), 0, NOW.plus_ms(DAY));
        let v2 = s.issue(PackageId(7), 2, NOW.plus_ms(DAY));
        assert_ne!(v0, v2);
        assert_eq!(v2.len(), 42);
        assert_eq!(s.verify(&v2, 2, NOW).unwrap().package, PackageId(7));
        assert_eq!(s.verify(&v0, 2, NOW), Err(TokenError::Replaced));
        assert_eq!(s.verify(&v2, 0, NOW), Err(TokenError::NotFromHere));
        assert_eq!(signer(2).verify(&v2, 2, NOW), Err(TokenError::NotFromHere));
        assert_eq!(TokenSigner::package_named(&v2), Ok(PackageId(7)));
        assert_eq!(
            TokenSigner::package_named("LW1AAAA"),
            Err(TokenError::Malformed)
        );
    }
}
