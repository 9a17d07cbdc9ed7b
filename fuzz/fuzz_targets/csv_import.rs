#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::csv_import`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::csv_import(data));
