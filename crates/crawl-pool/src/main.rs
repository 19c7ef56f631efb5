//! Crawl, thread pool: up to C long-lived workers pull URLs from one multi-consumer queue.
//!
//! The `ThreadPoolExecutor(max_workers=C)` crawler. As in `crawl-threads`, the main thread
//! keeps the frontier, the seen set and the output file, and the workers fetch and parse in
//! parallel, each over its own keep-alive connection; the queue is crossbeam's channel, which
//! any number of workers may receive from at once, so no lock stands between them and the next
//! URL. Whichever worker is free takes the next page; a worker is started only when a page
//! goes out and every worker has one, as `ThreadPoolExecutor` starts its threads.
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! ```text
//! cargo run --release -p crawl-pool -- --concurrency 10 --out links.tsv
//! ```

use anyhow::Context;
use clap::Parser;
use crossbeam_channel::{Receiver, Sender, unbounded};
use std::thread;
use workloads::blocking_http::{self, agent};
use workloads::crawl::{Args, Frontier, Output, Page, Tally, Url, found};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let out = Output::create(&args.out)?;
    args.url.ensure_up()?;
    let tally = crawl(&args, out)?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Starts C workers, hands them the frontier's pages as they are found, and writes each page's
/// lines as it comes back.
fn crawl(args: &Args, mut out: Output) -> anyhow::Result<Tally> {
    let mut frontier = Frontier::new(args.root(), args.max_pages());
    thread::scope(|scope| {
        // Made in the scope, so that returning early closes the queue before the scope waits
        // for the workers: each stops at its next `recv`.
        let (jobs, queue) = unbounded::<Url>();
        let (done, pages) = unbounded();
        let mut workers = 0;
        while !frontier.done() {
            while let Some(url) = frontier.next_url() {
                // A worker is started when a page goes out and every worker has one, up to C:
                // a crawl that never has C pages in flight never starts C threads.
                if frontier.out() > workers && workers < args.concurrency {
                    let (queue, done) = (queue.clone(), done.clone());
                    let started = thread::Builder::new()
                        .spawn_scoped(scope, move || crawl_pages(queue, done));
                    workers += 1;
                    let of = args.concurrency;
                    started.with_context(|| format!("cannot start worker {workers} of {of}"))?;
                }
                jobs.send(url)
                    .expect("this thread holds the queue's receiving end");
            }
            let page = pages.recv().expect("this thread holds a sending end");
            out.write(&frontier.visit(page?)?)?;
        }
        anyhow::Ok(())
    })?;
    Ok(frontier.tally(out.finish()?))
}

/// One worker: takes URLs until the queue closes, sending back each page (or the error that
/// stops it).
fn crawl_pages(queue: Receiver<Url>, pages: Sender<anyhow::Result<Page>>) {
    let agent = agent();
    for url in queue {
        let page = fetch_page(&agent, url);
        let failed = page.is_err();
        if pages.send(page).is_err() || failed {
            return;
        }
    }
}

/// GETs `url` and parses its links; a 404 is a page not found, any other status but 2xx (or a
/// body past `MAX_BODY`) an error. The body is read either way, so the connection stays open.
fn fetch_page(agent: &ureq::Agent, url: Url) -> anyhow::Result<Page> {
    match blocking_http::get(agent, url.as_str(), found).with_context(|| format!("GET {url}"))? {
        (true, body) => Ok(Page::parse(url, &body)),
        (false, _) => Ok(Page::not_found(url)),
    }
}
