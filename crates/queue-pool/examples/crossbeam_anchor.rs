//! The anchor for the queue workload's throughput: crossbeam-channel's own MPMC benchmark,
//! measured on this machine. Not a row of the bench: the channel alone, nothing else.
//!
//! crossbeam's `benchmarks/crossbeam-channel.rs` sends 5,000,000 messages from 4 threads to 4
//! threads (`bounded_mpmc`: a channel as large as the run; `bounded1_mpmc`: a channel of one),
//! and publishes about 19 M messages/s for the first, on a 2015 laptop CPU. This runs those two
//! shapes, and the queue workload's own at P = 2, Q = 2, K = 100, the median of five runs each,
//! so that the queue rows' rates can be read against what the channel alone does here.
//!
//! ```text
//! cargo run --release -p queue-pool --example crossbeam_anchor
//! ```

use crossbeam_channel::bounded;
use std::thread;
use std::time::Instant;

const MESSAGES: usize = 5_000_000;

fn main() {
    for (name, threads, capacity) in [
        ("bounded_mpmc", 4, MESSAGES),
        ("bounded1_mpmc", 4, 1),
        ("the queue table's K, P = Q = 2", 2, 100),
    ] {
        let mut rates: Vec<f64> = (0..5).map(|_| run(threads, capacity)).collect();
        rates.sort_by(f64::total_cmp);
        println!(
            "{name}: bounded({capacity}), {threads} senders, {threads} receivers, {MESSAGES} messages: {:.1} M msg/s (median of 5)",
            rates[2] / 1e6
        );
    }
}

/// One run: `threads` senders and as many receivers through `bounded(capacity)`; messages per
/// second.
fn run(threads: usize, capacity: usize) -> f64 {
    let (sender, receiver) = bounded(capacity);
    let started = Instant::now();
    thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            scope.spawn(move || {
                for i in 0..MESSAGES / threads {
                    sender.send(i as u64).expect("a receiver is alive");
                }
            });
        }
        for _ in 0..threads {
            let receiver = receiver.clone();
            scope.spawn(move || for _ in receiver {});
        }
        drop((sender, receiver));
    });
    MESSAGES as f64 / started.elapsed().as_secs_f64()
}
