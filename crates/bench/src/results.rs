//! The results folder: prepared in a staging folder, swapped in whole, never left half-written.
//!
//! A stale staging folder (a bench killed outright) is removed by the next run; a swap cut short
//! by `kill -9` leaves `<out>.old`, which the next run puts back; the README's summary block is
//! replaced through a temporary file and a rename.

use anyhow::{Context, bail, ensure};
use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::registry::{Experiment, Workload};

/// One bench at a time on a checkout: an exclusive `flock` on `<stage>.lock`, taken before
/// anything is read or moved and held for the whole run. The kernel lets go of it however the
/// bench ends, `kill -9` included, so a stale lock cannot block the next run; and two runs that
/// start together cannot both get in, as a check followed by a create could.
pub struct Lock(#[allow(dead_code)] Flock<File>);

impl Lock {
    /// Takes the lock beside `stage`, or fails naming the bench that holds it.
    pub fn acquire(stage: &Path) -> anyhow::Result<Lock> {
        let mut name = stage.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        let path = stage.with_file_name(name);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("cannot open the bench's lock {}", path.display()))?;
        match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(mut lock) => {
                lock.set_len(0)?;
                write!(lock, "{}", std::process::id())?;
                Ok(Lock(lock))
            }
            Err((mut file, Errno::EWOULDBLOCK)) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                bail!(
                    "another bench is running (pid {}): wait for it, or stop it",
                    pid.trim()
                )
            }
            Err((_, errno)) => {
                Err(errno).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
    }
}

/// The staging folder: created fresh, marked as the bench's own, and removed on every way out.
/// A folder left by a bench that was killed (it carries the mark) is removed by the next run,
/// which holds the [`Lock`], so no bench is using it; a folder without the mark is not the
/// bench's to remove, and the run stops instead.
pub struct Stage(pub PathBuf);

/// The file in the staging folder that marks it as the bench's (it holds the pid that made it).
const OWNER: &str = "bench.pid";

impl Stage {
    /// Creates the staging folder, removing a stale one; `_lock` proves no other bench runs.
    pub fn create(dir: &Path, _lock: &Lock) -> anyhow::Result<Stage> {
        if dir.exists() {
            ensure!(
                dir.join(OWNER).is_file(),
                "{} exists and is not a staging folder the bench made (it has no {OWNER}): \
                 move it away, or give --stage another folder",
                dir.display()
            );
            std::fs::remove_dir_all(dir)
                .with_context(|| format!("cannot remove the stale {}", dir.display()))?;
            eprintln!(
                "bench: removed {}, left by a bench that was stopped",
                dir.display()
            );
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::write(dir.join(OWNER), std::process::id().to_string())?;
        Ok(Stage(dir.to_path_buf()))
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `<out>.old`: where the previous results wait while the new ones move in.
fn old_of(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".old");
    out.with_file_name(name)
}

/// Puts back results that an interrupted swap left as `<out>.old`, or clears a finished one's.
pub fn recover(out: &Path) -> anyhow::Result<()> {
    let old = old_of(out);
    if !old.exists() {
        return Ok(());
    }
    if out.exists() {
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&old, out)?;
        eprintln!(
            "bench: restored {} from {}, left by a run stopped while it swapped them",
            out.display(),
            old.display()
        );
    }
    Ok(())
}

/// Fails, before anything runs, if the results' folder cannot be replaced.
pub fn check_writable(out: &Path) -> anyhow::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    if out.exists() && !out.is_dir() {
        bail!("{} is not a folder", out.display());
    }
    let probe = parent.join(format!(".bench-probe-{}", std::process::id()));
    std::fs::write(&probe, "").with_context(|| {
        format!(
            "cannot write the results: {} is not writable; nothing was run",
            parent.display()
        )
    })?;
    std::fs::remove_file(&probe)?;
    // The swap renames the folder itself, which needs write permission on it too (its `..`):
    // a read-only results folder in a writable parent would fail half-way through the swap.
    if out.is_dir() {
        let probe = out.join(format!(".bench-probe-{}", std::process::id()));
        std::fs::write(&probe, "").with_context(|| {
            format!(
                "cannot write the results: {} is not writable; nothing was run",
                out.display()
            )
        })?;
        std::fs::remove_file(&probe)?;
    }
    Ok(())
}

/// Copies the raw folders of the experiments not being run from the old results.
pub fn keep_other_raw(
    from: &Path,
    to: &Path,
    selected: &[(&'static Workload, &'static Experiment)],
) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.path().is_dir() || selected.iter().any(|(_, e)| e.name == name) {
            continue;
        }
        let target = to.join(&name);
        std::fs::create_dir_all(&target)?;
        for file in std::fs::read_dir(entry.path())? {
            let file = file?;
            if file.path().is_file() {
                std::fs::copy(file.path(), target.join(file.file_name()))?;
            }
        }
    }
    Ok(())
}

/// Replaces `out` with `new`: the old results move aside, the new move in, the old go. Signals
/// only ask the bench to stop, so they cannot cut this short; a `kill -9` in between leaves
/// `<out>.old`, which the next run puts back ([`recover`]).
pub fn swap(new: &Path, out: &Path) -> anyhow::Result<()> {
    let old = old_of(out);
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    if out.exists() {
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move {} aside", out.display()))?;
    }
    if let Err(error) = std::fs::rename(new, out) {
        if old.exists() {
            std::fs::rename(&old, out)?;
        }
        return Err(error)
            .with_context(|| format!("cannot move the new results to {}", out.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

/// The markers around the README's summary block.
const README_START: &str = "<!-- summary:start -->";
const README_END: &str = "<!-- summary:end -->";

/// Rewrites the block between the README's summary markers.
pub fn update_readme(readme: &Path, block: &str) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(readme)
        .with_context(|| format!("cannot read {}", readme.display()))?;
    let (Some(start), Some(end)) = (text.find(README_START), text.find(README_END)) else {
        bail!(
            "{} has no {README_START} … {README_END} block",
            readme.display()
        );
    };
    ensure!(
        start < end,
        "{}: the summary markers are out of order",
        readme.display()
    );
    let updated = format!(
        "{}{README_START}\n{}\n{}",
        &text[..start],
        block.trim(),
        &text[end..]
    );
    let temporary = readme.with_extension("md.new");
    std::fs::write(&temporary, updated)?;
    std::fs::rename(&temporary, readme)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_leaves_old_or_new_and_a_stopped_one_is_recovered() {
        let dir = std::env::temp_dir().join(format!("bench-swap-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (new, out) = (dir.join("new"), dir.join("results"));
        std::fs::create_dir_all(&new).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(new.join("summary.md"), "new").unwrap();
        std::fs::write(out.join("summary.md"), "old").unwrap();
        swap(&new, &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("summary.md")).unwrap(),
            "new"
        );
        assert!(!old_of(&out).exists() && !new.exists());
        // A run killed between its two renames leaves only results.old: the next run restores it.
        std::fs::rename(&out, old_of(&out)).unwrap();
        recover(&out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("summary.md")).unwrap(),
            "new"
        );
        assert!(!old_of(&out).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_readme_block_is_replaced_and_the_rest_kept() {
        let path = std::env::temp_dir().join(format!("readme-{}.md", std::process::id()));
        std::fs::write(
            &path,
            format!("intro\n{README_START}\nstale\n{README_END}\nafter\n"),
        )
        .unwrap();
        update_readme(&path, "fresh table").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!("intro\n{README_START}\nfresh table\n{README_END}\nafter\n")
        );
        std::fs::write(&path, "no markers").unwrap();
        assert!(update_readme(&path, "x").is_err());
        std::fs::remove_file(&path).unwrap();
    }
}
