#![no_main]
//! Fuzz target: see `lockerwall_hal::fuzzing::modbus_frames`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lockerwall_hal::fuzzing::modbus_frames(data));
