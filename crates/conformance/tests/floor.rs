//! The bench's own client, whose cost is the download's floor: it does the same work as every
//! row (its tally is checked against the expected line), and fails, never hangs, on a server
//! that misbehaves.

use bench::measure::floor;
use conformance::{Misbehaviour, Rogue, Site};
use workloads::site::SiteUrl;

fn url(text: &str) -> SiteUrl {
    text.parse().expect("a loopback URL")
}

#[test]
fn the_floor_client_makes_every_request_and_counts_the_site() {
    let site = Site::start(20);
    // 300 GETs, 100 lanes: three round trips each, so at least 60 ms.
    let cost = floor::run(&url(&site.url), site.pid(), 300, 100, 2).expect("the floor runs");
    assert!(cost.wall >= 0.06, "{cost:?}");
    assert!(cost.cpu >= 0.0 && cost.cpu < cost.wall * 4.0, "{cost:?}");
    // More lanes than requests, and one thread: still every request once.
    floor::run(&url(&site.url), site.pid(), 3, 10, 1).expect("three requests, one thread");
    let (seconds, best) = floor::measure(&url(&site.url), site.pid(), 40, 40, 2, None).unwrap();
    assert!(
        (seconds - best.cpu / 2.0).abs() < 1e-9,
        "{seconds} {best:?}"
    );
}

#[test]
fn the_floor_client_fails_on_a_server_that_misbehaves() {
    let site = Site::start(0);
    // What each says: the extra bytes of a longer body come in the response's read, or in a
    // later one, where they are a 100-byte page.
    let cases: [(Misbehaviour, &[&str]); 4] = [
        (
            Misbehaviour::ShortBody,
            &["closed a connection mid-response"],
        ),
        (
            Misbehaviour::LongerThanDeclared,
            &["past a response", "100 bytes"],
        ),
        (
            Misbehaviour::Redirect("http://127.0.0.1:9/".into()),
            &["302"],
        ),
        (
            Misbehaviour::Endless { limit: 1 << 20 },
            &["Content-Length"],
        ),
    ];
    for (misbehaviour, says) in cases {
        let rogue = Rogue::start(misbehaviour);
        // The site's pid only stands for "a process whose CPU time counts".
        let error = floor::run(&url(&rogue.url), site.pid(), 4, 2, 1).unwrap_err();
        let error = format!("{error:#}");
        assert!(error.contains("GET /"), "no page named: {error}");
        assert!(
            says.iter().any(|s| error.contains(s)),
            "{says:?} not in: {error}"
        );
    }
}

#[test]
fn the_floor_client_fails_at_once_where_nothing_listens() {
    let site = Site::start(0);
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let started = std::time::Instant::now();
    let error = floor::run(
        &url(&format!("http://127.0.0.1:{port}")),
        site.pid(),
        4,
        2,
        1,
    );
    let error = format!("{:#}", error.unwrap_err());
    assert!(error.contains("cannot connect"), "{error}");
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn bench_floor_stopped_by_a_signal_leaves_no_site_log() {
    // SIGKILL too: the log is unlinked as soon as the site has it open, where it was removed
    // on the way out, which a SIGKILL skips (the log stayed in the temporary folder).
    use std::time::{Duration, Instant};
    let bench = conformance::program("bench");
    let bin = bench.parent().expect("the programs' folder").to_path_buf();
    for stop in ["TERM", "INT", "KILL"] {
        let mut child = std::process::Command::new(&bench)
            .args(["floor", "--requests", "100000", "--concurrency", "10"])
            .args(["--latency-ms", "50", "--bin"])
            .arg(&bin)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("bench floor starts");
        let log = std::env::temp_dir().join(format!("bench-floor-site-{}.log", child.id()));
        // Measuring: the site has started (a child of its own), and the client is at work.
        let children = format!("/proc/{0}/task/{0}/children", child.id());
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::fs::read_to_string(&children)
            .unwrap_or_default()
            .trim()
            .is_empty()
        {
            assert!(Instant::now() < deadline, "the site never started");
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(1000));
        conformance::signal(child.id(), stop);
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = child.try_wait().expect("a status") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("bench floor went on after SIG{stop}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(!status.success(), "SIG{stop}: bench floor claims success");
        assert!(
            !log.exists(),
            "SIG{stop}: {} was left behind",
            log.display()
        );
    }
}
