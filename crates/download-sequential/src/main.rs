//! Download, sequential: every request waits for the one before it.
//!
//! The baseline every other model is measured against, and the article's synchronous version:
//! one ureq agent (like one `requests.Session`) keeps one connection alive and makes the N GETs
//! in order. The wall time is N × the site's latency; `--concurrency` changes nothing here.
//!
//! ```text
//! cargo run --release -p download-sequential -- --requests 160
//! ```

use anyhow::Context;
use clap::Parser;
use workloads::download::{Args, REQUEST_TIMEOUT, Tally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    args.url.ensure_up()?;
    let tally = download_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &tally);
    Ok(())
}

/// Makes every request in one lane: one after another.
fn download_all(args: &Args) -> anyhow::Result<Tally> {
    download_lane(args, 0..args.requests)
}

/// Makes `requests` one after another over one keep-alive connection.
fn download_lane(args: &Args, requests: impl Iterator<Item = usize>) -> anyhow::Result<Tally> {
    let agent = agent();
    let mut tally = Tally::default();
    for i in requests {
        tally.add(&fetch(&agent, &args.url_of(i))?);
    }
    Ok(tally)
}

/// A ureq agent: a connection pool, like a `requests.Session`. No proxy: the site is local.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(REQUEST_TIMEOUT))
        .proxy(None)
        .build()
        .into()
}

/// GETs `url` and returns its body; a non-2xx status is an error.
fn fetch(agent: &ureq::Agent, url: &str) -> anyhow::Result<Vec<u8>> {
    let body = agent
        .get(url)
        .call()
        .and_then(|mut response| response.body_mut().read_to_vec());
    body.with_context(|| format!("GET {url}"))
}
