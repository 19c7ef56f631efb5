//! Test support for running the workspace's built programs: where they are, a site that is
//! stopped when the test ends, and a run that is killed rather than allowed to hang.
//!
//! The programs are separate packages, so Cargo does not build them for this crate's tests:
//! `make test` builds every binary first, and [`program`] says so when one is missing.

use bench::python::Python;
use bench::registry::{Interpreter, Language, Workload};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How long any one program run in a test may take before it counts as hung and is killed.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(30);

/// The Rust programs of `workload`, from the bench's registry: `download-sequential`,
/// `download-threads`... (control rows included).
pub fn programs(workload: &str) -> Vec<String> {
    bench::registry::Workload::named(workload)
        .unwrap_or_else(|| panic!("no workload {workload} in the registry"))
        .rust_programs()
}

/// Fails unless `table` names every workload of the registry, in its order: a test that holds
/// each workload to a contract through a table of its own flags says so when a new workload
/// is missing from it, rather than leaving it out in silence.
pub fn assert_every_workload<'a>(table: impl IntoIterator<Item = &'a str>, what: &str) {
    let named: Vec<&str> = table.into_iter().collect();
    let registry: Vec<&str> = bench::registry::WORKLOADS.iter().map(|w| w.name).collect();
    assert_eq!(
        named, registry,
        "{what}: a workload of the registry is missing"
    );
}

/// The Python rows' virtual environment, made on first use from the lock file (as `make bench`
/// makes it). Where there is none to be had, says why on stderr and returns `None`, unless
/// `REQUIRE_PYTHON` is set (CI sets it): then the missing Python fails the test.
pub fn python() -> Option<&'static Python> {
    static PYTHON: OnceLock<Option<Python>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            match bench::python::setup(&root.join("python"), &root.join(".tools")) {
                Ok(python) => Some(python),
                Err(why) if std::env::var_os("REQUIRE_PYTHON").is_some() => {
                    panic!("REQUIRE_PYTHON is set and there is no Python: {why:#}")
                }
                Err(why) => {
                    eprintln!("python: the Python rows' tests are skipped: {why:#}");
                    None
                }
            }
        })
        .as_ref()
}

/// The free-threaded rows' environment (`python-sequential-ft`, `python-threading-ft`), made
/// on first use where a free-threaded CPython is found (`make python-free-threaded` builds
/// one; nothing here builds it). Where there is none, says why on stderr and returns `None`,
/// unless `REQUIRE_PYTHON_FREE_THREADED` is set: then the missing interpreter fails the test.
pub fn python_free_threaded() -> Option<&'static Python> {
    static PYTHON: OnceLock<Option<Python>> = OnceLock::new();
    optional_python(
        &PYTHON,
        bench::python::setup_free_threaded,
        "REQUIRE_PYTHON_FREE_THREADED",
        "the free-threaded rows' tests",
    )
}

/// The interpreter-pool row's environment (`python-interpreters`), as
/// [`python_free_threaded`]; `REQUIRE_PYTHON_INTERPRETERS` makes a missing one a failure.
pub fn python_interpreters() -> Option<&'static Python> {
    static PYTHON: OnceLock<Option<Python>> = OnceLock::new();
    optional_python(
        &PYTHON,
        bench::python::setup_interpreters,
        "REQUIRE_PYTHON_INTERPRETERS",
        "the interpreter-pool row's tests",
    )
}

/// An interpreter the tests may do without: made once by `setup` (from the programs' and the
/// tools' folders); where it cannot be, its tests are skipped with one line, or fail when
/// `require` is set in the environment.
fn optional_python<E: std::fmt::Display>(
    cell: &'static OnceLock<Option<Python>>,
    setup: fn(&Path, &Path) -> Result<Python, E>,
    require: &str,
    what: &str,
) -> Option<&'static Python> {
    cell.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        match setup(&root.join("python"), &root.join(".tools")) {
            Ok(python) => Some(python),
            Err(why) if std::env::var_os(require).is_some() => {
                panic!("{require} is set and there is none: {why:#}")
            }
            Err(why) => {
                eprintln!("python: {what} are skipped: {why:#}");
                None
            }
        }
    })
    .as_ref()
}

/// The Python programs of `workload`, by name, each with the command line that runs it; empty
/// where there is no Python (see [`python`]). The free-threaded rows are among them where
/// there is a free-threaded CPython ([`python_free_threaded`]) and their script's imports load
/// on it with the GIL off; a row left out says why on stderr.
pub fn python_programs(workload: &str) -> Vec<(String, Vec<String>)> {
    let workload = Workload::named(workload).expect("a workload in the registry");
    let mut programs = Vec::new();
    for row in workload.rows {
        let script = match row.script(workload) {
            Some(script) if row.language() == Language::Python => script,
            _ => continue,
        };
        let program = row.program(workload);
        let interpreter = row.model.interpreter();
        if interpreter != Some(Interpreter::Default) {
            let free = interpreter == Some(Interpreter::FreeThreaded);
            let python = match free {
                true => python_free_threaded(),
                false => python_interpreters(),
            };
            let Some(python) = python else {
                continue;
            };
            match python.fit_for(&script, free) {
                Ok(()) => programs.push((program, python.argv(&script))),
                Err(why) => eprintln!("python: {program} is skipped: {why}"),
            }
        } else if let Some(python) = python() {
            programs.push((program, python.argv(&script)));
        }
    }
    programs
}

/// The name `program`'s result line starts with: its own, or for a free-threaded row its
/// twin's, whose script it runs unchanged (`fib-python-threading` for
/// `fib-python-threading-ft`).
pub fn prints(workload: &str, program: &str) -> String {
    let workload = Workload::named(workload).expect("a workload in the registry");
    let row = (workload.rows.iter())
        .find(|r| r.program(workload) == program)
        .unwrap_or_else(|| panic!("no row {program} in the registry"));
    row.prints(workload)
}

/// Every program of `workload`, Rust and (where there is Python) Python, each with the command
/// line that runs it: for tests that hold every row of a workload to the same contract.
pub fn every_program(workload: &str) -> Vec<(String, Vec<String>)> {
    let rust = programs(workload).into_iter().map(|name| {
        let argv = vec![program(&name).display().to_string()];
        (name, argv)
    });
    rust.chain(python_programs(workload)).collect()
}

/// Runs a command line (a program and its leading arguments) with `args`, as [`run_for`] runs
/// a workspace program.
pub fn run_argv(argv: &[String], args: &[&str], limit: Duration) -> Outcome {
    let mut command = Command::new(&argv[0]);
    command.args(&argv[1..]).args(args);
    finish(command, &format!("{argv:?} {args:?}"), limit)
}

/// Asserts that the command line `argv` (a workspace binary, or an interpreter and a Python
/// script) refuses `args` as a usage error: exit 2, an `error:` on stderr, nothing on stdout.
pub fn assert_refused(program: &str, argv: &[String], args: &[&str]) {
    assert_usage_error(program, args, &run_argv(argv, args, RUN_TIMEOUT));
}

/// Asserts that every program rejects every one of `bad` with clap's usage error: as
/// [`assert_refused`], and clap's `error:` first on stderr.
pub fn assert_usage_errors(programs: &[String], bad: &[&[&str]]) {
    for program in programs {
        for args in bad {
            let out = run(program, args);
            assert_usage_error(program, args, &out);
            assert!(
                out.stderr.starts_with("error:"),
                "{program} {args:?}: {}",
                out.stderr
            );
        }
    }
}

/// A usage error: exit 2, an `error:` on stderr, nothing on stdout.
fn assert_usage_error(program: &str, args: &[&str], out: &Outcome) {
    assert_eq!(
        out.status.code(),
        Some(2),
        "{program} {args:?}: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("error:"),
        "{program} {args:?}: {}",
        out.stderr
    );
    assert!(out.stdout.is_empty(), "{program} {args:?}: {}", out.stdout);
}

/// The path of a workspace binary in the profile this test was built in.
pub fn program(name: &str) -> PathBuf {
    // The test binary is target/<profile>/deps/<test>-<hash>; programs are in target/<profile>.
    let exe = std::env::current_exe().expect("the test knows where it runs from");
    let path = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>")
        .join(name);
    assert!(
        path.exists(),
        "{} is not built: run `make test`, or `cargo build --workspace --bins` first",
        path.display()
    );
    path
}

/// What a finished run printed and how it ended.
#[derive(Debug)]
pub struct Outcome {
    /// The exit status.
    pub status: ExitStatus,
    /// Everything printed on stdout.
    pub stdout: String,
    /// Everything printed on stderr.
    pub stderr: String,
    /// Wall time from start to exit.
    pub elapsed: Duration,
}

/// Runs a workspace program to completion; panics (after killing it) if it runs past `limit`.
pub fn run_for(name: &str, args: &[&str], limit: Duration) -> Outcome {
    let mut command = Command::new(program(name));
    command.args(args);
    finish(command, &format!("{name} {args:?}"), limit)
}

/// Runs a workspace program with at most `open_files` file descriptors (`ulimit -n`).
pub fn run_with_open_files(name: &str, args: &[&str], open_files: u32) -> Outcome {
    let mut command = Command::new("sh");
    let script = format!("ulimit -n {open_files} && exec \"$0\" \"$@\"");
    command.arg("-c").arg(script).arg(program(name)).args(args);
    finish(
        command,
        &format!("{name} {args:?} (ulimit -n {open_files})"),
        RUN_TIMEOUT,
    )
}

/// Runs `command` with no SITE_URL and no stdin, capturing its output; kills it and panics if
/// it runs past `limit`.
fn finish(mut command: Command, label: &str, limit: Duration) -> Outcome {
    let started = Instant::now();
    let child = command
        .env_remove("SITE_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {label}: {e}"));
    let pid = child.id();
    let (done, finished) = mpsc::channel();
    thread::spawn(move || done.send(child.wait_with_output()));
    let output = match finished.recv_timeout(limit) {
        Ok(output) => output.expect("waiting for a child"),
        Err(_) => {
            // Kill it so that the test run itself does not hang, then fail.
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("{label} still running after {limit:?}: it hangs");
        }
    };
    Outcome {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// [`run_for`] with [`RUN_TIMEOUT`].
pub fn run(name: &str, args: &[&str]) -> Outcome {
    run_for(name, args, RUN_TIMEOUT)
}

/// A site started on a free port for one test, killed when dropped.
pub struct Site {
    child: Child,
    /// The URL it printed, e.g. `http://127.0.0.1:40123`.
    pub url: String,
}

impl Site {
    /// Starts the site with `latency_ms` and waits for its first line, the URL; if it prints
    /// none, fails with what the site said on stderr.
    pub fn start(latency_ms: u64) -> Site {
        Site::start_with(latency_ms, &[])
    }

    /// [`start`](Self::start), with more of the site's flags (`--elsewhere <url>`).
    pub fn start_with(latency_ms: u64, flags: &[&str]) -> Site {
        let mut child = Command::new(program("site"))
            .args(["--port", "0", "--latency-ms", &latency_ms.to_string()])
            .args(flags)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start the site");
        let mut url = String::new();
        let stdout = child.stdout.take().expect("stdout is piped");
        BufReader::new(stdout)
            .read_line(&mut url)
            .expect("the site prints its URL");
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let url = url.trim().to_string();
        if !url.starts_with("http://127.0.0.1:") {
            let _ = child.kill();
            let mut said = String::new();
            let _ = stderr.read_to_string(&mut said);
            panic!("the site printed {url:?}, not its URL; on stderr: {said}");
        }
        // Its stderr is drained from here on, so that its log lines never fill the pipe.
        thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        Site { child, url }
    }

    /// `host:port`, for raw TCP tests.
    pub fn authority(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// The site's process id, to signal it.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `limit` for the site to exit by itself, and returns how it exited.
    pub fn wait_exit(mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("polling the site") {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `signal` (e.g. "TERM") to `pid` with the system's `kill`.
pub fn signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("`kill` runs");
    assert!(status.success(), "kill -{signal} {pid} failed");
}

/// How a [`Rogue`] server answers every request.
#[derive(Debug, Clone)]
pub enum Misbehaviour {
    /// `302 Found` pointing at `location`.
    Redirect(String),
    /// Declares `Content-Length: 11264`, sends 100 bytes and closes the connection.
    ShortBody,
    /// Declares `Content-Length: 100` and sends 11,264 bytes: the rest corrupts the connection.
    LongerThanDeclared,
    /// Declares `Content-Length: 11264` and sends it a byte every 100 ms: every gap is short,
    /// so a timeout between bytes never trips; only a deadline on the whole request does
    /// (bounded here: it stops after `limit` bytes or when the client goes away).
    Drip {
        /// The most bytes sent before giving up.
        limit: usize,
    },
    /// A chunked body that never ends (bounded here: it stops after `limit` bytes or when the
    /// client goes away).
    Endless {
        /// The most bytes sent before giving up, so the test itself stays bounded.
        limit: usize,
    },
}

/// A server on loopback that answers every request wrongly, in one chosen way; it counts the
/// connections it accepted, and stops when dropped.
pub struct Rogue {
    /// Its URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    accepted: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Rogue {
    /// Starts a server that answers with `misbehaviour`, and answers `/health`-less: programs
    /// reach it only through their own requests.
    pub fn start(misbehaviour: Misbehaviour) -> Rogue {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.set_nonblocking(true).expect("non-blocking accept");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let accepted = std::sync::Arc::new(AtomicUsize::new(0));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let (counter, stopped) = (accepted.clone(), stop.clone());
        thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        counter.fetch_add(1, Ordering::SeqCst);
                        let misbehaviour = misbehaviour.clone();
                        thread::spawn(move || serve_rogue(stream, &misbehaviour));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Rogue {
            url,
            accepted,
            stop,
        }
    }

    /// How many connections it accepted.
    pub fn accepted(&self) -> usize {
        self.accepted.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for Rogue {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Answers requests on one connection the rogue way until the client goes away.
fn serve_rogue(stream: std::net::TcpStream, misbehaviour: &Misbehaviour) {
    use std::io::Write;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
    let mut writer = stream;
    loop {
        // Read one request head.
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" || line == "\n" => break,
                Ok(_) => {}
            }
        }
        let page = vec![b'x'; workloads::pages::JYTHON_BYTES];
        let sent = match misbehaviour {
            Misbehaviour::Redirect(location) => write!(
                writer,
                "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
            ),
            Misbehaviour::ShortBody => {
                let _ = write!(
                    writer,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
                    page.len()
                );
                let _ = writer.write_all(&page[..100]);
                return;
            }
            Misbehaviour::LongerThanDeclared => {
                write!(writer, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
                    .and_then(|()| writer.write_all(&page))
            }
            Misbehaviour::Drip { limit } => {
                let _ = write!(
                    writer,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
                    page.len()
                );
                for _ in 0..*limit {
                    if writer
                        .write_all(b"x")
                        .and_then(|()| writer.flush())
                        .is_err()
                    {
                        return;
                    }
                    thread::sleep(Duration::from_millis(100));
                }
                return;
            }
            Misbehaviour::Endless { limit } => {
                let _ = write!(
                    writer,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                );
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = 0;
                while sent < *limit {
                    let head = format!("{:x}\r\n", chunk.len());
                    let ok = writer.write_all(head.as_bytes()).is_ok()
                        && writer.write_all(&chunk).is_ok()
                        && writer.write_all(b"\r\n").is_ok();
                    if !ok {
                        return;
                    }
                    sent += chunk.len();
                }
                return;
            }
        };
        if sent.is_err() {
            return;
        }
    }
}
