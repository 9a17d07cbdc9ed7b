#![no_main]
//! Fuzz target: see `lockerwall_portfolio::fuzzing::resident_link` (a resident's page link, as the server reads it).
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall_portfolio::fuzzing::resident_link(data));
