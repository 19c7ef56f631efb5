//! The Python rows' interpreter: a virtual environment under `.tools/python`, made from the
//! lock file `python/requirements.txt` with the machine's `python3`, on first use.
//!
//! Python is an extra: where there is no `python3` (3.11 or newer), no `venv` module (Debian
//! splits it into `python3-venv`) or no way to install the locked packages, [`setup`] says why
//! in one line and the bench skips the Python rows, producing every Rust figure still.
//!
//! The lock pins every package with its hashes (`pip install --require-hashes`): pip comes with
//! every virtual environment, so nothing beyond Python itself has to be installed first, and a
//! package whose hash differs is refused. A copy of the lock inside the environment marks it
//! complete; a changed lock, or a half-made environment, is made again.

use anyhow::{Context, bail, ensure};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The oldest Python the programs run on: the largest `Requires-Python` of the locked packages
/// (multidict 7.2's 3.11; conformance's `setup` test reads them from the environment and holds
/// this, README's and the Makefile's figure to it).
pub const OLDEST: (u32, u32) = (3, 11);

/// The lock file, relative to the Python folder.
pub const LOCK: &str = "requirements.txt";

/// The packages whose versions results/machine.md names.
const NAMED: &[&str] = &["aiohttp", "requests"];

/// A ready environment.
#[derive(Debug, Clone)]
pub struct Python {
    /// Its interpreter: `.tools/python/bin/python`.
    pub interpreter: PathBuf,
    /// The folder of the Python programs, which the rows' scripts are in.
    pub programs: PathBuf,
    /// `Python 3.11.7`.
    pub version: String,
    /// `aiohttp 3.14.5, requests 2.34.2`.
    pub packages: String,
}

impl Python {
    /// The command line that runs `script` (a file in the programs folder).
    pub fn argv(&self, script: &str) -> Vec<String> {
        vec![
            self.interpreter.display().to_string(),
            self.programs.join(script).display().to_string(),
        ]
    }

    /// What results/machine.md says of it.
    pub fn describe(&self) -> String {
        format!(
            "{} ({}), with {}",
            self.version,
            self.interpreter.display(),
            self.packages
        )
    }
}

/// The environment in `tools/python` for the programs in `programs`, made or remade from the
/// lock if it is not ready; `Err` says in one line why there is none.
pub fn setup(programs: &Path, tools: &Path) -> anyhow::Result<Python> {
    let lock_path = programs.join(LOCK);
    let lock = std::fs::read(&lock_path)
        .with_context(|| format!("cannot read the lock file {}", lock_path.display()))?;
    let root = tools.join("python");
    let interpreter = root.join("bin/python");
    let stamp = root.join(LOCK);
    if std::fs::read(&stamp).ok().as_deref() != Some(&lock[..]) || !interpreter.exists() {
        create(&root, &lock_path).inspect_err(|_| {
            // Half an environment is worse than none: the next run starts over.
            let _ = std::fs::remove_dir_all(&root);
        })?;
        std::fs::write(&stamp, &lock)?;
    }
    let version = output(Command::new(&interpreter).arg("--version"))?;
    let script = format!(
        "from importlib.metadata import version\nprint(', '.join(f'{{n}} {{version(n)}}' for n in {NAMED:?}))"
    );
    let packages = output(Command::new(&interpreter).args(["-c", &script]))?;
    Ok(Python {
        interpreter,
        programs: programs.to_path_buf(),
        version,
        packages,
    })
}

/// Makes the environment: checks `python3`, runs `python3 -m venv`, installs the lock.
fn create(root: &Path, lock: &Path) -> anyhow::Result<()> {
    let found = output(Command::new("python3").arg("--version"))
        .with_context(|| {
            let (major, minor) = OLDEST;
            format!("no python3 on PATH ({major}.{minor} or newer; Debian: apt install python3 python3-venv)")
        })?;
    let number = found.strip_prefix("Python ").unwrap_or(&found);
    let mut parts = number.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    ensure!(
        (major, minor) >= OLDEST,
        "python3 is {found}; the Python rows need {}.{} or newer",
        OLDEST.0,
        OLDEST.1
    );
    eprintln!(
        "bench: making the Python rows' environment in {} with {found}, from {} (once; about 15 s)",
        root.display(),
        lock.display()
    );
    let _ = std::fs::remove_dir_all(root);
    output(Command::new("python3").args(["-m", "venv"]).arg(root)).context(
        "python3 -m venv failed (Debian splits the venv module out: apt install python3-venv)",
    )?;
    output(
        Command::new(root.join("bin/python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args([
                "--no-input",
                "--require-hashes",
                "--only-binary",
                ":all:",
                "-r",
            ])
            .arg(lock),
    )
    .context("installing the locked packages failed")?;
    Ok(())
}

/// Runs `command` and returns its stdout, trimmed; a failure is an error with its last line
/// of stderr.
fn output(command: &mut Command) -> anyhow::Result<String> {
    let out = command
        .output()
        .with_context(|| format!("cannot run {:?}", command.get_program()))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        bail!("{} ({})", last.unwrap_or("no message").trim(), out.status);
    }
    // `python --version` printed to stderr before 3.4; stdout since.
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}
