#![no_main]
//! Fuzz target: see `lockerwall_portfolio::fuzzing::away_days` (a resident page's away form, as the server reads it).
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall_portfolio::fuzzing::away_days(data));
