//! Download, rayon: blocking requests on a CPU pool, kept to show what that costs.
//!
//! rayon's pool has one thread per core and is built for work that keeps a core busy. A
//! blocking GET holds its thread for the whole round trip while the core idles, so however many
//! lanes there are, only as many requests as there are cores are ever in flight: the wall time
//! is about N / cores × latency. Fine for parsing the pages afterwards; wrong for fetching them.
//!
//! ```text
//! cargo run --release -p download-rayon -- --requests 160 --concurrency 5
//! ```

use anyhow::Context;
use clap::Parser;
use rayon::prelude::*;
use workloads::download::{Args, REQUEST_TIMEOUT, Tally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    args.url.ensure_up()?;
    let tally = download_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &tally);
    Ok(())
}

/// Hands the C lanes to rayon's pool, which runs as many at once as it has threads (cores).
fn download_all(args: &Args) -> anyhow::Result<Tally> {
    (0..args.lanes())
        .into_par_iter()
        .map(|lane| download_lane(args, args.lane(lane)))
        .try_reduce(Tally::default, |a, b| Ok(a.merge(b)))
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
