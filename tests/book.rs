//! The book (docs/, built with mdBook in CI) holds together: every chapter
//! is in SUMMARY.md and every file SUMMARY.md names exists; every decision
//! record is listed; every relative link and picture resolves; every TOML
//! example in the installers' part parses; and the README still starts with
//! the two commands a newcomer needs.

use std::path::{Path, PathBuf};

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

fn summary() -> String {
    std::fs::read_to_string(docs().join("SUMMARY.md")).unwrap()
}

/// The targets of `[text](target)` and `![alt](target)` outside code.
fn links(markdown: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let tail = &rest[at + 2..];
            let end = tail.find(')').unwrap_or(tail.len());
            found.push(tail[..end].to_string());
            rest = &tail[end..];
        }
    }
    found
}

fn chapters() -> Vec<PathBuf> {
    links(&summary())
        .into_iter()
        .map(|l| docs().join(l))
        .collect()
}

fn markdown_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(markdown_under(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files
}

#[test]
fn every_chapter_is_in_the_summary_and_every_entry_exists() {
    let listed = chapters();
    for chapter in &listed {
        assert!(
            chapter.is_file(),
            "SUMMARY.md names {chapter:?}, which is not there"
        );
    }
    for file in markdown_under(&docs()) {
        if file.ends_with("SUMMARY.md") {
            continue;
        }
        assert!(
            listed.contains(&file),
            "{file:?} is in the book's folder but not in docs/SUMMARY.md"
        );
    }
}

#[test]
fn every_relative_link_and_picture_resolves() {
    let mut pages = chapters();
    pages.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        for link in links(&text) {
            if link.contains("://") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            let file = link.split('#').next().unwrap();
            let target = page.parent().unwrap().join(file);
            assert!(
                target.exists(),
                "{page:?} links to {link}, which is not there"
            );
        }
    }
}

/// The ```toml blocks of the installers' part (SUMMARY.md's "Installers").
fn installer_toml_blocks() -> Vec<(PathBuf, String)> {
    let summary = summary();
    let part = summary.split("\n# Installers\n").nth(1).unwrap();
    let part = part.split("\n# ").next().unwrap();
    let mut blocks = Vec::new();
    for chapter in links(part) {
        let path = docs().join(&chapter);
        let mut block: Option<String> = None;
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let trimmed = line.trim();
            match (&mut block, trimmed) {
                (None, "```toml") => block = Some(String::new()),
                (Some(b), "```") => {
                    blocks.push((path.clone(), std::mem::take(b)));
                    block = None;
                }
                (Some(b), _) => b.push_str(&format!("{line}\n")),
                (None, _) => {}
            }
        }
    }
    blocks
}

#[test]
fn every_toml_example_for_installers_parses() {
    let blocks = installer_toml_blocks();
    assert!(blocks.len() >= 5, "the installers' part shows its settings");
    for (chapter, block) in blocks {
        if let Err(e) = block.parse::<toml::Table>() {
            panic!("{chapter:?}: a TOML example does not parse: {e}\n{block}");
        }
    }
}

#[test]
fn the_readme_starts_with_the_two_commands() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let first_block = readme.split("```sh\n").nth(1).unwrap();
    let mut lines = first_block.lines();
    assert!(lines.next().unwrap().starts_with("cargo run --release"));
    assert!(lines.next().unwrap().starts_with("cargo test"));
}
