//! Every sleep program finishes every task, holds as many waits at once as its model allows,
//! and fails the clear way.

use bench::registry::Workload;
use conformance::{assert_usage_errors, programs, run};
use std::process::Command;

/// The workload whose programs these tests run.
const WORKLOAD: &str = "sleep";

/// The line each program must print for `flags`, from the registry (which knows how many waits
/// each model holds at once) and the workloads crate.
fn expected(program: &str, flags: &[&str]) -> String {
    let workload = Workload::named(WORKLOAD).expect("the sleep workload");
    let row = workload
        .rows
        .iter()
        .find(|row| row.program(workload) == program)
        .expect("a row per program");
    let flags: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
    let fields = (workload.expected)(&flags, row).expect("an expected line");
    format!("{program} {fields}\n")
}

#[test]
fn every_model_finishes_every_task_and_holds_what_it_can() {
    for flags in [
        ["--tasks", "1", "--duration-ms", "50", "--workers", "1"],
        ["--tasks", "12", "--duration-ms", "100", "--workers", "3"],
    ] {
        for program in &programs(WORKLOAD) {
            let out = run(program, &flags);
            assert!(out.status.success(), "{program} {flags:?}: {}", out.stderr);
            assert_eq!(out.stdout, expected(program, &flags), "{program} {flags:?}");
        }
    }
}

#[test]
fn the_models_that_hold_every_wait_overlap_them() {
    // 200 waits of 300 ms: at once they take about 0.3 s; one after another a minute.
    let flags = ["--tasks", "200", "--duration-ms", "300"];
    for model in ["threads", "tokio", "tokio-current", "async-std", "smol"] {
        let program = format!("{WORKLOAD}-{model}");
        let out = run(&program, &flags);
        assert!(out.status.success(), "{program}: {}", out.stderr);
        assert!(
            out.stdout.ends_with("held=200\n"),
            "{program}: {}",
            out.stdout
        );
        assert_eq!(out.stdout, expected(&program, &flags));
    }
}

#[test]
fn running_out_of_threads_is_one_line_naming_the_thread() {
    // A small address-space limit: each thread's stack mapping takes 8 MiB of it, so thread
    // creation fails long before the thousandth (root is not exempt from this limit).
    let program = conformance::program("sleep-threads");
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 400000 && exec \"$0\" --tasks 1000 --duration-ms 500")
        .arg(&program)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "it started 1000 threads in 400 MB: {stderr}"
    );
    assert!(out.stdout.is_empty(), "a result line: {:?}", out.stdout);
    // std maps a signal stack inside every thread it starts; when the limit is reached there,
    // after the thread itself was made, std aborts the process with its own message, which no
    // program can catch (seen once in about fifty runs). The program's own error, when the
    // thread cannot be made, is one line.
    if stderr.contains("failed to allocate an alternative stack") {
        return;
    }
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot start thread") && stderr.contains("of 1000"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_flags_are_clap_errors() {
    let bad: [&[&str]; 6] = [
        &["--tasks", "0"],
        &["--tasks", "10000001"],
        &["--tasks", "many"],
        &["--duration-ms", "3600001"],
        &["--workers", "0"],
        &["--no-such-flag"],
    ];
    assert_usage_errors(&programs(WORKLOAD), &bad);
}
