//! Download, tokio: C tasks on tokio's multi-thread runtime, one worker thread per core.
//!
//! The article's asyncio version, run on every core. Each lane is a task; while its request
//! waits on the site, the task is parked and its thread runs another. A thousand waiting
//! requests cost a thousand small task states, not a thousand stacks. Each lane owns one
//! keep-alive connection, spoken over by hyper's HTTP/1 client, as in every async row; the
//! pooled high-level client, reqwest, has a row of its own: `download-tokio-reqwest`.
//!
//! The HTTP/1 exchange (handshake, GET, status, body) is `workloads::http1`, the same in every
//! async row, and so is the race against the timer (`workloads::deadline`); the socket, the
//! spawn call and the timer are this runtime's own.
//!
//! ```text
//! cargo run --release -p download-tokio -- --requests 160 --concurrency 160
//! ```

use anyhow::Context;
use bytes::Bytes;
use clap::Parser;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpStream;
use workloads::deadline::within;
use workloads::download::{Args, PAGES, REQUEST_TIMEOUT, Tally, check_status};
use workloads::http1::{self, Connection};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    args.url.ensure_up()?;
    // `#[tokio::main]`'s runtime, every driver on, built once the site has answered: the
    // pre-flight connect blocks, so it runs before the runtime as in every async row.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let tally = runtime.block_on(download_all(Arc::new(args)))?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Spawns one task per lane, then adds up what they got.
async fn download_all(args: Arc<Args>) -> anyhow::Result<Tally> {
    let lanes: Vec<_> = (0..args.lanes())
        .map(|lane| tokio::spawn(download_lane(Arc::clone(&args), lane)))
        .collect();
    let mut tally = Tally::default();
    for lane in lanes {
        // The outer `?` is a lane that panicked (tokio catches it), the inner one a lane's error.
        tally = tally.merge(lane.await??);
    }
    Ok(tally)
}

/// Makes lane `lane`'s requests one after another over the lane's own connection.
async fn download_lane(args: Arc<Args>, lane: usize) -> anyhow::Result<Tally> {
    let mut connection = connect(&args).await?;
    let mut tally = Tally::default();
    for i in args.lane(lane) {
        tally.add(i, &fetch(&mut connection, &args, i).await?)?;
    }
    Ok(tally)
}

/// Opens a keep-alive connection to the site; a task of its own drives its socket.
async fn connect(args: &Args) -> anyhow::Result<Connection> {
    let site = &args.url;
    let opened = timeout(async { Ok(TcpStream::connect(site.authority()).await?) });
    let stream = opened
        .await
        .with_context(|| format!("cannot connect to {site}"))?;
    let (connection, driver) = http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    // The driver ends when the connection closes; any error it meets also fails the request.
    tokio::spawn(driver);
    Ok(connection)
}

/// GETs request `i`'s page and returns its body; a status other than 2xx, or a body past
/// `MAX_BODY`, is an error.
async fn fetch(connection: &mut Connection, args: &Args, i: usize) -> anyhow::Result<Bytes> {
    let page = PAGES[i % PAGES.len()];
    let got = timeout(http1::get(
        connection,
        || connect(args),
        args.url.authority(),
        page,
        check_status,
    ));
    let ((), body) = got
        .await
        .with_context(|| format!("GET {}", args.url_of(i)))?;
    Ok(body)
}

/// `future`, or an error once [`REQUEST_TIMEOUT`] has passed on tokio's timer.
async fn timeout<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    within(REQUEST_TIMEOUT, tokio::time::sleep, future).await
}
