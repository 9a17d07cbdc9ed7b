#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::label`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::label(data));
