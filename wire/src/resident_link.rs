//! The link to a resident's own page, in every notice: signed by the wall
//! under the property's key for one resident, issued at one moment, good for
//! some days. The server checks the signature and the days, and refuses a
//! link issued before the resident's last [`crate::EventKind::PageLinkRevoked`]
//! (staff revoked it, or the resident moved out). No password, no account.
//!
//! `/r/{property}/{resident}.{issued}.{days}.{language}.{mac}`: issued in
//! seconds since 1970, the MAC the first 16 bytes of HMAC-SHA256, base64url.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Where residents' pages live on the server: `{PAGE_PATH}/{property}/{token}`.
pub const PAGE_PATH: &str = "/r";
/// The longest token read (a resident id, a time, days, a language and the MAC fit in far less).
const MAX_TOKEN: usize = 120;

/// A link to one resident's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentLink {
    /// The resident's id on the wall.
    pub resident: i64,
    /// When it was issued, seconds since 1970 (the wall's clock).
    pub issued_s: i64,
    /// Days it opens the page for.
    pub days: u16,
    /// The page's language (`en`, `es`, ...): the resident's, as the wall knows it.
    pub language: String,
}

/// Why a link does not open a page (the server words it for the resident).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRefused {
    /// Not a link's shape (cut short in a text message, mistyped).
    Malformed,
    /// Not signed with this property's key: made up, or altered.
    Forged,
}

impl ResidentLink {
    /// The token for `property` under its `key`.
    pub fn token(&self, key: &str, property: &str) -> String {
        let body = self.body();
        format!("{body}.{}", mac(key, property, &body))
    }

    /// The whole address, under the server's public `base` (`https://portfolio.example.com`).
    pub fn url(&self, base: &str, key: &str, property: &str) -> String {
        format!(
            "{}{PAGE_PATH}/{property}/{}",
            base.trim_end_matches('/'),
            self.token(key, property)
        )
    }

    /// When it stops opening the page, seconds since 1970.
    pub fn expires_s(&self) -> i64 {
        self.issued_s + i64::from(self.days) * 86_400
    }

    /// The link `token` stands for, if `key` signed it for `property`
    /// (the MAC compared in constant time). Days and revocation are the
    /// caller's to check.
    pub fn read(key: &str, property: &str, token: &str) -> Result<ResidentLink, LinkRefused> {
        if token.len() > MAX_TOKEN || !token.is_ascii() {
            return Err(LinkRefused::Malformed);
        }
        let (body, given) = token.rsplit_once('.').ok_or(LinkRefused::Malformed)?;
        let link = Self::parse_body(body).ok_or(LinkRefused::Malformed)?;
        // Only the canonical spelling is signed: "007" for "7" is not the same link.
        if link.body() != body {
            return Err(LinkRefused::Malformed);
        }
        let given = data_encoding::BASE64URL_NOPAD
            .decode(given.as_bytes())
            .map_err(|_| LinkRefused::Malformed)?;
        if given.len() != MAC_BYTES {
            return Err(LinkRefused::Forged);
        }
        keyed(key, property, body)
            .verify_truncated_left(&given)
            .map(|_| link)
            .map_err(|_| LinkRefused::Forged)
    }

    /// The language a token names, read without its signature (for words
    /// on the page that refuses it); none when it names none.
    pub fn language_of(token: &str) -> Option<&str> {
        token.split('.').nth(3).filter(|l| is_language(l))
    }

    fn body(&self) -> String {
        format!(
            "{}.{}.{}.{}",
            self.resident, self.issued_s, self.days, self.language
        )
    }

    fn parse_body(body: &str) -> Option<ResidentLink> {
        let mut parts = body.split('.');
        let link = ResidentLink {
            resident: parts.next()?.parse().ok().filter(|r| *r > 0)?,
            issued_s: parts.next()?.parse().ok().filter(|s| *s >= 0)?,
            days: parts.next()?.parse().ok().filter(|d| *d > 0)?,
            language: parts.next().filter(|l| is_language(l))?.to_string(),
        };
        parts.next().is_none().then_some(link)
    }
}

const MAC_BYTES: usize = 16;

/// Two or three lower-case letters (`en`, `es`, `vi`).
fn is_language(l: &str) -> bool {
    (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase())
}

fn keyed(key: &str, property: &str, body: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(b"resident-page:");
    mac.update(property.as_bytes());
    mac.update(b":");
    mac.update(body.as_bytes());
    mac
}

fn mac(key: &str, property: &str, body: &str) -> String {
    let full = keyed(key, property, body).finalize().into_bytes();
    data_encoding::BASE64URL_NOPAD.encode(&full[..MAC_BYTES])
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "a-property-key-of-some-length";

    fn ana() -> ResidentLink {
        ResidentLink {
            resident: 7,
            issued_s: 1_796_000_000,
            days: 60,
            language: "es".into(),
        }
    }

    #[test]
    fn a_link_reads_back_under_its_key_and_property() {
        let token = ana().token(KEY, "maple-court");
        assert_eq!(ResidentLink::read(KEY, "maple-court", &token), Ok(ana()));
        assert!(token.len() < 60, "short enough for a text message: {token}");
        assert_eq!(
            ana().url("https://p.example/", KEY, "maple-court"),
            format!("https://p.example/r/maple-court/{token}")
        );
    }

    #[test]
    fn another_key_or_property_or_resident_is_forged() {
        let token = ana().token(KEY, "maple-court");
        let forged = Err(LinkRefused::Forged);
        assert_eq!(
            ResidentLink::read("another-key-entirely", "maple-court", &token),
            forged
        );
        assert_eq!(ResidentLink::read(KEY, "elm-row", &token), forged);
        let other = token.replacen("7.", "8.", 1);
        assert_eq!(ResidentLink::read(KEY, "maple-court", &other), forged);
        let longer = token.replacen(".60.", ".600.", 1);
        assert_eq!(ResidentLink::read(KEY, "maple-court", &longer), forged);
        let (body, _) = token.rsplit_once('.').unwrap();
        let short_mac = format!("{body}.AAAA");
        assert_eq!(ResidentLink::read(KEY, "maple-court", &short_mac), forged);
    }

    #[test]
    fn mangled_links_are_malformed() {
        let token = ana().token(KEY, "maple-court");
        for bad in [
            "",
            "7",
            "7.1.2.es",
            &token[..token.len() - 3],
            &token.replacen("7.", "007.", 1),
            &token.replacen(".es.", ".ES.", 1),
            &token.replacen("7.", "-7.", 1),
            &format!("{token}.extra"),
            &"9".repeat(500),
            "7.1.2.es.ñññ",
        ] {
            let read = ResidentLink::read(KEY, "maple-court", bad);
            assert!(read.is_err(), "{bad:?} read as {read:?}");
        }
        assert_eq!(
            ResidentLink::read(KEY, "maple-court", &token.replacen(".es.", ".ES.", 1)),
            Err(LinkRefused::Malformed)
        );
    }

    #[test]
    fn it_expires_after_its_days() {
        assert_eq!(ana().expires_s(), 1_796_000_000 + 60 * 86_400);
    }
}
