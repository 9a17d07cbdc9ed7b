#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::flow`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::flow(data));
