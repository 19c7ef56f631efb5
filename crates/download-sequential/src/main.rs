//! Download, sequential: every request waits for the one before it.
//!
//! The baseline every other model is measured against, and the article's synchronous version:
//! one ureq agent (like one `requests.Session`) keeps one connection alive and makes the N GETs
//! in order. The wall time is N × the site's latency; `--concurrency` changes nothing here.
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! ```text
//! cargo run --release -p download-sequential -- --requests 160
//! ```

use anyhow::Context;
use clap::Parser;
use workloads::blocking_http::{self, agent};
use workloads::download::{Args, Tally, check_status};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    args.url.ensure_up()?;
    let tally = download_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
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
        tally.add(i, &fetch(&agent, &args.url_of(i))?)?;
    }
    Ok(tally)
}

/// GETs `url` and returns its body; a status other than 2xx, or a body past `MAX_BODY`, is an
/// error.
fn fetch(agent: &ureq::Agent, url: &str) -> anyhow::Result<Vec<u8>> {
    let ((), body) =
        blocking_http::get(agent, url, check_status).with_context(|| format!("GET {url}"))?;
    Ok(body)
}
