#![no_main]
//! Fuzz target: see `lockerwall_portfolio::fuzzing::desk_mail`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall_portfolio::fuzzing::desk_mail(data));
