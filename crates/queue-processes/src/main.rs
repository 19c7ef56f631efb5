//! Queue, processes: producer and consumer processes, and the parent as the broker between.
//!
//! `multiprocessing.Queue`, whose items travel between processes through pipes, pickled. Here
//! the program re-executes itself as P producers and Q consumers (hidden flags). A producer
//! writes its share of the items to its stdout, 8 bytes each. The parent, the broker, reads each
//! producer's pipe on a thread of its own into the queue, a crossbeam `bounded(K)`; for each
//! consumer a thread takes an item off the queue, writes it to the consumer's stdin, and waits
//! for the consumer to write it back once it has worked on it. So a consumer holds one item at
//! a time, a full queue stops the producers (their pipes fill, and their writes wait), and every
//! hand-off is two pipe crossings and two process wake-ups: what processes cost for this work.
//!
//! Starting this program again as a worker (with the run's own flags and a hidden role), and
//! killing and reaping any worker left when the run fails, is `workloads::worker::Workers`, the
//! same in every processes row; the watch on running workers is `workloads::worker::watch`, and
//! the count of puts with the queue's sampled depth is `workloads::queue::Puts`, as in every row
//! whose channel counts its items.
//!
//! ```text
//! cargo run --release -p queue-processes -- --items 100000 --producers 5 --consumers 10
//! ```

use anyhow::{Context, ensure};
use clap::Parser;
use crossbeam_channel::{Receiver, Sender, bounded};
use std::io::{BufReader, BufWriter, ErrorKind, Read, Write};
use std::process::{ChildStdin, ChildStdout};
use std::thread::{self, ScopedJoinHandle};
use workloads::queue::{Args, Handoff, Puts, Tally};
use workloads::worker::{self, Stop, Workers};
use workloads::{Failure, print_result};

/// The parent's flags, plus the hidden ones a worker is started with.
#[derive(Parser, Debug)]
struct Cli {
    #[command(flatten)]
    args: Args,

    /// Run as producer P: write its share of the items to stdout.
    #[arg(long, hide = true)]
    producer: Option<usize>,

    /// Run as a consumer: work on each item read from stdin, then write it back.
    #[arg(long, hide = true)]
    consumer: bool,
}

fn main() -> Result<(), Failure> {
    let cli = Cli::parse();
    if let Some(producer) = cli.producer {
        worker::die_with_parent()?;
        return Ok(produce(&cli.args, producer)?);
    }
    if cli.consumer {
        worker::die_with_parent()?;
        return Ok(consume(&cli.args)?);
    }
    let handoff = hand_off(&cli.args)?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Starts the workers, brokers every item from a producer to a consumer, and adds up what
/// crossed.
fn hand_off(args: &Args) -> anyhow::Result<Handoff> {
    // `Workers` kills and reaps any still running if the run is cut short.
    let (mut workers, of) = (Workers::default(), args.producers + args.consumers);
    let mut producers = Vec::new();
    for producer in 0..args.producers {
        let child = workers.start(&["--producer", &producer.to_string()], of)?;
        producers.push(child.stdout.take().expect("piped"));
    }
    let mut consumers = Vec::new();
    for _ in 0..args.consumers {
        let child = workers.start(&["--consumer"], of)?;
        consumers.push((
            child.stdin.take().expect("piped"),
            child.stdout.take().expect("piped"),
        ));
    }
    let (sender, receiver) = bounded(args.capacity);
    let stop = Stop::default();
    let brokered = thread::scope(|scope| {
        let stop = &stop;
        let readers: Vec<_> = producers
            .into_iter()
            .enumerate()
            .map(|(producer, pipe)| {
                let (sender, share) = (sender.clone(), args.share(producer).count() as u64);
                scope.spawn(move || stop.on_error(receive(pipe, sender, share, stop)))
            })
            .collect();
        drop(sender);
        let writers: Vec<_> = consumers
            .into_iter()
            .map(|(stdin, stdout)| {
                let receiver = receiver.clone();
                scope.spawn(move || stop.on_error(deliver(receiver, stdin, stdout, stop)))
            })
            .collect();
        drop(receiver);
        // A worker that dies is noticed at once, not when its pipe, drained, ends.
        let watched = &workers.0;
        let watcher = scope.spawn(move || worker::watch(watched, stop));
        let brokered = join(readers, writers);
        stop.done();
        watcher.join().expect("the watcher panicked");
        brokered
    });
    // A worker's own error says more than the broken pipe the broker saw: check them first.
    workers.finish()?;
    let (puts, consumed) = brokered?;
    puts.handoff(consumed, args)
}

/// Joins the broker threads: the producers' readers, then the consumers' writers.
fn join(
    readers: Vec<ScopedJoinHandle<'_, anyhow::Result<Puts>>>,
    writers: Vec<ScopedJoinHandle<'_, anyhow::Result<Tally>>>,
) -> anyhow::Result<(Puts, Tally)> {
    let mut puts = Puts::default();
    for reader in readers {
        puts = puts.merge(reader.join().expect("a broker thread panicked")?);
    }
    let mut consumed = Tally::default();
    for writer in writers {
        consumed = consumed.merge(writer.join().expect("a broker thread panicked")?);
    }
    Ok((puts, consumed))
}

/// A broker thread: reads a producer's items into the queue, counting its puts. A pipe that
/// ends before the producer's `share` is a producer that died.
fn receive(
    pipe: ChildStdout,
    sender: Sender<u64>,
    share: u64,
    stop: &Stop,
) -> anyhow::Result<Puts> {
    let (mut pipe, mut puts) = (BufReader::new(pipe), Puts::default());
    while let Some(item) = read_item(&mut pipe).context("reading a producer")? {
        ensure!(!stop.stopped(), "another broker thread or a worker failed");
        sender.send(item).context("every consumer is gone")?;
        puts.add(|| sender.len());
    }
    let count = puts.count;
    ensure!(
        count == share,
        "a producer ended after {count} of its {share} items"
    );
    Ok(puts)
}

/// A broker thread: hands a consumer one item at a time and waits for it back; closes the
/// consumer's stdin when the queue is empty and closed.
fn deliver(
    receiver: Receiver<u64>,
    mut stdin: ChildStdin,
    stdout: ChildStdout,
    stop: &Stop,
) -> anyhow::Result<Tally> {
    let (mut stdout, mut tally) = (BufReader::new(stdout), Tally::default());
    for item in receiver {
        ensure!(!stop.stopped(), "another broker thread failed");
        stdin
            .write_all(&item.to_le_bytes())
            .context("writing to a consumer")?;
        let back = read_item(&mut stdout).context("reading a consumer")?;
        ensure!(
            back == Some(item),
            "a consumer answered {back:?} for item {item}"
        );
        tally.add(item);
    }
    Ok(tally)
}

/// The next 8-byte item from a pipe; `None` at its end.
fn read_item(pipe: &mut impl Read) -> anyhow::Result<Option<u64>> {
    let mut bytes = [0; 8];
    match pipe.read_exact(&mut bytes) {
        Ok(()) => Ok(Some(u64::from_le_bytes(bytes))),
        Err(error) if error.kind() == ErrorKind::UnexpectedEof => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// A producer process: writes its share of the items to stdout.
fn produce(args: &Args, producer: usize) -> anyhow::Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for item in args.share(producer) {
        out.write_all(&item.to_le_bytes())?;
    }
    Ok(out.flush()?)
}

/// A consumer process: for each item on stdin, works on it, then writes it back.
fn consume(args: &Args) -> anyhow::Result<()> {
    let (mut input, mut output) = (std::io::stdin().lock(), std::io::stdout().lock());
    while let Some(item) = read_item(&mut input)? {
        if args.work_us > 0 {
            thread::sleep(args.work());
        }
        output.write_all(&item.to_le_bytes())?;
        output.flush()?;
    }
    Ok(())
}
