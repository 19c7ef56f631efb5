//! What a run costs in memory beyond what `RUSAGE_CHILDREN` tells: a process tree's sum, and
//! the kernel stacks of its threads.
//!
//! hyperfine reports `ru_maxrss` of its children, which the kernel defines as the largest
//! single process, not the sum over processes that ran at once. For a program that starts
//! worker processes that hides almost all of its memory. And every thread has a kernel stack
//! (16 KiB on x86-64) that no process's resident size counts. This runs the command, walks its
//! process tree in /proc every [`SAMPLE_EVERY`], keeps each process's high-water mark (`VmHWM`,
//! which only grows), and watches the machine's `KernelStack` (in /proc/meminfo) grow from
//! where it stood at the start.

use crate::supervise;
use anyhow::{Context, bail};
use std::collections::HashMap;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// How often the tree is walked. Workers that live a whole request (tens of ms) are seen many
/// times; growth in a process's last moment before it exits may be missed.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(2);

/// What one sampled run found.
#[derive(Debug, Clone, Copy)]
pub struct Sampled {
    /// The sum of every process's peak resident size.
    pub tree_bytes: u64,
    /// The most the machine's kernel stacks grew over where they stood at the start: the
    /// command's threads', give or take what other processes started or ended meanwhile.
    pub kernel_stack: u64,
}

/// Runs `command` to completion and returns the sum of its processes' peak resident sizes.
pub fn peak_tree_bytes(command: &[String], timeout: Duration) -> anyhow::Result<u64> {
    Ok(sample(command, timeout)?.tree_bytes)
}

/// Runs `command` to completion, sampling its process tree and the kernel's stacks. It runs
/// under a supervisor in a process group of its own, which a stop of the bench kills; the
/// supervisor itself is not counted.
pub fn sample(command: &[String], timeout: Duration) -> anyhow::Result<Sampled> {
    let (program, args) = command.split_first().context("no command to measure")?;
    let mut command = supervise::supervised(program)?;
    let supervised = command.get_program() != program.as_str();
    let mut child = command
        .args(args)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {program}"))?;
    let _group = supervise::register(child.id());
    let started = Instant::now();
    let base_stack = kernel_stack().unwrap_or(0);
    let mut most_stack = base_stack;
    let mut peaks: HashMap<u32, u64> = HashMap::new();
    loop {
        most_stack = most_stack.max(kernel_stack().unwrap_or(0));
        // A supervisor leads the tree; what is measured is below it.
        let measured = tree(child.id()).into_iter();
        for pid in measured.filter(|pid| !(supervised && *pid == child.id())) {
            if let Some(peak) = high_water_mark(pid) {
                let seen = peaks.entry(pid).or_default();
                *seen = (*seen).max(peak);
            }
        }
        if let Some(status) = child.try_wait()? {
            supervise::check()?;
            if !status.success() {
                // A program's error is one line: it fits in the pipe, read once it has exited.
                let mut said = String::new();
                if let Some(mut stderr) = child.stderr.take() {
                    let _ = stderr.read_to_string(&mut said);
                }
                bail!(
                    "{program} failed ({status}) while its memory was measured: {}",
                    said.trim()
                );
            }
            return Ok(Sampled {
                tree_bytes: peaks.values().sum(),
                kernel_stack: most_stack - base_stack,
            });
        }
        if started.elapsed() > timeout {
            child.kill()?;
            bail!("{program} still running after {timeout:?}");
        }
        std::thread::sleep(SAMPLE_EVERY);
    }
}

/// `root` and all its descendants alive now, found from each process's parent in /proc.
fn tree(root: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return vec![root];
    };
    let parents: HashMap<u32, u32> = entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, parent(pid)?)))
        .collect();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let this = found[i];
        found.extend(
            parents
                .iter()
                .filter(|(_, p)| **p == this)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    found
}

/// A process's parent, from /proc/<pid>/stat (the field after the parenthesised name).
fn parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

/// The machine's kernel stacks, in bytes (`KernelStack` in /proc/meminfo).
fn kernel_stack() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo
        .lines()
        .find(|line| line.starts_with("KernelStack:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// A process's peak resident set so far, in bytes (`VmHWM` in /proc/<pid>/status).
fn high_water_mark(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(script: &str) -> u64 {
        let command = ["sh", "-c", script].map(String::from);
        peak_tree_bytes(&command, Duration::from_secs(20)).unwrap()
    }

    #[test]
    fn counts_every_process_of_the_tree() {
        // A shell and one sleeping child, then a shell and four: the sum must grow by several
        // processes' worth, where hyperfine's maximum would stay at one process's size.
        // (Peaks vary by a few pages from run to run, hence two of the three extra children.)
        let alone = measure("sleep 0.3");
        let with_children = measure("for i in 1 2 3 4; do sleep 0.3 & done; wait");
        let sleep = measure("exec sleep 0.3");
        assert!(alone > sleep && sleep > 0);
        assert!(
            with_children >= alone + 2 * sleep,
            "{with_children} < {alone} + 2 × {sleep}"
        );
    }

    #[test]
    fn threads_show_in_the_kernel_stacks() {
        // A hundred sleeping threads hold a hundred kernel stacks (16 KiB each on x86-64);
        // the bound leaves room for other processes' threads coming and going.
        let script = "for i in $(seq 100); do sleep 0.5 & done; wait";
        let command = ["sh", "-c", script].map(String::from);
        let sampled = sample(&command, Duration::from_secs(20)).unwrap();
        assert!(sampled.kernel_stack >= 50 * 8 * 1024, "{sampled:?}");
    }

    #[test]
    fn a_failing_command_is_an_error() {
        let command = ["sh", "-c", "exit 3"].map(String::from);
        assert!(peak_tree_bytes(&command, Duration::from_secs(5)).is_err());
    }
}
