//! `bench compare` as a command: the two sides read (one from a commit, through `git archive`),
//! and the report written to stdout or to a file with its charts.

use super::{Options, Side, chart, compare, report};
use anyhow::{Context, bail, ensure};
use std::path::{Path, PathBuf};

/// Reads `results/raw` as `commit` holds it into a new folder under `scratch`, without touching
/// the work tree: `git archive` of that folder, unpacked by tar.
pub fn from_commit(commit: &str, scratch: &Path) -> anyhow::Result<PathBuf> {
    ensure!(
        !commit.starts_with('-'),
        "{commit:?} is not a commit (it would be read as an option)"
    );
    let dir = scratch.join("raw-at-commit");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let archive = std::process::Command::new("git")
        .args(["archive", "--format=tar", commit, "results/raw"])
        .output()
        .context("cannot run git to read the commit's results")?;
    if !archive.status.success() {
        let why = String::from_utf8_lossy(&archive.stderr);
        bail!(
            "cannot read results/raw at {commit}: {}",
            why.lines().next().unwrap_or("git archive failed")
        );
    }
    let mut tar = std::process::Command::new("tar")
        .args(["-x", "-C"])
        .arg(&dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("cannot run tar to unpack the commit's results")?;
    {
        use std::io::Write;
        let mut stdin = tar.stdin.take().expect("piped");
        stdin
            .write_all(&archive.stdout)
            .context("cannot unpack the commit's results")?;
    }
    ensure!(
        tar.wait()?.success(),
        "tar could not unpack results/raw at {commit}"
    );
    Ok(dir.join("results/raw"))
}

/// `bench compare`: reads the two sides (OLD from `commit` when given, the one folder in
/// `sides` being NEW), compares them, and writes the report to `out` (with a chart per
/// experiment beside it) or to stdout.
pub fn command(
    sides: &[PathBuf],
    commit: Option<&str>,
    options: &Options,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let (old, new) = match (commit, sides) {
        (Some(commit), [new]) => {
            let dir = from_commit(commit, &scratch.0)?;
            let old = Side::load(format!("results/raw at {commit}"), &dir)?;
            (old, Side::load(new.display().to_string(), new)?)
        }
        (None, [old, new]) => (
            Side::load(old.display().to_string(), old)?,
            Side::load(new.display().to_string(), new)?,
        ),
        (Some(_), _) => bail!("with --ref COMMIT (OLD), name one raw folder: NEW"),
        (None, _) => bail!("name two raw folders, OLD and NEW (or --ref COMMIT and NEW)"),
    };
    let comparison = compare(&old, &new, options)?;
    let Some(out) = out else {
        let text = report::markdown(&old, &new, &comparison, &|_| None);
        use std::io::Write;
        return std::io::stdout()
            .write_all(text.as_bytes())
            .context("cannot write the report to stdout");
    };
    ensure!(
        !out.is_dir(),
        "--out {} is a folder: name a file",
        out.display()
    );
    let folder = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).with_context(|| format!("cannot make {}", folder.display()))?;
    let stem = out
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let chart_name = |experiment: &str| format!("{stem}-{experiment}.svg");
    for experiment in &comparison.experiments {
        let path = folder.join(chart_name(experiment.experiment.name));
        chart::draw(experiment, comparison.band, &path)
            .with_context(|| format!("cannot draw {}", path.display()))?;
    }
    let text = report::markdown(&old, &new, &comparison, &|name| Some(chart_name(name)));
    // Written beside and renamed, so that a report is never left half-written.
    let partial = folder.join(format!(".{stem}.partial"));
    std::fs::write(&partial, text)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, out).with_context(|| format!("cannot write {}", out.display()))
}

/// A folder of this process's own under the temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> anyhow::Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("bench-compare-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
