//! Crawl, processes: the program starts C copies of itself to fetch and parse the pages.
//!
//! Python's `multiprocessing` crawler: the parent keeps the frontier, the seen set and the
//! output file; each worker process keeps one keep-alive connection, reads a URL from its stdin,
//! fetches and parses the page, and writes the page's links back on one line. The parent gives
//! each idle worker the next URL, and starts another while a page waits and fewer than C run,
//! so up to C pages are in flight. A thread per worker reads its pipe into one channel, so the
//! parent takes whichever page comes back first. What it costs beside `crawl-pool`: a process
//! start and a copy of the program per worker, and every page's links sent through a pipe as
//! text.
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! Starting this program again as a worker (with the run's own flags and a hidden role), and
//! killing and reaping any worker left when the run fails, is `workloads::worker::Workers`, the
//! same in every processes row.
//!
//! ```text
//! cargo run --release -p crawl-processes -- --concurrency 10 --out links.tsv
//! ```

use anyhow::{Context, anyhow};
use clap::Parser;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::ChildStdin;
use std::sync::mpsc::{Sender, channel};
use std::thread;
use workloads::blocking_http::{self, agent};
use workloads::crawl::{Args, Frontier, Output, Page, Tally, Url, found};
use workloads::worker::{self, Workers};
use workloads::{Failure, print_result};

/// The parent's flags, plus the hidden one a worker is started with.
#[derive(Parser, Debug)]
struct Cli {
    #[command(flatten)]
    args: Args,

    /// Run as a worker: read URLs from stdin, print each page's line.
    #[arg(long, hide = true)]
    worker: bool,
}

fn main() -> Result<(), Failure> {
    let Cli { args, worker } = Cli::parse();
    if worker {
        worker::die_with_parent()?;
        return Ok(crawl_pages()?);
    }
    let out = Output::create(&args.out)?;
    args.url.ensure_up()?;
    let tally = crawl(&args, out)?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Gives each idle worker the next URL (starting one when none is idle, up to C), and writes
/// each page's lines as it comes back.
fn crawl(args: &Args, mut out: Output) -> anyhow::Result<Tally> {
    let (done, pages) = channel();
    // `Workers` kills and reaps any still running if the run is cut short; `stdins[w]` is the
    // pipe worker w reads its URLs from.
    let (mut workers, mut stdins) = (Workers::default(), Vec::new());
    let mut idle: Vec<usize> = Vec::new();
    let mut frontier = Frontier::new(args.root(), args.max_pages());
    while !frontier.done() {
        // A worker is started when a page goes out and none is idle, up to C: a crawl that
        // never has C pages in flight never starts C processes.
        while !idle.is_empty() || stdins.len() < args.concurrency {
            let Some(url) = frontier.next_url() else {
                break;
            };
            let w = idle.pop().unwrap_or(stdins.len());
            if w == stdins.len() {
                stdins.push(start_worker(&mut workers, args.concurrency, done.clone())?);
            }
            if writeln!(stdins[w], "{url}").is_err() {
                break; // the worker has stopped: why is waiting in `pages`
            }
        }
        let (w, page) = pages.recv().expect("this thread holds a sending end");
        idle.push(w);
        out.write(&frontier.visit(page?)?)?;
    }
    drop(stdins); // the end of every worker's list: each exits
    while let Some(mut ended) = workers.next_ended()? {
        ended.wait().context("lost a worker process")?;
    }
    Ok(frontier.tally(out.finish()?))
}

/// Starts this program as the next worker, w (of `of`), with a thread that sends each page it
/// prints (or, when it stops early, its own error) to `pages`; returns the pipe to its stdin.
fn start_worker(
    workers: &mut Workers,
    of: usize,
    pages: Sender<(usize, anyhow::Result<Page>)>,
) -> anyhow::Result<ChildStdin> {
    let w = workers.0.len();
    let worker = workers.start(&["--worker"], of)?;
    let (stdout, mut stderr) = (worker.stdout.take(), worker.stderr.take());
    let (stdout, stdin) = (stdout.expect("piped"), worker.stdin.take().expect("piped"));
    // Should no thread start, the error goes up and `Workers` kills the worker on the way.
    let reader = thread::Builder::new().spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let page = line
                .map_err(anyhow::Error::from)
                .and_then(|line| line.parse());
            if pages.send((w, page)).is_err() {
                return;
            }
        }
        // Its stdout closed: the worker has exited, on the parent's word or on an error.
        let mut error = String::new();
        let _ = stderr.as_mut().map(|e| e.read_to_string(&mut error));
        let error = error.trim().trim_start_matches("Error: ");
        let _ = pages.send((w, Err(anyhow!("a worker stopped: {error}"))));
    });
    reader.with_context(|| format!("cannot start worker {} of {of} (its reader thread)", w + 1))?;
    Ok(stdin)
}

/// A worker: fetches each URL its parent writes, over one keep-alive connection, and prints
/// the page's line.
fn crawl_pages() -> anyhow::Result<()> {
    let agent = agent();
    for line in std::io::stdin().lines() {
        let url = Url::parse(&line?).context("a URL from the parent")?;
        // stdout is line-buffered: each page reaches the parent as soon as it is printed.
        println!("{}", fetch_page(&agent, url)?);
    }
    Ok(())
}

/// GETs `url` and parses its links; a 404 is a page not found, any other status but 2xx (or a
/// body past `MAX_BODY`) an error. The body is read either way, so the connection stays open.
fn fetch_page(agent: &ureq::Agent, url: Url) -> anyhow::Result<Page> {
    match blocking_http::get(agent, url.as_str(), found).with_context(|| format!("GET {url}"))? {
        (true, body) => Ok(Page::parse(url, &body)),
        (false, _) => Ok(Page::not_found(url)),
    }
}
