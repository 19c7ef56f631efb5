//! Download, smol: C tasks on a smol executor run by one thread per core, hyper's client.
//!
//! smol is a small runtime built from separate crates (an executor, a reactor, timers); its
//! global executor is single-threaded, so this program runs one `Executor` on every core with
//! `workloads::smol_executor::block_on_every_core` (smol-macros' `main!`, less one thread),
//! which is all "multi-thread runtime" means. The HTTP/1 exchange is `workloads::http1`, as in every
//! async row, and so is the race against the timer (`workloads::deadline`); the socket, the
//! spawn call and the timer are smol's. Each lane is a task that owns one keep-alive
//! connection, spoken over by hyper's HTTP/1 client: the same engine reqwest uses.
//!
//! ```text
//! cargo run --release -p download-smol -- --requests 160 --concurrency 160
//! ```

use anyhow::Context;
use bytes::Bytes;
use clap::Parser;
use smol::{Executor, Timer, net::TcpStream};
use std::future::Future;
use std::sync::Arc;
use workloads::deadline::within;
use workloads::download::{Args, PAGES, REQUEST_TIMEOUT, Tally, check_status};
use workloads::futures_io::FuturesIo;
use workloads::http1::{self, Connection};
use workloads::smol_executor::block_on_every_core;
use workloads::{Failure, print_result};

/// The executor every task runs on; `block_on_every_core` runs it on one thread per core.
static EXECUTOR: Executor<'static> = Executor::new();

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    args.url.ensure_up()?;
    let tally = block_on_every_core(&EXECUTOR, download_all(Arc::new(args)))??;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Spawns one task per lane, then adds up what they got.
async fn download_all(args: Arc<Args>) -> anyhow::Result<Tally> {
    let lanes: Vec<_> = (0..args.lanes())
        .map(|lane| EXECUTOR.spawn(download_lane(Arc::clone(&args), lane)))
        .collect();
    let mut tally = Tally::default();
    for lane in lanes {
        tally = tally.merge(lane.await?);
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
    let (connection, driver) = http1::handshake(FuturesIo::new(stream)).await?;
    // The driver ends when the connection closes; any error it meets also fails the request.
    EXECUTOR.spawn(driver).detach();
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

/// `future`, or an error once [`REQUEST_TIMEOUT`] has passed on smol's timer.
async fn timeout<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    within(REQUEST_TIMEOUT, Timer::after, future).await
}
