//! The bench's children, stoppable at once.
//!
//! Every program, hyperfine call and measurement the bench starts runs in a process group of its
//! own, so that one signal reaches it and whatever it started (hyperfine's timed program, the
//! processes model's workers). On SIGINT, SIGTERM or SIGHUP a watcher thread kills the running
//! groups at once; the main thread sees its child end, finds the stop request, and unwinds
//! through its clean-up (the site stopped, the staging folder removed, `results/` untouched).
//!
//! A bench killed outright (`kill -9`) runs no clean-up, so each group is led by a small
//! supervisor, this same binary as `bench supervise -- COMMAND`: it asks Linux for a signal when
//! the bench dies, and on that signal kills its group, the command and all it started.

use anyhow::{Context, bail};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::fmt;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The signal that asked the bench to stop; 0 while none has.
static STOP: AtomicI32 = AtomicI32::new(0);
/// The process groups running now.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// The error a stopped bench unwinds with.
#[derive(Debug, Clone, Copy)]
pub struct Interrupted(pub i32);

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.0 {
            SIGINT => "SIGINT",
            SIGTERM => "SIGTERM",
            SIGHUP => "SIGHUP",
            _ => "a signal",
        };
        write!(f, "interrupted by {name}")
    }
}

impl std::error::Error for Interrupted {}

/// Starts the thread that turns SIGINT, SIGTERM and SIGHUP into a stop.
pub fn install() -> anyhow::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .context("cannot install the signal handlers")?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            STOP.store(signal, Ordering::SeqCst);
            for group in RUNNING.lock().expect("the group list").iter() {
                kill_group(*group);
            }
        }
    });
    Ok(())
}

/// An error if a stop was asked for.
pub fn check() -> Result<(), Interrupted> {
    match STOP.load(Ordering::SeqCst) {
        0 => Ok(()),
        signal => Err(Interrupted(signal)),
    }
}

/// Kills a process group outright; a group that is gone already is no error.
fn kill_group(group: u32) {
    let _ = killpg(Pid::from_raw(group as i32), Signal::SIGKILL);
}

/// Puts a started process group on the list the watcher kills (and kills it at once if a stop
/// came first); [`Registered`]'s drop takes it off and kills what is left of the group.
pub fn register(group: u32) -> Registered {
    RUNNING.lock().expect("the group list").push(group);
    if check().is_err() {
        kill_group(group);
    }
    Registered(group)
}

/// A registered process group; dropping it kills any process left in the group (a worker
/// its leader did not reap) and takes it off the list.
pub struct Registered(u32);

impl Drop for Registered {
    fn drop(&mut self) {
        kill_group(self.0);
        RUNNING
            .lock()
            .expect("the group list")
            .retain(|g| *g != self.0);
    }
}

/// The variable a supervisor finds the bench's process id in.
const BENCH_PID: &str = "BENCH_PID";

/// `program` run under a supervisor (`bench supervise -- program...`), for [`run`]. Outside
/// the bench's binary (in its own unit tests) there is no `supervise` to call: the program runs
/// as it is.
pub fn supervised(program: impl AsRef<std::ffi::OsStr>) -> anyhow::Result<Command> {
    let bench = std::env::current_exe().context("cannot find the bench's own binary")?;
    if bench.file_stem().is_none_or(|stem| stem != "bench") {
        return Ok(Command::new(program));
    }
    let mut command = Command::new(bench);
    command
        .env(BENCH_PID, std::process::id().to_string())
        .args(["supervise", "--"])
        .arg(program);
    Ok(command)
}

/// `bench supervise -- COMMAND`: runs COMMAND in this process group, and kills the whole group
/// when the bench that started it dies or a stop signal comes. Returns COMMAND's exit code.
pub fn supervise(command: &[String]) -> anyhow::Result<i32> {
    use std::os::unix::process::ExitStatusExt;
    let (program, args) = command.split_first().context("nothing to supervise")?;
    let group = nix::unistd::getpgrp();
    let kill_group = move || {
        let _ = killpg(group, Signal::SIGKILL);
    };
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .context("cannot install the signal handlers")?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            kill_group();
        }
    });
    #[cfg(target_os = "linux")]
    nix::sys::prctl::set_pdeathsig(Signal::SIGTERM).context("cannot ask to die with the bench")?;
    // The bench may have died before that request: then this process has another parent.
    let bench = std::env::var(BENCH_PID)
        .ok()
        .and_then(|p| p.parse::<u32>().ok());
    if bench.is_some_and(|bench| bench != std::os::unix::process::parent_id()) {
        kill_group();
    }
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("cannot start {program}"))?;
    Ok(status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0)))
}

/// A finished child: how it ended, what it printed, how long it took.
#[derive(Debug)]
pub struct Finished {
    /// Its exit status.
    pub status: ExitStatus,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
    /// Its wall time.
    pub elapsed: Duration,
}

impl Finished {
    /// Its last line on stderr: a program's own one-line error.
    pub fn last_error_line(&self) -> &str {
        self.stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
    }
}

/// Runs `command` in a process group of its own, with no stdin and its output captured; kills
/// it if it runs past `limit`, and stops with [`Interrupted`] if a signal came.
pub fn run(command: &mut Command, limit: Duration) -> anyhow::Result<Finished> {
    let label = format!("{:?}", command.get_program());
    let started = Instant::now();
    let child = command
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {label}"))?;
    let group = register(child.id());
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    let output = match finished.recv_timeout(limit) {
        Ok(output) => output?,
        Err(_) => {
            drop(group);
            let _ = finished.recv();
            check()?;
            bail!("{label} was still running after {limit:?}, and was killed");
        }
    };
    drop(group);
    check()?;
    Ok(Finished {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    })
}
