//! Download, threads: one OS thread per lane, all started at once.
//!
//! The article's threading version, without the GIL in the way (though for I/O the GIL was not
//! the problem: a thread blocked on a socket holds no lock in either language). C scoped threads
//! each make their share of the requests over their own keep-alive connection; the kernel
//! schedules them, so C requests wait on the site at once. Each thread costs a stack.
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! ```text
//! cargo run --release -p download-threads -- --requests 160 --concurrency 5
//! ```

use anyhow::Context;
use clap::Parser;
use std::thread;
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

/// Makes every request on C threads, one per lane, and adds up what they got.
fn download_all(args: &Args) -> anyhow::Result<Tally> {
    // Scoped threads may borrow `args`; the scope joins them all before it returns.
    thread::scope(|scope| {
        let mut lanes = Vec::new();
        for lane in 0..args.lanes() {
            let started = thread::Builder::new()
                .spawn_scoped(scope, move || download_lane(args, args.lane(lane)));
            lanes.push(started.with_context(|| {
                format!("cannot start thread {} of {}", lane + 1, args.lanes())
            })?);
        }
        lanes.into_iter().try_fold(Tally::default(), |tally, lane| {
            Ok(tally.merge(lane.join().expect("a lane thread panicked")?))
        })
    })
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
