#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::scanner_lines`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::scanner_lines(data));
