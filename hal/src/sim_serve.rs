//! The read-parse-answer loop every simulated board shares: bytes in, whole
//! requests out through the protocol's parser, each answered (or not).

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Serve `port` until it closes. `next` finds the first request in the buffer
/// (with the bytes it used; a damaged one is skipped); `answer` gets each good
/// request and its bytes and returns the reply to write, if any.
pub async fn serve<T, R, E>(
    mut port: T,
    next: impl Fn(&[u8]) -> Option<(Result<R, E>, usize)>,
    mut answer: impl FnMut(R, Vec<u8>) -> Option<Vec<u8>>,
) -> std::io::Result<()>
where
    T: AsyncRead + AsyncWrite + Unpin,
{
    let mut buf = Vec::with_capacity(64);
    let mut scratch = [0u8; 64];
    loop {
        let n = port.read(&mut scratch).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&scratch[..n]);
        while let Some((parsed, used)) = next(&buf) {
            let bytes: Vec<u8> = buf.drain(..used).collect();
            let Ok(req) = parsed else {
                continue;
            };
            if let Some(reply) = answer(req, bytes) {
                port.write_all(&reply).await?;
                port.flush().await?;
            }
        }
    }
}
