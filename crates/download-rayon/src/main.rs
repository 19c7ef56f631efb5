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
use workloads::download::{
    Args, MAX_BODY, READ_BUFFER, REQUEST_TIMEOUT, Tally, WRITE_BUFFER, check_status,
};
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
        tally.add(i, &fetch(&agent, &args.url_of(i))?)?;
    }
    Ok(tally)
}

/// A ureq agent: a connection pool, like a `requests.Session`. No proxy: the site is local.
/// No redirects followed and every status returned, so that `check_status` judges them all.
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

/// GETs `url` and returns its body; a status other than 2xx, or a body past [`MAX_BODY`], is
/// an error.
fn fetch(agent: &ureq::Agent, url: &str) -> anyhow::Result<Vec<u8>> {
    let body = || -> anyhow::Result<Vec<u8>> {
        let mut response = agent.get(url).call()?;
        check_status(response.status(), response.headers())?;
        let body = response.body_mut().with_config().limit(MAX_BODY as u64);
        Ok(body.read_to_vec()?)
    };
    body().with_context(|| format!("GET {url}"))
}
