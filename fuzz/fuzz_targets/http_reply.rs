#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::http_reply`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::http_reply(data));
