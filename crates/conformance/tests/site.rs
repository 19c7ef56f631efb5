//! The site behaves like a web server a client can rely on.

use conformance::{Site, run, signal};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use workloads::pages;

/// Sends one raw request on `stream` and reads one response: the status line and the body.
fn exchange(stream: &mut TcpStream, request: &str) -> (String, Vec<u8>) {
    stream.write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        if header.trim().is_empty() {
            break;
        }
        if let Some(value) = header.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status.trim().to_string(), body)
}

fn connect(site: &Site) -> TcpStream {
    let stream = TcpStream::connect(site.authority()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: site\r\n\r\n")
}

#[test]
fn serves_each_page_whole_on_one_kept_alive_connection() {
    let site = Site::start(1);
    let mut stream = connect(&site);
    for path in [pages::JYTHON, pages::DICE, pages::JYTHON, pages::DICE] {
        let (status, body) = exchange(&mut stream, &get(path));
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(body, pages::body(path).unwrap(), "{path}");
    }
}

#[test]
fn answers_health_unknown_paths_and_other_methods() {
    let site = Site::start(1);
    let mut stream = connect(&site);
    assert_eq!(
        exchange(&mut stream, &get("/health")),
        ("HTTP/1.1 200 OK".into(), b"ok\n".to_vec())
    );
    assert_eq!(
        exchange(&mut stream, &get("/nowhere")).0,
        "HTTP/1.1 404 Not Found"
    );
    let post = "POST /dice HTTP/1.1\r\nHost: site\r\nContent-Length: 0\r\n\r\n";
    assert_eq!(
        exchange(&mut stream, post).0,
        "HTTP/1.1 405 Method Not Allowed"
    );
}

#[test]
fn a_malformed_request_gets_a_400_and_the_site_keeps_serving() {
    let site = Site::start(1);
    let mut garbage = connect(&site);
    let (status, _) = exchange(&mut garbage, "NOT HTTP AT ALL\r\n\r\n");
    assert!(status.starts_with("HTTP/1.1 400"), "{status}");
    let mut stream = connect(&site);
    assert_eq!(exchange(&mut stream, &get("/health")).0, "HTTP/1.1 200 OK");
}

#[test]
fn holds_ten_thousand_connections_at_once() {
    const CONNECTIONS: usize = 10_000;
    // This test process needs a descriptor per connection too.
    let limit = rlimit::increase_nofile_limit(u64::MAX).unwrap();
    assert!(
        limit > CONNECTIONS as u64 + 100,
        "open-file limit {limit}: raise `ulimit -Hn`"
    );
    let site = Site::start(0);
    let mut streams: Vec<TcpStream> = (0..CONNECTIONS).map(|_| connect(&site)).collect();
    // Every connection is open before any is used; each then gets an answer.
    for stream in &mut streams {
        assert_eq!(exchange(stream, &get("/health")).0, "HTTP/1.1 200 OK");
    }
}

#[test]
fn stops_cleanly_on_sigterm_and_sigint() {
    for name in ["TERM", "INT"] {
        let site = Site::start(1);
        signal(site.pid(), name);
        let status = site
            .wait_exit(Duration::from_secs(5))
            .expect("the site exits");
        assert!(status.success(), "SIG{name}: {status}");
    }
}

#[test]
fn bad_flags_and_a_taken_port_are_errors() {
    let out = run("site", &["--latency-ms", "soon"]);
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = run("site", &["--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.contains("cannot listen"), "{}", out.stderr);
}

/// Reads one response to a GET of `path` on `stream`, whole, and returns its `Connection`
/// header, lowercased (empty when it has none).
fn connection_header(stream: &mut TcpStream, path: &str) -> String {
    stream.write_all(get(path).as_bytes()).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let (mut length, mut connection) = (0, String::new());
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        let header = header.trim().to_ascii_lowercase();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap();
        }
        if let Some(value) = header.strip_prefix("connection:") {
            connection = value.trim().to_string();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    connection
}

/// Whether the site has closed `stream`: a read (waiting up to its timeout) meets the end.
fn closed(stream: &mut TcpStream) -> bool {
    matches!(stream.read(&mut [0]), Ok(0))
}

#[test]
fn closes_connections_when_told_as_production_servers_do() {
    // The N-th response says `Connection: close`, and then the connection ends.
    for (flags, n) in [
        (&["--requests-per-connection", "3"][..], 3),
        (&["--close"], 1),
    ] {
        let site = Site::start_with(0, flags);
        let mut stream = connect(&site);
        for i in 1..=n {
            let said = connection_header(&mut stream, pages::DICE);
            assert_eq!(
                said == "close",
                i == n,
                "{flags:?}: response {i} said {said:?}"
            );
        }
        assert!(closed(&mut stream), "{flags:?}: still open after {n}");
    }
    // Idle past the timeout after a response: closed, with nothing sent. Before its first
    // request a connection may wait longer.
    let site = Site::start_with(0, &["--idle-timeout-ms", "100"]);
    let mut stream = connect(&site);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(connection_header(&mut stream, pages::DICE), "");
    let served = std::time::Instant::now();
    assert!(closed(&mut stream), "an idle connection was kept");
    let idle = served.elapsed();
    assert!(idle >= Duration::from_millis(90), "closed after {idle:?}");
    assert!(idle < Duration::from_secs(5), "closed after {idle:?}");
    for bad in [
        &["--close", "--requests-per-connection", "2"][..],
        &["--requests-per-connection", "0"],
        &["--idle-timeout-ms", "0"],
    ] {
        let out = run("site", bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", out.stderr);
    }
}
