//! Download, rayon: blocking requests on a CPU pool, kept to show what that costs.
//!
//! rayon's pool has one thread per core and is built for work that keeps a core busy. A
//! blocking GET holds its thread for the whole round trip while the core idles, so however many
//! lanes there are, only as many requests as there are cores are ever in flight: the wall time
//! is about N / cores × latency. Fine for parsing the pages afterwards; wrong for fetching them.
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! ```text
//! cargo run --release -p download-rayon -- --requests 160 --concurrency 5
//! ```

use anyhow::Context;
use clap::Parser;
use rayon::prelude::*;
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
