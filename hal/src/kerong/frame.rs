//! KR-CU16 frames: `STX ADDR CMD [DATA...] ETX SUM`, SUM = low byte of the sum
//! of every byte before it. Replies are 9 bytes: `STX ADDR CMD D1 D2 D3 D4 ETX SUM`.

/// Start of a frame.
pub const STX: u8 = 0x02;
/// End of a frame's body.
pub const ETX: u8 = 0x03;
/// Length of every reply frame.
pub const REPLY_LEN: usize = 9;

/// Request: status of one board.
pub const CMD_STATUS: u8 = 0x30;
/// Request: unlock one lock (no reply).
pub const CMD_UNLOCK: u8 = 0x31;
/// Request: query (no data) or set (2 bytes, 10 ms units) the unlock pulse time.
pub const CMD_UNLOCK_TIME: u8 = 0x37;
/// Reply to a status request.
pub const REPLY_STATUS: u8 = 0x35;
/// Reply to an unlock-time query or set.
pub const REPLY_UNLOCK_TIME: u8 = 0x38;

/// Highest board address (high nibble of ADDR).
pub const MAX_BOARD: u8 = 9;
/// Locks per board.
pub const LOCKS: u8 = 16;

/// The low byte of the sum of `bytes`.
pub fn checksum(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0u8, |s, b| s.wrapping_add(*b))
}

/// The ADDR byte: board in the high nibble, lock (0-based) in the low nibble.
pub fn address(board: u8, lock: u8) -> u8 {
    (board << 4) | (lock & 0x0F)
}

/// A request frame.
pub fn request(addr: u8, cmd: u8, data: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(5 + data.len());
    f.extend_from_slice(&[STX, addr, cmd]);
    f.extend_from_slice(data);
    f.push(ETX);
    f.push(checksum(&f));
    f
}

/// "Status of board `board`."
pub fn status_request(board: u8) -> Vec<u8> {
    request(address(board, 0), CMD_STATUS, &[])
}

/// "Unlock lock `lock` (0-based) of board `board`."
pub fn unlock_request(board: u8, lock: u8) -> Vec<u8> {
    request(address(board, lock), CMD_UNLOCK, &[])
}

/// "Set the unlock pulse of board `board` to `ms` milliseconds" (10 ms units).
pub fn set_unlock_time_request(board: u8, ms: u32) -> Vec<u8> {
    let units = (ms / 10).min(u16::MAX as u32) as u16;
    request(address(board, 0), CMD_UNLOCK_TIME, &units.to_be_bytes())
}

/// "What is the unlock pulse of board `board`?"
pub fn query_unlock_time_request(board: u8) -> Vec<u8> {
    request(address(board, 0), CMD_UNLOCK_TIME, &[])
}

/// A reply frame, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reply {
    pub addr: u8,
    pub cmd: u8,
    pub data: [u8; 4],
}

impl Reply {
    /// The board the reply came from.
    pub fn board(&self) -> u8 {
        self.addr >> 4
    }

    /// Hook bits of locks 1..16 (bit 0 = lock 1).
    pub fn hooks(&self) -> u16 {
        u16::from_le_bytes([self.data[0], self.data[1]])
    }

    /// Sensor bits of locks 1..16 (bit 0 = lock 1; set = something inside).
    pub fn sensors(&self) -> u16 {
        u16::from_le_bytes([self.data[2], self.data[3]])
    }

    /// The unlock time in a 0x38 reply, in milliseconds.
    pub fn unlock_time_ms(&self) -> u32 {
        u32::from(u16::from_be_bytes([self.data[2], self.data[3]])) * 10
    }

    /// The reply as bytes on the wire (for the simulated board).
    pub fn encode(&self) -> [u8; REPLY_LEN] {
        let mut f = [
            STX,
            self.addr,
            self.cmd,
            self.data[0],
            self.data[1],
            self.data[2],
            self.data[3],
            ETX,
            0,
        ];
        f[8] = checksum(&f[..8]);
        f
    }
}

/// Why bytes on the wire are not a reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameError {
    /// The frame ended with the wrong checksum (`got`, `want`).
    Checksum { got: u8, want: u8 },
    /// No ETX where the frame should end.
    NoEtx,
}

/// Find the next reply in `buf`: skips bytes before an STX, returns the reply
/// (or why the frame at STX is bad) and how many bytes were used; `None` when
/// `buf` does not yet hold a whole frame.
pub fn next_reply(buf: &[u8]) -> Option<(Result<Reply, FrameError>, usize)> {
    let start = buf.iter().position(|b| *b == STX)?;
    let frame = buf.get(start..start + REPLY_LEN)?;
    let used = start + REPLY_LEN;
    if frame[7] != ETX {
        // Resynchronise one byte after this STX: it may have been a data byte.
        return Some((Err(FrameError::NoEtx), start + 1));
    }
    let want = checksum(&frame[..8]);
    if frame[8] != want {
        return Some((
            Err(FrameError::Checksum {
                got: frame[8],
                want,
            }),
            used,
        ));
    }
    Some((
        Ok(Reply {
            addr: frame[1],
            cmd: frame[2],
            data: [frame[3], frame[4], frame[5], frame[6]],
        }),
        used,
    ))
}

/// A request as a board reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub addr: u8,
    pub cmd: u8,
    pub data: Vec<u8>,
}

/// Find the next request in `buf` (for the simulated board), like [`next_reply`].
pub fn next_request(buf: &[u8]) -> Option<(Result<Request, FrameError>, usize)> {
    let start = buf.iter().position(|b| *b == STX)?;
    // Requests are 5 bytes, or 6 / 7 with data: the ETX position tells.
    for len in [5usize, 6, 7] {
        let frame = buf.get(start..start + len)?;
        if frame[len - 2] == ETX && checksum(&frame[..len - 1]) == frame[len - 1] {
            let request = Request {
                addr: frame[1],
                cmd: frame[2],
                data: frame[3..len - 2].to_vec(),
            };
            return Some((Ok(request), start + len));
        }
    }
    Some((Err(FrameError::NoEtx), start + 1))
}

pub use crate::hex;

#[cfg(test)]
mod tests {
    use super::*;

    // Every example from the vendor's specification (shared/hardware/kerong-cu.md).
    #[test]
    fn vendor_request_examples() {
        assert_eq!(status_request(0), [0x02, 0x00, 0x30, 0x03, 0x35]);
        assert_eq!(unlock_request(0, 2), [0x02, 0x02, 0x31, 0x03, 0x38]);
        assert_eq!(request(0xF0, 0x32, &[]), [0x02, 0xF0, 0x32, 0x03, 0x27]);
        assert_eq!(request(0x00, 0x33, &[]), [0x02, 0x00, 0x33, 0x03, 0x38]);
        assert_eq!(query_unlock_time_request(0), [0x02, 0x00, 0x37, 0x03, 0x3C]);
        assert_eq!(
            set_unlock_time_request(0, 1000),
            [0x02, 0x00, 0x37, 0x00, 0x64, 0x03, 0xA0]
        );
        assert_eq!(status_request(1), [0x02, 0x10, 0x30, 0x03, 0x45]);
    }

    #[test]
    fn vendor_reply_examples() {
        let (r, used) =
            next_reply(&[0x02, 0x00, 0x35, 0x01, 0x00, 0x01, 0x00, 0x03, 0x3C]).unwrap();
        let r = r.unwrap();
        assert_eq!(used, 9);
        assert_eq!(
            (r.board(), r.cmd, r.hooks(), r.sensors()),
            (0, REPLY_STATUS, 0x0001, 0x0001)
        );
        let (r, _) = next_reply(&[0x02, 0x10, 0x36, 0x01, 0x00, 0x00, 0x08, 0x03, 0x54]).unwrap();
        let r = r.unwrap();
        assert_eq!((r.board(), r.hooks(), r.sensors()), (1, 0x0001, 0x0800));
        let (r, _) = next_reply(&[0x02, 0x00, 0x38, 0x0F, 0x00, 0x00, 0x37, 0x03, 0x83]).unwrap();
        assert_eq!(r.unwrap().unlock_time_ms(), 550);
        let (r, _) = next_reply(&[0x02, 0x00, 0x38, 0x00, 0x00, 0x00, 0x64, 0x03, 0xA1]).unwrap();
        assert_eq!(r.unwrap().unlock_time_ms(), 1000);
        // Encoding gives the vendor's bytes back.
        let r = Reply {
            addr: 0x00,
            cmd: 0x36,
            data: [0x00, 0x03, 0x01, 0x00],
        };
        assert_eq!(
            r.encode(),
            [0x02, 0x00, 0x36, 0x00, 0x03, 0x01, 0x00, 0x03, 0x3F]
        );
    }

    #[test]
    fn bad_frames_and_resync() {
        // Bad checksum.
        let (r, used) =
            next_reply(&[0x02, 0x00, 0x35, 0x01, 0x00, 0x01, 0x00, 0x03, 0x3D]).unwrap();
        assert_eq!(
            r,
            Err(FrameError::Checksum {
                got: 0x3D,
                want: 0x3C
            })
        );
        assert_eq!(used, 9);
        // Noise before the frame is skipped; an incomplete frame waits for more.
        let noisy = [
            0xFF, 0x13, 0x02, 0x00, 0x35, 0x01, 0x00, 0x01, 0x00, 0x03, 0x3C,
        ];
        let (r, used) = next_reply(&noisy).unwrap();
        assert!(r.is_ok());
        assert_eq!(used, 11);
        assert_eq!(next_reply(&noisy[..6]), None);
        assert_eq!(next_reply(&[0x55, 0x66]), None);
        // A stray STX (no ETX where it should be) resynchronises one byte later.
        let (r, used) =
            next_reply(&[0x02, 0x02, 0x00, 0x35, 0x01, 0x00, 0x01, 0x00, 0x03, 0x3C]).unwrap();
        assert_eq!((r, used), (Err(FrameError::NoEtx), 1));
    }

    #[test]
    fn requests_parse_back() {
        for f in [
            status_request(3),
            unlock_request(2, 15),
            set_unlock_time_request(1, 800),
            query_unlock_time_request(9),
        ] {
            let (r, used) = next_request(&f).unwrap();
            let r = r.unwrap();
            assert_eq!(used, f.len());
            assert_eq!(request(r.addr, r.cmd, &r.data), f);
        }
        assert_eq!(hex(&status_request(0)), "02 00 30 03 35");
    }
}
