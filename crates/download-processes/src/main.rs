//! Download, processes: the program starts C copies of itself and hands each its share.
//!
//! Python's `multiprocessing` answer to the GIL: several interpreters, each with its own
//! session. Here the binary re-executes itself with a hidden `--worker` flag; the parent writes
//! each worker's request numbers to its stdin and reads back one tally line from its stdout.
//! Rust threads need none of this, so what it shows is the cost: a process start and a copy of
//! the program's memory per lane. (Python's pool has one process per core; here C means what it
//! means in every other row: C requests in flight.)
//!
//! Every blocking row's ureq agent is set up once, and makes its GET (status, body limit), in
//! `workloads::blocking_http`.
//!
//! Starting this program again as a worker (with the run's own flags and a hidden role), and
//! killing and reaping any worker left when the run fails, is `workloads::worker::Workers`, the
//! same in every processes row.
//!
//! ```text
//! cargo run --release -p download-processes -- --requests 160 --concurrency 5
//! ```

use anyhow::Context;
use clap::Parser;
use std::io::Write;
use workloads::blocking_http::{self, agent};
use workloads::download::{Args, Tally, check_status};
use workloads::worker::{self, Workers};
use workloads::{Failure, print_result};

/// The parent's flags, plus the hidden one a worker is started with.
#[derive(Parser, Debug)]
struct Cli {
    #[command(flatten)]
    args: Args,

    /// Run as a worker: read request numbers from stdin, print their tally.
    #[arg(long, hide = true)]
    worker: bool,
}

fn main() -> Result<(), Failure> {
    let Cli { args, worker } = Cli::parse();
    if worker {
        worker::die_with_parent()?;
        // Read the whole list before starting, so the parent's writes never wait on us.
        let requests = std::io::read_to_string(std::io::stdin())?
            .lines()
            .map(str::parse)
            .collect::<Result<Vec<usize>, _>>()
            .context("a worker's request numbers")?;
        println!("{}", download_lane(&args, requests.into_iter())?);
        return Ok(());
    }
    args.url.ensure_up()?;
    let tally = download_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Starts C workers, one per lane, then collects their tallies.
fn download_all(args: &Args) -> anyhow::Result<Tally> {
    // Every worker is started before any is waited for, so all C run at once. `Workers` kills
    // and reaps any still running if the run is cut short, so none outlives the program.
    let mut workers = Workers::default();
    for lane in 0..args.lanes() {
        let worker = workers.start(&["--worker"], args.lanes())?;
        let mut work = worker.stdin.take().expect("stdin is piped");
        for i in args.lane(lane) {
            writeln!(work, "{i}").context("cannot write to a worker")?;
        }
        // Dropping `work` closes the pipe: the end of the list, and the worker starts.
    }
    // Whichever worker ends first is collected first, so a failed one stops the run at once.
    let mut tally = Tally::default();
    while let Some(ended) = workers.next_ended()? {
        let line = String::from_utf8(worker::output(ended)?).context("a worker wrote non-UTF-8")?;
        tally = tally.merge(line.trim().parse().context("a worker's tally")?);
    }
    Ok(tally)
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
