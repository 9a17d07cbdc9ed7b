//! The fuzz targets' seeds and every input a fuzzer ever found a fault with
//! (`fuzz/seeds/TARGET`, `fuzz/regressions/TARGET`), run through the same
//! entry points the fuzzers use, on every `cargo test`. A finding is kept by
//! copying its artifact into `fuzz/regressions/TARGET/`.

use std::path::Path;

fn run(target: &str, f: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            // A panic names the input, so the finding can be reproduced.
            let result = std::panic::catch_unwind(|| f(&data));
            assert!(result.is_ok(), "{target} panicked on {}", path.display());
            n += 1;
        }
    }
    n
}

#[test]
fn every_seed_and_regression_passes() {
    type Target = (&'static str, fn(&[u8]));
    let targets: [Target; 13] = [
        ("token", lockerwall::fuzzing::token),
        ("label", lockerwall::fuzzing::label),
        ("csv_import", lockerwall::fuzzing::csv_import),
        ("site_and_config", lockerwall::fuzzing::site_and_config),
        ("flow", lockerwall::fuzzing::flow),
        ("desk_mail", lockerwall_portfolio::fuzzing::desk_mail),
        ("http_reply", lockerwall::fuzzing::http_reply),
        ("kerong_frames", lockerwall_hal::fuzzing::kerong_frames),
        ("modbus_frames", lockerwall_hal::fuzzing::modbus_frames),
        ("scanner_lines", lockerwall::fuzzing::scanner_lines),
        (
            "resident_link",
            lockerwall_portfolio::fuzzing::resident_link,
        ),
        (
            "resident_forms",
            lockerwall_portfolio::fuzzing::resident_forms,
        ),
        ("text_replies", lockerwall_portfolio::fuzzing::text_replies),
    ];
    for (name, f) in targets {
        assert!(run(name, f) > 0, "{name} has no seeds");
    }
}
