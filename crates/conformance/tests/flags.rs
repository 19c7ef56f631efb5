//! One table of bad flag values, refused the same way by every program of every workload, Rust
//! and Python alike: a usage error (exit 2, `error:` on stderr), nothing on stdout, nothing run.

use conformance::every_program;

/// Each workload's numeric flag, and what else it must be given (the crawl's `--out`).
const WORKLOADS: [(&str, &str, &[&str]); 5] = [
    ("download", "--requests", &[]),
    ("fib", "--count", &[]),
    ("sleep", "--tasks", &[]),
    ("queue", "--items", &[]),
    ("crawl", "--pages", &["--out", "never-written.tsv"]),
];

/// Numbers clap's `u64` parser refuses, and Python's `int` would take.
const BAD_NUMBERS: [&str; 6] = ["1_0", " 7", "7 ", "\u{0667}", "0x10", ""];

/// Site URLs that are not the loopback site's base address.
const BAD_URLS: [&str; 5] = [
    // A DNS name that merely starts like a loopback address.
    "http://127.0.0.1.nip.io:80",
    // A user name, which once shifted where the port was read from.
    "http://user@127.0.0.1:8787",
    "http://127.0.0.1:0",
    "http://127.0.0.1:65536",
    "http://10.0.0.1:8787",
];

fn assert_refused(workload: &str, args: &[&str]) {
    for (program, argv) in every_program(workload) {
        conformance::assert_refused(&program, &argv, args);
    }
}

#[test]
fn numbers_that_are_not_plain_digits_are_refused_everywhere() {
    conformance::assert_every_workload(WORKLOADS.map(|(w, _, _)| w), "flags.rs's WORKLOADS");
    for (workload, flag, rest) in WORKLOADS {
        for bad in BAD_NUMBERS {
            let mut args = vec![flag, bad];
            args.extend_from_slice(rest);
            assert_refused(workload, &args);
        }
    }
}

#[test]
fn a_flag_given_twice_is_refused_everywhere() {
    for (workload, flag, rest) in WORKLOADS {
        let mut args = vec![flag, "7", flag, "8"];
        args.extend_from_slice(rest);
        assert_refused(workload, &args);
    }
}

#[test]
fn a_url_off_loopback_or_with_a_user_or_a_bad_port_is_refused_everywhere() {
    for workload in ["download", "crawl"] {
        for bad in BAD_URLS {
            let mut args = vec!["--url", bad];
            if workload == "crawl" {
                args.extend_from_slice(&["--out", "never-written.tsv"]);
            }
            assert_refused(workload, &args);
        }
    }
}
