//! Who is sending a return: the unit and the last name on the lease, typed at
//! the kiosk, checked against the directory. Forgiving about how people type
//! (case, accents, "#", "Apt", spaces, a double surname typed in part), strict
//! about what must match (the unit, and a whole surname word).

/// Fold case and the accents a keyboard may not have ("García" = "garcia").
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ý' | 'ÿ' => 'y',
            '’' | '‘' => '\'',
            c => c,
        })
        .collect()
}

/// A unit as typed or stored, compared without "#", "Apt", "Unit", spaces,
/// dashes or leading zeros ("Apt 0204" = "204", "B-12" = "b12").
pub fn unit_key(unit: &str) -> String {
    let lower = fold(unit);
    let mut s = lower.trim();
    for prefix in [
        "apartment",
        "apt.",
        "apt",
        "unit",
        "ste",
        "suite",
        "#",
        "no.",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
        }
    }
    let key: String = s.chars().filter(|c| c.is_alphanumeric()).collect();
    let trimmed = key.trim_start_matches('0');
    if trimmed.is_empty() {
        key
    } else {
        trimmed.to_string()
    }
}

/// The words of a name, folded; a hyphen parts words ("Smith-Jones"), an
/// apostrophe or a dot does not ("O'Brien" = "OBRIEN", the on-screen
/// keyboard has no apostrophe).
fn words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `typed` is a last name of `full_name`: the typed words, in order,
/// are whole words of the name after its first (given) name. A one-word name
/// is its own last name. "García" matches "Ana García López" and
/// "Ana Maria de la Cruz" matches "de la Cruz" and "Cruz"; "Ana" does not.
pub fn last_name_matches(full_name: &str, typed: &str) -> bool {
    let name = words(full_name);
    let typed = words(typed);
    if typed.is_empty() || name.is_empty() {
        return false;
    }
    let family = if name.len() == 1 {
        &name[..]
    } else {
        &name[1..]
    };
    family.windows(typed.len()).any(|w| w == typed.as_slice())
}

/// Whether a resident of `unit` (in `building`) called `name` is who typed
/// `typed_unit` and `typed_last`. The unit may be typed with its building
/// ("B-204" for unit 204 of building B).
pub fn is_sender(
    name: &str,
    unit: &str,
    building: &str,
    typed_unit: &str,
    typed_last: &str,
) -> bool {
    let typed = unit_key(typed_unit);
    if typed.is_empty() {
        return false;
    }
    let unit_ok = typed == unit_key(unit) || typed == unit_key(&format!("{building}{unit}"));
    unit_ok && last_name_matches(name, typed_last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_compare_the_way_people_type_them() {
        assert_eq!(unit_key("Apt 0204"), "204");
        assert_eq!(unit_key("#204"), "204");
        assert_eq!(unit_key(" unit 12-B "), "12b");
        assert_eq!(unit_key("0"), "0");
        assert_eq!(unit_key(""), "");
        assert!(is_sender("Ana García", "204", "A", "a-204", "garcia"));
        assert!(is_sender("Ana García", "204", "A", "204", "GARCÍA"));
        assert!(!is_sender("Ana García", "204", "A", "214", "García"));
        assert!(!is_sender("Ana García", "204", "A", "", "García"));
    }

    #[test]
    fn a_last_name_is_whole_surname_words() {
        assert!(last_name_matches("Ana García López", "García"));
        assert!(last_name_matches("Ana García López", "garcia lopez"));
        assert!(last_name_matches("Ana García López", "López"));
        assert!(last_name_matches("Ana Maria de la Cruz", "de la Cruz"));
        assert!(last_name_matches("Sean O’Brien", "o'brien"));
        assert!(last_name_matches("Sean O'Brien", "OBRIEN"));
        assert!(last_name_matches("Ana Smith-Jones", "SMITH"));
        assert!(last_name_matches("Ana Smith-Jones", "Smith-Jones"));
        assert!(last_name_matches("Cher", "Cher"));
        // Not the given name, not part of a word, not empty.
        assert!(!last_name_matches("Ana García", "Ana"));
        assert!(!last_name_matches("Ana García", "Garc"));
        assert!(!last_name_matches("Ana García", "  "));
        assert!(!last_name_matches("Ana García López", "López García"));
    }
}
