//! Download, thread pool: C long-lived workers pull requests from one shared queue.
//!
//! The `ThreadPoolExecutor(max_workers=C)` of the article's threading version. Where the threads
//! model splits the work up front, here every request goes into a queue and whichever worker is
//! free takes the next one, so a slow request never leaves other work stuck behind it. Each
//! worker keeps its own keep-alive connection (the article's `threading.local` session).
//!
//! ```text
//! cargo run --release -p download-pool -- --requests 160 --concurrency 5
//! ```

use anyhow::Context;
use clap::Parser;
use std::thread;
use workloads::download::{Args, MAX_BODY, REQUEST_TIMEOUT, Tally, check_status};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    args.url.ensure_up()?;
    let tally = download_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &tally);
    Ok(())
}

/// Queues every request, lets C workers drain the queue, and adds up what they got.
fn download_all(args: &Args) -> anyhow::Result<Tally> {
    let (submit, queue) = crossbeam_channel::unbounded();
    for i in 0..args.requests {
        submit
            .send(i)
            .expect("the queue is open while we hold its receiver");
    }
    // Closing the queue is how the workers know to stop once it is empty.
    drop(submit);
    thread::scope(|scope| {
        let workers: Vec<_> = (0..args.lanes())
            .map(|_| {
                let queue = queue.clone();
                scope.spawn(move || download_lane(args, queue.into_iter()))
            })
            .collect();
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

/// A ureq agent: a connection pool, like a `requests.Session`. No proxy: the site is local.
/// No redirects followed and every status returned, so that `check_status` judges them all.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(REQUEST_TIMEOUT))
        .proxy(None)
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
