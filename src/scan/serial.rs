//! A serial scanner (a 2D scanner module on a USB-serial or RS-232 port):
//! one code per line, CR or LF or both.

use super::{strip_aim, Scanned};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::mpsc;

/// The longest line taken as a code; longer is noise on the line, dropped.
pub const MAX_LINE: usize = 2048;

/// Read codes from `port` until it closes (or the receiver goes away).
pub async fn read_codes<T: AsyncRead + Unpin>(
    mut port: T,
    codes: mpsc::UnboundedSender<Scanned>,
) -> std::io::Result<()> {
    let mut line = Vec::with_capacity(128);
    let mut overlong = false;
    let mut buf = [0u8; 256];
    loop {
        let n = port.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        for &b in &buf[..n] {
            if b == b'\r' || b == b'\n' {
                if !line.is_empty() && !overlong {
                    let text = String::from_utf8_lossy(&line).to_string();
                    let code = strip_aim(&text);
                    if !code.text.is_empty() && codes.send(code).is_err() {
                        return Ok(());
                    }
                } else if overlong {
                    tracing::warn!("scanner sent a line over {MAX_LINE} bytes; dropped");
                }
                line.clear();
                overlong = false;
            } else if line.len() < MAX_LINE {
                line.push(b);
            } else {
                overlong = true;
            }
        }
    }
}
