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
//!
//! The free-threaded rows (`python-sequential-ft`, `python-threading-ft`) run the same programs
//! on a free-threaded CPython (PEP 703), found by [`free_threaded`] and given its own
//! environment, `.tools/python-ft-venv`, from the same lock by [`setup_free_threaded`]: each
//! locked package that will not install there is left out and named, and a row whose program
//! then cannot start, or whose imports turn the GIL back on, is skipped with its reason
//! ([`Python::fit_for`]). `make python-free-threaded` builds such an interpreter into
//! `.tools/python-ft`; nothing builds it unasked.

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

/// The environment variable naming a free-threaded CPython to use.
pub const FREE_THREADED_VAR: &str = "PYTHON_FREE_THREADED";

/// An optional interpreter beside the project's: how it is found, what it must be, and its
/// environment.
#[derive(Debug)]
pub struct Optional {
    /// What its rows are called in messages: `free-threaded`.
    pub what: &'static str,
    /// The environment variable naming one.
    pub var: &'static str,
    /// Where `make python-free-threaded` builds one, under the tools folder.
    pub built: &'static str,
    /// The names looked for on PATH, newest first.
    pub on_path: &'static [&'static str],
    /// Its environment, under the tools folder.
    pub venv: &'static str,
    /// Its lock file, in the programs folder.
    pub lock: &'static str,
    /// Whether its GIL must be off (a free-threaded build) or on (a default build).
    pub gil_off: bool,
    /// What the version string gets after it: ` free-threaded`.
    pub suffix: &'static str,
    /// The packages whose versions results/machine.md names.
    pub named: &'static [&'static str],
}

/// The free-threaded rows' interpreter: a `--disable-gil` CPython 3.13 or newer.
pub const FREE_THREADED: Optional = Optional {
    what: "free-threaded",
    var: FREE_THREADED_VAR,
    built: "python-ft/bin/python3",
    on_path: &["python3.14t", "python3.13t"],
    venv: "python-ft-venv",
    lock: LOCK,
    gil_off: true,
    suffix: " free-threaded",
    named: NAMED,
};

/// The interpreter-pool row's interpreter: a default (GIL) CPython 3.13 or newer, whose
/// interpreters each have their own GIL (on 3.13 with the PEP 734 backport its lock installs).
pub const INTERPRETERS: Optional = Optional {
    what: "interpreter-pool",
    var: "PYTHON_INTERPRETERS",
    built: "python-default/bin/python3",
    on_path: &["python3.14", "python3.13"],
    venv: "python-interp-venv",
    lock: "requirements-interpreters.txt",
    gil_off: false,
    suffix: "",
    named: &["interpreters-pep-734"],
};

/// The locked packages a free-threaded environment could not install, one `name: why` a line.
const MISSING: &str = "not-installed.txt";

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
    /// The locked packages that did not install on it, each with pip's reason (only a
    /// free-threaded environment leaves any out; the default one is all or nothing).
    pub missing: Vec<(String, String)>,
}

impl Python {
    /// The command line that runs `script` (a file in the programs folder).
    pub fn argv(&self, script: &str) -> Vec<String> {
        vec![
            self.interpreter.display().to_string(),
            self.programs.join(script).display().to_string(),
        ]
    }

    /// Whether `script`'s program can run here as its rows mean it to: its imports load
    /// (`Err` says which package is missing and why it did not install) and, on a
    /// free-threaded interpreter, leave the GIL off (`Err` when an extension module turned it
    /// back on: CPython warns and enables it, and such a run would not measure free threads).
    /// The script's module is imported, not run: its `main` is behind `__name__`.
    pub fn fit_for(&self, script: &str, free_threaded: bool) -> Result<(), String> {
        let module = script.trim_end_matches(".py");
        let code = format!(
            "import sys; sys.path.insert(0, {:?}); import {module}; print(sys._is_gil_enabled() if hasattr(sys, '_is_gil_enabled') else True)",
            self.programs.display().to_string()
        );
        let out = Command::new(&self.interpreter)
            .args(["-c", &code])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.interpreter.display()))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        if !out.status.success() {
            let missing = (self.missing.iter())
                .map(|(name, why)| format!("{name} did not install: {why}"))
                .collect::<Vec<_>>();
            let missing = match missing.is_empty() {
                true => String::new(),
                false => format!(" ({})", missing.join("; ")),
            };
            return Err(format!(
                "{script} does not start on {}: {}{missing}",
                self.version,
                last.unwrap_or("no message").trim()
            ));
        }
        if free_threaded && String::from_utf8_lossy(&out.stdout).trim() != "False" {
            let warning = stderr.lines().find(|l| l.contains("GIL")).unwrap_or("");
            return Err(format!(
                "importing {script}'s modules turns the GIL back on in {} ({}): not timed as free-threaded",
                self.version,
                warning.trim()
            ));
        }
        Ok(())
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
        missing: Vec::new(),
    })
}

/// The free-threaded CPython to use: `PYTHON_FREE_THREADED`, else `.tools/python-ft` (where
/// `make python-free-threaded` builds one), else `python3.14t` or `python3.13t` on PATH; `Err`
/// says in one line that there is none and how to get one.
pub fn free_threaded(tools: &Path) -> anyhow::Result<PathBuf> {
    find(&FREE_THREADED, tools)
}

/// `kind`'s interpreter: its variable, else its build under `tools`, else its names on PATH.
fn find(kind: &Optional, tools: &Path) -> anyhow::Result<PathBuf> {
    let var = kind.var;
    if let Some(named) = std::env::var_os(var) {
        let named = PathBuf::from(named);
        ensure!(named.is_file(), "{var}={} is not a file", named.display());
        return Ok(named);
    }
    let built = tools.join(kind.built);
    if built.is_file() {
        return Ok(built);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    (kind.on_path.iter())
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .with_context(|| {
            format!(
                "no {} CPython 3.13 or newer ({var}, {} or {} on PATH); make python-free-threaded builds one (5 to 10 minutes)",
                kind.what,
                built.display(),
                kind.on_path.join(" or ")
            )
        })
}

/// The interpreter-pool row's environment in `tools/python-interp-venv`, as
/// [`setup_free_threaded`] makes the free-threaded rows', with a default (GIL) CPython 3.13 or
/// newer ([`INTERPRETERS`]).
pub fn setup_interpreters(programs: &Path, tools: &Path) -> anyhow::Result<Python> {
    setup_optional(&INTERPRETERS, programs, tools)
}

/// The free-threaded rows' environment in `tools/python-ft-venv`, made from the lock with the
/// interpreter [`free_threaded`] finds (made again when the lock or the interpreter changes);
/// `Err` says in one line why there is none, including an interpreter that is not
/// free-threaded.
pub fn setup_free_threaded(programs: &Path, tools: &Path) -> anyhow::Result<Python> {
    setup_optional(&FREE_THREADED, programs, tools)
}

/// `kind`'s environment, made from its lock with the interpreter [`find`] finds.
fn setup_optional(kind: &Optional, programs: &Path, tools: &Path) -> anyhow::Result<Python> {
    let base = find(kind, tools)?;
    let state = output(Command::new(&base).args([
        "-c",
        "import sys; print(sys.version_info >= (3, 13), sys._is_gil_enabled() if hasattr(sys, '_is_gil_enabled') else True)",
    ]))
    .with_context(|| format!("{} does not run", base.display()))?;
    ensure!(
        state.starts_with("True "),
        "{} is older than 3.13",
        base.display()
    );
    match kind.gil_off {
        true => ensure!(
            state.ends_with("False"),
            "{} runs with the GIL enabled: not a free-threaded build (or PYTHON_GIL=1 is set)",
            base.display()
        ),
        false => ensure!(
            state.ends_with("True"),
            "{} runs without the GIL: the interpreter-pool row wants a default build",
            base.display()
        ),
    }
    let lock_path = programs.join(kind.lock);
    let lock = std::fs::read_to_string(&lock_path)
        .with_context(|| format!("cannot read the lock file {}", lock_path.display()))?;
    let root = tools.join(kind.venv);
    let interpreter = root.join("bin/python");
    let stamp = root.join(kind.lock);
    // The stamp names the interpreter too: another build is another environment (by its
    // canonical path, so that `.tools/...` and `crates/conformance/../../.tools/...` agree).
    let canonical = base.canonicalize().unwrap_or_else(|_| base.clone());
    let want = format!("# made with {}\n{lock}", canonical.display());
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(&want[..]) || !interpreter.exists() {
        create_optional(kind, &root, &base, &lock_path, &lock).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&root);
        })?;
        std::fs::write(&stamp, &want)?;
    }
    let version = output(Command::new(&interpreter).arg("--version"))?;
    let missing: Vec<(String, String)> = std::fs::read_to_string(root.join(MISSING))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(name, why)| (name.to_string(), why.to_string()))
        .collect();
    let script = format!(
        "from importlib.metadata import version, PackageNotFoundError\n\
         def v(n):\n    try: return f'{{n}} {{version(n)}}'\n    except PackageNotFoundError: return f'{{n}} not installed'\n\
         print(', '.join(v(n) for n in {:?}))",
        kind.named
    );
    let packages = output(Command::new(&interpreter).args(["-c", &script]))?;
    Ok(Python {
        interpreter,
        programs: programs.to_path_buf(),
        version: format!("{version}{}", kind.suffix),
        packages,
        missing,
    })
}

/// Makes an optional environment: `base -m venv`, then the lock; where the whole lock will not
/// install (a package with no wheel for the free-threaded ABI), each locked package on its
/// own, those that fail named in `not-installed.txt` with pip's last line.
fn create_optional(
    kind: &Optional,
    root: &Path,
    base: &Path,
    lock_path: &Path,
    lock: &str,
) -> anyhow::Result<()> {
    eprintln!(
        "bench: making the {} rows' environment in {} with {}, from {} (once; about 15 s)",
        kind.what,
        root.display(),
        base.display(),
        lock_path.display()
    );
    let _ = std::fs::remove_dir_all(root);
    output(Command::new(base).args(["-m", "venv"]).arg(root))
        .with_context(|| format!("{} -m venv failed", base.display()))?;
    // No pip is no environment (a build without ensurepip), not every package missing.
    output(Command::new(root.join("bin/python")).args(["-m", "pip", "--version"])).with_context(
        || {
            format!(
                "{} -m venv made no pip (build it with ensurepip)",
                base.display()
            )
        },
    )?;
    let pip = |requirements: &Path| {
        output(
            Command::new(root.join("bin/python"))
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(["--no-input", "--require-hashes", "--only-binary", ":all:"])
                .args(["--no-deps", "-r"])
                .arg(requirements),
        )
    };
    if pip(lock_path).is_ok() {
        return Ok(());
    }
    let mut missing = String::new();
    for (name, entry) in lock_entries(lock) {
        let file = root.join(format!("lock-{name}.txt"));
        std::fs::write(&file, entry)?;
        if let Err(why) = pip(&file) {
            missing.push_str(&format!("{name}: {why:#}\n"));
        }
        std::fs::remove_file(&file)?;
    }
    std::fs::write(root.join(MISSING), missing)?;
    Ok(())
}

/// The lock's entries, each its package's name and its lines (`name==version \` and hashes).
fn lock_entries(lock: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in lock.lines() {
        let starts = !line.starts_with([' ', '#']) && line.contains("==");
        if starts {
            let name = line.split("==").next().unwrap_or(line).trim().to_string();
            entries.push((name, String::new()));
        }
        if let Some((_, text)) = entries.last_mut()
            && (starts || line.trim_start().starts_with("--hash"))
        {
            text.push_str(line);
            text.push('\n');
        }
    }
    entries
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
