//! The floor under the download rows: what this machine's cores need to serve the exchange.
//!
//! At thousands of connections the latency ideal (`ceil(N / C) × latency`) is no longer the
//! bound: the two cores are, and they serve the site as well as the client. So the bench runs
//! the same exchange itself, with the leanest client it can write, and counts the CPU time the
//! site and that client spend on it. Spread over every core, that CPU time is the shortest wall
//! time the exchange can take on this machine: the **floor**.
//!
//! The client is a bare event loop, one per core, over non-blocking sockets (mio on epoll, as
//! wrk is a loop on epoll): each lane opens one connection and makes its requests on it back
//! to back, exactly as every row does; no tasks, no wakers, no allocation a request (but for a
//! response that comes in pieces), bytes read into one buffer a thread and handed to the same
//! [`Tally`] as every row. Its result is
//! checked against the expected line like any row's, so the floor is a run that did the work.

use anyhow::{Context, bail, ensure};
use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};
use std::io::{ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use workloads::download::{self, MAX_BODY, PAGES, REQUEST_TIMEOUT, Tally};
use workloads::site::SiteUrl;

/// Runs at each point, the least CPU time of which is the floor: the first run also warms
/// the site (its allocator, its timer wheel) as a row's check run does before it is timed.
const RUNS: usize = 3;

/// How long the loop waits for events before it looks for a stop signal.
const WAKE: Duration = Duration::from_millis(100);

/// What one run of the exchange cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    /// The client's and the site's CPU time, user + system, in seconds.
    pub cpu: f64,
    /// The client's wall time, in seconds.
    pub wall: f64,
}

/// The floor at `requests` GETs with `concurrency` in flight: the least CPU time of
/// [`RUNS`] runs, divided by `cores`, and that run's cost. `site_pid` is the site's process,
/// whose CPU time counts; each run starts after `settle`, as the rows' runs do.
pub fn measure(
    url: &SiteUrl,
    site_pid: u32,
    requests: usize,
    concurrency: usize,
    cores: usize,
    settle: Option<Duration>,
) -> anyhow::Result<(f64, Cost)> {
    let costs = runs(url, site_pid, requests, concurrency, cores, settle)?;
    let best = costs
        .into_iter()
        .min_by(|a, b| a.cpu.total_cmp(&b.cpu))
        .expect("RUNS is at least one");
    Ok((best.cpu / cores as f64, best))
}

/// [`RUNS`] runs, each after `settle` (the rows' runs at the point get the same pause:
/// `crate::ports`), and what each cost.
pub fn runs(
    url: &SiteUrl,
    site_pid: u32,
    requests: usize,
    concurrency: usize,
    cores: usize,
    settle: Option<Duration>,
) -> anyhow::Result<Vec<Cost>> {
    (0..RUNS)
        .map(|_| {
            std::thread::sleep(settle.unwrap_or_default());
            crate::supervise::check()?;
            run(url, site_pid, requests, concurrency, cores)
        })
        .collect()
}

/// One run: the exchange on `cores` threads, its result checked, its cost counted.
pub fn run(
    url: &SiteUrl,
    site_pid: u32,
    requests: usize,
    concurrency: usize,
    cores: usize,
) -> anyhow::Result<Cost> {
    let address = *url
        .socket_addrs()?
        .first()
        .context("the site's URL has no address")?;
    let heads =
        PAGES.map(|path| format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", url.authority()));
    let lanes = concurrency.min(requests);
    let expected = download::expected(requests);
    let site = site_pid.to_string();
    let (client_before, site_before) = (
        crate::measure::load::cpu_ticks("self")?,
        crate::measure::load::cpu_ticks(&site)?,
    );
    let started = Instant::now();
    let tallies: Vec<anyhow::Result<Tally>> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..cores.min(lanes))
            .map(|thread| {
                let heads = &heads;
                let mine: Vec<usize> = (thread..lanes).step_by(cores).collect();
                scope.spawn(move || EventLoop::new(address, heads, requests, lanes)?.run(&mine))
            })
            .collect();
        threads
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap_or_else(|_| bail!("a floor thread panicked"))
            })
            .collect()
    });
    let wall = started.elapsed().as_secs_f64();
    let (client_after, site_after) = (
        crate::measure::load::cpu_ticks("self")?,
        crate::measure::load::cpu_ticks(&site)?,
    );
    let (cpu_before, cpu_after) = (client_before + site_before, client_after + site_after);
    let tally = tallies
        .into_iter()
        .try_fold(Tally::default(), |all, t| anyhow::Ok(all.merge(t?)))?;
    ensure!(
        tally == expected,
        "the floor's own client got {tally}, where the pages make {expected}"
    );
    let ticks = cpu_after.saturating_sub(cpu_before);
    Ok(Cost {
        cpu: ticks as f64 / crate::measure::load::TICKS_PER_SECOND,
        wall,
    })
}

/// Where a connection is in its lane.
enum State {
    /// Connecting, or writing the request head (`written` bytes of it sent so far).
    Sending { written: usize },
    /// Waiting for the response; `pending` holds what arrived of it while it is incomplete.
    Receiving,
}

/// One lane: its connection and its requests.
struct Lane {
    stream: TcpStream,
    /// The request it is on (an index into the run's N), and the last it makes.
    request: usize,
    state: State,
    connected: bool,
    /// A response's bytes so far, when it came in more than one read.
    pending: Vec<u8>,
}

/// One thread's loop over its lanes.
struct EventLoop<'a> {
    poll: Poll,
    address: SocketAddr,
    heads: &'a [String; 2],
    requests: usize,
    lanes: usize,
    /// What every read lands in: one buffer a thread, not one a connection.
    buffer: Vec<u8>,
    tally: Tally,
}

impl<'a> EventLoop<'a> {
    fn new(
        address: SocketAddr,
        heads: &'a [String; 2],
        requests: usize,
        lanes: usize,
    ) -> anyhow::Result<Self> {
        Ok(EventLoop {
            poll: Poll::new().context("cannot create an epoll instance")?,
            address,
            heads,
            requests,
            lanes,
            buffer: vec![0; 64 * 1024],
            tally: Tally::default(),
        })
    }

    /// Opens every lane's connection, then serves events until every lane is done.
    fn run(mut self, mine: &[usize]) -> anyhow::Result<Tally> {
        let mut lanes: Vec<Option<Lane>> = Vec::with_capacity(mine.len());
        for (token, &lane) in mine.iter().enumerate() {
            let mut stream = TcpStream::connect(self.address)
                .with_context(|| format!("cannot connect to {}", self.address))?;
            let interest = Interest::READABLE | Interest::WRITABLE;
            self.poll
                .registry()
                .register(&mut stream, Token(token), interest)?;
            lanes.push(Some(Lane {
                stream,
                request: lane,
                state: State::Sending { written: 0 },
                connected: false,
                pending: Vec::new(),
            }));
        }
        let mut open = lanes.len();
        let mut events = Events::with_capacity(1024);
        let mut last_event = Instant::now();
        while open > 0 {
            // Short waits, so that a stop signal to the bench ends the floor at once too.
            crate::supervise::check()?;
            self.poll.poll(&mut events, Some(WAKE))?;
            if events.is_empty() {
                if last_event.elapsed() >= REQUEST_TIMEOUT {
                    bail!(
                        "the site sent nothing for {REQUEST_TIMEOUT:?}: {open} lanes were waiting"
                    );
                }
                continue;
            }
            last_event = Instant::now();
            for event in &events {
                let slot = &mut lanes[event.token().0];
                let Some(lane) = slot.as_mut() else { continue };
                let page = PAGES[lane.request % PAGES.len()];
                let done = self.serve(lane).with_context(|| format!("GET {page}"))?;
                if done {
                    self.poll.registry().deregister(&mut lane.stream)?;
                    *slot = None; // closes the connection
                    open -= 1;
                }
            }
        }
        Ok(self.tally)
    }

    /// Moves a lane on as far as its socket allows; true when it made its last request.
    fn serve(&mut self, lane: &mut Lane) -> anyhow::Result<bool> {
        if !lane.connected {
            if let Some(error) = lane.stream.take_error()? {
                bail!("cannot connect to {}: {error}", self.address);
            }
            match lane.stream.peer_addr() {
                Ok(_) => lane.connected = true,
                Err(e) if e.kind() == ErrorKind::NotConnected => return Ok(false),
                Err(e) => bail!("cannot connect to {}: {e}", self.address),
            }
        }
        loop {
            match lane.state {
                State::Sending { written } => {
                    let head = self.heads[lane.request % PAGES.len()].as_bytes();
                    match lane.stream.write(&head[written..]) {
                        Ok(n) if written + n == head.len() => lane.state = State::Receiving,
                        Ok(n) => {
                            lane.state = State::Sending {
                                written: written + n,
                            }
                        }
                        Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                        Err(e) if e.kind() == ErrorKind::Interrupted => {}
                        Err(e) => return Err(e).context("cannot send a request"),
                    }
                }
                State::Receiving => {
                    let n = match lane.stream.read(&mut self.buffer) {
                        Ok(0) => bail!("the site closed a connection mid-response"),
                        Ok(n) => n,
                        Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                        Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e).context("cannot read a response"),
                    };
                    if !self.received(lane, n)? {
                        continue;
                    }
                    lane.request += self.lanes;
                    if lane.request >= self.requests {
                        return Ok(true);
                    }
                    lane.state = State::Sending { written: 0 };
                }
            }
        }
    }

    /// Takes `n` more bytes of a lane's response (in the buffer); true when it was complete and
    /// is counted.
    fn received(&mut self, lane: &mut Lane, n: usize) -> anyhow::Result<bool> {
        // The common case, a response in one read, is parsed where it landed: no copy.
        let bytes: &[u8] = if lane.pending.is_empty() {
            &self.buffer[..n]
        } else {
            lane.pending.extend_from_slice(&self.buffer[..n]);
            &lane.pending
        };
        let Some(length) = response_length(bytes)? else {
            if lane.pending.is_empty() {
                lane.pending.extend_from_slice(&self.buffer[..n]);
            }
            return Ok(false);
        };
        ensure!(
            bytes.len() == length.head + length.body,
            "the site sent {} bytes past a response",
            bytes.len().saturating_sub(length.head + length.body)
        );
        let body = &bytes[length.head..];
        self.tally.add(lane.request, body)?;
        lane.pending.clear();
        Ok(true)
    }
}

/// A response's head and body lengths.
struct Length {
    head: usize,
    body: usize,
}

/// The lengths of the response `bytes` starts, once all of it has arrived; `None` before.
fn response_length(bytes: &[u8]) -> anyhow::Result<Option<Length>> {
    let mut headers = [httparse::EMPTY_HEADER; 16];
    let mut response = httparse::Response::new(&mut headers);
    let head = match response.parse(bytes).context("a malformed response head")? {
        httparse::Status::Complete(head) => head,
        httparse::Status::Partial => return Ok(None),
    };
    let status = response.code.unwrap_or_default();
    ensure!(status == 200, "status {status}");
    let length = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        .context("a response without Content-Length")?;
    let body: usize = std::str::from_utf8(length.value)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .context("a Content-Length that is not a number")?;
    ensure!(
        body <= MAX_BODY,
        "a body of {body} bytes (at most {MAX_BODY})"
    );
    Ok((bytes.len() >= head + body).then_some(Length { head, body }))
}
