//! Every queue program hands every item over exactly once, whatever the numbers of producers,
//! consumers and the queue's size, and rejects bad flags.

use conformance::{assert_usage_errors, programs, run};
use workloads::queue::{Args, expected};

/// The workload whose programs these tests run.
const WORKLOAD: &str = "queue";

#[test]
fn every_model_hands_over_every_item_once() {
    let cases: [&[&str]; 4] = [
        // More producers and consumers than items, and a queue of one.
        &[
            "--items",
            "3",
            "--producers",
            "5",
            "--consumers",
            "7",
            "--capacity",
            "1",
        ],
        // asyncq's numbers, a small queue, items that do not divide among the producers.
        &[
            "--items",
            "1001",
            "--producers",
            "5",
            "--consumers",
            "10",
            "--capacity",
            "4",
        ],
        // Waiting consumers, on a queue larger than the run.
        &[
            "--items",
            "40",
            "--producers",
            "2",
            "--consumers",
            "8",
            "--capacity",
            "100",
            "--work-us",
            "2000",
        ],
        // One of each, the pool and rayon with one worker.
        &[
            "--items",
            "500",
            "--producers",
            "1",
            "--consumers",
            "1",
            "--capacity",
            "1",
            "--workers",
            "1",
        ],
    ];
    for args in cases {
        let parsed = <Args as clap::Parser>::parse_from(
            std::iter::once("queue").chain(args.iter().copied()),
        );
        let want = expected(&parsed);
        for program in &programs(WORKLOAD) {
            let out = run(program, args);
            assert!(out.status.success(), "{program} {args:?}: {}", out.stderr);
            assert_eq!(
                out.stdout,
                format!("{program} {want}\n"),
                "{program} {args:?}"
            );
        }
    }
}

#[test]
fn bad_flags_are_clap_errors() {
    let bad: [&[&str]; 8] = [
        &["--producers", "0"],
        &["--consumers", "0"],
        &["--capacity", "0"],
        &["--items", "0"],
        // Work no program could finish is refused before any is set up.
        &["--items", "1000000000000"],
        &["--consumers", "100000"],
        &["--work-us", "5000000"],
        &["--no-such-flag"],
    ];
    assert_usage_errors(&programs(WORKLOAD), &bad);
}
