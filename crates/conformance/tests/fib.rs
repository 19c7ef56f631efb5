//! Every fib program computes the same answer, whatever the worker count, and rejects bad flags.

use conformance::{assert_usage_errors, programs, run};
use workloads::fib::{Answer, Args, fib};

/// The workload whose programs these tests run.
const WORKLOAD: &str = "fib";

#[test]
fn every_model_computes_every_job() {
    for (count, workers) in [(1, 1), (7, 3), (5, 8)] {
        let (count, workers) = (count.to_string(), workers.to_string());
        let args = ["--n", "20", "--count", &count, "--workers", &workers];
        let parsed = <Args as clap::Parser>::parse_from(std::iter::once("fib").chain(args));
        // The answer a correct run gives, from this test's own call of the kernel.
        let want = Answer::new(&parsed, (0..parsed.count).map(|_| fib(20)));
        for program in &programs(WORKLOAD) {
            let out = run(program, &args);
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
    let bad: [&[&str]; 7] = [
        &["--n", "93"],
        &["--count", "0"],
        &["--workers", "0"],
        &["--n", "-1"],
        // Work no program could finish is refused before any is set up.
        &["--count", "1000000000000"],
        &["--workers", "100000"],
        &["--no-such-flag"],
    ];
    assert_usage_errors(&programs(WORKLOAD), &bad);
}
