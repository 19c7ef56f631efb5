//! Crawl, compio: C worker tasks on one compio runtime per core; core 0 keeps the frontier.
//!
//! The asyncio crawler (a frontier, C workers), thread-per-core on io_uring. Each core runs its
//! own compio runtime and spawns its share of the C workers (`workloads::compio_cores`: core
//! `c` of `n` takes workers `c`, `c + n`...); each worker owns one keep-alive connection
//! (hyper's HTTP/1 client, as in every async row) and parses the pages it fetches itself, on
//! its own core. Core 0 also runs the main task, which keeps the frontier and the seen set and
//! hands out URLs; what crosses cores is what the program sends: the URLs and the pages, on
//! async-channel's multi-consumer channels, as in every async row (compio ships none). The
//! other cores run until the main task is done. Writing a file blocks, and a blocked runtime
//! stalls every task on its core: the file belongs to one closure on compio's blocking pool
//! (`spawn_blocking`), which the main task sends each page's lines to.
//!
//! The HTTP/1 exchange (handshake, GET, status, body) is `workloads::http1`, the same in every
//! async row, and so is the race against the timer (`workloads::deadline`); the socket, the
//! spawn call and the timer are this runtime's own, hyper speaking over compio's socket as in
//! `download-compio`.
//!
//! ```text
//! cargo run --release -p crawl-compio -- --concurrency 10 --out links.tsv
//! ```

use anyhow::{Context, anyhow};
use async_channel::{Receiver, Sender, bounded, unbounded};
use clap::Parser;
use compio::net::TcpStream;
use compio::runtime::spawn_blocking;
use std::future::Future;
use std::sync::Arc;
use workloads::compio_cores::{Core, block_on_every_core, hyper_io};
use workloads::crawl::{Args, Frontier, Output, Page, REQUEST_TIMEOUT, Tally, Url, found, on_site};
use workloads::deadline::within;
use workloads::http1::{self, Connection};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    // No runtime runs yet, so opening the file on main's thread stalls no task.
    let out = Output::create(&args.out)?;
    args.url.ensure_up()?;
    let tally = crawl(args, out)?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// The main task's ends of the channels, the file, and what keeps the other cores running.
type Main = (
    Sender<Url>,
    Receiver<anyhow::Result<Page>>,
    Output,
    Sender<()>,
);

/// Starts a runtime per core with its share of the C worker tasks, core 0's running the main
/// task as well, and returns the main task's tally.
fn crawl(args: Arc<Args>, out: Output) -> anyhow::Result<Tally> {
    let (jobs, queue) = unbounded::<Url>();
    let (done, pages) = unbounded();
    // The other cores run until the main task ends: its end of `stop` closes then.
    let (stop, stopped) = bounded::<()>(1);
    let mut main = Some((jobs, pages, out, stop));
    let shares = block_on_every_core(move |core| {
        let workers = (Arc::clone(&args), queue.clone(), done.clone());
        // Core 0's start is made first: it takes the main task's part.
        let (main, stopped) = (main.take(), stopped.clone());
        move || crawl_share(workers, core, main, stopped)
    })?;
    let mut tally = None;
    for share in shares {
        tally = tally.or(share?);
    }
    tally.context("no core ran the main task")
}

/// One core: spawns its share of the workers, then runs the main task (core 0) or waits for it
/// to end.
async fn crawl_share(
    (args, queue, done): (Arc<Args>, Receiver<Url>, Sender<anyhow::Result<Page>>),
    core: Core,
    main: Option<Main>,
    stopped: Receiver<()>,
) -> anyhow::Result<Option<Tally>> {
    for _ in core.share(args.concurrency) {
        let worker = crawl_pages(Arc::clone(&args), queue.clone(), done.clone());
        compio::runtime::spawn(worker).detach();
    }
    drop((queue, done));
    match main {
        Some((jobs, pages, out, _stop)) => Ok(Some(visit_pages(&args, jobs, pages, out).await?)),
        None => {
            // Ends when the main task's `stop` is dropped; this core's workers go with it.
            let _ = stopped.recv().await;
            Ok(None)
        }
    }
}

/// The main task: starts the writer, hands the workers the frontier's pages as they are found,
/// and sends each page's lines to the writer as it comes back.
async fn visit_pages(
    args: &Args,
    jobs: Sender<Url>,
    pages: Receiver<anyhow::Result<Page>>,
    out: Output,
) -> anyhow::Result<Tally> {
    let (write, lines) = std::sync::mpsc::channel();
    let writer = spawn_blocking(move || out.write_all(lines));
    let mut frontier = Frontier::new(args.root(), args.max_pages());
    // The crawl's own loop: its outcome is decided on once the writer is back, so that the
    // file is finished, or removed, before the program can exit.
    let crawled = async {
        while !frontier.done() {
            while let Some(url) = frontier.next_url() {
                if jobs.send(url).await.is_err() {
                    break; // every worker has stopped: why is waiting in `pages`
                }
            }
            let page = pages.recv().await.context("every worker stopped")??;
            write
                .send(frontier.visit(page)?)
                .context("the writer stopped")?;
        }
        anyhow::Ok(())
    }
    .await;
    drop(write); // the end of the lines: the writer hands the file back
    let out = writer
        .await
        .map_err(|joined| anyhow!("the writer: {joined}"))??;
    // Moved into place after a whole crawl; removed after a failed one.
    let closed = spawn_blocking(move || out.close(crawled)).await;
    let checksum = closed.map_err(|joined| anyhow!("the writer: {joined}"))??;
    Ok(frontier.tally(checksum))
}

/// One worker: opens its connection, then takes URLs until the queue closes, sending back each
/// page (or the error that stops it).
async fn crawl_pages(args: Arc<Args>, queue: Receiver<Url>, pages: Sender<anyhow::Result<Page>>) {
    let mut connection = match connect(&args).await {
        Ok(connection) => connection,
        Err(error) => return drop(pages.send(Err(error)).await),
    };
    while let Ok(url) = queue.recv().await {
        let page = fetch_page(&mut connection, &args, url).await;
        let failed = page.is_err();
        if pages.send(page).await.is_err() || failed {
            return;
        }
    }
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

/// GETs `url` and parses its links; a 404 is a page not found, any other status but 2xx (or a
/// body past `MAX_BODY`) an error. The body is read either way, so the connection stays open.
async fn fetch_page(connection: &mut Connection, args: &Args, url: Url) -> anyhow::Result<Page> {
    let got = timeout(http1::get(
        connection,
        || connect(args),
        args.url.authority(),
        on_site(&url),
        found,
    ));
    match got.await.with_context(|| format!("GET {url}"))? {
        (true, body) => Ok(Page::parse(url, &body)),
        (false, _) => Ok(Page::not_found(url)),
    }
}

/// `future`, or an error once [`REQUEST_TIMEOUT`] has passed on compio's timer.
async fn timeout<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    within(REQUEST_TIMEOUT, compio::time::sleep, future).await
}
