#![no_main]
//! Fuzz target: see `lockerwall_hal::fuzzing::kerong_frames`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall_hal::fuzzing::kerong_frames(data));
