//! Entry points for the fuzz targets (`fuzz/`) and their corpus test: the
//! frame parsers read whatever comes off a serial line. Each must never panic,
//! always make progress, and give back exactly the frame it accepted.

use crate::kerong::frame as kr;
use crate::modbus::frame as mb;

/// Parse a byte stream as KR-CU16 replies and as requests, frame after frame.
pub fn kerong_frames(data: &[u8]) {
    let mut rest = data;
    while let Some((result, used)) = kr::next_reply(rest) {
        assert!(
            used > 0 && used <= rest.len(),
            "a parser step must use bytes it has"
        );
        if let Ok(reply) = result {
            // An accepted frame is exactly the bytes it came from.
            assert_eq!(&reply.encode()[..], &rest[used - kr::REPLY_LEN..used]);
        }
        rest = &rest[used..];
    }
    let mut rest = data;
    while let Some((_, used)) = kr::next_request(rest) {
        assert!(
            used > 0 && used <= rest.len(),
            "a parser step must use bytes it has"
        );
        rest = &rest[used..];
    }
}

/// Parse a byte stream as Modbus RTU requests, frame after frame.
pub fn modbus_frames(data: &[u8]) {
    let mut rest = data;
    while let Some((result, used)) = mb::next_request(rest) {
        assert!(
            used > 0 && used <= rest.len(),
            "a parser step must use bytes it has"
        );
        if let Ok(request) = result {
            assert_eq!(request.encode(), &rest[..8]);
        }
        rest = &rest[used..];
    }
}
