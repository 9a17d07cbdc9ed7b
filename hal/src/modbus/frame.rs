//! Modbus RTU frames as they are on the wire: `UNIT FC DATA... CRC_LO CRC_HI`.
//! The driver leaves framing to tokio-modbus; the simulated device and the
//! tests use these to speak and check the same bytes independently.

/// Read coils (the relays).
pub const FC_READ_COILS: u8 = 0x01;
/// Read discrete inputs (door switches, item sensors).
pub const FC_READ_INPUTS: u8 = 0x02;
/// Write one coil: 0xFF00 = on, 0x0000 = off.
pub const FC_WRITE_COIL: u8 = 0x05;
/// Exception: the function is not supported.
pub const EX_ILLEGAL_FUNCTION: u8 = 0x01;
/// Exception: the address is out of range.
pub const EX_ILLEGAL_ADDRESS: u8 = 0x02;

/// CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF).
pub fn crc16(bytes: &[u8]) -> u16 {
    let mut crc = 0xFFFFu16;
    for b in bytes {
        crc ^= u16::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// `body` with its CRC appended, low byte first.
pub fn with_crc(mut body: Vec<u8>) -> Vec<u8> {
    let crc = crc16(&body);
    body.extend_from_slice(&crc.to_le_bytes());
    body
}

/// A request: unit, function, start address, and a count or value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    pub unit: u8,
    pub function: u8,
    pub address: u16,
    /// The quantity to read, or the value to write.
    pub value: u16,
}

impl Request {
    /// The request's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let [a_hi, a_lo] = self.address.to_be_bytes();
        let [v_hi, v_lo] = self.value.to_be_bytes();
        with_crc(vec![self.unit, self.function, a_hi, a_lo, v_hi, v_lo])
    }
}

/// Why bytes were not a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameError {
    /// The CRC does not match.
    Crc,
}

/// The first request in `buf` with the bytes it used; `None` until a whole one is there.
/// Every function this device serves has an 8-byte request.
pub fn next_request(buf: &[u8]) -> Option<(Result<Request, FrameError>, usize)> {
    if buf.len() < 8 {
        return None;
    }
    let f = &buf[..8];
    if crc16(&f[..6]).to_le_bytes() != [f[6], f[7]] {
        // Resynchronise one byte at a time: a real device waits for 3.5
        // characters of silence instead, which a byte stream does not show.
        return Some((Err(FrameError::Crc), 1));
    }
    Some((
        Ok(Request {
            unit: f[0],
            function: f[1],
            address: u16::from_be_bytes([f[2], f[3]]),
            value: u16::from_be_bytes([f[4], f[5]]),
        }),
        8,
    ))
}

/// A reply to a bit read: `UNIT FC BYTECOUNT BITS... CRC`, bit 0 of the first byte first.
pub fn bits_reply(unit: u8, function: u8, bits: &[bool]) -> Vec<u8> {
    let mut bytes = vec![0u8; bits.len().div_ceil(8)];
    for (i, on) in bits.iter().enumerate() {
        if *on {
            bytes[i / 8] |= 1 << (i % 8);
        }
    }
    let mut body = vec![unit, function, bytes.len() as u8];
    body.extend_from_slice(&bytes);
    with_crc(body)
}

/// An exception reply: the function with its high bit set, and the code.
pub fn exception_reply(unit: u8, function: u8, code: u8) -> Vec<u8> {
    with_crc(vec![unit, function | 0x80, code])
}

pub use crate::hex;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_published_examples() {
        // Read 10 holding registers from unit 1 (the Modbus over serial line guide's example).
        assert_eq!(
            with_crc(vec![0x01, 0x03, 0x00, 0x00, 0x00, 0x0A]),
            [0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD]
        );
        // Coil 0 of unit 1 on, then off: the relay-board manuals' examples.
        let on = Request {
            unit: 1,
            function: FC_WRITE_COIL,
            address: 0,
            value: 0xFF00,
        };
        assert_eq!(
            on.encode(),
            [0x01, 0x05, 0x00, 0x00, 0xFF, 0x00, 0x8C, 0x3A]
        );
        let off = Request { value: 0, ..on };
        assert_eq!(
            off.encode(),
            [0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0xCD, 0xCA]
        );
    }

    #[test]
    fn requests_parse_and_bad_crc_resyncs() {
        let req = Request {
            unit: 3,
            function: FC_READ_INPUTS,
            address: 0,
            value: 16,
        };
        let mut bytes = req.encode();
        assert_eq!(next_request(&bytes[..7]), None);
        assert_eq!(next_request(&bytes), Some((Ok(req), 8)));
        bytes[7] ^= 0xFF;
        assert_eq!(next_request(&bytes), Some((Err(FrameError::Crc), 1)));
    }

    #[test]
    fn bit_replies_pack_lsb_first() {
        let mut bits = vec![false; 10];
        bits[0] = true;
        bits[9] = true;
        let r = bits_reply(1, FC_READ_INPUTS, &bits);
        assert_eq!(&r[..5], [0x01, 0x02, 0x02, 0x01, 0x02]);
        assert_eq!(crc16(&r[..5]).to_le_bytes(), [r[5], r[6]]);
        assert_eq!(exception_reply(1, 2, 2)[..3], [0x01, 0x82, 0x02]);
    }
}
