//! Sleep, processes: a child process per task, each waiting in its own process.
//!
//! `multiprocessing.Process` per task: every wait overlaps, and each costs a whole process (a
//! start, a copy of the program's memory, a process-table entry). The program re-executes
//! itself with a hidden `--worker ID`; every worker's stdout and stderr are the same pipe, on
//! which it says when it starts and stops waiting, one write a line so that lines never mix.
//! A thread of the parent reads the pipe and keeps the count; the parent keeps a handle per
//! worker, because a process must be waited for (reaped), and killed if the run fails.
//!
//! Killing and reaping any worker left when the run fails is `workloads::worker::Workers`, the
//! same in every processes row.
//!
//! ```text
//! cargo run --release -p sleep-processes -- --tasks 100 --duration-ms 1000
//! ```

use anyhow::{Context, bail};
use clap::Parser;
use std::io::{BufRead, BufReader, PipeReader, PipeWriter, Write};
use std::process::{Child, Command, Stdio};
use std::thread;
use workloads::sleep::{Args, Count, WAIT, Watermark};
use workloads::worker::{self, Workers};
use workloads::{Failure, print_result};

/// The parent's flags, plus the hidden one a worker is started with.
#[derive(Parser, Debug)]
struct Cli {
    #[command(flatten)]
    args: Args,

    /// Run as the worker for task ID: say when it waits, wait, say it is done.
    #[arg(long, hide = true)]
    worker: Option<u64>,
}

fn main() -> Result<(), Failure> {
    let Cli { args, worker } = Cli::parse();
    WAIT.set(args.duration());
    if let Some(id) = worker {
        worker::die_with_parent()?;
        let mut report = std::io::stdout().lock();
        report.write_all(b"waiting\n")?;
        report.flush()?;
        thread::sleep(WAIT.get());
        report.write_all(format!("done {id}\n").as_bytes())?;
        report.flush()?;
        return Ok(());
    }
    let count = wait_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &count)?;
    Ok(())
}

/// Starts a worker per task, all reporting on one pipe, and counts what they report.
fn wait_all(args: &Args) -> anyhow::Result<Count> {
    let (reports, writer) = std::io::pipe().context("cannot create a pipe")?;
    // Reading starts before the first worker, so that no worker waits on a full pipe.
    let reader = thread::Builder::new()
        .spawn(move || read_reports(reports))
        .context("cannot start the thread that reads the workers' reports")?;
    // `Workers` kills and reaps any still running if the run is cut short.
    let mut workers = Workers::default();
    for id in 0..args.tasks {
        let worker = spawn_worker(args, id, &writer)
            .with_context(|| format!("cannot start process {} of {}", id + 1, args.tasks))?;
        workers.0.push(worker);
    }
    // The pipe ends once the last worker has exited and this end is closed too.
    drop(writer);
    // Whichever worker ends first is reaped first, so a failed one stops the run at once.
    while let Some(mut ended) = workers.next_ended()? {
        let status = ended.wait().context("lost a worker process")?;
        if !status.success() {
            bail!("a worker failed ({status})");
        }
    }
    reader.join().expect("the report reader panicked")
}

/// Starts this program as the worker for task `id`, its output on `writer`.
fn spawn_worker(args: &Args, id: u64, writer: &PipeWriter) -> anyhow::Result<Child> {
    let program = std::env::current_exe().context("cannot find this program to re-run it")?;
    let worker = worker::mark_parent(&mut Command::new(program))
        .args([
            "--worker",
            &id.to_string(),
            "--duration-ms",
            &args.duration_ms.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer.try_clone()?)
        .spawn()?;
    Ok(worker)
}

/// Counts the workers' reports: `waiting` as one starts its wait, `done ID` as it ends; any
/// other line is a worker's error.
fn read_reports(reports: PipeReader) -> anyhow::Result<Count> {
    let waiting = Watermark::new();
    let mut count = Count::default();
    for line in BufReader::new(reports).lines() {
        let line = line.context("cannot read the workers' reports")?;
        match line.split_once(' ') {
            None if line == "waiting" => waiting.enter(),
            Some(("done", id)) => {
                waiting.leave();
                count.add(
                    id.parse()
                        .with_context(|| format!("a worker reported {line:?}"))?,
                );
            }
            _ => bail!("a worker failed: {}", line.trim_start_matches("Error: ")),
        }
    }
    count.held = waiting.most();
    Ok(count)
}
