//! The notes' own Python programs print the Rust programs' lines for the same flags, refuse the
//! same bad flags, and fail the same clear way.
//!
//! They run in the virtual environment `make bench` uses, made here on first use. Where there
//! is no Python, each test says so on stderr and checks nothing, unless `REQUIRE_PYTHON` is set
//! (CI sets it): then it fails. `make test` prints which it is on a line of its own.

use bench::registry::Workload;
use conformance::{Misbehaviour, RUN_TIMEOUT, Rogue, Site, python_programs, run, run_argv};
use std::time::Duration;

/// The line a correct run of `row`'s model prints after its name, from the registry, which
/// the bench checks every row against.
fn expected(workload: &str, program: &str, args: &[&str]) -> String {
    let workload = Workload::named(workload).expect("a workload");
    let row = workload
        .rows
        .iter()
        .find(|r| r.program(workload) == program)
        .expect("a row of the registry");
    let flags: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    (workload.expected)(&flags, row).expect("the expected line")
}

/// Runs every Python program of `workload` with `args`; each must print the expected line,
/// and that line's fields must be `rust`'s, the Rust sequential program's, where given.
fn agree(workload: &str, args: &[&str], rust: Option<&str>) {
    for (program, argv) in python_programs(workload) {
        let out = run_argv(&argv, args, RUN_TIMEOUT);
        assert!(out.status.success(), "{program} {args:?}: {}", out.stderr);
        let want = expected(workload, &program, args);
        let name = conformance::prints(workload, &program);
        assert_eq!(out.stdout, format!("{name} {want}\n"), "{program} {args:?}");
        if let Some(rust) = rust {
            assert_eq!(
                want, rust,
                "{program}: the Python line is not the Rust line"
            );
        }
    }
}

/// The Rust sequential program's line, after its name.
fn rust_line(program: &str, args: &[&str]) -> String {
    let out = run(program, args);
    assert!(out.status.success(), "{program}: {}", out.stderr);
    let line = out.stdout.trim_end();
    line.strip_prefix(&format!("{program} "))
        .expect("the program's name")
        .to_string()
}

#[test]
fn download_lines_are_the_rust_lines() {
    let site = Site::start(5);
    for concurrency in ["1", "5"] {
        let args = [
            "--url",
            &site.url,
            "--requests",
            "12",
            "--concurrency",
            concurrency,
        ];
        let rust = rust_line("download-sequential", &args);
        agree("download", &args, Some(&rust));
    }
}

#[test]
fn fib_lines_are_the_rust_lines() {
    let args = ["--n", "18", "--count", "5", "--workers", "3"];
    let rust = rust_line("fib-sequential", &args);
    agree("fib", &args, Some(&rust));
}

#[test]
fn sleep_lines_count_every_task_and_how_many_waited_at_once() {
    // `held` is the model's own (1 in turn, W for a pool, N for the rest): the registry's
    // line says which, and the Rust rows of the same kind print the same.
    let args = ["--tasks", "7", "--duration-ms", "100", "--workers", "3"];
    agree("sleep", &args, None);
    assert_eq!(
        expected("sleep", "sleep-python-multiprocessing", &args),
        rust_line("sleep-pool", &args)
    );
    assert_eq!(
        expected("sleep", "sleep-python-asyncio", &args),
        rust_line("sleep-tokio", &args)
    );
}

#[test]
fn queue_lines_are_the_rust_lines() {
    for args in [
        &[
            "--items",
            "1001",
            "--producers",
            "5",
            "--consumers",
            "10",
            "--capacity",
            "4",
        ][..],
        &[
            "--items",
            "40",
            "--producers",
            "2",
            "--consumers",
            "8",
            "--work-us",
            "2000",
        ],
    ] {
        let rust = rust_line("queue-sequential", args);
        agree("queue", args, Some(&rust));
    }
}

#[test]
fn bad_flags_are_usage_errors() {
    let bad: [(&str, &[&str]); 11] = [
        ("download", &["--requests", "0"]),
        ("download", &["--concurrency", "100001"]),
        ("download", &["--url", "http://example.com:8787"]),
        ("download", &["--url", "https://127.0.0.1:8787"]),
        ("fib", &["--n", "93"]),
        ("fib", &["--workers", "0"]),
        ("sleep", &["--tasks", "10000001"]),
        ("sleep", &["--duration-ms", "-1"]),
        ("sleep", &["--no-such-flag"]),
        ("queue", &["--capacity", "0"]),
        ("queue", &["--consumers", "10001"]),
    ];
    for (workload, args) in bad {
        for (program, argv) in python_programs(workload) {
            conformance::assert_refused(&program, &argv, args);
        }
    }
}

#[test]
fn a_site_that_is_not_running_is_one_line() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    for (program, argv) in python_programs("download") {
        let out = run_argv(&argv, &["--url", &url, "--requests", "2"], RUN_TIMEOUT);
        assert_eq!(out.status.code(), Some(1), "{program}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
        assert!(
            out.stderr.starts_with("Error: no site answers"),
            "{program}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains("make site"),
            "{program}: {}",
            out.stderr
        );
    }
}

/// Runs every Python download program against `rogue`: each fails with one line and prints
/// no result; returns (program, stderr) per program.
fn every_program_fails(rogue: &Rogue, requests: &str) -> Vec<(String, String)> {
    let mut outcomes = Vec::new();
    for (program, argv) in python_programs("download") {
        let args = [
            "--url",
            &rogue.url,
            "--requests",
            requests,
            "--concurrency",
            "1",
        ];
        let out = run_argv(&argv, &args, Duration::from_secs(25));
        assert_eq!(out.status.code(), Some(1), "{program}: {}", out.stderr);
        assert!(
            out.stdout.is_empty(),
            "{program} printed a result: {}",
            out.stdout
        );
        assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
        outcomes.push((program, out.stderr));
    }
    outcomes
}

#[test]
fn a_misbehaving_server_is_one_line_and_a_redirect_is_never_followed() {
    let elsewhere = Rogue::start(Misbehaviour::ShortBody);
    let location = format!("{}/jython", elsewhere.url);
    let redirect = Rogue::start(Misbehaviour::Redirect(location.clone()));
    for (program, stderr) in every_program_fails(&redirect, "2") {
        assert!(
            stderr.contains("302") && stderr.contains(&location),
            "{program}: {stderr}"
        );
    }
    assert_eq!(elsewhere.accepted(), 0, "a program followed the redirect");
    let short = Rogue::start(Misbehaviour::ShortBody);
    for (program, stderr) in every_program_fails(&short, "2") {
        assert!(stderr.contains("/jython"), "{program}: {stderr}");
    }
    let longer = Rogue::start(Misbehaviour::LongerThanDeclared);
    every_program_fails(&longer, "4");
    let endless = Rogue::start(Misbehaviour::Endless {
        limit: 64 * 1024 * 1024,
    });
    for (program, stderr) in every_program_fails(&endless, "1") {
        let max = workloads::download::MAX_BODY.to_string();
        assert!(stderr.contains(&max), "{program} names no limit: {stderr}");
    }
}

#[test]
fn a_dead_worker_ends_the_python_queue_with_processes_at_once() {
    let Some((program, argv)) = python_programs("queue")
        .into_iter()
        .find(|(program, _)| program.ends_with("multiprocessing"))
    else {
        return; // no Python here: `python()` said so
    };
    let args = [
        "--items",
        "200",
        "--producers",
        "1",
        "--consumers",
        "2",
        "--work-us",
        "1000000",
    ];
    let child = std::process::Command::new(&argv[0])
        .args(&argv[1..])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    // Its workers, once all three have started (the interpreter takes a moment to start them).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let workers = loop {
        let path = format!("/proc/{0}/task/{0}/children", child.id());
        let list = std::fs::read_to_string(path).unwrap_or_default();
        let pids: Vec<u32> = list
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect();
        if pids.len() >= 3 || std::time::Instant::now() > deadline {
            break pids;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(workers.len() >= 3, "{program} started {workers:?}");
    // A consumer dies while every item still has a second of work ahead of it.
    std::thread::sleep(Duration::from_millis(300));
    conformance::signal(workers[1], "KILL");
    let killed = std::time::Instant::now();
    let out = child.wait_with_output().expect("ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{program}: {stderr}");
    assert!(
        killed.elapsed() < Duration::from_secs(3),
        "{program} noticed after {:?}",
        killed.elapsed()
    );
    assert_eq!(stderr.lines().count(), 1, "{program}: {stderr}");
    assert!(stderr.contains("a worker died"), "{program}: {stderr}");
}

/// The worker processes of a running program, once there are at least `count` of them.
fn workers_of(pid: u32, count: usize) -> Vec<u32> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let path = format!("/proc/{pid}/task/{pid}/children");
        let list = std::fs::read_to_string(path).unwrap_or_default();
        let pids: Vec<u32> = list
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect();
        if pids.len() >= count || std::time::Instant::now() > deadline {
            return pids;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_dead_pool_worker_ends_every_python_multiprocessing_row_at_once() {
    let site = conformance::Site::start(200);
    let scratch = std::env::temp_dir().join(format!("pool-dead-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let out = scratch.join("links.tsv").display().to_string();
    let cases = busy_multiprocessing_cases(&site.url, &out);
    for (workload, args) in cases {
        let Some((program, argv)) = python_programs(workload)
            .into_iter()
            .find(|(program, _)| program.ends_with("multiprocessing"))
        else {
            return; // no Python here: `python()` said so
        };
        let child = std::process::Command::new(&argv[0])
            .args(&argv[1..])
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starts");
        let workers = workers_of(child.id(), 2);
        assert!(workers.len() >= 2, "{program} started {workers:?}");
        std::thread::sleep(Duration::from_millis(700));
        conformance::signal(workers[0], "KILL");
        let killed = std::time::Instant::now();
        let mut child = child;
        while child.try_wait().expect("a status").is_none() {
            if killed.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("{program} waits for ever for its dead worker's task");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().expect("ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{program}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{program}: {stderr}");
        assert!(stderr.contains("died"), "{program}: {stderr}");
        assert!(
            killed.elapsed() < Duration::from_secs(3),
            "{program} noticed after {:?}",
            killed.elapsed()
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn a_stop_signal_ends_the_python_threading_rows_at_once_with_one_line() {
    let cases: [(&str, &[&str]); 2] = [
        ("sleep", &["--tasks", "100", "--duration-ms", "20000"]),
        (
            "queue",
            &[
                "--items",
                "2000",
                "--consumers",
                "10",
                "--work-us",
                "1000000",
            ],
        ),
    ];
    for (workload, args) in cases {
        let Some((program, argv)) = python_programs(workload)
            .into_iter()
            .find(|(program, _)| program.ends_with("threading"))
        else {
            return; // no Python here: `python()` said so
        };
        for (stop, code) in [("INT", 130), ("TERM", 143)] {
            let mut child = std::process::Command::new(&argv[0])
                .args(&argv[1..])
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("starts");
            std::thread::sleep(Duration::from_millis(1500));
            conformance::signal(child.id(), stop);
            let sent = std::time::Instant::now();
            while child.try_wait().expect("a status").is_none() {
                if sent.elapsed() > Duration::from_secs(10) {
                    let _ = child.kill();
                    panic!("{program} went on after SIG{stop}: it waits for its threads");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let took = sent.elapsed();
            let out = child.wait_with_output().expect("ends");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(code),
                "{program} SIG{stop}: {stderr}"
            );
            assert_eq!(
                stderr.trim().lines().count(),
                1,
                "{program} SIG{stop}: {stderr}"
            );
            assert!(
                took < Duration::from_secs(2),
                "{program} SIG{stop}: {took:?}"
            );
        }
    }
}

#[test]
fn a_thread_that_cannot_start_ends_the_python_queue_with_threads_with_one_line() {
    // Each thread's stack mapping takes 8 MiB of a 600 MB address space: the run fails long
    // before its 10,001st thread, and the consumers already started, waiting on a queue no
    // one will feed, must not keep it alive (the interpreter joins its threads on the way out).
    let Some((program, argv)) = python_programs("queue")
        .into_iter()
        .find(|(program, _)| program.ends_with("threading"))
    else {
        return; // no Python here: `python()` said so
    };
    let line = format!(
        "ulimit -v 600000 && exec {} --items 1000 --producers 1 --consumers 10000",
        argv.join(" ")
    );
    let started = std::time::Instant::now();
    let out = std::process::Command::new("timeout")
        .args(["20", "sh", "-c", &line])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{program}: {stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{program}: {stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{program}: {stderr}");
    assert!(
        stderr.contains("cannot start thread") && stderr.contains("of 10001"),
        "{program}: {stderr}"
    );
}

#[test]
fn a_body_that_drips_is_cut_off_by_a_deadline_on_the_whole_request() {
    // A byte every 100 ms for up to 25 s: no gap trips a timeout between bytes.
    let drip = conformance::Rogue::start(conformance::Misbehaviour::Drip { limit: 250 });
    let children: Vec<_> = python_programs("download")
        .into_iter()
        .map(|(program, argv)| {
            let child = std::process::Command::new(&argv[0])
                .args(&argv[1..])
                .args(["--url", &drip.url, "--requests", "1", "--concurrency", "1"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("starts");
            (program, child)
        })
        .collect();
    let started = std::time::Instant::now();
    for (program, mut child) in children {
        while child.try_wait().expect("a status").is_none() {
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("{program} still reads a dripping body after 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let out = child.wait_with_output().expect("ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{program}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{program}: {stderr}");
    }
}

/// A process's state letter from /proc (`R` running, `S` sleeping, `Z` dead and unreaped), or
/// `None` once it is gone.
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The name, in parentheses, may hold spaces: the state is the first field after it.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Waits until `child` exits, at most `limit`; kills it and fails if it does not.
fn exits_within(child: &mut std::process::Child, program: &str, limit: Duration) -> Duration {
    let started = std::time::Instant::now();
    while child.try_wait().expect("a status").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{program} still runs {limit:?} later");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    started.elapsed()
}

#[test]
fn a_pool_worker_killed_while_idle_ends_fib_python_multiprocessing_at_once() {
    // One job for two workers: one computes, the other waits for a task that never comes,
    // inside the task queue's read lock. Killed there, it took the lock with it, and leaving
    // the pool (`terminate`, which takes that lock first) waited for ever: one try in four
    // hung when the kill fell at random.
    let Some((program, argv)) = python_programs("fib")
        .into_iter()
        .find(|(program, _)| program.ends_with("multiprocessing"))
    else {
        return; // no Python here: `python()` said so
    };
    let mut child = std::process::Command::new(&argv[0])
        .args(&argv[1..])
        .args(["--n", "36", "--count", "1", "--workers", "2"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let workers = workers_of(child.id(), 2);
    assert_eq!(workers.len(), 2, "{program} started {workers:?}");
    // The idle one sleeps; the other runs (or waits for a core: `R` too).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let idle = loop {
        let states: Vec<Option<char>> = workers.iter().map(|&w| state(w)).collect();
        if let [Some('S'), Some('R')] | [Some('R'), Some('S')] = states[..] {
            break workers[states
                .iter()
                .position(|s| *s == Some('S'))
                .expect("one sleeps")];
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{program}: workers {states:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    conformance::signal(idle, "KILL");
    let took = exits_within(&mut child, &program, Duration::from_secs(20));
    let out = child.wait_with_output().expect("ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{program}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{program}: {stderr}");
    assert!(stderr.contains("died"), "{program}: {stderr}");
    assert!(
        took < Duration::from_secs(3),
        "{program} noticed after {took:?}"
    );
    // The worker still computing went with it.
    std::thread::sleep(Duration::from_millis(200));
    for worker in workers {
        assert!(
            matches!(state(worker), None | Some('Z')),
            "{program}: worker {worker} outlived the run"
        );
    }
}

#[test]
fn every_python_multiprocessing_rows_workers_die_with_a_parent_killed_outright() {
    // queue-python-multiprocessing's producers and consumers hold the queue's pipe ends
    // themselves, so no end of file tells them the parent is gone: 3 of 3 were still running
    // 5 s after it; a Pool's workers went within 0.2 s.
    let site = conformance::Site::start(200);
    let scratch = std::env::temp_dir().join(format!("pool-orphans-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let out = scratch.join("links.tsv").display().to_string();
    // The same work as a dead pool worker's test, and the queue, whose workers are no Pool.
    let mut cases = busy_multiprocessing_cases(&site.url, &out);
    cases.push((
        "queue",
        [
            "--items",
            "2000",
            "--producers",
            "1",
            "--consumers",
            "2",
            "--work-us",
            "1000000",
        ]
        .map(String::from)
        .to_vec(),
    ));
    for (workload, args) in cases {
        let Some((program, argv)) = python_programs(workload)
            .into_iter()
            .find(|(program, _)| program.ends_with("multiprocessing"))
        else {
            return; // no Python here: `python()` said so
        };
        let mut child = std::process::Command::new(&argv[0])
            .args(&argv[1..])
            .args(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("starts");
        let workers = workers_of(child.id(), 2);
        assert!(workers.len() >= 2, "{program} started {workers:?}");
        std::thread::sleep(Duration::from_millis(500));
        let workers = workers_of(child.id(), 2);
        conformance::signal(child.id(), "KILL");
        let _ = child.wait();
        let deadline = std::time::Instant::now() + Duration::from_secs(1);
        let mut left: Vec<u32> = workers.clone();
        while !left.is_empty() && std::time::Instant::now() < deadline {
            left.retain(|&w| !matches!(state(w), None | Some('Z')));
            std::thread::sleep(Duration::from_millis(20));
        }
        for &worker in &left {
            conformance::signal(worker, "KILL");
        }
        assert!(
            left.is_empty(),
            "{program}: workers {left:?} of {workers:?} outlived their parent by 1 s"
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn sleep_python_asyncio_refuses_tasks_that_cannot_fit_with_one_line_before_the_first() {
    // 10,000,000 coroutines take about 18 GB: under a 1 GiB address space the run failed
    // half-way through making them, with `MemoryError` and, first, a RuntimeWarning for the
    // coroutines made and never awaited. Now refused up front, in the Rust rows' words.
    let Some((program, argv)) = python_programs("sleep")
        .into_iter()
        .find(|(program, _)| program.ends_with("asyncio"))
    else {
        return; // no Python here: `python()` said so
    };
    let started = std::time::Instant::now();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$@\" --tasks 10000000 --duration-ms 100")
        .arg("sh")
        .args(&argv)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{program}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{program}: {stderr}");
    assert!(
        stderr.contains("10000000 tasks need") && stderr.contains("ulimit -v"),
        "{program}: {stderr}"
    );
    assert!(out.stdout.is_empty(), "{program}");
    assert!(started.elapsed() < Duration::from_secs(5), "{program}");
}

/// Work that keeps two multiprocessing workers busy for several seconds, whichever the workload:
/// the flags of the download, fib, sleep and crawl rows.
fn busy_multiprocessing_cases(url: &str, out: &str) -> Vec<(&'static str, Vec<String>)> {
    let owned = |args: &[&str]| args.iter().map(|a| a.to_string()).collect();
    vec![
        (
            "download",
            owned(&["--requests", "100", "--concurrency", "2", "--url", url]),
        ),
        (
            "fib",
            owned(&["--n", "32", "--count", "40", "--workers", "2"]),
        ),
        (
            "sleep",
            owned(&["--tasks", "40", "--duration-ms", "500", "--workers", "2"]),
        ),
        (
            "crawl",
            owned(&["--concurrency", "2", "--url", url, "--out", out]),
        ),
    ]
}
