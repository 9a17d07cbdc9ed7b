#![no_main]
//! Fuzz target: see `lockerwall_portfolio::fuzzing::text_replies` (a resident's reply as the text provider posts it).
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall_portfolio::fuzzing::text_replies(data));
