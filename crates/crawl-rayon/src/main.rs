//! Crawl, rayon: level by level, each level's pages fetched and parsed in parallel.
//!
//! rayon's shape is fork-join: a parallel iterator over what is known, joined before the next
//! step. A crawl does not know its work up front, so it goes one breadth-first level at a time:
//! every URL of a level is fetched and parsed on the pool, and only when the slowest page of the
//! level is back are the links of all of them queued for the next. The pool gets C threads (or
//! the widest level's width, if less), not one per core: a blocking GET holds its thread for
//! the whole round trip, and C pages should be in flight as in every other row. What the row shows is the cost of those joins.
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! ```text
//! cargo run --release -p crawl-rayon -- --concurrency 10 --out links.tsv
//! ```

use anyhow::Context;
use clap::Parser;
use rayon::prelude::*;
use workloads::blocking_http::{self, agent};
use workloads::crawl::{Args, Frontier, Output, Page, Tally, Url, found};
use workloads::{Failure, print_result};

thread_local! {
    /// Each pool thread's own agent: one keep-alive connection per worker.
    static AGENT: ureq::Agent = agent();
}

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let out = Output::create(&args.out)?;
    args.url.ensure_up()?;
    let tally = crawl(&args, out)?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Fetches the frontier one level at a time on a pool of up to C threads, writing each
/// level's lines once it is back.
fn crawl(args: &Args, mut out: Output) -> anyhow::Result<Tally> {
    let mut pool: Option<rayon::ThreadPool> = None;
    let mut frontier = Frontier::new(args.root(), args.max_pages());
    loop {
        let level: Vec<Url> = std::iter::from_fn(|| frontier.next_url()).collect();
        if level.is_empty() {
            break;
        }
        // A rayon pool starts all its threads at once and cannot grow: it is made again when
        // a level is wider than it, up to C, so a crawl never starts threads it has no page for.
        let threads = level.len().min(args.concurrency);
        if pool
            .as_ref()
            .is_none_or(|pool| pool.current_num_threads() < threads)
        {
            let built = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
            pool = Some(built.context("cannot start the pool")?);
        }
        let pool = pool.as_ref().expect("made above");
        let pages: anyhow::Result<Vec<Page>> = pool.install(|| {
            let fetched = level.into_par_iter();
            fetched
                .map(|url| AGENT.with(|agent| fetch_page(agent, url)))
                .collect()
        });
        for page in pages? {
            out.write(&frontier.visit(page)?)?;
        }
    }
    Ok(frontier.tally(out.finish()?))
}

/// GETs `url` and parses its links; a 404 is a page not found, any other status but 2xx (or a
/// body past `MAX_BODY`) an error. The body is read either way, so the connection stays open.
fn fetch_page(agent: &ureq::Agent, url: Url) -> anyhow::Result<Page> {
    match blocking_http::get(agent, url.as_str(), found).with_context(|| format!("GET {url}"))? {
        (true, body) => Ok(Page::parse(url, &body)),
        (false, _) => Ok(Page::not_found(url)),
    }
}
