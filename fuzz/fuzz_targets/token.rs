#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::token`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::token(data));
