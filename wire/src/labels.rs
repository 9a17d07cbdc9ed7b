//! What a shipping label's barcode says: the carrier and the tracking number,
//! with each carrier's check digit verified where it has one. Scanners hand
//! over the raw payload (a GS1-128 with its application identifiers, a 1Z, a
//! FedEx 34-digit barcode ...); people type the printed number. Both end here.

use crate::tracking;

/// The carriers whose numbers we recognise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Carrier {
    Ups,
    Usps,
    FedEx,
    Amazon,
    Dhl,
}

impl Carrier {
    /// The name carriers log in with (the demo site's carrier accounts).
    pub fn name(self) -> &'static str {
        match self {
            Carrier::Ups => "UPS",
            Carrier::Usps => "USPS",
            Carrier::FedEx => "FedEx",
            Carrier::Amazon => "Amazon",
            Carrier::Dhl => "DHL",
        }
    }
}

/// A tracking number recognised on a label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub carrier: Carrier,
    /// The tracking number as the carrier prints it (no spaces).
    pub tracking: String,
    /// False when the number has a check digit and it does not match: a misread
    /// or a mistyped digit. Flagged to the carrier, never silently accepted.
    pub check_ok: bool,
}

fn digits(s: &str) -> Option<Vec<u32>> {
    s.chars().map(|c| c.to_digit(10)).collect()
}

/// GS1 mod 10 (weights 3 and 1 from the right): USPS IMpb, FedEx Ground, SSCC.
pub fn gs1_check(body: &[u32]) -> u32 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10
}

/// The UPS 1Z check digit over the 15 characters after "1Z".
fn ups_check(body: &str) -> Option<u32> {
    let mut sum = 0;
    for (i, c) in body.chars().enumerate() {
        let v = match c {
            '0'..='9' => c.to_digit(10)?,
            // Letters count as (position in the alphabet + 2) mod 10: A=2, B=3, ... I=0.
            'A'..='Z' => ((c as u32 - 'A' as u32) + 2) % 10,
            _ => return None,
        };
        sum += if i % 2 == 1 { 2 * v } else { v };
    }
    Some((10 - sum % 10) % 10)
}

/// FedEx Express 12-digit: weights 1, 3, 7 from the right over 11 digits, mod 11, mod 10.
fn fedex12_check(body: &[u32]) -> u32 {
    let w = [1, 3, 7];
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| d * w[i % 3])
        .sum();
    sum % 11 % 10
}

fn split_last(d: &[u32]) -> (&[u32], u32) {
    let (body, last) = d.split_at(d.len() - 1);
    (body, last[0])
}

/// Recognise a label's payload or a typed number.
pub fn identify(raw: &str) -> Option<Label> {
    // GS1-128 payloads arrive with FNC1 as the group separator (0x1D) or "]C1".
    let cleaned: String = raw
        .trim()
        .trim_start_matches("]C1")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let s = cleaned.as_str();
    let label = |carrier, tracking: &str, check_ok| {
        Some(Label {
            carrier,
            tracking: tracking.to_string(),
            check_ok,
        })
    };
    // UPS: 1Z + 16 characters, the last a check digit.
    if s.len() == 18 && s.starts_with("1Z") {
        let ok = ups_check(&s[2..17]) == s[17..].chars().next().and_then(|c| c.to_digit(10));
        return label(Carrier::Ups, s, ok);
    }
    // Amazon Logistics: TBA + 12 digits, no check digit.
    if s.len() == 15 && s.starts_with("TBA") && s[3..].bytes().all(|b| b.is_ascii_digit()) {
        return label(Carrier::Amazon, s, true);
    }
    // DHL eCommerce: JJD + digits; DHL Express waybill below.
    if s.starts_with("JJD") && s.len() >= 13 && s[3..].bytes().all(|b| b.is_ascii_digit()) {
        return label(Carrier::Dhl, s, true);
    }
    let d = digits(s)?;
    // USPS IMpb in GS1-128: 420 + ZIP (5 or 9 digits) + the 22-digit tracking number.
    if s.starts_with("420") {
        for zip in [5, 9] {
            let rest = &s[3 + zip.min(s.len() - 3)..];
            if rest.len() == 22 && matches!(&rest[..2], "92" | "93" | "94" | "95") {
                return identify(rest);
            }
        }
    }
    match d.len() {
        // USPS IMpb: 22 digits starting 92/93/94/95, GS1 mod 10.
        22 if matches!(&s[..2], "92" | "93" | "94" | "95") => {
            let (body, check) = split_last(&d);
            label(Carrier::Usps, s, gs1_check(body) == check)
        }
        // FedEx Express: 12 digits.
        12 => {
            let (body, check) = split_last(&d);
            label(Carrier::FedEx, s, fedex12_check(body) == check)
        }
        // FedEx Ground 15 digits, SmartPost 20 and 22 (96...): GS1 mod 10.
        15 | 20 => {
            let (body, check) = split_last(&d);
            label(Carrier::FedEx, s, gs1_check(body) == check)
        }
        22 if s.starts_with("96") => {
            let (body, check) = split_last(&d);
            label(Carrier::FedEx, s, gs1_check(body) == check)
        }
        // The FedEx 34-digit barcode: the tracking number is the last 12 (Express) digits.
        34 => {
            let t = &s[22..];
            let (body, check) = split_last(&d[22..]);
            label(Carrier::FedEx, t, fedex12_check(body) == check)
        }
        // DHL Express waybill: 10 digits, check = first nine mod 7.
        10 => {
            let n: u64 = s[..9].parse().ok()?;
            let check = d[9];
            label(Carrier::Dhl, s, (n % 7) as u32 == check)
        }
        _ => None,
    }
}

/// The tracking number inside a whole label payload (a MaxiCode or PDF417
/// carries it as one field among the address and the rest): the payload
/// itself if it is one, else the first field that is.
pub fn find(payload: &str) -> Option<Label> {
    if let Some(l) = identify(payload) {
        return Some(l);
    }
    let found: Vec<Label> = payload
        .split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|f| f.len() >= 10)
        .filter_map(identify)
        .collect();
    // An account or postal number can look like a number too: a checked one wins.
    found.iter().find(|l| l.check_ok).or(found.first()).cloned()
}

/// A typed or scanned number, cleaned, with what it was recognised as (if anything).
pub fn read(raw: &str) -> Result<(String, Option<Label>), tracking::TrackingError> {
    match identify(raw) {
        Some(l) => Ok((l.tracking.clone(), Some(l))),
        None => tracking::normalize(raw).map(|t| (t, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid number from a body, for the carriers whose check we compute.
    fn with_gs1(body: &str) -> String {
        let d = digits(body).unwrap();
        format!("{body}{}", gs1_check(&d))
    }

    #[test]
    fn the_check_digit_rules_match_published_examples() {
        // UPS's own sample number.
        assert_eq!(
            identify("1Z 999 AA1 01 2345 6784"),
            Some(Label {
                carrier: Carrier::Ups,
                tracking: "1Z999AA10123456784".into(),
                check_ok: true
            })
        );
        // GS1 mod 10 on a published GTIN-13 (4006381333931).
        assert_eq!(gs1_check(&digits("400638133393").unwrap()), 1);
    }

    #[test]
    fn each_carrier_is_recognised_and_a_wrong_digit_is_flagged() {
        let usps = with_gs1("940011189922339765853");
        let fedex15 = with_gs1("02020702138121");
        let fedex22 = with_gs1("961234567890123456789");
        let fedex12 = {
            let body = "12345678901";
            format!("{body}{}", fedex12_check(&digits(body).unwrap()))
        };
        let dhl = format!("{}{}", "123456789", 123456789 % 7);
        let cases: Vec<(String, Carrier, String)> = vec![
            (usps.clone(), Carrier::Usps, usps.clone()),
            // The same number inside a GS1-128 with the 420 ZIP prefix (5- and 9-digit ZIPs).
            (format!("42002134{usps}"), Carrier::Usps, usps.clone()),
            (
                format!("\u{1d}420021341234{usps}"),
                Carrier::Usps,
                usps.clone(),
            ),
            (fedex12.clone(), Carrier::FedEx, fedex12.clone()),
            (fedex15.clone(), Carrier::FedEx, fedex15.clone()),
            (fedex22.clone(), Carrier::FedEx, fedex22.clone()),
            (
                format!("1001234567890123456789{fedex12}"),
                Carrier::FedEx,
                fedex12.clone(),
            ),
            (
                "TBA123456789000".into(),
                Carrier::Amazon,
                "TBA123456789000".into(),
            ),
            (dhl.clone(), Carrier::Dhl, dhl.clone()),
            (
                "JJD0001234567890".into(),
                Carrier::Dhl,
                "JJD0001234567890".into(),
            ),
        ];
        for (raw, carrier, tracking) in cases {
            let l = identify(&raw).unwrap_or_else(|| panic!("{raw}"));
            assert_eq!(
                (l.carrier, l.tracking.as_str(), l.check_ok),
                (carrier, tracking.as_str(), true),
                "{raw}"
            );
            // One digit changed (not the prefix): the check fails, the number is flagged.
            if carrier != Carrier::Amazon && !raw.starts_with("JJD") {
                let mut b = tracking.clone().into_bytes();
                let i = b.len() - 3;
                b[i] = if b[i] == b'5' { b'6' } else { b'5' };
                let wrong = String::from_utf8(b).unwrap();
                let l = identify(&wrong).unwrap();
                assert!(!l.check_ok, "{wrong} should fail its check");
            }
        }
        // A UPS number with a wrong check digit.
        assert!(!identify("1Z999AA10123456785").unwrap().check_ok);
        // A MaxiCode-style payload: the 1Z field is found among the others.
        let maxi = "[)>\u{1e}01\u{1d}96941101234\u{1d}840\u{1d}001\u{1d}1Z999AA10123456784\u{1d}UPSN\u{1d}500 MAPLE CT";
        assert_eq!(find(maxi).unwrap().tracking, "1Z999AA10123456784");
        assert_eq!(find("SHIP TO CARMEN"), None);
        // Not a carrier's number: left to the plain rules.
        assert_eq!(identify("ABC123"), None);
        assert_eq!(read("abc-123").unwrap(), ("ABC123".into(), None));
    }
}
