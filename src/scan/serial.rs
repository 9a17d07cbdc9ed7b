//! A serial scanner (a 2D scanner module on a USB-serial or RS-232 port):
//! one code per line, CR or LF or both. The framing is tokio-util's
//! `AnyDelimiterCodec`, with a length limit.

use super::{strip_aim, Scanned};
use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::mpsc;
use tokio_util::codec::{AnyDelimiterCodec, AnyDelimiterCodecError, Decoder};

/// The longest line taken as a code; longer is noise on the line, dropped.
pub const MAX_LINE: usize = 2048;

/// Codes out of a scanner's bytes, as they arrive in any pieces.
pub struct CodeLines {
    framing: AnyDelimiterCodec,
    pending: BytesMut,
}

impl Default for CodeLines {
    fn default() -> Self {
        Self {
            framing: AnyDelimiterCodec::new_with_max_length(b"\r\n".to_vec(), Vec::new(), MAX_LINE),
            pending: BytesMut::with_capacity(256),
        }
    }
}

impl CodeLines {
    /// The codes whose lines `bytes` completes (empty lines and overlong ones give none).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Scanned> {
        self.pending.extend_from_slice(bytes);
        let mut codes = Vec::new();
        loop {
            match self.framing.decode(&mut self.pending) {
                Ok(Some(line)) => {
                    let code = strip_aim(&String::from_utf8_lossy(&line));
                    if !code.text.is_empty() {
                        codes.push(code);
                    }
                }
                Ok(None) => return codes,
                // The codec drops the rest of the line itself, up to the next CR or LF.
                Err(AnyDelimiterCodecError::MaxChunkLengthExceeded) => {
                    tracing::warn!("scanner sent a line over {MAX_LINE} bytes; dropped")
                }
                Err(AnyDelimiterCodecError::Io(_)) => return codes,
            }
        }
    }
}

/// Read codes from `port` until it closes (or the receiver goes away).
pub async fn read_codes<T: AsyncRead + Unpin>(
    mut port: T,
    codes: mpsc::UnboundedSender<Scanned>,
) -> std::io::Result<()> {
    let mut lines = CodeLines::default();
    let mut buf = [0u8; 256];
    loop {
        let n = port.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        for code in lines.feed(&buf[..n]) {
            if codes.send(code).is_err() {
                return Ok(());
            }
        }
    }
}
