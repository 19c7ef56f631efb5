//! Crawl, sequential: one page at a time, fetched, parsed and written in turn.
//!
//! The baseline, and the classic crawler before it grows workers: take the oldest URL from the
//! frontier, GET it over one keep-alive connection, parse its links, queue the new ones, write
//! its lines. The wall time is one round trip per page, about G × the site's latency, plus the
//! parse; `--concurrency` changes nothing here.
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! ```text
//! cargo run --release -p crawl-sequential -- --out links.tsv
//! ```

use anyhow::Context;
use clap::Parser;
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

/// Fetches the frontier's pages one after another, writing each page's lines as it goes.
fn crawl(args: &Args, mut out: Output) -> anyhow::Result<Tally> {
    let agent = agent();
    let mut frontier = Frontier::new(args.root(), args.max_pages());
    while let Some(url) = frontier.next_url() {
        let page = fetch_page(&agent, url)?;
        out.write(&frontier.visit(page)?)?;
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
