//! Download, compio: C tasks on one compio runtime per core, thread-per-core on io_uring.
//!
//! tokio's row with the other design: no work stealing and no `Send` bound. Each core runs its
//! own runtime (executor, timers, io_uring), and the program gives each core its share of the
//! lanes up front (`workloads::compio_cores`: core `c` of `n` takes lanes `c`, `c + n`...); a
//! lane, its connection and the task driving it stay on that core for the whole run. I/O is
//! completion-based: a read is submitted to the kernel with a buffer the runtime owns and
//! completes into it, rather than waiting for readiness and then reading.
//!
//! The HTTP/1 exchange is `workloads::http1`, as in every async row, and so is the race against
//! the timer (`workloads::deadline`); the socket, the spawn call and the timer are compio's.
//! hyper speaks over compio's socket through compio's own futures-io bridge and the adapter of
//! the async-std and smol rows (`compio_cores::hyper_io`): the path cyper, compio's hyper-based
//! client, takes, less its TLS layer and the zero-filling of hyper's buffer on each read. compio
//! runs on io_uring or not at all: a kernel without it is one line at start.
//!
//! ```text
//! cargo run --release -p download-compio -- --requests 160 --concurrency 160
//! ```

use anyhow::{Context, anyhow};
use bytes::Bytes;
use clap::Parser;
use compio::net::TcpStream;
use std::future::Future;
use std::sync::Arc;
use workloads::compio_cores::{Core, block_on_every_core, hyper_io};
use workloads::deadline::within;
use workloads::download::{Args, PAGES, REQUEST_TIMEOUT, Tally, check_status};
use workloads::http1::{self, Connection};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    args.url.ensure_up()?;
    // A runtime per core, each downloading its share of the lanes.
    let shares = block_on_every_core(|core| {
        let args = Arc::clone(&args);
        move || download_all(args, core)
    })?;
    let mut tally = Tally::default();
    for share in shares {
        tally = tally.merge(share?);
    }
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Spawns one task per lane of this core's share, then adds up what they got.
async fn download_all(args: Arc<Args>, core: Core) -> anyhow::Result<Tally> {
    let lanes: Vec<_> = core
        .share(args.lanes())
        .map(|lane| compio::runtime::spawn(download_lane(Arc::clone(&args), lane)))
        .collect();
    let mut tally = Tally::default();
    for lane in lanes {
        // The outer `?` is a lane that panicked (compio catches it), the inner one a lane's error.
        tally = tally.merge(lane.await.map_err(|joined| anyhow!("a lane: {joined}"))??);
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
    let (connection, driver) = http1::handshake(hyper_io(stream)).await?;
    // The driver ends when the connection closes; any error it meets also fails the request.
    compio::runtime::spawn(driver).detach();
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

/// `future`, or an error once [`REQUEST_TIMEOUT`] has passed on compio's timer.
async fn timeout<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    within(REQUEST_TIMEOUT, compio::time::sleep, future).await
}
