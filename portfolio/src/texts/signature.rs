//! The provider's signature on the requests it sends us (Twilio's
//! `X-Twilio-Signature`): base64 of HMAC-SHA1, keyed with the account's auth
//! token, over the full URL it posted to followed by every form field's name
//! and value, sorted by name.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// The signature the provider sends for `fields` posted to `url`.
pub fn expected(token: &str, url: &str, fields: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = fields.iter().collect();
    sorted.sort();
    let mut mac = Hmac::<Sha1>::new_from_slice(token.as_bytes()).expect("any key length");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    data_encoding::BASE64.encode(&mac.finalize().into_bytes())
}

/// Whether `given` is the provider's signature (compared in constant time).
pub fn holds(token: &str, url: &str, fields: &[(String, String)], given: &str) -> bool {
    use subtle::ConstantTimeEq;
    let want = expected(token, url, fields);
    want.len() == given.len() && bool::from(want.as_bytes().ct_eq(given.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_providers_own_example() {
        // Twilio's documentation signs this request with the token 12345.
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let fields: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            expected("12345", url, &fields),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        );
        assert!(holds("12345", url, &fields, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
        assert!(!holds(
            "12346",
            url,
            &fields,
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
        assert!(!holds(
            "12345",
            url,
            &fields[1..],
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
        assert!(!holds("12345", url, &fields, ""));
    }
}
