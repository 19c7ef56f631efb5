//! Every download program does the same work and fails the same clear way.

use conformance::{
    RUN_TIMEOUT, Site, assert_usage_errors, programs, run, run_for, run_with_open_files,
};
use std::time::Duration;
use workloads::download::expected;

/// The workload whose programs these tests run.
const WORKLOAD: &str = "download";

/// Requests per run: small, odd-sized lanes included (12 requests over 5 lanes).
const REQUESTS: usize = 12;

#[test]
fn every_model_downloads_exactly_the_pages() {
    let site = Site::start(5);
    let want = expected(REQUESTS).to_string();
    for concurrency in [1, 5, REQUESTS] {
        for program in &programs(WORKLOAD) {
            let (requests, concurrency) = (REQUESTS.to_string(), concurrency.to_string());
            let args = [
                "--url",
                &site.url,
                "--requests",
                &requests,
                "--concurrency",
                &concurrency,
            ];
            let out = run(program, &args);
            assert!(
                out.status.success(),
                "{program} {args:?} failed: {}",
                out.stderr
            );
            assert_eq!(
                out.stdout,
                format!("{program} {want}\n"),
                "{program} {args:?}"
            );
        }
    }
}

#[test]
fn the_site_url_comes_from_the_environment_too() {
    let site = Site::start(0);
    let out = std::process::Command::new(conformance::program("download-tokio"))
        .args(["--requests", "2"])
        .env("SITE_URL", &site.url)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = format!("download-tokio {}\n", expected(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
}

#[test]
fn no_site_is_one_quick_line_saying_how_to_start_it() {
    let closed = closed_port_url();
    for program in &programs(WORKLOAD) {
        let out = run_for(program, &["--url", &closed], Duration::from_secs(10));
        assert!(!out.status.success(), "{program} succeeded with no site");
        // A refused connection is answered at once; the bound only catches a program that
        // waits out timeouts (the connect timeout is 2 s) before saying the site is missing.
        let quick = workloads::site::CONNECT_TIMEOUT + Duration::from_secs(3);
        assert!(out.elapsed < quick, "{program} took {:?}", out.elapsed);
        assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
        assert!(
            out.stderr.contains("no site answers"),
            "{program}: {}",
            out.stderr
        );
        assert!(out.stderr.contains("-p site"), "{program}: {}", out.stderr);
        assert!(
            out.stdout.is_empty(),
            "{program} printed a result: {}",
            out.stdout
        );
    }
}

#[test]
fn a_site_that_dies_mid_run_is_an_error_not_a_hang() {
    for program in &programs(WORKLOAD) {
        // 40 requests at 100 ms each, two lanes: about two seconds if the site lived.
        let site = Site::start(100);
        let url = site.url.clone();
        let killer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(500));
            drop(site);
        });
        let args = ["--url", &url, "--requests", "40", "--concurrency", "2"];
        let out = run_for(program, &args, RUN_TIMEOUT);
        killer.join().unwrap();
        assert!(
            !out.status.success(),
            "{program} succeeded without its site"
        );
        assert!(
            out.stdout.is_empty(),
            "{program} printed a result: {}",
            out.stdout
        );
        assert!(
            out.stderr.contains(&url),
            "{program} names no URL: {}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
    }
}

#[test]
fn a_full_file_descriptor_table_is_one_clear_line() {
    // 200 lanes need 200 sockets (or pipes); 64 descriptors cannot hold them. Sequential and
    // rayon never have more than one connection per core open, so they are not run here.
    let site = Site::start(20);
    let concurrent = programs(WORKLOAD)
        .into_iter()
        .filter(|program| !program.ends_with("-sequential") && !program.ends_with("-rayon"));
    for program in &concurrent.collect::<Vec<_>>() {
        let args = [
            "--url",
            &site.url,
            "--requests",
            "400",
            "--concurrency",
            "200",
        ];
        let out = run_with_open_files(program, &args, 64);
        assert!(
            !out.status.success(),
            "{program} succeeded with 64 descriptors"
        );
        assert!(
            out.stderr.contains("Too many open files"),
            "{program}: {}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
    }
}

#[test]
fn bad_flags_are_clap_errors() {
    let bad: [&[&str]; 8] = [
        &["--concurrency", "0"],
        &["--requests", "many"],
        &["--url", "https://127.0.0.1:8787"],
        &["--url", "http://example.com"],
        // Out of range: once read as no port at all, that is port 80.
        &["--url", "http://127.0.0.1:99999"],
        // Work no program could finish is refused before any is set up.
        &["--requests", "1000000000000"],
        &["--concurrency", "1000000"],
        &["--no-such-flag"],
    ];
    assert_usage_errors(&programs(WORKLOAD), &bad);
}

/// A loopback URL on which nothing listens: a port bound, noted and released.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    format!("http://127.0.0.1:{port}")
}
