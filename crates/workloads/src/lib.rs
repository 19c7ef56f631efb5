//! What every program of this workspace shares, and nothing that picks a concurrency model.
//!
//! A program here holds only its model; everything that must be identical across models lives
//! in this crate: each workload's flags (clap derive), the pages the site serves, the fib kernel,
//! the result line that proves the work was done, where the site is, and how an error is printed.
//! No async runtime is a dependency of this crate, so no model is favoured by it.

#[cfg(feature = "ureq")]
pub mod blocking_http;
#[cfg(feature = "compio")]
pub mod compio_cores;
pub mod crawl;
pub mod deadline;
pub mod download;
mod failure;
pub mod fib;
#[cfg(feature = "futures-io")]
pub mod futures_io;
pub mod graph;
#[cfg(feature = "hyper")]
pub mod http1;
pub mod pages;
pub mod queue;
pub mod site;
pub mod sleep;
#[cfg(feature = "smol")]
pub mod smol_executor;
pub mod worker;

pub use failure::Failure;

use std::fmt::Display;

/// The number of cores this process may use: the default worker count, and how many threads a
/// multi-thread executor gets.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A clap parser for counts that must be at least 1 (requests, jobs, workers...).
pub fn at_least_one() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..)
}

/// A clap parser for counts from 1 to `max`: a flag that sizes the work is bounded, so that no
/// program sets out on work (or bookkeeping) it cannot finish.
pub fn up_to(max: u64) -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..=max)
}

/// Prints the one result line a program owes on success: its name, then `key=value` fields.
///
/// For the same flags, every model of a workload prints the same fields; the tests and the bench
/// compare everything after the name.
///
/// A line that cannot be written (stdout full or closed) is an error, not a panic: the program
/// fails with one line and exit status 1, as for any other failure.
pub fn print_result(program: &str, fields: &impl Display) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{program} {fields}")
        .and_then(|()| stdout.flush())
        .map_err(|error| anyhow::anyhow!("cannot write the result line: {error}"))
}
