//! Who a label is for: the ship-to name and unit read from a label's 2D code
//! (UPS MaxiCode and PDF417, FedEx PDF417, GS1 ship-to fields all carry the
//! address as text), matched against the directory. A clear match is offered
//! first so the carrier confirms with one tap; roommates come as a short list.

use super::ResidentId;

/// What a label says about its recipient.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShipTo {
    /// Unit numbers after APT, UNIT, STE, # and the like.
    pub units: Vec<String>,
    /// Upper-case words of two letters or more (names among them).
    pub words: Vec<String>,
}

const UNIT_WORDS: [&str; 6] = ["APT", "APARTMENT", "UNIT", "STE", "SUITE", "#"];

/// Read the ship-to hints out of a label's payload.
pub fn parse(payload: &str) -> ShipTo {
    // Field separators (GS, RS, EOT) and punctuation become spaces; "#12" splits.
    let text: String = payload
        .chars()
        .map(|c| {
            if c == '#' {
                " # ".to_string()
            } else if c.is_alphanumeric() {
                c.to_uppercase().to_string()
            } else {
                " ".to_string()
            }
        })
        .collect();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut hints = ShipTo::default();
    for (i, t) in tokens.iter().enumerate() {
        if UNIT_WORDS.contains(t) {
            if let Some(unit) = tokens.get(i + 1) {
                hints.units.push(unit.to_string());
            }
        } else if t.len() >= 2 && t.chars().all(char::is_alphabetic) {
            hints.words.push(t.to_string());
        }
    }
    hints
}

impl ShipTo {
    /// The residents it may be for, best first: a matching unit and a
    /// matching surname weigh most; residents matching nothing, or much less
    /// than the best, are left out.
    pub fn rank(&self, residents: &[(ResidentId, String, String)]) -> Vec<ResidentId> {
        let mut scored: Vec<(u32, ResidentId)> = residents
            .iter()
            .filter_map(|(id, name, unit)| {
                let unit_ok = self.units.iter().any(|u| u.eq_ignore_ascii_case(unit));
                let names: Vec<String> =
                    name.split_whitespace().map(|n| n.to_uppercase()).collect();
                let surname = names.last().is_some_and(|s| self.words.contains(s));
                let given = names.first().is_some_and(|s| self.words.contains(s));
                let score = u32::from(unit_ok) * 4 + u32::from(surname) * 3 + u32::from(given);
                // A name alone (no unit) must be the surname to count.
                (unit_ok || surname).then_some((score, *id))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1 .0.cmp(&b.1 .0)));
        // Only the close ones: a named resident leaves out neighbours in other
        // buildings with the same unit number; roommates sharing a surname stay.
        let best = scored.first().map_or(0, |s| s.0);
        scored
            .into_iter()
            .filter(|(score, _)| score + 1 >= best)
            .map(|(_, id)| id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Vec<(ResidentId, String, String)> {
        [
            (1, "Carmen Alvarez", "101"),
            (2, "Luis Alvarez", "101"),
            (3, "Grace Kim", "303"),
            (4, "Ben Carter", "102"),
        ]
        .into_iter()
        .map(|(i, n, u)| (ResidentId(i), n.to_string(), u.to_string()))
        .collect()
    }

    #[test]
    fn a_maxicode_style_payload_names_its_resident() {
        // UPS MaxiCode: [)> RS 01 GS 96 postal ... GS 1Z... GS UPSN ... street, city, state.
        let p = "[)>\u{1e}01\u{1d}96941101234\u{1d}840\u{1d}001\u{1d}1Z999AA10123456784\u{1d}UPSN\u{1d}\
                 999AA1\u{1d}330\u{1d}\u{1d}1/1\u{1d}2\u{1d}Y\u{1d}500 MAPLE CT APT 303\u{1d}GRACE KIM\u{1d}SPRINGFIELD\u{1d}IL\u{1e}\u{4}";
        let hints = parse(p);
        assert_eq!(hints.units, ["303"]);
        assert_eq!(hints.rank(&directory()), [ResidentId(3)]);
    }

    #[test]
    fn roommates_come_as_a_short_list_and_names_alone_need_the_surname() {
        let hints = parse("SHIP TO: CARMEN ALVAREZ, 500 Maple Ct #101");
        assert_eq!(hints.units, ["101"]);
        // Both Alvarezes live in 101: Carmen (surname + given + unit) first.
        assert_eq!(hints.rank(&directory()), [ResidentId(1), ResidentId(2)]);
        // Same unit number in several buildings: only the one named.
        let mut more = directory();
        more.push((ResidentId(5), "Elena Popescu".into(), "303".into()));
        assert_eq!(parse("GRACE KIM APT 303").rank(&more), [ResidentId(3)]);
        // The unit alone: everyone in it.
        assert_eq!(parse("APT 303").rank(&more), [ResidentId(3), ResidentId(5)]);
        // No unit on the label: the surname finds them.
        let hints = parse("BEN CARTER 500 MAPLE CT");
        assert_eq!(hints.rank(&directory()), [ResidentId(4)]);
        // A given name alone is not enough.
        assert!(parse("GRACE 500 MAPLE CT").rank(&directory()).is_empty());
        assert!(parse("1Z999AA10123456784").units.is_empty());
    }
}
