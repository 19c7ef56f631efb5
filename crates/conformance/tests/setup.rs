//! The set-up the README states is what the tools require, checked rather than stated: the
//! oldest Rust it asks for is the largest `rust-version` among everything `make bench` and
//! `make test` build or install (the locked dependencies and the pinned hyperfine), and the
//! oldest Python is the largest `Requires-Python` of the locked packages.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A version's numbers, `1.88` as `[1, 88, 0]`, so that `1.88` and `1.88.0` are equal.
fn numbers(version: &str) -> [u32; 3] {
    let mut parts = version.trim().split('.').map(|p| {
        p.parse::<u32>()
            .unwrap_or_else(|_| panic!("{version:?} is not a version"))
    });
    [0; 3].map(|_| parts.next().unwrap_or(0))
}

/// The `rust-version` a package's manifest declares, if any.
fn rust_version(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", manifest.display()));
    text.lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix("rust-version"))
        .map(|rest| {
            rest.trim_start()
                .trim_start_matches('=')
                .trim()
                .trim_matches('"')
                .to_string()
        })
}

/// Every locked package that is not the workspace's own, by its manifest in cargo's sources:
/// `cargo metadata` resolves the lock (for every platform, so the figure holds wherever the
/// README is followed), offline, from the sources the build has already downloaded.
fn locked_manifests() -> Vec<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8(out.stdout).expect("UTF-8 metadata");
    let workspace = std::fs::canonicalize(root()).expect("the workspace root");
    let key = "\"manifest_path\":\"";
    json.split(key)
        .skip(1)
        .map(|rest| PathBuf::from(&rest[..rest.find('"').expect("a closing quote")]))
        .filter(|path| !path.starts_with(&workspace))
        .collect()
}

/// Where cargo keeps its registry's sources: `$CARGO_HOME/registry/src/<index>/`.
fn registry_sources() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    let Some(src) = home.map(|h| h.join("registry/src")) else {
        return Vec::new();
    };
    std::fs::read_dir(src)
        .map(|dirs| dirs.filter_map(|d| d.ok().map(|d| d.path())).collect())
        .unwrap_or_default()
}

/// The figure in `text` right after `before` (`1.88`, `3.11`), up to the first character that
/// is neither a digit nor a dot.
fn figure_after(text: &str, before: &str, what: &str) -> String {
    let at = text
        .find(before)
        .unwrap_or_else(|| panic!("{what} no longer says {before:?}"));
    let rest = &text[at + before.len()..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(rest.len());
    rest[..end].trim_end_matches('.').to_string()
}

#[test]
fn the_stated_minimum_rust_is_the_largest_rust_version_of_what_is_built() {
    let mut largest = (
        numbers(bench::hyperfine::PINNED_RUST_VERSION),
        format!("hyperfine {}", bench::hyperfine::PINNED),
    );
    let manifests = locked_manifests();
    assert!(
        manifests.len() > 50,
        "only {} locked packages",
        manifests.len()
    );
    for manifest in manifests {
        if let Some(version) = rust_version(&manifest) {
            let package = manifest.parent().expect("a folder").display().to_string();
            if numbers(&version) > largest.0 {
                largest = (numbers(&version), package);
            }
        }
    }
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let stated = figure_after(&readme, "the Rust toolchain (", "README");
    let toml = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let declared = figure_after(&toml, "rust-version = \"", "Cargo.toml");
    let [major, minor, patch] = largest.0;
    for (what, figure) in [("README", stated), ("Cargo.toml's rust-version", declared)] {
        assert_eq!(
            numbers(&figure),
            largest.0,
            "{what} says {figure}; the largest rust-version is {major}.{minor}.{patch}, {}'s",
            largest.1
        );
    }
}

#[test]
fn the_pinned_hyperfines_rust_version_is_its_manifests() {
    // Read where cargo has its source (after `make bench` installed it, or any download of it);
    // elsewhere the constant stands as written, and this says so.
    let name = format!("hyperfine-{}", bench::hyperfine::PINNED);
    let manifests: Vec<PathBuf> = registry_sources()
        .into_iter()
        .map(|index| index.join(&name).join("Cargo.toml"))
        .filter(|manifest| manifest.exists())
        .collect();
    if manifests.is_empty() {
        eprintln!("setup: no source of {name} in cargo's registry: its rust-version is unchecked");
        return;
    }
    for manifest in manifests {
        let declared = rust_version(&manifest).expect("hyperfine declares a rust-version");
        assert_eq!(
            numbers(&declared),
            numbers(bench::hyperfine::PINNED_RUST_VERSION),
            "{} declares {declared}; bench::hyperfine::PINNED_RUST_VERSION says {}",
            manifest.display(),
            bench::hyperfine::PINNED_RUST_VERSION
        );
    }
}

/// The lock's packages, `name==version`, in python/requirements.txt.
fn locked_python_packages() -> Vec<String> {
    let lock = std::fs::read_to_string(root().join("python/requirements.txt")).expect("the lock");
    lock.lines()
        .filter_map(|line| {
            line.split_once("==")
                .map(|(name, _)| name.trim().to_string())
        })
        .filter(|name| !name.starts_with('#') && !name.starts_with('-'))
        .collect()
}

/// The oldest Python a `Requires-Python` allows, from its `>=` (or `~=`) clauses: `>=3.11` is
/// `[3, 11, 0]`. A clause of another lower-bound kind fails the test, to be read by hand.
fn oldest_allowed(requires: &str) -> [u32; 3] {
    let mut oldest = [0, 0, 0];
    for clause in requires.split(',').map(str::trim) {
        let bound = clause
            .strip_prefix(">=")
            .or_else(|| clause.strip_prefix("~="));
        match bound {
            Some(version) => oldest = oldest.max(numbers(version.trim_end_matches(".*"))),
            None if clause.starts_with('<') || clause.starts_with("!=") || clause.is_empty() => {}
            None => panic!("a Requires-Python clause this test does not read: {clause:?}"),
        }
    }
    oldest
}

#[test]
fn the_stated_minimum_python_is_the_largest_requires_python_of_the_lock() {
    // Read from the installed distributions of the Python rows' environment; where there is no
    // Python, `python()` says the check is skipped (and fails it under REQUIRE_PYTHON=1).
    let Some(python) = conformance::python() else {
        return;
    };
    let packages = locked_python_packages();
    assert!(packages.len() > 5, "the lock names {packages:?}");
    let script = "import importlib.metadata as m, sys\n\
                  for name in sys.argv[1:]:\n    \
                  print(name, m.distribution(name).metadata.get('Requires-Python') or '')";
    let out = Command::new(&python.interpreter)
        .args(["-c", script])
        .args(&packages)
        .output()
        .expect("the environment's python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut largest = ([0, 0, 0], String::new());
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (name, requires) = line.split_once(' ').unwrap_or((line, ""));
        let oldest = oldest_allowed(requires);
        if oldest > largest.0 {
            largest = (oldest, format!("{name} ({requires})"));
        }
    }
    let [major, minor, _] = largest.0;
    let wanted = format!("{major}.{minor}");
    let (oldest_major, oldest_minor) = bench::python::OLDEST;
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let makefile = std::fs::read_to_string(root().join("Makefile")).expect("Makefile");
    for (what, figure) in [
        ("README", figure_after(&readme, "`python3` ", "README")),
        (
            "the Makefile's comment",
            figure_after(&makefile, "# (", "the Makefile"),
        ),
        (
            "bench::python::OLDEST",
            format!("{oldest_major}.{oldest_minor}"),
        ),
    ] {
        assert_eq!(
            figure, wanted,
            "{what} says {figure}; the lock's largest Requires-Python is {wanted}, {}'s",
            largest.1
        );
    }
}

#[test]
fn the_lock_names_no_path_of_one_machine() {
    let lock = std::fs::read_to_string(root().join("python/requirements.txt")).expect("the lock");
    for option in [
        "--find-links",
        "-f ",
        "--index-url",
        "--extra-index-url",
        "file:",
    ] {
        assert!(
            !lock.contains(option),
            "python/requirements.txt holds {option:?}: a source of one machine or network"
        );
    }
}
