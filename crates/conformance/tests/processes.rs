//! The processes and threads models when a process dies or the system runs out: workers die
//! with their parent, a dead worker stops the run at once, and running out of threads or
//! processes is one line naming how far the program got.

use conformance::{Site, every_program, program, signal};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A program started in the background, its output discarded.
fn start(name: &str, args: &[&str]) -> Child {
    Command::new(program(name))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts")
}

/// The children of `pid`, once it has started `count` of them (or after five seconds).
fn children(pid: u32, count: usize) -> Vec<u32> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let list =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        let found: Vec<u32> = list
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect();
        if found.len() >= count || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether a process still runs (a zombie has died: only its exit status waits to be read).
fn running(pid: u32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat.rsplit_once(") ").map(|(_, rest)| rest.chars().next());
    !matches!(state, None | Some(Some('Z' | 'X')) | Some(None))
}

/// Waits up to `limit` for every one of `pids` to stop running.
fn all_stop_within(pids: &[u32], limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while pids.iter().any(|pid| running(*pid)) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

/// Each processes program with work that keeps two workers busy for many seconds.
fn long_runs(site: &Site) -> Vec<(&'static str, Vec<String>)> {
    let owned = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        (
            "fib-processes",
            owned(&["--n", "46", "--count", "2", "--workers", "2"]),
        ),
        (
            "download-processes",
            owned(&[
                "--url",
                &site.url,
                "--requests",
                "200",
                "--concurrency",
                "2",
            ]),
        ),
        (
            "sleep-processes",
            owned(&["--tasks", "2", "--duration-ms", "20000"]),
        ),
        (
            "crawl-processes",
            owned(&[
                "--url",
                &site.url,
                "--concurrency",
                "2",
                "--out",
                &std::env::temp_dir()
                    .join(format!("crawl-processes-{}.tsv", std::process::id()))
                    .display()
                    .to_string(),
            ]),
        ),
        (
            "queue-processes",
            owned(&[
                "--items",
                "200",
                "--producers",
                "1",
                "--consumers",
                "1",
                "--work-us",
                "1000000",
            ]),
        ),
    ]
}

#[test]
fn workers_die_with_a_parent_killed_outright() {
    let site = Site::start(100);
    for (name, args) in long_runs(&site) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut parent = start(name, &args);
        let workers = children(parent.id(), 2);
        assert_eq!(workers.len(), 2, "{name} started {workers:?}");
        signal(parent.id(), "KILL");
        let _ = parent.wait();
        assert!(
            all_stop_within(&workers, Duration::from_secs(2)),
            "{name}: workers outlived their parent"
        );
    }
}

#[test]
fn a_worker_that_dies_ends_the_run_at_once_with_one_line() {
    let site = Site::start(100);
    for (name, args) in long_runs(&site) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let parent = start(name, &args);
        let workers = children(parent.id(), 2);
        assert_eq!(workers.len(), 2, "{name} started {workers:?}");
        // The last worker dies; the first one, which the parent would wait for first in
        // order, would run for many seconds more.
        let killed = Instant::now();
        signal(workers[1], "KILL");
        let out = parent.wait_with_output().unwrap();
        let took = killed.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name} succeeded");
        assert!(
            took < Duration::from_secs(2),
            "{name} noticed after {took:?}"
        );
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains("worker"), "{name}: {stderr}");
        assert!(
            all_stop_within(&workers, Duration::from_secs(2)),
            "{name}: a worker survived"
        );
    }
}

/// Whether the tests that run a program under `ulimit -u` can: as root, `ulimit -u` binds
/// nobody, so they run it as user nobody (65534), with setpriv.
fn can_limit_processes() -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n");
    let can = matches!(root, Ok(true)) && Command::new("setpriv").arg("--version").output().is_ok();
    if !can {
        eprintln!("skipped: needs root and setpriv to run a program as another user");
    }
    can
}

/// Runs the shell command `line` as user nobody, under a limit of 40 processes for that user
/// (threads included), and checks that none of nobody's processes outlive it.
fn run_under_40_processes(line: &str) -> std::process::Output {
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "bash",
            "-c",
        ])
        .arg(format!("ulimit -u 40 && exec {line}"))
        .output()
        .unwrap();
    let left = Command::new("pgrep")
        .args(["-u", "65534"])
        .output()
        .unwrap();
    assert!(
        left.stdout.is_empty(),
        "processes left behind by {line}: {}",
        String::from_utf8_lossy(&left.stdout)
    );
    out
}

#[test]
fn running_out_of_processes_is_one_line_saying_how_far_it_got() {
    if !can_limit_processes() {
        return;
    }
    let site = Site::start(10);
    // The crawl programs fail before their file is complete: none is left behind.
    let out = format!("/tmp/crawl-ulimit-{}.tsv", std::process::id());
    let crawl = ["--concurrency", "100", "--out", out.as_str()];
    let runs: [(&str, &[&str]); 11] = [
        (
            "download-threads",
            &["--requests", "200", "--concurrency", "100"],
        ),
        (
            "download-pool",
            &["--requests", "200", "--concurrency", "100"],
        ),
        (
            "download-processes",
            &["--requests", "200", "--concurrency", "100"],
        ),
        ("fib-threads", &["--n", "35", "--count", "100"]),
        (
            "fib-pool",
            &["--n", "35", "--count", "100", "--workers", "100"],
        ),
        (
            "fib-processes",
            &["--n", "35", "--count", "100", "--workers", "100"],
        ),
        ("sleep-threads", &["--tasks", "100", "--duration-ms", "200"]),
        (
            "sleep-processes",
            &["--tasks", "100", "--duration-ms", "200"],
        ),
        ("crawl-threads", &crawl),
        ("crawl-pool", &crawl),
        ("crawl-processes", &crawl),
    ];
    for (name, args) in runs {
        let mut line = program(name).display().to_string();
        if name.starts_with("download") || name.starts_with("crawl") {
            line.push_str(&format!(" --url {}", site.url));
        }
        for arg in args {
            line.push_str(&format!(" {arg}"));
        }
        let out = run_under_40_processes(&line);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "{name} ran 100 workers under a limit of 40"
        );
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(
            stderr.contains("cannot start") && stderr.contains("of 100"),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    assert!(
        !std::path::Path::new(&out).exists(),
        "a failed crawl left {out}"
    );
}

#[test]
fn a_crawl_starts_no_more_workers_than_it_has_pages_in_flight() {
    // A graph of two pages never has 2,000 in flight: every row whose workers are threads or
    // processes crawls it at C = 2,000 and is watched, every 10 ms, for how many threads and
    // child processes it holds. The site answers in 200 ms, so a row that started its workers
    // up front would be seen holding them.
    let site = Site::start(200);
    let out = format!("/tmp/crawl-few-pages-{}.tsv", std::process::id());
    let want = workloads::crawl::expected(2).to_string();
    let rows = [
        "threads",
        "pool",
        "processes",
        "rayon",
        "python-threading",
        "python-multiprocessing",
    ];
    let programs = every_program("crawl");
    for row in rows {
        let name = format!("crawl-{row}");
        let Some((_, argv)) = programs.iter().find(|(program, _)| *program == name) else {
            assert!(row.starts_with("python"), "no program {name}");
            continue; // no Python here: `every_program` said why
        };
        let mut child = Command::new(&argv[0])
            .args(&argv[1..])
            .args([
                "--pages",
                "2",
                "--concurrency",
                "2000",
                "--url",
                &site.url,
                "--out",
                &out,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        let mut most = 0;
        while child.try_wait().expect("waits").is_none() {
            most = most.max(threads_and_children(child.id()));
            std::thread::sleep(Duration::from_millis(10));
        }
        let run = child.wait_with_output().expect("ends");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{name}: {stderr}");
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(stdout.trim_end().ends_with(&want), "{name}: {stdout}");
        assert!(most > 1, "{name}: never seen running");
        assert!(
            most <= 20,
            "{name} held {most} threads and processes for two pages"
        );
    }
    let _ = std::fs::remove_file(&out);
}

/// How many threads `pid` has, and child processes (of any of its threads), now; 0 once it
/// has ended.
fn threads_and_children(pid: u32) -> usize {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .flatten()
        .map(|task| {
            let children = std::fs::read_to_string(task.path().join("children"));
            1 + children.unwrap_or_default().split_whitespace().count()
        })
        .sum()
}

#[test]
fn a_producer_that_dies_ends_the_queue_with_processes_at_once() {
    // Two producers, a queue of one and a slow consumer: each producer's share (400 KB) is
    // more than its pipe holds, so it is still writing, seconds from done, when it is killed.
    let args = [
        "--items",
        "100000",
        "--producers",
        "2",
        "--consumers",
        "1",
        "--capacity",
        "1",
        "--work-us",
        "1000",
    ];
    let parent = start("queue-processes", &args);
    // Should it not notice, it is stopped after 10 s, and the time below fails the test.
    let pid = parent.id();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(10));
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    });
    let workers = children(parent.id(), 3);
    assert_eq!(workers.len(), 3, "started {workers:?}");
    std::thread::sleep(Duration::from_millis(300));
    // The producers start first: kill the first.
    let killed = Instant::now();
    signal(workers[0], "KILL");
    let out = parent.wait_with_output().unwrap();
    let took = killed.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "it succeeded");
    assert!(took < Duration::from_secs(2), "noticed after {took:?}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("signal: 9"), "{stderr}");
    assert!(
        all_stop_within(&workers, Duration::from_secs(2)),
        "a worker survived"
    );
}
