#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::site_and_config`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::site_and_config(data));
