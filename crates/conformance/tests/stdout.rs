//! A result line that cannot be written is a failure like any other: one line on stderr and
//! exit status 1, never a panic (which `println!` would be), in every program and the site.

use conformance::{RUN_TIMEOUT, Site, every_program, program};
use std::fs::File;
use std::process::{Command, Stdio};

/// Each workload's smallest run, with what it needs (the crawl writes its links into a file).
fn cases(site: &str, out: &str) -> Vec<(&'static str, Vec<String>)> {
    let owned = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        (
            "download",
            owned(&["--requests", "2", "--concurrency", "2", "--url", site]),
        ),
        ("fib", owned(&["--n", "10", "--count", "2"])),
        ("sleep", owned(&["--tasks", "2", "--duration-ms", "1"])),
        ("queue", owned(&["--items", "10"])),
        (
            "crawl",
            owned(&["--pages", "10", "--url", site, "--out", out]),
        ),
    ]
}

/// Runs `argv` with `args` and stdout on /dev/full (every write fails, "no space left").
fn run_full(argv: &[String], args: &[String]) -> (Option<i32>, String) {
    let full = File::options()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .args(args)
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("a status") {
            let mut stderr = String::new();
            use std::io::Read;
            let _ = child
                .stderr
                .take()
                .expect("piped")
                .read_to_string(&mut stderr);
            return (status.code(), stderr);
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            panic!("{argv:?} {args:?} hung with stdout full");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn a_result_line_that_cannot_be_written_is_one_line_and_exit_1() {
    let site = Site::start(1);
    let dir = std::env::temp_dir().join(format!("stdout-full-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let out = dir.join("links.tsv");
    let cases = cases(&site.url, &out.display().to_string());
    conformance::assert_every_workload(cases.iter().map(|(w, _)| *w), "stdout.rs's cases");
    for (workload, args) in cases {
        for (name, argv) in every_program(workload) {
            let (code, stderr) = run_full(&argv, &args);
            assert_eq!(code, Some(1), "{name}: {stderr}");
            assert_eq!(stderr.trim().lines().count(), 1, "{name}: {stderr}");
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_site_that_cannot_write_its_url_says_so_and_stops() {
    let argv = vec![program("site").display().to_string()];
    let (code, stderr) = run_full(&argv, &["--port".into(), "0".into()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the site's URL"), "{stderr}");
}
