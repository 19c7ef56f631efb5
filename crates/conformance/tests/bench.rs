//! The bench refuses wrong results, stops its site and its children on every way out, stops at
//! once when asked, and never leaves results half-written. These runs use the debug programs
//! and stop before anything is timed, so they need no hyperfine.

use conformance::{program, programs, signal};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A scratch folder for one test: programs, results and staging of its own.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("bench-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        // Results from an earlier run, which a failed run must leave exactly as they are.
        std::fs::create_dir_all(dir.join("out")).unwrap();
        std::fs::write(dir.join("out/summary.md"), "earlier results\n").unwrap();
        Scratch(dir)
    }

    /// Links the real (debug) programs of `workload` and the site into bin/, but for `fake`,
    /// a script with `body`.
    fn link_programs(&self, workload: &str, fake: &str, body: &str) -> &Scratch {
        let mut names = programs(workload);
        names.push("site".into());
        for name in names {
            let link = self.0.join("bin").join(&name);
            if name == fake {
                std::fs::write(&link, format!("#!/bin/sh\n{body}\n")).unwrap();
                Command::new("chmod").arg("+x").arg(&link).status().unwrap();
            } else {
                std::os::unix::fs::symlink(program(&name), &link).unwrap();
            }
        }
        self
    }

    /// `bench run --quick EXPERIMENT`, pointed at this folder.
    fn bench(&self, experiment: &str) -> Command {
        self.bench_into(experiment, &self.0.join("out"))
    }

    /// `bench run --quick EXPERIMENT --out OUT`, the rest in this folder.
    fn bench_into(&self, experiment: &str, out: &std::path::Path) -> Command {
        let mut command = Command::new(program("bench"));
        command
            .args(["run", "--quick", experiment, "--bin"])
            .arg(self.0.join("bin"))
            .arg("--out")
            .arg(out)
            .arg("--stage")
            .arg(self.0.join("stage"))
            .arg("--tools")
            .arg(self.0.join("tools"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// The earlier results are there, untouched, and nothing was added beside them.
    fn assert_results_untouched(&self) {
        let out = self.0.join("out");
        let files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(files, ["summary.md"], "results changed: {files:?}");
        let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
        assert_eq!(summary, "earlier results\n");
        assert!(
            !self.0.join("stage").exists(),
            "the staging folder was left behind"
        );
        assert!(!self.0.join("out.old").exists(), "out.old was left behind");
    }

    /// The site the bench started, from its log line, once it is listening.
    fn wait_for_site(&self, child: &mut Child) -> String {
        // The bench prints `bench: site at <url>, ...` on stderr; read it as it comes.
        use std::io::{BufRead, BufReader};
        let stderr = child.stderr.take().unwrap();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("bench: site at ") {
                    let _ = send.send(rest.split(',').next().unwrap().to_string());
                }
            }
        });
        receive
            .recv_timeout(Duration::from_secs(30))
            .expect("the bench started no site")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Waits for a child with a deadline, killing it if it hangs.
fn finish(mut child: Child, limit: Duration) -> Output {
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the bench still runs after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Whether anything still listens where the site was.
fn listening(url: &str) -> bool {
    std::net::TcpStream::connect(url.trim_start_matches("http://")).is_ok()
}

/// Waits up to `limit` for the site at `url` to stop listening.
fn gone_within(url: &str, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if !listening(url) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn a_wrong_result_line_stops_the_bench_with_both_lines() {
    let scratch = Scratch::new("wrong");
    scratch.link_programs("fib", "fib-smol", "echo 'fib-smol n=30 count=8 sum=1'");
    let out = finish(
        scratch.bench("fib").spawn().unwrap(),
        Duration::from_secs(60),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("fib-smol does not agree"), "{stderr}");
    // QUICK's fib: n = 30, 8 jobs; the expected line is computed, not another program's.
    let want = format!(
        "want: fib-smol n=30 count=8 sum={}",
        8 * workloads::fib::fib(30)
    );
    assert!(stderr.contains(&want), "{stderr}");
    assert!(
        stderr.contains("got:  fib-smol n=30 count=8 sum=1"),
        "{stderr}"
    );
    scratch.assert_results_untouched();
}

#[test]
fn a_failing_program_stops_the_bench_with_its_own_error_and_stops_the_site() {
    let scratch = Scratch::new("failing");
    scratch.link_programs(
        "download",
        "download-threads",
        "echo 'Error: broken on purpose' >&2; exit 1",
    );
    let mut child = scratch.bench("download").spawn().unwrap();
    let url = scratch.wait_for_site(&mut child);
    let out = finish(child, Duration::from_secs(60));
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.is_empty(),
        "a failed bench printed results: {stdout}"
    );
    assert!(
        gone_within(&url, Duration::from_secs(5)),
        "the site at {url} survived the bench"
    );
    scratch.assert_results_untouched();
}

#[test]
fn the_failing_programs_error_line_is_what_the_bench_says() {
    let scratch = Scratch::new("cause");
    scratch.link_programs(
        "fib",
        "fib-pool",
        "echo 'Error: the cause, in one line' >&2; exit 1",
    );
    let out = finish(
        scratch.bench("fib").spawn().unwrap(),
        Duration::from_secs(60),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or("");
    assert!(
        last.contains("fib-pool") && last.contains("Error: the cause, in one line"),
        "{stderr}"
    );
    scratch.assert_results_untouched();
}

#[test]
fn a_signal_stops_the_bench_within_two_seconds_and_leaves_nothing_behind() {
    // Ctrl-C at a terminal signals the whole foreground process group; `kill` signals one
    // process. A program that would run for a minute is being checked when the signal comes.
    for (name, whole_group) in [("INT", true), ("TERM", false)] {
        let scratch = Scratch::new(&format!("signal-{name}"));
        scratch.link_programs("download", "download-pool", "sleep 61");
        let mut child = scratch.bench("download").process_group(0).spawn().unwrap();
        let url = scratch.wait_for_site(&mut child);
        // Give the checks time to reach the slow program (sequential takes two seconds).
        std::thread::sleep(Duration::from_secs(4));
        let pid = child.id() as i32;
        let target = if whole_group { -pid } else { pid };
        let sent = Instant::now();
        let status = Command::new("kill")
            .args([format!("-{name}"), "--".into(), target.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = finish(child, Duration::from_secs(20));
        let took = sent.elapsed();
        assert!(
            took < Duration::from_secs(2),
            "SIG{name}: the bench took {took:?} to stop"
        );
        assert!(!out.status.success(), "SIG{name}: the bench claims success");
        assert!(
            gone_within(&url, Duration::from_secs(2)),
            "SIG{name}: the site at {url} survived"
        );
        let sleeping = Command::new("pgrep")
            .args(["-f", "^sleep 61$"])
            .output()
            .unwrap();
        assert!(
            sleeping.stdout.is_empty(),
            "SIG{name}: the checked program survived the bench"
        );
        scratch.assert_results_untouched();
    }
}

#[test]
fn a_killed_bench_takes_its_site_and_its_programs_with_it_and_the_next_run_clears_its_staging() {
    let scratch = Scratch::new("kill9");
    scratch.link_programs("download", "download-pool", "sleep 62");
    let mut child = scratch.bench("download").spawn().unwrap();
    let url = scratch.wait_for_site(&mut child);
    signal(child.id(), "KILL");
    let _ = child.wait();
    assert!(
        gone_within(&url, Duration::from_secs(5)),
        "the site at {url} outlived a killed bench"
    );
    assert!(
        scratch.0.join("stage").exists(),
        "a killed bench cannot clean up: its stage stays"
    );
    // The program being checked goes too: its supervisor kills its group when the bench dies.
    let deadline = Instant::now() + Duration::from_secs(3);
    while Command::new("pgrep")
        .args(["-f", "^sleep 62$"])
        .output()
        .unwrap()
        .status
        .success()
    {
        assert!(
            Instant::now() < deadline,
            "the program being checked outlived a killed bench"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The next run finds the stale staging folder, removes it, and goes on (to fail on the
    // wrong line planted here, which is quick), cleaning up after itself.
    std::fs::write(
        scratch.0.join("bin/download-pool"),
        "#!/bin/sh\necho wrong\n",
    )
    .unwrap();
    let out = finish(
        scratch.bench("download").spawn().unwrap(),
        Duration::from_secs(60),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("left by a bench that was stopped"),
        "{stderr}"
    );
    scratch.assert_results_untouched();
}

#[test]
fn results_that_cannot_be_written_fail_before_anything_runs() {
    let scratch = Scratch::new("unwritable");
    scratch.link_programs("fib", "", "");
    // A file where the results' parent folder should be: nothing can be created under it (as
    // root too, unlike a folder without write permission).
    std::fs::write(scratch.0.join("blocked"), "").unwrap();
    let mut command = scratch.bench_into("fib", &scratch.0.join("blocked/results"));
    let out = finish(command.spawn().unwrap(), Duration::from_secs(20));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("blocked"), "{stderr}");
    assert!(
        !stderr.contains("result lines agree"),
        "it ran programs first: {stderr}"
    );
    scratch.assert_results_untouched();
}

#[test]
fn broken_results_of_another_experiment_fail_before_anything_runs() {
    let scratch = Scratch::new("broken-raw");
    scratch.link_programs("download", "", "");
    std::fs::create_dir_all(scratch.0.join("out/raw/fib")).unwrap();
    std::fs::write(scratch.0.join("out/raw/fib/run.json"), "{ broken").unwrap();
    let out = finish(
        scratch.bench("download").spawn().unwrap(),
        Duration::from_secs(20),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("raw/fib/run.json"), "{stderr}");
    assert!(
        !stderr.contains("site at"),
        "it started work first: {stderr}"
    );
    assert!(!scratch.0.join("stage").exists());
}

#[test]
fn an_unknown_experiment_is_named_with_the_known_ones() {
    let scratch = Scratch::new("unknown");
    let out = finish(
        scratch.bench("teleport").spawn().unwrap(),
        Duration::from_secs(20),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("teleport") && stderr.contains("download-scaling"),
        "{stderr}"
    );
}

#[test]
fn a_second_bench_on_the_same_checkout_is_refused_at_once_and_the_first_goes_on() {
    let scratch = Scratch::new("two");
    scratch.link_programs("download", "download-pool", "sleep 63");
    let mut first = scratch.bench("download").spawn().unwrap();
    // Once the first has its site up, it holds the lock and is checking (the fake row sleeps).
    let url = scratch.wait_for_site(&mut first);
    let second = finish(
        scratch.bench("download").spawn().unwrap(),
        Duration::from_secs(20),
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "two benches ran at once");
    assert!(
        stderr.contains(&format!("another bench is running (pid {})", first.id())),
        "{stderr}"
    );
    assert!(
        listening(&url),
        "the second bench stopped the first one's site"
    );
    assert!(
        scratch.0.join("stage/bench.pid").exists(),
        "the second bench removed the first one's staging folder"
    );
    signal(first.id(), "INT");
    let _ = finish(first, Duration::from_secs(20));
    scratch.assert_results_untouched();
}

#[test]
fn a_stage_folder_the_bench_did_not_make_is_not_removed() {
    let scratch = Scratch::new("foreign-stage");
    scratch.link_programs("download", "download-pool", "echo never run");
    std::fs::create_dir_all(scratch.0.join("stage")).unwrap();
    std::fs::write(scratch.0.join("stage/precious.txt"), "keep me\n").unwrap();
    let out = finish(
        scratch.bench("download").spawn().unwrap(),
        Duration::from_secs(20),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("is not a staging folder the bench made"),
        "{stderr}"
    );
    let kept = std::fs::read_to_string(scratch.0.join("stage/precious.txt"));
    assert_eq!(
        kept.ok().as_deref(),
        Some("keep me\n"),
        "the folder was deleted"
    );
}

#[test]
fn bench_compare_reads_the_committed_results_and_fails_in_one_line() {
    // The repository's own reference, against itself and against a commit's: the same data.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let raw = root.join("results/raw");
    let compare = |args: &[&str]| -> Output {
        Command::new(program("bench"))
            .arg("compare")
            .args(args)
            .current_dir(&root)
            .output()
            .expect("runs")
    };
    let raw = raw.to_str().unwrap();
    let same = compare(&[raw, raw]);
    let stdout = String::from_utf8_lossy(&same.stdout);
    assert!(
        same.status.success(),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(stdout.contains("**0 of "), "{stdout}");
    assert!(stdout.contains("| tokio |"), "{stdout}");
    let at_head = compare(&["--ref", "HEAD", raw]);
    assert!(
        at_head.status.success(),
        "{}",
        String::from_utf8_lossy(&at_head.stderr)
    );
    for bad in [
        vec![raw, "/nonexistent/raw"],
        vec!["--ref", "no-such-commit", raw],
        vec![raw, raw, "--experiment", "fibb"],
        vec![raw, raw, "--band=-1"],
    ] {
        let out = compare(&bad);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{bad:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{bad:?}: {stderr}");
    }
}

#[test]
fn a_file_that_cannot_be_written_is_named() {
    // A full disk, without a filesystem of its own: each file the render writes is, in turn,
    // a link to /dev/full, where every write fails with "No space left on device". It said
    // `backend error: Drawing backend error: No space left on device`, naming no file.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::temp_dir().join(format!("bench-full-{}", std::process::id()));
    // One experiment's raw data, so that each render is short.
    let raw = std::env::temp_dir().join(format!("bench-full-raw-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&raw);
    std::fs::create_dir_all(&raw).expect("a folder");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(root.join("results/raw/fib"))
        .arg(&raw)
        .status();
    assert!(copied.is_ok_and(|s| s.success()), "cp -r results/raw/fib");
    for name in ["fib.svg", "fib-memory.svg", "fib.md", "summary.md"] {
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).expect("a folder");
        std::os::unix::fs::symlink("/dev/full", out.join(name)).expect("a link to /dev/full");
        let run = Command::new(program("bench"))
            .arg("render")
            .arg("--raw")
            .arg(&raw)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        let path = out.join(name).display().to_string();
        assert!(
            stderr.contains(&format!("cannot write {path}")) && stderr.contains("No space left"),
            "{name}: {stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&raw);
}
