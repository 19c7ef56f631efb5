//! Every crawl program, Rust and Python, finds the same links, writes the same file (sorted,
//! byte for byte), never leaves the site, and fails the same clear way without leaving a file
//! that looks complete.

use conformance::{
    Misbehaviour, RUN_TIMEOUT, Rogue, Site, every_program, prints, run_argv, signal,
};
use std::path::{Path, PathBuf};
use std::time::Duration;
use workloads::crawl::{expected, sorted_checksum};

/// The workload whose programs these tests run.
const WORKLOAD: &str = "crawl";

/// The graph crawled: 50 pages, five levels, 404s and query-string pages among them.
const PAGES: usize = 50;

/// A folder of its own for one test's output files, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("crawl-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        Scratch(dir)
    }

    fn file(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }

    /// Every file in the folder, by name.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("the scratch folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file's lines, sorted.
fn sorted(path: &Path) -> Vec<u8> {
    let text = std::fs::read(path).expect("the output file");
    let mut lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
    lines.sort_unstable();
    lines.concat()
}

#[test]
fn every_model_writes_the_same_links() {
    let site = Site::start(1);
    let scratch = Scratch::new("same");
    let want = expected(PAGES).to_string();
    let pages = PAGES.to_string();
    let mut reference: Option<(String, Vec<u8>)> = None;
    for concurrency in ["1", "4", "100"] {
        for (program, argv) in every_program(WORKLOAD) {
            let out_file = scratch.file(&format!("{program}-{concurrency}.tsv"));
            let args = [
                "--url",
                &site.url,
                "--pages",
                &pages,
                "--concurrency",
                concurrency,
                "--out",
                &out_file,
            ];
            let out = run_argv(&argv, &args, RUN_TIMEOUT);
            assert!(out.status.success(), "{program} {args:?}: {}", out.stderr);
            assert_eq!(
                out.stdout,
                format!("{} {want}\n", prints(WORKLOAD, &program)),
                "{program} {args:?}"
            );
            let lines = sorted(Path::new(&out_file));
            assert_eq!(
                sorted_checksum(&lines),
                expected(PAGES).checksum,
                "{program}: the file is not its line"
            );
            match &reference {
                None => reference = Some((program, lines)),
                Some((first, reference)) => {
                    assert!(
                        lines == *reference,
                        "{program}'s file, sorted, differs from {first}'s"
                    )
                }
            }
        }
    }
    // Each run left its file and nothing else: no temporary file behind.
    assert!(
        scratch
            .files()
            .iter()
            .all(|f| f.ends_with(".tsv") && !f.starts_with('.')),
        "{:?}",
        scratch.files()
    );
}

#[test]
fn a_link_to_another_host_is_never_fetched() {
    // The graph's links elsewhere point at a listener of the test's own on loopback: a program
    // that followed one would connect there.
    let elsewhere = Rogue::start(Misbehaviour::ShortBody);
    let site = Site::start_with(0, &["--elsewhere", &elsewhere.url]);
    let scratch = Scratch::new("elsewhere");
    let out_file = scratch.file("links.tsv");
    for (program, argv) in every_program(WORKLOAD) {
        let args = [
            "--url",
            &site.url,
            "--pages",
            "20",
            "--concurrency",
            "3",
            "--out",
            &out_file,
        ];
        let out = run_argv(&argv, &args, RUN_TIMEOUT);
        assert!(out.status.success(), "{program}: {}", out.stderr);
        let text = std::fs::read_to_string(&out_file).expect("the links");
        assert!(
            !text.contains(elsewhere.url.trim_start_matches("http://")),
            "{program} wrote a link elsewhere"
        );
    }
    assert_eq!(
        elsewhere.accepted(),
        0,
        "a program fetched a page from another host"
    );
}

#[test]
fn an_unwritable_out_is_one_line_before_any_fetch() {
    // A listener that counts connections stands in for the site: nothing may reach it.
    let site = Rogue::start(Misbehaviour::ShortBody);
    let scratch = Scratch::new("unwritable");
    let missing_dir = scratch.file("no/such/folder/links.tsv");
    let a_dir = scratch.file("");
    for (program, argv) in every_program(WORKLOAD) {
        for (out_file, says) in [
            (&missing_dir, "cannot write the links"),
            (&a_dir, "directory"),
        ] {
            let out = run_argv(&argv, &["--url", &site.url, "--out", out_file], RUN_TIMEOUT);
            assert!(!out.status.success(), "{program} wrote to {out_file}");
            assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
            assert!(out.stderr.contains(says), "{program}: {}", out.stderr);
            assert!(out.stdout.is_empty(), "{program}: {}", out.stdout);
        }
    }
    assert_eq!(
        site.accepted(),
        0,
        "a program connected before checking its --out"
    );
    assert!(scratch.files().is_empty(), "{:?}", scratch.files());
}

#[test]
fn a_site_that_dies_mid_crawl_fails_naming_the_page_and_leaves_the_old_file() {
    let scratch = Scratch::new("dies");
    let out_file = scratch.file("links.tsv");
    for (program, argv) in every_program(WORKLOAD) {
        std::fs::write(&out_file, "the previous, complete crawl\n").expect("a file to keep");
        // 1,343 pages at 10 in flight and 20 ms each: about three seconds, cut short a second
        // after the crawl began (its temporary file is there): a fixed second from the start
        // killed the site before a Python row on a loaded machine had imported its libraries,
        // and it failed finding no site instead of failing mid-crawl.
        let site = Site::start(20);
        let pid = site.pid();
        let folder = scratch.0.clone();
        let killer = std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + RUN_TIMEOUT;
            let begun = || {
                std::fs::read_dir(&folder).is_ok_and(|entries| {
                    entries
                        .flatten()
                        .any(|e| e.file_name().to_string_lossy().ends_with(".partial"))
                })
            };
            while !begun() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            std::thread::sleep(Duration::from_secs(1));
            signal(pid, "KILL");
        });
        let out = run_argv(
            &argv,
            &["--url", &site.url, "--out", &out_file],
            RUN_TIMEOUT,
        );
        killer.join().expect("the killer");
        assert!(
            !out.status.success(),
            "{program} finished a crawl of a dead site"
        );
        assert!(out.stdout.is_empty(), "{program}: {}", out.stdout);
        assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
        assert!(
            out.stderr.contains("/web/1000/"),
            "{program} does not name the page: {}",
            out.stderr
        );
        let kept = std::fs::read_to_string(&out_file).expect("the old file");
        assert_eq!(
            kept, "the previous, complete crawl\n",
            "{program} replaced the old file"
        );
        assert_eq!(
            scratch.files(),
            ["links.tsv"],
            "{program} left a temporary file"
        );
    }
}

#[test]
fn bad_flags_are_usage_errors() {
    for (program, argv) in every_program(WORKLOAD) {
        for args in [
            &["--concurrency", "0", "--out", "x"][..],
            &["--pages", "0", "--out", "x"],
            &["--pages", "1000001", "--out", "x"],
            &["--concurrency", "100001", "--out", "x"],
            &["--max-pages", "0", "--out", "x"],
            &["--max-pages", "2000001", "--out", "x"],
            &["--max-pages", "1_0", "--out", "x"],
            &["--max-pages", "5", "--max-pages", "6", "--out", "x"],
            &["--concurrency", "4"],
        ] {
            let out = run_argv(&argv, args, RUN_TIMEOUT);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{program} {args:?}: {}",
                out.stderr
            );
        }
    }
}

#[test]
fn an_out_that_is_not_a_regular_file_is_refused_and_left_as_it_is() {
    // A listener that counts connections stands in for the site: nothing may reach it.
    let site = Rogue::start(Misbehaviour::ShortBody);
    let scratch = Scratch::new("special");
    let fifo = scratch.file("a-fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for (program, argv) in every_program(WORKLOAD) {
        // A FIFO nobody reads would hang a writer; a device would be replaced by the rename.
        for out_file in [fifo.as_str(), "/dev/null"] {
            let out = run_argv(&argv, &["--url", &site.url, "--out", out_file], RUN_TIMEOUT);
            assert!(!out.status.success(), "{program} wrote to {out_file}");
            assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
            assert!(
                out.stderr.contains("not a regular file"),
                "{program}: {}",
                out.stderr
            );
        }
    }
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(&fifo)
        .expect("the FIFO is still there")
        .file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced");
    let null = std::fs::metadata("/dev/null")
        .expect("/dev/null")
        .file_type();
    assert!(null.is_char_device(), "/dev/null is no longer a device");
    assert_eq!(
        site.accepted(),
        0,
        "a program connected before checking its --out"
    );
    assert_eq!(scratch.files(), ["a-fifo"], "a temporary file was left");
}

#[test]
fn a_long_name_and_a_link_are_written_where_they_lead() {
    let site = Site::start(1);
    let scratch = Scratch::new("names");
    // 244 bytes: a valid name (NAME_MAX is 255) with no room for a suffix of its own.
    let long = scratch.file(&format!("{}.tsv", "l".repeat(240)));
    let target = scratch.file("target.tsv");
    let link = scratch.file("link.tsv");
    std::os::unix::fs::symlink(&target, &link).expect("a symbolic link");
    let small = ["--url", &site.url, "--pages", "10"];
    for (program, argv) in every_program(WORKLOAD) {
        for out_file in [&long, &link] {
            let _ = std::fs::remove_file(&target);
            let mut args = small.to_vec();
            args.extend_from_slice(&["--out", out_file]);
            let out = run_argv(&argv, &args, RUN_TIMEOUT);
            assert!(
                out.status.success(),
                "{program} --out {out_file}: {}",
                out.stderr
            );
        }
        let kind = std::fs::symlink_metadata(&link)
            .expect("the link")
            .file_type();
        assert!(kind.is_symlink(), "{program} replaced the link with a file");
        assert!(
            std::fs::metadata(&target).is_ok_and(|m| m.len() > 0),
            "{program} did not write through the link"
        );
    }
    let mut left = scratch.files();
    left.retain(|name| name.ends_with(".partial"));
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn a_crawl_stopped_by_a_signal_removes_its_temporary_file() {
    // The children start with SIGINT's default disposition, whatever this test inherited: run
    // as a background job or under `nohup`, it would hand them an ignored SIGINT, which the
    // next test is about.
    stopped_by(&["INT", "TERM"], "--default-signal=INT", "signalled");
}

#[test]
fn a_crawl_started_with_sigint_ignored_still_stops_on_it() {
    // A program that promises to stop on SIGINT installs its handler even where SIGINT came
    // in ignored: CPython keeps an ignored SIGINT ignored, and the Python rows left it so
    // (`make test` started with SIGINT ignored failed on crawl-python-sequential).
    stopped_by(&["INT"], "--ignore-signal=INT", "sigint-ignored");
}

/// Starts every crawl program with SIGINT's disposition set by `env`'s `disposition` flag,
/// stops it with each of `stops` a second in, and checks it ended, unsuccessfully, leaving no
/// file behind.
fn stopped_by(stops: &[&str], disposition: &str, test: &str) {
    let scratch = Scratch::new(test);
    let out_file = scratch.file("links.tsv");
    for (program, argv) in every_program(WORKLOAD) {
        for &stop in stops {
            // 1,343 pages at 10 in flight and 20 ms each: about three seconds, stopped after one.
            let site = Site::start(20);
            // `env` execs the program: the pid signalled is the program's.
            let mut child = std::process::Command::new("env")
                .arg(disposition)
                .args(&argv)
                .args(["--url", &site.url, "--out", &out_file])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("the crawl starts");
            // Signalled once its temporary file is there, so after its handlers are in place:
            // a SIGINT that comes in ignored is lost until then (a loaded machine takes
            // seconds to import a Python row's libraries).
            let deadline = std::time::Instant::now() + RUN_TIMEOUT;
            while !scratch.files().iter().any(|f| f.ends_with(".partial")) {
                assert!(
                    std::time::Instant::now() < deadline,
                    "{program} made no temporary file"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            std::thread::sleep(Duration::from_millis(200));
            signal(child.id(), stop);
            let started = std::time::Instant::now();
            let status = loop {
                if let Some(status) = child.try_wait().expect("a status") {
                    break status;
                }
                if started.elapsed() > RUN_TIMEOUT {
                    let _ = child.kill();
                    panic!("{program} went on after SIG{stop}");
                }
                std::thread::sleep(Duration::from_millis(10));
            };
            assert!(!status.success(), "{program} succeeded after SIG{stop}");
            // Its worker processes, if it has any, go with it; give them a moment.
            std::thread::sleep(Duration::from_millis(200));
            let left = scratch.files();
            assert!(left.is_empty(), "{program} after SIG{stop} left {left:?}");
        }
    }
}

/// A server of the test's own on loopback: answers every GET, keep-alive, with what `answer`
/// gives for its path, a status and a body; it stops when dropped.
struct Hostile {
    url: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Hostile {
    fn start(answer: fn(&str) -> (u16, String)) -> Hostile {
        use std::sync::atomic::{AtomicBool, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.set_nonblocking(true).expect("non-blocking accept");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        std::thread::spawn(move || serve(stream, answer));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Hostile { url, stop }
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Answers the requests on one connection until the client goes away.
fn serve(stream: std::net::TcpStream, answer: fn(&str) -> (u16, String)) {
    use std::io::{BufRead, BufReader, Write};
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
    let mut writer = stream;
    loop {
        let mut request = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" || line == "\n" => break,
                Ok(_) if request.is_empty() => request = line.clone(),
                Ok(_) => {}
            }
        }
        let path = request.split(' ').nth(1).unwrap_or("/").to_string();
        let (status, body) = answer(&path);
        let reason = if status == 200 { "OK" } else { "Not Found" };
        // One write: a head and a body written apart wait out Nagle and a delayed ACK.
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// Page n of a graph with no end: it links to pages 2n + 1 and 2n + 2, under the graph's own
/// prefix, so every page leads to two new ones for ever.
fn endless(path: &str) -> (u16, String) {
    let n: u128 = path
        .rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".html"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let body = format!(
        "<html><body><a href=\"{}.html\">a</a> <a href=\"{}.html\">b</a></body></html>",
        2 * n + 1,
        2 * n + 2
    );
    (200, body)
}

/// Runs every crawl program against `server` with `extra` flags, and checks each failed with
/// one line, printed no result and left no file; returns (program, stderr, wall time).
fn every_crawl_fails(server: &Hostile, extra: &[&str]) -> Vec<(String, String, Duration)> {
    let scratch = Scratch::new("hostile");
    let out_file = scratch.file("links.tsv");
    let mut outcomes = Vec::new();
    for (program, argv) in every_program(WORKLOAD) {
        let mut args = vec!["--url", &server.url, "--out", &out_file];
        args.extend_from_slice(extra);
        let out = run_argv(&argv, &args, RUN_TIMEOUT);
        assert!(!out.status.success(), "{program} succeeded: {}", out.stdout);
        assert!(out.stdout.is_empty(), "{program}: {}", out.stdout);
        assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
        assert!(
            scratch.files().is_empty(),
            "{program} left {:?}",
            scratch.files()
        );
        outcomes.push((program, out.stderr, out.elapsed));
    }
    outcomes
}

#[test]
fn a_missing_root_is_an_error_naming_it() {
    let server = Hostile::start(|_| (404, "no such page".into()));
    for (program, stderr, _) in every_crawl_fails(&server, &["--pages", "50"]) {
        let root = format!("{}/web/50/0.html", server.url);
        assert!(
            stderr.contains(&root),
            "{program} does not name {root}: {stderr}"
        );
    }
}

#[test]
fn a_site_whose_links_never_end_stops_the_crawl_at_its_bound_quickly() {
    let server = Hostile::start(endless);
    // The default bound is twice --pages; a bound given is the bound named.
    for (extra, bound) in [
        (&["--pages", "50"][..], "100"),
        (&["--max-pages", "30"], "30"),
    ] {
        for (program, stderr, elapsed) in every_crawl_fails(&server, extra) {
            assert!(
                stderr.contains(&format!("more than {bound} pages"))
                    && stderr.contains("--max-pages"),
                "{program} {extra:?} does not name the bound: {stderr}"
            );
            assert!(
                elapsed < Duration::from_secs(10),
                "{program} {extra:?} took {elapsed:?} to stop"
            );
        }
    }
}
