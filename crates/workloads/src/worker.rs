//! What the processes models share: workers that die with their parent, and a parent that
//! notices whichever worker ends first.
//!
//! Killed outright (`kill -9`), a parent runs no clean-up, so its workers would run on. On
//! Linux a worker asks the kernel for a parent-death signal as it starts, and dies with its
//! parent however the parent dies. Elsewhere a worker ends when its pipes to the parent break,
//! at its next read or write.

use anyhow::Context;
use std::process::{Child, Command};

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
