//! What the processes models share: workers that die with their parent, a parent that
//! notices whichever worker ends first, and the plumbing every such parent needs ([`Workers`]:
//! start this program again as a worker, kill and reap what is left on the way out; a failed
//! worker's own error, [`output`]; a watch on running workers, [`watch`]).
//!
//! Killed outright (`kill -9`), a parent runs no clean-up, so its workers would run on. On
//! Linux a worker asks the kernel for a parent-death signal as it starts, and dies with its
//! parent however the parent dies. Elsewhere a worker ends when its pipes to the parent break,
//! at its next read or write.

use anyhow::Context;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

/// The variable a worker finds its parent's process id in.
const PARENT: &str = "WORKLOADS_PARENT_PID";

/// Marks a worker's command with this process's id, which [`die_with_parent`] checks.
pub fn mark_parent(command: &mut Command) -> &mut Command {
    command.env(PARENT, std::process::id().to_string())
}

/// Called first thing in a worker: the kernel kills this process when its parent dies (Linux),
/// and if the parent is already gone, the worker stops here.
pub fn die_with_parent() -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use nix::sys::signal::Signal;
        nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)
            .context("cannot ask to die with the parent")?;
        // The parent may have died before the request: the worker then has another parent.
        let parent = std::env::var(PARENT)
            .ok()
            .and_then(|p| p.parse::<u32>().ok());
        if parent.is_some_and(|parent| parent != std::os::unix::process::parent_id()) {
            anyhow::bail!("the parent process is gone");
        }
    }
    Ok(())
}

/// Waits until one of `workers` ends and returns its index, without reaping it (the caller
/// collects its output): a worker that fails is noticed at once, not after those before it. On
/// systems without `waitid`, the first worker.
pub fn wait_any(workers: &[Child]) -> anyhow::Result<usize> {
    #[cfg(target_os = "linux")]
    {
        use nix::sys::wait::{Id, WaitPidFlag, waitid};
        let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT;
        let status = waitid(Id::All, flags).context("cannot wait for a worker")?;
        let pid = status.pid().context("a child ended without a process id")?;
        let found = workers.iter().position(|w| w.id() == pid.as_raw() as u32);
        return found.context("a process that is no worker ended");
    }
    #[allow(unreachable_code)]
    Ok(0)
}

/// A run's worker processes, each this program started again with its worker flags: killed
/// and reaped when dropped, so that a parent that fails leaves none behind.
#[derive(Debug, Default)]
pub struct Workers(pub Vec<Child>);

impl Workers {
    /// Starts this program again as a worker: with `role` (its hidden worker flags) and the
    /// flags this process was given, so that a worker parses the run's own settings;
    /// [`mark_parent`]ed, its stdin, stdout and stderr piped. A worker that cannot start is an
    /// error that says how far the run got: "cannot start worker n of `of`".
    pub fn start(&mut self, role: &[&str], of: usize) -> anyhow::Result<&mut Child> {
        let n = self.0.len() + 1;
        let child = std::env::current_exe()
            .and_then(|program| {
                mark_parent(&mut Command::new(program))
                    .args(role)
                    .args(std::env::args_os().skip(1))
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
            })
            .with_context(|| format!("cannot start worker {n} of {of}"))?;
        self.0.push(child);
        Ok(self.0.last_mut().expect("just pushed"))
    }

    /// Waits for every worker; a failure is the error, with the worker's own message: one that
    /// a signal ended before any other (the cause; the others then saw their pipes break).
    pub fn finish(&mut self) -> anyhow::Result<()> {
        use std::os::unix::process::ExitStatusExt;
        let mut failed = Vec::new();
        while let Some(child) = self.0.pop() {
            let output = child.wait_with_output().context("lost a worker process")?;
            if !output.status.success() {
                failed.push((output.status.signal().is_none(), failure(&output)));
            }
        }
        failed.sort_by_key(|(by_itself, _)| *by_itself);
        failed
            .into_iter()
            .next()
            .map_or(Ok(()), |(_, error)| Err(error))
    }

    /// Waits for whichever worker ends first ([`wait_any`]) and hands it over; None when none
    /// is left.
    pub fn next_ended(&mut self) -> anyhow::Result<Option<Child>> {
        if self.0.is_empty() {
            return Ok(None);
        }
        let ended = wait_any(&self.0)?;
        Ok(Some(self.0.swap_remove(ended)))
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for worker in &mut self.0 {
            let _ = worker.kill();
            let _ = worker.wait();
        }
    }
}

/// What `worker` wrote to its stdout, once it has ended well; a worker that failed is an error
/// with its own one-line error (from its stderr) and how it ended.
pub fn output(worker: Child) -> anyhow::Result<Vec<u8>> {
    let output = worker.wait_with_output().context("lost a worker process")?;
    if !output.status.success() {
        return Err(failure(&output));
    }
    Ok(output.stdout)
}

/// A failed worker's error: how it ended, and its own message.
fn failure(output: &std::process::Output) -> anyhow::Error {
    let stderr = String::from_utf8_lossy(&output.stderr);
    match stderr.trim().trim_start_matches("Error: ") {
        "" => anyhow::anyhow!("a worker failed ({})", output.status),
        error => anyhow::anyhow!("a worker failed ({}): {error}", output.status),
    }
}

/// Set by whatever fails first in a run whose threads hand work to workers (a broker thread,
/// or [`watch`] seeing a worker die), so that the others stop at once rather than after the
/// other workers' whole share; and set as done when the run ends, so that [`watch`] stops.
#[derive(Debug, Default)]
pub struct Stop {
    failed: AtomicBool,
    done: AtomicBool,
}

impl Stop {
    /// Passes `result` on, noting a failure for the others.
    pub fn on_error<T>(&self, result: anyhow::Result<T>) -> anyhow::Result<T> {
        if result.is_err() {
            self.fail();
        }
        result
    }

    /// Tells everyone to stop.
    pub fn fail(&self) {
        self.failed.store(true, Ordering::SeqCst);
    }

    /// Whether something failed.
    pub fn stopped(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    /// Says the run is over, for [`watch`].
    pub fn done(&self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

/// Looks at every worker every [`WATCH_EVERY`] until `stop` is done or failed, and fails it as
/// soon as one has ended badly (a signal, a non-zero exit): a worker that dies is noticed at
/// once, not when its pipe, drained, ends. Reaps nothing (`waitid` with `WNOWAIT`): the caller
/// collects each worker's output. On systems without `waitid`, it only waits.
pub fn watch(workers: &[Child], stop: &Stop) {
    while !stop.stopped() && !stop.done.load(Ordering::SeqCst) {
        #[cfg(target_os = "linux")]
        for worker in workers {
            use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
            let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT | WaitPidFlag::WNOHANG;
            let pid = nix::unistd::Pid::from_raw(worker.id() as i32);
            match waitid(Id::Pid(pid), flags) {
                Ok(WaitStatus::Exited(_, 0) | WaitStatus::StillAlive) | Err(_) => {}
                Ok(_) => return stop.fail(),
            }
        }
        std::thread::sleep(WATCH_EVERY);
    }
}

/// How often [`watch`] looks at the workers.
pub const WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(50);
