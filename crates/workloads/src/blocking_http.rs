//! The blocking rows' HTTP client: one ureq agent per lane, set up the same way in every
//! blocking program of the download and the crawl, and the GET they all make (the twin of the
//! async rows' `http1::get`). Behind the `ureq` feature.
//!
//! ureq's pool already leaves a connection the server has closed and opens another. What it does
//! not do is send a request again: when the server closes an idle connection just as a request
//! goes out on it (a keep-alive timeout), the request fails. [`get`] follows the async rows' rule
//! (`workloads::http1`): a GET whose connection closed before any byte of its response came is
//! sent once more, on a new connection; any other failure is the request's error. ureq's error
//! ("Peer disconnected") is the same whether or not part of a response came, so the agent's
//! connections note, on the thread that makes the request, whether any byte came in since the
//! request went out.

use crate::download::{MAX_BODY, READ_BUFFER, REQUEST_TIMEOUT, WRITE_BUFFER};
use anyhow::anyhow;
use http::{HeaderMap, StatusCode};
use std::cell::Cell;
use std::io;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

/// A ureq agent: a connection pool, like a `requests.Session`. No proxy: the site is local.
/// No redirects followed and every status returned, so that the workload's own check judges
/// them all. The timeout bounds each phase of a request rather than the whole: with a
/// whole-request or resolve timeout, ureq starts a thread for every connection to resolve the
/// address in. Buffers of [`READ_BUFFER`] and [`WRITE_BUFFER`], not ureq's 128 KiB each way.
pub fn agent() -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(REQUEST_TIMEOUT))
        .timeout_send_request(Some(REQUEST_TIMEOUT))
        .timeout_recv_response(Some(REQUEST_TIMEOUT))
        .timeout_recv_body(Some(REQUEST_TIMEOUT))
        .proxy(None)
        .input_buffer_size(READ_BUFFER)
        .output_buffer_size(WRITE_BUFFER)
        .max_redirects(0)
        .http_status_as_error(false)
        .build();
    let connector = DefaultConnector::new().chain(Watched);
    ureq::Agent::with_parts(config, connector, DefaultResolver::default())
}

/// GETs `url` with `agent`, judges the status with `check` (whose error ends the request before
/// the body is read), and reads the body, at most [`MAX_BODY`] bytes, so that the agent's
/// connection is ready for the next request.
pub fn get<C>(
    agent: &ureq::Agent,
    url: &str,
    check: impl FnOnce(StatusCode, &HeaderMap) -> anyhow::Result<C>,
) -> anyhow::Result<(C, Vec<u8>)> {
    let mut response = match agent.get(url).call() {
        Err(error) if unanswered(&error) => {
            // Once more; ureq dropped the closed connection, so this goes on a new one.
            let again = agent.get(url).call();
            again.map_err(|e| anyhow!("{e} (sent again after: {error})"))?
        }
        called => called?,
    };
    let checked = check(response.status(), response.headers())?;
    let body = response.body_mut().with_config().limit(MAX_BODY as u64);
    Ok((checked, body.read_to_vec()?))
}

thread_local! {
    /// Whether a byte has come in on this thread's connection since it last sent a request: a
    /// blocking request runs on the thread that makes it, one at a time.
    static ANSWERED: Cell<bool> = const { Cell::new(false) };
}

/// Whether `error` means the connection closed (an end of stream, a reset) before any byte of
/// the response came.
fn unanswered(error: &ureq::Error) -> bool {
    let ureq::Error::Io(error) = error else {
        return false;
    };
    let closed = matches!(
        error.kind(),
        io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
    );
    closed && !ANSWERED.get()
}

/// The last link of the agent's connector chain: wraps each connection in [`WatchedTransport`].
#[derive(Debug)]
struct Watched;

impl Connector<Box<dyn Transport>> for Watched {
    type Out = WatchedTransport;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<WatchedTransport>, ureq::Error> {
        Ok(chained.map(WatchedTransport))
    }
}

/// A connection that notes in [`ANSWERED`] whether input came after its last output.
#[derive(Debug)]
struct WatchedTransport(Box<dyn Transport>);

impl Transport for WatchedTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.0.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        ANSWERED.set(false);
        self.0.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        // True: bytes came (false: the end of the stream).
        let progress = self.0.await_input(timeout)?;
        if progress {
            ANSWERED.set(true);
        }
        Ok(progress)
    }

    fn is_open(&mut self) -> bool {
        self.0.is_open()
    }
}
