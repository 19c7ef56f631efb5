//! Every fib program computes the same answer, whatever the worker count, and rejects bad flags.

use conformance::run;
use workloads::fib::{Answer, Args, fib};

/// Every model of the fib workload, by crate name.
const PROGRAMS: [&str; 9] = [
    "fib-sequential",
    "fib-threads",
    "fib-pool",
    "fib-processes",
    "fib-rayon",
    "fib-tokio",
    "fib-tokio-current",
    "fib-async-std",
    "fib-smol",
];

#[test]
fn every_model_computes_every_job() {
    for (count, workers) in [(1, 1), (7, 3), (5, 8)] {
        let (count, workers) = (count.to_string(), workers.to_string());
        let args = ["--n", "20", "--count", &count, "--workers", &workers];
        let parsed = <Args as clap::Parser>::parse_from(std::iter::once("fib").chain(args));
        // The answer a correct run gives, from this test's own call of the kernel.
        let want = Answer::new(&parsed, (0..parsed.count).map(|_| fib(20)));
        for program in PROGRAMS {
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
    for program in PROGRAMS {
        for args in [
            &["--n", "93"][..],
            &["--count", "0"],
            &["--workers", "0"],
            &["--n", "-1"],
            &["--no-such-flag"],
        ] {
            let out = run(program, args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{program} {args:?}: {}",
                out.stderr
            );
            assert!(
                out.stderr.starts_with("error:"),
                "{program} {args:?}: {}",
                out.stderr
            );
        }
    }
}
