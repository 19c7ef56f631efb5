//! The bench refuses wrong results, stops its site on every way out, and never leaves results
//! half-written. These runs use the debug programs and stop before anything is timed, so they
//! need no hyperfine.

use conformance::{program, programs};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
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

    /// Links the real (debug) programs into bin/, but for `fake`, a script with `body`.
    fn link_programs(&self, names: &[String], fake: &str, body: &str) -> &Scratch {
        for name in names {
            let link = self.0.join("bin").join(name);
            if name == fake {
                std::fs::write(&link, format!("#!/bin/sh\n{body}\n")).unwrap();
                Command::new("chmod").arg("+x").arg(&link).status().unwrap();
            } else {
                std::os::unix::fs::symlink(program(name), &link).unwrap();
            }
        }
        self
    }

    /// The bench script on `workload`, QUICK, pointed at this folder.
    fn bench(&self, workload: &str) -> Command {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench.sh");
        let mut command = Command::new("bash");
        command
            .arg(script)
            .arg(workload)
            .env("QUICK", "1")
            .env("BENCH_BIN", self.0.join("bin"))
            .env("BENCH_OUT", self.0.join("out"))
            .env("BENCH_STAGE", self.0.join("stage"))
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
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The programs a bench of `workload` runs: its models, the report, and the site if it needs one.
fn bench_programs(workload: &str, helpers: &[&str]) -> Vec<String> {
    let mut names = programs(workload);
    names.extend(helpers.iter().map(|helper| helper.to_string()));
    names
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

/// The site the bench started (from its URL file), or `None` before it printed one.
fn site_url(scratch: &Scratch) -> Option<String> {
    let url = std::fs::read_to_string(scratch.0.join("stage/site.url")).ok()?;
    Some(url.lines().next()?.to_string())
}

/// Whether anything still listens where the site was.
fn listening(url: &str) -> bool {
    std::net::TcpStream::connect(url.trim_start_matches("http://")).is_ok()
}

#[test]
fn a_wrong_result_line_stops_the_bench_with_both_lines() {
    let scratch = Scratch::new("wrong");
    scratch.link_programs(
        &bench_programs("fib", &["report"]),
        "fib-smol",
        "echo 'fib-smol n=30 count=8 sum=1'",
    );
    let out = finish(
        scratch.bench("fib").spawn().unwrap(),
        Duration::from_secs(60),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("fib-smol does not agree"), "{stderr}");
    // QUICK's fib: n = 30, 8 jobs.
    let want = format!(
        "want: fib-sequential n=30 count=8 sum={}",
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
fn a_failing_program_stops_the_bench_and_its_site() {
    let scratch = Scratch::new("failing");
    scratch.link_programs(
        &bench_programs("download", &["report", "site"]),
        "download-threads",
        "echo 'Error: broken' >&2; exit 1",
    );
    let out = finish(
        scratch.bench("download").spawn().unwrap(),
        Duration::from_secs(60),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("download-threads"), "{stderr}");
    let url = stderr
        .lines()
        .find_map(|l| l.strip_prefix("bench: site at "))
        .expect(&stderr);
    let url = url.split(',').next().unwrap();
    assert!(!listening(url), "the site at {url} survived the bench");
    scratch.assert_results_untouched();
}

#[test]
fn an_interrupted_bench_leaves_no_site_and_the_results_as_they_were() {
    // Ctrl-C at a terminal signals the whole foreground process group; `kill` signals one
    // process. Both must stop the site and leave the earlier results in place.
    for (signal, whole_group) in [("INT", true), ("TERM", false)] {
        let scratch = Scratch::new(&format!("signal-{signal}"));
        scratch.link_programs(&bench_programs("download", &["report", "site"]), "", "");
        let child = scratch.bench("download").process_group(0).spawn().unwrap();
        let pid = child.id() as i32;
        // Wait for the site to be up: the bench is then checking the programs.
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = loop {
            if let Some(url) = site_url(&scratch).filter(|u| listening(u)) {
                break url;
            }
            assert!(Instant::now() < deadline, "the bench started no site");
            std::thread::sleep(Duration::from_millis(20));
        };
        let target = if whole_group { -pid } else { pid };
        let status = Command::new("kill")
            .args([format!("-{signal}"), "--".into(), target.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = finish(child, Duration::from_secs(20));
        assert!(
            !out.status.success(),
            "SIG{signal}: the bench claims success"
        );
        assert!(
            !listening(&url),
            "SIG{signal}: the site at {url} survived the bench"
        );
        scratch.assert_results_untouched();
    }
}
