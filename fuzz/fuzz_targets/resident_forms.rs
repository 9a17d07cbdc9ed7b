#![no_main]
//! Fuzz target: see `lockerwall_portfolio::fuzzing::resident_forms` (a resident page's forms, as the server reads them).
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall_portfolio::fuzzing::resident_forms(data));
