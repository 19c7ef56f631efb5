//! Crawl, async-std: C worker tasks on async-std's global executor, hyper's client. Legacy row.
//!
//! async-std is discontinued upstream (2025, RUSTSEC-2025-0052; its authors point to smol).
//! It stays as the legacy row. The shape is `crawl-tokio`'s: the main task keeps the frontier,
//! C worker tasks fetch and parse on every core, each over its own keep-alive connection; the
//! queue is async-channel's multi-consumer channel (version 2, as in every async row), so no
//! lock stands between a worker and the next URL. The file is written by one task on async-std's blocking pool (`spawn_blocking`).
//!
//! The HTTP/1 exchange (handshake, GET, status, body) is `workloads::http1`, the same in every
//! async row, and so is the race against the timer (`workloads::deadline`); the socket, the
//! spawn call and the timer are this runtime's own.
//!
//! ```text
//! cargo run --release -p crawl-async-std -- --concurrency 10 --out links.tsv
//! ```

use anyhow::Context;
use async_channel::{Receiver, Sender, unbounded};
use async_std::net::TcpStream;
use async_std::task::{self, spawn_blocking};
use clap::Parser;
use std::future::Future;
use std::sync::Arc;
use workloads::crawl::{Args, Frontier, Output, Page, REQUEST_TIMEOUT, Tally, Url, found, on_site};
use workloads::deadline::within;
use workloads::futures_io::FuturesIo;
use workloads::http1::{self, Connection};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    let path = args.out.clone();
    let out = task::block_on(spawn_blocking(move || Output::create(&path)))?;
    args.url.ensure_up()?;
    let tally = task::block_on(crawl(args, out))?;
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
        task::spawn(worker);
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
    let out = writer.await?;
    // Moved into place after a whole crawl; removed after a failed one.
    let checksum = spawn_blocking(move || out.close(crawled)).await?;
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
    let (connection, driver) = http1::handshake(FuturesIo::new(stream)).await?;
    // The driver ends when the connection closes; any error it meets also fails the request.
    task::spawn(driver);
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

/// `future`, or an error once [`REQUEST_TIMEOUT`] has passed on async-std's timer.
async fn timeout<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    within(REQUEST_TIMEOUT, task::sleep, future).await
}
