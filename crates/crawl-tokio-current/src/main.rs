//! Crawl, tokio current-thread: C worker tasks on one thread, which also parses every page.
//!
//! The asyncio crawler exactly: one thread runs the main task, which keeps the frontier and the
//! seen set, and C worker tasks, each with its own keep-alive connection, taking URLs from
//! async-channel's multi-consumer queue as every async row does. While pages wait on
//! the site the thread runs whichever task is ready; but every parse runs on this one thread
//! too, and while it parses no other task moves: the CPU part of the crawl is sequential here,
//! as it is under asyncio. The file is written by one task on tokio's blocking pool
//! (`spawn_blocking`), so the thread never waits on the disk.
//!
//! The HTTP/1 exchange (handshake, GET, status, body) is `workloads::http1`, the same in every
//! async row, and so is the race against the timer (`workloads::deadline`); the socket, the
//! spawn call and the timer are this runtime's own.
//!
//! ```text
//! cargo run --release -p crawl-tokio-current -- --concurrency 10 --out links.tsv
//! ```

use anyhow::Context;
use async_channel::{Receiver, Sender, unbounded};
use clap::Parser;
use std::future::Future;
use std::sync::Arc;
use tokio::{net::TcpStream, task::spawn_blocking};
use workloads::crawl::{Args, Frontier, Output, Page, REQUEST_TIMEOUT, Tally, Url, found, on_site};
use workloads::deadline::within;
use workloads::http1::{self, Connection};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    // `#[tokio::main]`'s runtime, every driver on. The pre-flight connect blocks, so it runs
    // outside the runtime's `block_on`, as in every async row.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let path = args.out.clone();
    let out = runtime.block_on(runtime.spawn_blocking(move || Output::create(&path)))??;
    args.url.ensure_up()?;
    let tally = runtime.block_on(crawl(args, out))?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Spawns C worker tasks and the writer, hands the workers the frontier's pages as they are
/// found, and sends each page's lines to the writer as it comes back.
async fn crawl(args: Arc<Args>, out: Output) -> anyhow::Result<Tally> {
    let (jobs, queue) = unbounded::<Url>();
    let (done, pages) = unbounded();
    for _ in 0..args.concurrency {
        let worker = crawl_pages(Arc::clone(&args), queue.clone(), done.clone());
        tokio::spawn(worker);
    }
    drop((queue, done));
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
    let out = writer.await??;
    // Moved into place after a whole crawl; removed after a failed one.
    let checksum = spawn_blocking(move || out.close(crawled)).await??;
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
    let (connection, driver) = http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    // The driver ends when the connection closes; any error it meets also fails the request.
    tokio::spawn(driver);
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

/// `future`, or an error once [`REQUEST_TIMEOUT`] has passed on tokio's timer.
async fn timeout<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    within(REQUEST_TIMEOUT, tokio::time::sleep, future).await
}
