//! Crawl, sequential: one page at a time, fetched, parsed and written in turn.
//!
//! The baseline, and the classic crawler before it grows workers: take the oldest URL from the
//! frontier, GET it over one keep-alive connection, parse its links, queue the new ones, write
//! its lines. The wall time is one round trip per page, about G × the site's latency, plus the
//! parse; `--concurrency` changes nothing here.
//!
//! ```text
//! cargo run --release -p crawl-sequential -- --out links.tsv
//! ```

use anyhow::Context;
use clap::Parser;
use workloads::crawl::{
    Args, Frontier, MAX_BODY, Output, Page, READ_BUFFER, REQUEST_TIMEOUT, Tally, Url, WRITE_BUFFER,
    found,
};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let out = Output::create(&args.out)?;
    args.url.ensure_up()?;
    let tally = crawl(&args, out)?;
    print_result(env!("CARGO_PKG_NAME"), &tally);
    Ok(())
}

/// Fetches the frontier's pages one after another, writing each page's lines as it goes.
fn crawl(args: &Args, mut out: Output) -> anyhow::Result<Tally> {
    let agent = agent();
    let mut frontier = Frontier::new(args.root());
    while let Some(url) = frontier.next_url() {
        let page = fetch_page(&agent, url)?;
        out.write(&frontier.visit(page))?;
    }
    Ok(frontier.tally(out.finish()?))
}

/// A ureq agent: a connection pool, like a `requests.Session`. No proxy: the site is local.
/// No redirects followed and every status returned, so that `found` judges them all.
/// The timeout bounds each phase of a request rather than the whole: with a whole-request or
/// resolve timeout, ureq starts a thread for every connection to resolve the address in.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(REQUEST_TIMEOUT))
        .timeout_send_request(Some(REQUEST_TIMEOUT))
        .timeout_recv_response(Some(REQUEST_TIMEOUT))
        .timeout_recv_body(Some(REQUEST_TIMEOUT))
        .proxy(None)
        .input_buffer_size(READ_BUFFER)
        .output_buffer_size(WRITE_BUFFER)
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

/// GETs `url` and parses its links; a 404 is a page not found, any other status but 2xx (or a
/// body past [`MAX_BODY`]) an error. The body is read either way, so the connection stays open.
fn fetch_page(agent: &ureq::Agent, url: Url) -> anyhow::Result<Page> {
    let body = || -> anyhow::Result<Option<Vec<u8>>> {
        let mut response = agent.get(url.as_str()).call()?;
        let found = found(response.status(), response.headers())?;
        let body = response.body_mut().with_config().limit(MAX_BODY as u64);
        Ok(Some(body.read_to_vec()?).filter(|_| found))
    };
    match body().with_context(|| format!("GET {url}"))? {
        Some(body) => Ok(Page::parse(url, &body)),
        None => Ok(Page::not_found(url)),
    }
}
