//! A tap on the serial line under tokio-modbus: it logs every byte in hex at
//! trace level, drops stale input before each request (a reply that arrived
//! after its timeout must not be taken for the next one's), and counts what
//! came back so a garbled reply can be told from silence.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What the driver tells the tap, and what the tap tells the driver.
#[derive(Debug, Default)]
pub struct TapState {
    drain: AtomicBool,
    received: AtomicUsize,
}

impl TapState {
    /// A new request is about to go out: drop stale input first, count afresh.
    pub fn start_request(&self) {
        self.received.store(0, Ordering::SeqCst);
        self.drain.store(true, Ordering::SeqCst);
    }

    /// Bytes received since the request went out.
    pub fn received(&self) -> usize {
        self.received.load(Ordering::SeqCst)
    }
}

/// The serial port, tapped.
pub struct Tap<T> {
    inner: T,
    state: Arc<TapState>,
}

impl<T> Tap<T> {
    /// Tap `inner`; the driver keeps the returned state.
    pub fn new(inner: T) -> (Self, Arc<TapState>) {
        let state = Arc::new(TapState::default());
        (
            Self {
                inner,
                state: state.clone(),
            },
            state,
        )
    }
}

impl<T: AsyncRead + Unpin> Tap<T> {
    /// Read and drop whatever is already waiting, without waiting for more.
    fn drain(&mut self, cx: &mut Context<'_>) {
        let mut scratch = [0u8; 64];
        loop {
            let mut buf = ReadBuf::new(&mut scratch);
            match Pin::new(&mut self.inner).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) if !buf.filled().is_empty() => {
                    tracing::trace!(rx = %super::frame::hex(buf.filled()), "modbus stale bytes dropped");
                }
                _ => break,
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Tap<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        let got = &buf.filled()[before..];
        if !got.is_empty() {
            self.state.received.fetch_add(got.len(), Ordering::SeqCst);
            tracing::trace!(rx = %super::frame::hex(got), "modbus receive");
        }
        polled
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Tap<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if self.state.drain.swap(false, Ordering::SeqCst) {
            self.drain(cx);
            self.state.received.store(0, Ordering::SeqCst);
        }
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if let Poll::Ready(Ok(n)) = &polled {
            tracing::trace!(tx = %super::frame::hex(&data[..*n]), "modbus send");
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
