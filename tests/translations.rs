//! Every string the UI shows has its translation in each complete language,
//! with the same placeholders, and the template translators work from is up
//! to date. (`scripts/tr-strings.py` updates the template and the .po files.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Languages every string must be translated into.
const COMPLETE: [&str; 1] = ["es"];
/// Languages shipped in part (the rest shows in English).
const PARTIAL: [&str; 1] = ["vi"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn slint_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            slint_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "slint") {
            out.push(p);
        }
    }
}

/// A Slint string literal's text (the part between the quotes).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.extend(char::from_u32(u32::from_str_radix(&code, 16).unwrap()));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Every first argument of `@tr(...)` under ui/, with one place it is used.
fn ui_strings() -> BTreeMap<String, String> {
    let mut files = Vec::new();
    slint_files(&root().join("ui"), &mut files);
    let mut found = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("@tr(") {
            rest = rest[i + 4..].trim_start();
            assert!(
                rest.starts_with('"'),
                "{}: @tr needs a string literal",
                f.display()
            );
            let body = &rest[1..];
            let mut end = 0;
            let mut escaped = false;
            for (j, c) in body.char_indices() {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => {
                        end = j;
                        break;
                    }
                    _ => {}
                }
            }
            let s = unescape(&body[..end]);
            found
                .entry(s)
                .or_insert_with(|| f.strip_prefix(root()).unwrap().display().to_string());
            rest = &body[end..];
        }
    }
    found
}

fn po_string(line: &str) -> String {
    let s = line.trim();
    let s = &s[1..s.len() - 1];
    s.replace("\\n", "\n")
        .replace("\\\"", "\"")
        .replace("\\\\", "\\")
}

/// msgid -> msgstr of a .po file, header left out.
fn read_po(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = BTreeMap::new();
    let (mut id, mut value, mut in_id) = (None::<String>, String::new(), false);
    let mut flush = |id: &mut Option<String>, value: &mut String| {
        if let Some(k) = id.take().filter(|k| !k.is_empty()) {
            out.insert(k, std::mem::take(value));
        }
        value.clear();
    };
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("msgid ") {
            flush(&mut id, &mut value);
            id = Some(po_string(rest));
            in_id = true;
        } else if let Some(rest) = line.strip_prefix("msgstr ") {
            value = po_string(rest);
            in_id = false;
        } else if line.starts_with('"') {
            if in_id {
                id.as_mut().unwrap().push_str(&po_string(line));
            } else {
                value.push_str(&po_string(line));
            }
        }
    }
    flush(&mut id, &mut value);
    out
}

fn po(lang: &str) -> BTreeMap<String, String> {
    read_po(&root().join(format!("lang/{lang}/LC_MESSAGES/lockerwall.po")))
}

fn placeholders(s: &str) -> usize {
    s.matches("{}").count()
}

#[test]
fn every_ui_string_is_translated_into_each_complete_language() {
    let strings = ui_strings();
    assert!(strings.len() > 300, "found {} strings", strings.len());
    for lang in COMPLETE {
        let have = po(lang);
        let missing: Vec<String> = strings
            .iter()
            .filter(|(s, _)| have.get(*s).is_none_or(|t| t.is_empty()))
            .map(|(s, at)| format!("{at}: {s:?}"))
            .collect();
        assert!(
            missing.is_empty(),
            "{lang}: {} strings have no translation (run scripts/tr-strings.py, then translate):\n{}",
            missing.len(),
            missing.join("\n")
        );
    }
}

#[test]
fn translations_keep_their_placeholders_and_follow_the_ui() {
    let strings = ui_strings();
    for lang in COMPLETE.iter().chain(&PARTIAL) {
        for (id, text) in po(lang).iter().filter(|(_, t)| !t.is_empty()) {
            assert!(
                strings.contains_key(id),
                "{lang}: {id:?} is no longer in the UI (run scripts/tr-strings.py)"
            );
            assert_eq!(
                placeholders(id),
                placeholders(text),
                "{lang}: {id:?} -> {text:?} changes the placeholders"
            );
        }
    }
    // Residents' screens are what a partial language must cover.
    let vi = po("vi");
    for s in [
        "Pick up a package",
        "Type the 6-digit code from your notice",
        "Need help?",
    ] {
        assert!(vi.get(s).is_some_and(|t| !t.is_empty()), "vi lacks {s:?}");
    }
    // The template translators start from lists exactly the UI's strings.
    let pot: Vec<String> = read_po(&root().join("lang/lockerwall.pot"))
        .into_keys()
        .collect();
    let ui: Vec<String> = strings.into_keys().collect();
    assert_eq!(
        pot, ui,
        "lang/lockerwall.pot is stale: run scripts/tr-strings.py"
    );
}
