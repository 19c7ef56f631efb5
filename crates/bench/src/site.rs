//! The site, as the bench runs it: started on a free port, checked, and stopped on every way out.
//!
//! The site's stdin is a pipe the bench holds (`--watch-stdin`): when the bench exits, however
//! it exits, `kill -9` included, the pipe closes and the site stops by itself.

use anyhow::{Context, bail, ensure};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long the site may take to print its URL, and to answer its health check.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// A running site, stopped when dropped.
pub struct Site {
    child: Child,
    /// Held only to be closed: the site stops when it reaches end of file.
    _stdin: ChildStdin,
    /// Its URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
}

impl Site {
    /// Starts `bin/site` on a free port with `latency_ms`, its stderr to `log`, and waits until
    /// it answers its health check.
    pub fn start(bin: &Path, latency_ms: u64, log: &Path) -> anyhow::Result<Site> {
        Site::start_with(bin, latency_ms, log, false)
    }

    /// As [`start`](Self::start), with `log` unlinked as soon as it is open: the site writes
    /// to it and the start's error reads it back through handles, and nothing is left behind
    /// however the bench ends (`bench floor`, killed with SIGKILL, left its site's log in the
    /// temporary folder).
    pub fn start_unlinked(bin: &Path, latency_ms: u64, log: &Path) -> anyhow::Result<Site> {
        Site::start_with(bin, latency_ms, log, true)
    }

    fn start_with(bin: &Path, latency_ms: u64, log: &Path, unlink: bool) -> anyhow::Result<Site> {
        let program = bin.join("site");
        let log_file = std::fs::File::create(log)
            .with_context(|| format!("cannot create {}", log.display()))?;
        // A handle of its own to read the log back by, at its own offset, were the path gone.
        let mut reader =
            std::fs::File::open(log).with_context(|| format!("cannot read {}", log.display()))?;
        if unlink {
            std::fs::remove_file(log)
                .with_context(|| format!("cannot remove {}", log.display()))?;
        }
        let mut child = Command::new(&program)
            .args([
                "--port",
                "0",
                "--watch-stdin",
                "--latency-ms",
                &latency_ms.to_string(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("cannot start {}", program.display()))?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let mut site = Site {
            child,
            _stdin: stdin,
            url: String::new(),
        };
        let line = receiver.recv_timeout(START_TIMEOUT).unwrap_or_default();
        let mut log_text = || {
            let mut text = String::new();
            let _ = reader.read_to_string(&mut text);
            text.trim().replace('\n', "; ")
        };
        if !line.starts_with("http://") {
            bail!("the site did not start: {}", log_text());
        }
        site.url = line.trim().to_string();
        if let Err(error) = site.health() {
            let said = log_text();
            return Err(error.context(format!("the site at {} is not healthy: {said}", site.url)));
        }
        Ok(site)
    }

    /// Asks `/health` and expects 200.
    fn health(&self) -> anyhow::Result<()> {
        let authority = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(authority)?;
        stream.set_read_timeout(Some(START_TIMEOUT))?;
        write!(
            stream,
            "GET {} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n",
            workloads::site::HEALTH_PATH
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        let status = answer.lines().next().unwrap_or("nothing");
        ensure!(status.starts_with("HTTP/1.1 200"), "it answered {status:?}");
        Ok(())
    }

    /// The site's process id, for its CPU time.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
