//! Every sleep program finishes every task, holds as many waits at once as its model allows,
//! and fails the clear way.

use bench::registry::Workload;
use conformance::{assert_usage_errors, programs, run};
use std::process::Command;
use std::time::Duration;

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
fn tasks_that_cannot_fit_are_refused_with_one_line_before_the_first() {
    // 10,000,000 waiting tasks take 1.8 to 4.6 GB in the async rows (mimalloc's and the system
    // allocator's): under a 1 GiB address space each refuses them up front, where spawning
    // until an allocation failed aborted it.
    for name in [
        "sleep-tokio",
        "sleep-tokio-mimalloc",
        "sleep-tokio-current",
        "sleep-async-std",
        "sleep-smol",
        "sleep-smol-mimalloc",
    ] {
        let started = std::time::Instant::now();
        let out = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 1048576 && exec \"$0\" --tasks 10000000 --duration-ms 100")
            .arg(conformance::program(name))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(
            stderr.contains("10000000 tasks need") && stderr.contains("ulimit -v"),
            "{name}: {stderr}"
        );
        assert!(started.elapsed() < Duration::from_secs(2), "{name}");
    }
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

/// The least a sleeping task of `sleep-tokio` can cost tokio, from the types: its cell holds a
/// 32-byte header, the scheduler's handle and the task's id (8 bytes each), the future behind
/// an 8-byte tag, and a 48-byte trailer, and is aligned to 128 bytes on x86-64 and aarch64
/// (tokio 1.54, `runtime/task/core.rs`). The future is the body of sleep-tokio's `wait_one`,
/// statement for statement; the README sets the floor beside the measured figure.
#[test]
fn a_sleeping_tokio_task_is_one_256_byte_cell() {
    use workloads::sleep::{WAIT, WAITING};
    let (done, _finished) = tokio::sync::mpsc::unbounded_channel::<u64>();
    let id = 0_u64;
    let wait_one = async move {
        WAITING.enter();
        tokio::time::sleep(WAIT.get()).await;
        WAITING.leave();
        let _ = done.send(id);
    };
    let future = size_of_val(&wait_one);
    let cell = 32 + 8 + 8 + (8 + future) + 48;
    let floor = cell.next_multiple_of(128);
    println!("future {future} bytes, cell {cell} bytes, floor {floor} bytes");
    assert_eq!(floor, 256, "a future of {future} bytes");
}
