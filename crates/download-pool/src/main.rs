//! Download, thread pool: C long-lived workers pull requests from one shared queue.
//!
//! The `ThreadPoolExecutor(max_workers=C)` of the article's threading version. Where the threads
//! model splits the work up front, here every request goes into a queue and whichever worker is
//! free takes the next one, so a slow request never leaves other work stuck behind it. The
//! queue holds at most C requests, filled as they are taken. Each worker keeps its own
//! keep-alive connection (the article's `threading.local` session).
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! ```text
//! cargo run --release -p download-pool -- --requests 160 --concurrency 5
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

/// Starts C workers on a shared queue, feeds it every request, and adds up what they got.
fn download_all(args: &Args) -> anyhow::Result<Tally> {
    thread::scope(|scope| {
        // A bounded queue, fed as the workers take from it: the work is handed out, never
        // built up front. (Made in the scope, so that an early return closes it before the
        // scope waits for the workers.)
        let (submit, queue) = crossbeam_channel::bounded(args.lanes());
        let mut workers = Vec::new();
        for worker in 0..args.lanes() {
            let queue = queue.clone();
            let started = thread::Builder::new()
                .spawn_scoped(scope, move || download_lane(args, queue.into_iter()));
            workers.push(started.with_context(|| {
                format!("cannot start worker {} of {}", worker + 1, args.lanes())
            })?);
        }
        drop(queue);
        for i in 0..args.requests {
            // Only when every worker has stopped (each on an error) is there no one to take it.
            if submit.send(i).is_err() {
                break;
            }
        }
        // Closing the queue is how the workers know to stop once it is empty.
        drop(submit);
        workers
            .into_iter()
            .try_fold(Tally::default(), |tally, worker| {
                Ok(tally.merge(worker.join().expect("a worker thread panicked")?))
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
