//! The site: a local HTTP/1.1 server that stands in for the internet.
//!
//! Serves the workloads' pages with deterministic bodies, and the crawl's web graph (a graph of
//! every size G under `/web/<G>/`, its absolute links written with the request's `Host`), each
//! response held back by a set latency, the way a remote site answers in tens of milliseconds.
//! The wait is a tokio timer, not a sleeping thread, so thousands of requests can wait at once;
//! keep-alive is on, so a client's lane reuses one connection (unless told to close connections
//! as production servers do: after N requests, after every response, or when idle). Bound to
//! 127.0.0.1 only. Prints its URL as the first line on stdout, answers `/health` at once, and
//! exits cleanly on SIGINT or SIGTERM, or, with `--watch-stdin`, when its standard input closes:
//! a parent that holds the other end of a pipe takes the site with it however it dies, `kill -9`
//! included.
//!
//! ```text
//! cargo run --release -p site -- --port 0 --latency-ms 50
//! ```

use anyhow::Context;
use bytes::Bytes;
use clap::Parser;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{CONNECTION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::cell::Cell;
use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::signal::unix::{SignalKind, signal};
use workloads::{Failure, graph, pages, site};

/// The most connections the site is built to hold open at once (the sweep's top concurrency).
const MIN_CONNECTIONS: u64 = 10_000;
/// File descriptors beyond the connections: stdio, the listener, the runtime's own.
const SPARE_FDS: u64 = 64;
/// Pending connections the kernel may queue before `accept` (it caps this at `somaxconn`):
/// large, so that ten thousand clients dialling at once are not dropped and retried.
const LISTEN_BACKLOG: u32 = 16_384;
/// A client that opens a connection and sends no complete request head is cut off after this.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long to pause accepting when the process is out of file descriptors, rather than spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Serve the workloads' pages on 127.0.0.1 with a fixed latency.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// The port to listen on; 0 picks a free one (the URL printed first tells which).
    #[arg(long, default_value_t = site::DEFAULT_PORT)]
    port: u16,

    /// Milliseconds each page response waits before it is sent: a remote site's latency.
    #[arg(long, default_value_t = workloads::site::DEFAULT_LATENCY_MS)]
    latency_ms: u64,

    /// Stop when standard input reaches its end: start the site with a pipe as its stdin, and
    /// it stops when the process holding the pipe's other end exits, even when that process is
    /// killed outright and can run no clean-up of its own.
    #[arg(long)]
    watch_stdin: bool,

    /// The base URL the web graph's links to another host point at: a crawler must never fetch
    /// it (the tests point it at a listener of their own that fails them if anything connects).
    #[arg(long, default_value = graph::DEFAULT_ELSEWHERE)]
    elsewhere: String,

    /// Close each connection after its N-th response, which says `Connection: close`, as a
    /// production server does (nginx's `keepalive_requests`, 1,000 by default). Unset: never.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    requests_per_connection: Option<u64>,

    /// Answer every request with `Connection: close`, then close: `--requests-per-connection 1`.
    #[arg(long, conflicts_with = "requests_per_connection")]
    close: bool,

    /// Close a keep-alive connection that has been idle this long after a response, with no
    /// response and no header, as servers do (nginx's `keepalive_timeout`). Before its first
    /// request a connection waits up to 30 s, as it always does. Unset: never.
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_ms: Option<u64>,
}

impl Args {
    /// The most responses a connection gets before the site closes it, if any.
    fn requests_per_connection(&self) -> Option<u64> {
        if self.close {
            Some(1)
        } else {
            self.requests_per_connection
        }
    }
}

/// What every response is made from: the fixed pages, the graph's other host, the latency.
struct Content {
    pages: HashMap<&'static str, Bytes>,
    elsewhere: String,
    latency: Duration,
    /// This site's own `host:port`, for a request that sends no `Host`.
    authority: String,
    /// The responses a connection gets before it is closed (`--requests-per-connection`).
    requests_per_connection: Option<u64>,
    /// How long a connection may sit idle between requests (`--idle-timeout-ms`), if limited.
    idle_timeout: Option<Duration>,
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let elsewhere: http::Uri = args.elsewhere.parse().context("--elsewhere")?;
    if elsewhere.scheme().is_none() || elsewhere.authority().is_none() {
        return Err(anyhow::anyhow!(
            "--elsewhere {elsewhere}: expected a base URL such as https://example.com"
        )
        .into());
    }
    // Handlers first: once the URL is printed, a signal must mean a clean stop.
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let fd_limit = raise_fd_limit();
    let listener =
        listen(args.port).with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))?;
    // The first stdout line is the URL: scripts and tests read it to find a `--port 0` site.
    let url = format!("http://{}", listener.local_addr()?);
    writeln!(std::io::stdout(), "{url}")
        .and_then(|()| std::io::stdout().flush())
        .context("cannot write the site's URL")?;
    eprintln!(
        "site: {} ms latency, room for {fd_limit} open files",
        args.latency_ms
    );
    if let Some(most) = args.requests_per_connection() {
        eprintln!("site: each connection closed after {most} responses");
    }
    if let Some(idle) = args.idle_timeout_ms {
        eprintln!("site: a connection idle for {idle} ms is closed");
    }

    let content = Arc::new(Content {
        pages: pages::PAGES
            .into_iter()
            .map(|path| (path, Bytes::from(pages::body(path).expect("a page"))))
            .collect(),
        elsewhere: args.elsewhere.trim_end_matches('/').to_string(),
        latency: Duration::from_millis(args.latency_ms),
        authority: listener.local_addr()?.to_string(),
        requests_per_connection: args.requests_per_connection(),
        idle_timeout: args.idle_timeout_ms.map(Duration::from_millis),
    });
    let mut stdin_closed = stdin_closed(args.watch_stdin);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(serve(stream, Arc::clone(&content)));
                }
                // Out of file descriptors (or a connection reset before accept): say so, wait
                // for connections to close, go on serving the ones already open.
                Err(error) => {
                    eprintln!("site: accept failed: {error}");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
            _ = interrupt.recv() => break,
            _ = terminate.recv() => break,
            _ = &mut stdin_closed, if args.watch_stdin => break,
        }
    }
    eprintln!("site: stopped");
    Ok(())
}

/// Resolves once standard input reaches its end, when `watch` is set (the caller polls it only
/// then).
fn stdin_closed(watch: bool) -> tokio::sync::oneshot::Receiver<()> {
    let (closed, on_close) = tokio::sync::oneshot::channel();
    if watch {
        // A plain thread, not `spawn_blocking`: the runtime would wait for a blocking task
        // still reading stdin before it could shut down on a signal.
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
            let _ = closed.send(());
        });
    }
    on_close
}

/// Binds 127.0.0.1:`port` with a backlog deep enough for a burst of thousands of clients.
fn listen(port: u16) -> std::io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))?;
    socket.listen(LISTEN_BACKLOG)
}

/// Raises the open-file soft limit to the hard limit, warns when that still leaves no room for
/// [`MIN_CONNECTIONS`], and returns the limit in force.
fn raise_fd_limit() -> u64 {
    let limit = rlimit::increase_nofile_limit(u64::MAX).unwrap_or_else(|error| {
        eprintln!("site: cannot raise the open-file limit: {error}");
        rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(0, |(soft, _)| soft)
    });
    if limit < MIN_CONNECTIONS + SPARE_FDS {
        eprintln!(
            "site: the open-file limit is {limit} and the hard limit allows no more: \
             fewer than {MIN_CONNECTIONS} connections can be open at once (raise `ulimit -Hn`)"
        );
    }
    limit
}

/// Serves one keep-alive connection until the client closes it, or until it has had
/// `--requests-per-connection` responses or sat idle for `--idle-timeout-ms`.
async fn serve(stream: TcpStream, content: Arc<Content>) {
    // When the last response was handed to hyper, while no request is being answered: the
    // connection's idle time starts there. None before the first request (which, as in nginx,
    // only the header read timeout bounds) and while one is answered.
    let idle_since = Arc::new(Mutex::new(None::<Instant>));
    let service = {
        let (content, idle_since) = (Arc::clone(&content), Arc::clone(&idle_since));
        // Requests on one connection are answered one after another: a plain count will do.
        let served = Cell::new(0);
        service_fn(move |request| {
            *lock(&idle_since) = None;
            served.set(served.get() + 1);
            let last = content
                .requests_per_connection
                .is_some_and(|most| served.get() >= most);
            let response = respond(request, Arc::clone(&content));
            let idle_since = Arc::clone(&idle_since);
            async move {
                let mut response = response.await?;
                if last {
                    // hyper reads the header too: it closes the connection once this response
                    // is written, as nginx does after its `keepalive_requests`-th.
                    let close = HeaderValue::from_static("close");
                    response.headers_mut().insert(CONNECTION, close);
                }
                *lock(&idle_since) = Some(Instant::now());
                Ok::<_, Infallible>(response)
            }
        })
    };
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    if let Some(idle) = content.idle_timeout {
        loop {
            let since = *lock(&idle_since);
            // While busy, or before the first request, look again `idle` from now.
            let due = since.unwrap_or_else(Instant::now) + idle;
            tokio::select! {
                served = connection.as_mut() => return drop(served),
                () = tokio::time::sleep_until(due.into()) => {}
            }
            if lock(&idle_since).is_some_and(|since| since.elapsed() >= idle) {
                // Closes it at once if no request has begun (hyper's graceful shutdown), with
                // no response and no header: a request already on its way meets a closed
                // connection, as it would at any server's keep-alive timeout.
                connection.as_mut().graceful_shutdown();
                break;
            }
        }
    }
    // A client that hangs up mid-request, or sent garbage (hyper has answered 400), ends only
    // its own connection; the site goes on serving everyone else.
    drop(connection.await);
}

/// The idle clock, whatever a panicking holder left in it.
fn lock(idle_since: &Mutex<Option<Instant>>) -> std::sync::MutexGuard<'_, Option<Instant>> {
    idle_since.lock().unwrap_or_else(|e| e.into_inner())
}

/// Answers one request: a page after the latency (a graph page past the graph's end: 404
/// after the latency, as a remote site's 404 takes a round trip too), `ok` for health, else 404
/// or 405 at once.
async fn respond(
    request: Request<Incoming>,
    content: Arc<Content>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.method() != Method::GET {
        return Ok(plain(StatusCode::METHOD_NOT_ALLOWED, "GET only\n"));
    }
    let path = request.uri().path();
    if path == site::HEALTH_PATH {
        return Ok(plain(StatusCode::OK, "ok\n"));
    }
    let body = if let Some((pages, n)) = graph::parse(path) {
        // Absolute links name the host the client asked for, as a real site's do.
        let host = request.headers().get(HOST).and_then(|h| h.to_str().ok());
        let host = host.unwrap_or(&content.authority);
        if host.parse::<http::uri::Authority>().is_err() {
            return Ok(plain(StatusCode::BAD_REQUEST, "a Host that is no host\n"));
        }
        graph::page(pages, n, host, &content.elsewhere).map(Bytes::from)
    } else {
        match content.pages.get(path) {
            Some(body) => Some(body.clone()),
            None => return Ok(plain(StatusCode::NOT_FOUND, "no such page\n")),
        }
    };
    tokio::time::sleep(content.latency).await;
    let Some(body) = body else {
        return Ok(plain(StatusCode::NOT_FOUND, "no such page\n"));
    };
    let mut response = Response::new(Full::new(body));
    let html = HeaderValue::from_static("text/html; charset=utf-8");
    response.headers_mut().insert(CONTENT_TYPE, html);
    Ok(response)
}

/// A short text response with a status.
fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response
}
