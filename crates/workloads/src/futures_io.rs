//! hyper over a `futures-io` socket (async-std's, smol's), without zero-filling hyper's buffer.
//!
//! hyper reads into spare capacity it has not initialised; a `futures-io` reader takes an
//! initialised `&mut [u8]`. smol-hyper's adapter bridges the two by zero-filling all of hyper's
//! spare capacity (8 KiB, growing to 16 and more after a full read) on every `poll_read`, a
//! would-block one included: at 10,000 connections, pages written for nothing and the CPU time
//! of the `memset`s. With it the async-std and smol rows held 300–350 MB; with this adapter
//! 280–300 MB (tokio, whose sockets take uninitialised buffers: 130–150 MB; the README's
//! download section says where the rest goes).
//!
//! This adapter reads into one small buffer per thread instead and copies what arrived into
//! hyper's: a copy of the bytes received (an 11 KB page is a microsecond), no byte written that
//! was not received, and no `unsafe` (hyper's way past the copy is an `unsafe` cursor, which
//! this workspace forbids).

use std::cell::RefCell;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_io::{AsyncRead, AsyncWrite};
use hyper::rt::ReadBufCursor;

/// What one read may take: more than a loopback segment, so that a page comes in one read.
const SCRATCH: usize = 64 * 1024;

thread_local! {
    /// Each thread's one read buffer: a read finishes before the thread polls anything else.
    static BUFFER: RefCell<Box<[u8]>> = RefCell::new(vec![0; SCRATCH].into_boxed_slice());
}

/// A `futures-io` socket as hyper's I/O: `handshake(FuturesIo::new(stream))`.
#[derive(Debug)]
pub struct FuturesIo<T>(T);

impl<T> FuturesIo<T> {
    /// Wraps `io`.
    pub fn new(io: T) -> Self {
        FuturesIo(io)
    }
}

impl<T: AsyncRead + Unpin> hyper::rt::Read for FuturesIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        BUFFER.with_borrow_mut(|scratch| {
            let room = buf.remaining().min(scratch.len());
            let n = ready!(Pin::new(&mut self.0).poll_read(cx, &mut scratch[..room]))?;
            buf.put_slice(&scratch[..n]);
            Poll::Ready(Ok(()))
        })
    }
}

impl<T: AsyncWrite + Unpin> hyper::rt::Write for FuturesIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_close(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write_vectored(cx, bufs)
    }
}
