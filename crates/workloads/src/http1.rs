//! The HTTP/1 exchange every async row makes, over any runtime's socket: hyper's client on one
//! keep-alive connection, opened again when the site closes it. Behind the `hyper` feature; no
//! runtime is named here.
//!
//! What differs between runtimes stays in each program: how it opens the socket (`connect`),
//! how it spawns the connection's driver (the second half of what [`handshake`] returns), and
//! how it bounds a request in time (its `timeout`). What is the same in every row lives here: the
//! handshake, the GET with the site's `Host`, the status check, the body read to at most
//! [`MAX_BODY`] bytes, and what to do when the server closes the connection.
//!
//! Servers close keep-alive connections: after so many requests on one (nginx: 1,000), after
//! every response (`Connection: close`), or when one has sat idle a while. A pooled client
//! (reqwest, ureq, requests, aiohttp) opens another and goes on; so does [`get`], by two rules:
//!
//! - a connection whose last response said it would close (`Connection: close`, or HTTP/1.0
//!   without `keep-alive`), or which the server closed cleanly while it was idle, is not used
//!   again: the next request opens a new one first;
//! - a GET that fails because the connection closed before *any* byte of its response arrived
//!   is sent once more, on a new connection: nothing was answered, and a GET may be repeated
//!   (the server may have closed an idle connection just as the request went out).
//!
//! Every other failure is the request's error, as before: a connection that ended with an error
//! while idle (bytes nobody asked for: a body longer than it declared), a response cut short in
//! its head or its body, a status, a timeout.
//!
//! One more case counts as unanswered: a request that hyper's driver never took. hyper queues a
//! request on a channel its driver reads (tokio's unbounded `mpsc`); a request queued just as
//! the driver stops can land after the driver's last look at the channel, and then nothing
//! answers it until the sender is dropped (hyperium/hyper#4122 describes the same race). Against
//! a server closing idle connections after 1 ms, on a loaded machine, 2 crawls in 100 waited
//! out their 10 s timeout on it. So [`Connection::send`] also waits for the driver to be gone,
//! with everything it had queued: a request still unanswered then was never written.

use crate::download::MAX_BODY;
use anyhow::anyhow;
use bytes::Bytes;
use http::header::{CONNECTION, HOST};
use http::{HeaderMap, Request, Response, StatusCode, Version};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Incoming;
use hyper::client::conn::http1;
use hyper::rt::{Read, ReadBufCursor, Write};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker, ready};

/// One keep-alive connection to the site: requests go one at a time. [`get`] replaces it with a
/// new one when the server has closed it.
#[derive(Debug)]
pub struct Connection {
    sender: http1::SendRequest<Empty<Bytes>>,
    /// How many reads of its socket have completed, shared with its driver's [`Counted`]: how
    /// [`get`] tells a response that never began from one that was cut short.
    reads: Arc<AtomicUsize>,
    /// How its driver ended, once it has.
    ended: Arc<Ended>,
    /// False once a response said the server closes the connection after it.
    reusable: bool,
}

/// The future that drives a connection's socket: it must be spawned, and ends when the
/// connection closes (any error it meets also fails the request waiting on it).
pub struct Driver<T: Read + Write + Unpin> {
    connection: http1::Connection<Counted<T>, Empty<Bytes>>,
    ended: Arc<Ended>,
    /// Says the driver is gone once `connection` (and every request queued in it) is dropped:
    /// fields drop in the order they are declared, so this one must stay after `connection`.
    _gone: Gone,
}

/// Speaks HTTP/1 over `io`: the connection, and its driver for the runtime to spawn.
pub async fn handshake<T>(io: T) -> anyhow::Result<(Connection, Driver<T>)>
where
    T: Read + Write + Unpin,
{
    let reads = Arc::new(AtomicUsize::new(0));
    let io = Counted {
        io,
        reads: Arc::clone(&reads),
    };
    let (sender, connection) = http1::handshake(io).await?;
    let ended = Arc::new(Ended::default());
    let driver = Driver {
        connection,
        ended: Arc::clone(&ended),
        _gone: Gone(Arc::clone(&ended)),
    };
    let connection = Connection {
        sender,
        reads,
        ended,
        reusable: true,
    };
    Ok((connection, driver))
}

/// GETs `path` from the site at `authority` once the connection is free, judges the status with
/// `check` (whose error ends the request before the body is read), and reads the body, at most
/// [`MAX_BODY`] bytes, so that the connection is ready for the next request.
///
/// Where the server has closed the connection, `reconnect` (the program's own `connect`) opens
/// another, by the rules of this module's header: before the request, or once after a failure
/// that left the request unanswered.
pub async fn get<C, F>(
    connection: &mut Connection,
    reconnect: impl Fn() -> F,
    authority: &str,
    path: &str,
    check: impl FnOnce(StatusCode, &HeaderMap) -> anyhow::Result<C>,
) -> anyhow::Result<(C, Bytes)>
where
    F: Future<Output = anyhow::Result<Connection>>,
{
    let request = || {
        Request::get(path)
            .header(HOST, authority)
            .body(Empty::new())
    };
    // The previous response is read; wait until the connection is free for the next.
    if !connection.ready().await? {
        *connection = reconnect().await?;
    }
    let response = match connection.send(request()?).await {
        Ok(response) => response,
        Err(Sent::Unanswered(error)) => {
            // Once more, on a new connection; whatever happens there is the request's outcome.
            // (A connection our request may still sit in is dropped here, answering it.)
            *connection = reconnect().await?;
            let again = async {
                connection.sender.ready().await?;
                connection.send(request()?).await.map_err(Sent::into_error)
            };
            let again: anyhow::Result<_> = again.await;
            again.map_err(|e| e.context(format!("sent again after: {error}")))?
        }
        Err(Sent::Failed(error)) => return Err(error),
    };
    connection.reusable = keeps_alive(&response);
    let checked = check(response.status(), response.headers())?;
    let body = Limited::new(response.into_body(), MAX_BODY).collect().await;
    let body = body.map_err(|e| anyhow!("{e} (at most {MAX_BODY} bytes)"))?;
    Ok((checked, body.to_bytes()))
}

/// How a request that got no response failed.
enum Sent {
    /// The connection closed before any byte of the response arrived: it may be sent again.
    Unanswered(anyhow::Error),
    /// Anything else: the request's error.
    Failed(anyhow::Error),
}

impl Sent {
    fn into_error(self) -> anyhow::Error {
        match self {
            Sent::Unanswered(error) | Sent::Failed(error) => error,
        }
    }
}

impl Connection {
    /// Waits until the connection can take a request: false when it cannot because the server
    /// closed it (a response said so, or it closed while idle), and a new one is needed; an
    /// error when its driver ended with one.
    async fn ready(&mut self) -> anyhow::Result<bool> {
        if !self.reusable {
            return Ok(false);
        }
        if self.sender.ready().await.is_ok() {
            return Ok(true);
        }
        // No request of ours was out: a close is clean, however hyper's driver put it (an end of
        // stream read just as the last response ended is its "incomplete message").
        match self.ended.wait().await {
            Ok(()) => Ok(false),
            Err(Some(error)) if unanswered(&error, true, 0) => Ok(false),
            Err(Some(error)) => Err(error.into()),
            Err(None) => Err(anyhow!("the connection's task stopped before it ended")),
        }
    }

    /// Sends `request` and waits for its response head; a failure says whether any byte of the
    /// response had arrived by then.
    async fn send(&mut self, request: Request<Empty<Bytes>>) -> Result<Response<Incoming>, Sent> {
        let before = self.reads.load(Ordering::Acquire);
        let mut response = std::pin::pin!(self.sender.try_send_request(request));
        let ended = &self.ended;
        let answered = std::future::poll_fn(|cx| match response.as_mut().poll(cx) {
            Poll::Ready(answered) => Poll::Ready(Some(answered)),
            // Gone, with every request it held answered: ours was never taken (module header).
            Poll::Pending => ended.poll_gone(cx).map(|()| None),
        });
        let mut failed = match answered.await {
            Some(Ok(response)) => return Ok(response),
            Some(Err(failed)) => failed,
            None => {
                let lost = "the connection closed as the request was queued, before it was written";
                return Err(Sent::Unanswered(anyhow!(lost)));
            }
        };
        // hyper hands the request back when it was never written to the socket.
        let unsent = failed.take_message().is_some();
        let error = failed.into_error();
        let reads = self.reads.load(Ordering::Acquire) - before;
        if unanswered(&error, unsent, reads) {
            Err(Sent::Unanswered(error.into()))
        } else {
            Err(Sent::Failed(error.into()))
        }
    }
}

/// Whether `error` (the request was never written if `unsent`; `reads` reads of the socket
/// completed while it was out) means the connection closed before any byte of the response
/// arrived.
///
/// hyper says "incomplete message" for an end of stream met in a response's head, whether or not
/// part of the head had come: the reads tell them apart. The end of stream is itself a completed
/// read, so one read means no byte came before it; a reset is an error, not a read, so it needs
/// none. A request hyper hands back was never written, so nothing can have answered it; but one
/// cancelled because the connection failed (its cause a hyper error of another kind, such as an
/// unexpected message) is that failure.
fn unanswered(error: &hyper::Error, unsent: bool, reads: usize) -> bool {
    let mut root: &(dyn std::error::Error + 'static) = error;
    while let Some(cause) = root.source() {
        root = cause;
    }
    if let Some(io) = root.downcast_ref::<io::Error>() {
        let closed = matches!(
            io.kind(),
            io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof
        );
        return closed && (unsent || reads == 0);
    }
    if let Some(hyper) = root.downcast_ref::<hyper::Error>() {
        if hyper.is_incomplete_message() {
            return unsent || reads == 1;
        }
        return unsent && (hyper.is_canceled() || hyper.is_closed());
    }
    // The cause is hyper's own word for a connection that went away ("connection closed").
    unsent
}

/// Whether the connection may carry another request after `response`: not when it says the
/// server closes it (`Connection: close`; in HTTP/1.0, no `Connection: keep-alive`).
fn keeps_alive(response: &Response<Incoming>) -> bool {
    let says = |token: &str| {
        let values = response.headers().get_all(CONNECTION).iter();
        values
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|said| said.trim().eq_ignore_ascii_case(token))
    };
    match response.version() {
        Version::HTTP_09 | Version::HTTP_10 => says("keep-alive"),
        _ => !says("close"),
    }
}

impl<T: Read + Write + Unpin> Future for Driver<T> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let outcome = ready!(Pin::new(&mut self.connection).poll(cx));
        self.ended.set(Some(outcome));
        Poll::Ready(())
    }
}

/// The last field of a [`Driver`]: dropped after the connection, it marks the driver gone.
struct Gone(Arc<Ended>);

impl Drop for Gone {
    fn drop(&mut self) {
        // Dropped unfinished (its runtime is stopping), nothing waits for ever on its outcome.
        self.0.set(None);
        self.0.set_gone();
    }
}

/// How a connection's driver ended, for [`Connection::ready`] to read once hyper has said the
/// connection is gone (hyper says so a moment before its driver returns), and whether the driver
/// has been dropped since, for [`Connection::send`].
#[derive(Debug, Default)]
struct Ended(Mutex<EndedState>);

#[derive(Debug, Default)]
struct EndedState {
    /// The driver's outcome, until [`Ended::wait`] takes it.
    outcome: Option<hyper::Result<()>>,
    /// Whether the driver has ended: the first outcome set stands.
    settled: bool,
    /// Whether the driver has been dropped, and every request queued in it with it.
    gone: bool,
    /// Whoever waits for either (one at a time: both are waited for through `&mut Connection`).
    waiting: Option<Waker>,
}

impl Ended {
    /// Records the driver's outcome (the first one only; none: it was dropped unfinished, its
    /// runtime stopping) and wakes whoever waits for it.
    fn set(&self, outcome: Option<hyper::Result<()>>) {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if state.settled {
            return;
        }
        state.settled = true;
        state.outcome = outcome;
        if let Some(waker) = state.waiting.take() {
            waker.wake();
        }
    }

    /// Records that the driver has been dropped, and wakes whoever waits for it.
    fn set_gone(&self) {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        state.gone = true;
        if let Some(waker) = state.waiting.take() {
            waker.wake();
        }
    }

    /// Ready once the driver has been dropped.
    fn poll_gone(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if state.gone {
            return Poll::Ready(());
        }
        state.waiting = Some(cx.waker().clone());
        Poll::Pending
    }

    /// The driver's outcome, once it has ended: its error, if any (none if it was dropped
    /// unfinished, or the outcome was taken already).
    async fn wait(&self) -> Result<(), Option<hyper::Error>> {
        std::future::poll_fn(|cx| {
            let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
            match state.outcome.take() {
                Some(outcome) => Poll::Ready(outcome.map_err(Some)),
                None if state.settled => Poll::Ready(Err(None)),
                None => {
                    state.waiting = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }
}

/// A socket that counts its completed reads (a read that brought bytes, or the end of the
/// stream): one atomic add a read, and no copy.
struct Counted<T> {
    io: T,
    reads: Arc<AtomicUsize>,
}

impl<T: Read + Unpin> Read for Counted<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let read = ready!(Pin::new(&mut self.io).poll_read(cx, buf));
        if read.is_ok() {
            self.reads.fetch_add(1, Ordering::Release);
        }
        Poll::Ready(read)
    }
}

impl<T: Write + Unpin> Write for Counted<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}
