#![no_main]
//! Fuzz target: see `lockerwall::fuzzing::http_reply` (the server's reply to a sync batch, as read).
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall::fuzzing::http_reply(data));
