//! Crawl, threads: C worker threads fetch and parse; the main thread hands out the pages.
//!
//! The threading crawler: the main thread keeps the frontier and the output file; up to C
//! scoped threads (one started whenever a page goes out and every worker has one) each keep one keep-alive connection, take a URL, fetch it and parse it (in
//! parallel: no GIL), and send the page back. std's channel is single-consumer, so the workers
//! share its receiver behind a `Mutex` (an `Arc` each) and take turns at it. The seen set has
//! one owner, the main thread, so checking and marking a URL is one step with no lock. C pages
//! wait on the site at once; each thread costs a stack.
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! ```text
//! cargo run --release -p crawl-threads -- --concurrency 10 --out links.tsv
//! ```

use anyhow::Context;
use clap::Parser;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
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
        let (jobs, queue) = channel::<Url>();
        let queue = Arc::new(Mutex::new(queue));
        let (done, pages) = channel();
        let mut workers = 0;
        while !frontier.done() {
            while let Some(url) = frontier.next_url() {
                // A worker is started when a page goes out and every worker has one, up to C:
                // a crawl that never has C pages in flight never starts C threads.
                if frontier.out() > workers && workers < args.concurrency {
                    let (queue, done) = (Arc::clone(&queue), done.clone());
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
fn crawl_pages(queue: Arc<Mutex<Receiver<Url>>>, pages: Sender<anyhow::Result<Page>>) {
    let agent = agent();
    loop {
        // The guard is a temporary: the lock is let go as soon as `recv` returns.
        let url = queue
            .lock()
            .expect("a worker panicked holding the queue")
            .recv();
        let Ok(url) = url else { return };
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
