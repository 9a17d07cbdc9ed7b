//! Every callback the UI's globals declare is bound in the view: a tap on a
//! button whose callback nobody set does nothing at all, silently (found by
//! the delivery-run UI test; this keeps the whole class out).

use std::path::Path;

/// Every file ending in `ext` under `dir`, its folders included.
fn read_dir(dir: &str, ext: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    read_into(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
        ext,
        &mut out,
    );
    out
}

fn read_into(root: &Path, ext: &str, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(root).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            read_into(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push((
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
}

#[test]
fn every_global_callback_is_bound_in_the_view() {
    let view: String = read_dir("src/view", "rs")
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let mut missing = Vec::new();
    let mut seen = 0;
    for (file, text) in read_dir("ui/globals", "slint") {
        for line in text.lines() {
            let Some(rest) = line.trim().strip_prefix("callback ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            seen += 1;
            let setter = format!("on_{}", name.replace('-', "_"));
            if !view.contains(&format!("{setter}(")) && !view.contains(&format!("{setter},")) {
                missing.push(format!("{file}: {name}"));
            }
        }
    }
    assert!(seen > 40, "the globals were read ({seen} callbacks)");
    assert!(missing.is_empty(), "callbacks never bound: {missing:?}");
}
