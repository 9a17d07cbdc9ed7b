#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::desk_mail`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::desk_mail(data));
