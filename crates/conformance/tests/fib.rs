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

/// The most threads each program may hold at `--workers W` on this machine: W computing, the
/// main thread, and what its runtime keeps besides (tokio: a worker per core, idle while its
/// blocking pool computes; smol: async-io's reactor thread; async-std: both, the one row over
/// W + 3, its executor's thread count being only an environment variable). The threads row
/// starts a thread per job, its model.
fn most_threads(program: &str, workers: usize, count: usize) -> usize {
    let cores = workloads::cores();
    match program {
        "fib-threads" => 1 + count,
        "fib-sequential" | "fib-tokio-current" => 1,
        // The parent, its W workers being processes of their own.
        "fib-processes" => 1 + workers,
        "fib-tokio" => 1 + workers + cores,
        "fib-async-std" => 1 + workers + cores + 1,
        "fib-smol" => 1 + workers + 1,
        _ => workers + 1,
    }
}

/// The most threads `program` held while it ran, sampled from /proc every few milliseconds.
fn peak_threads(program: &str, args: &[&str]) -> usize {
    let mut child = std::process::Command::new(conformance::program(program))
        .args(args)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let started = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        let threads = std::fs::read_to_string(&status).ok().and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("Threads:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        });
        peak = peak.max(threads.unwrap_or(0));
        assert!(
            started.elapsed() < conformance::RUN_TIMEOUT,
            "{program} hangs"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(child.wait().expect("waits").success(), "{program} failed");
    peak
}

#[test]
fn every_concurrent_program_computes_on_at_most_w_threads() {
    // Twenty jobs on two workers, each long enough to be sampled many times: a program that
    // starts a thread per waiting job holds twenty.
    for workers in [1, 2] {
        let w = workers.to_string();
        let args = ["--n", "30", "--count", "20", "--workers", &w];
        for program in &programs(WORKLOAD) {
            let peak = peak_threads(program, &args);
            let most = most_threads(program, workers, 20);
            println!("{program} --workers {workers}: {peak} threads at most (bound {most})");
            assert!(
                peak <= most,
                "{program} --workers {workers}: {peak} threads, bound {most}"
            );
            let exempt = ["fib-threads", "fib-async-std"].contains(&program.as_str());
            if !exempt && workloads::cores() <= 2 {
                assert!(
                    peak <= workers + 3,
                    "{program}: {peak} threads at W = {workers}"
                );
            }
        }
    }
}

#[test]
fn a_million_jobs_fit_in_a_small_address_space() {
    // A thread per waiting job, up to 500, reserved 500 stacks of 8 MiB: under a 1 GiB
    // address-space limit a million jobs then could not start their threads. Capped at W,
    // every async row finishes with its line (or says in one line why not), never an abort.
    for program in ["fib-tokio", "fib-async-std", "fib-smol"] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 1048576 && exec timeout 120 \"$0\" --n 1 --count 1000000 --workers 2")
            .arg(conformance::program(program))
            .output()
            .expect("runs");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        match out.status.code() {
            Some(0) => assert_eq!(
                stdout,
                format!("{program} n=1 count=1000000 sum=1000000\n"),
                "{stderr}"
            ),
            Some(1) => {
                assert!(stdout.is_empty(), "{program}: {stdout}");
                assert_eq!(stderr.lines().count(), 1, "{program}: {stderr}");
            }
            other => panic!(
                "{program}: ended with {other:?} ({:?}): {stderr}",
                out.status
            ),
        }
    }
}
