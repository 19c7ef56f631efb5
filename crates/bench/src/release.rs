//! `bench build`: every package of the workspace in release mode, each binary the very one
//! `cargo build --release -p <package>` (and so `cargo run --release -p`) makes, in as few cargo
//! invocations as allow it.
//!
//! One invocation unifies a dependency's features across the packages it builds: built beside
//! download-tokio (tokio with `net`), fib-tokio's `#[tokio::main]` would start an IO driver that
//! fib-tokio built alone never starts, and the bench would time a program no reader runs.
//! Unifying features the same way for the whole workspace (`resolver.feature-unification`) is
//! unstable in this toolchain. So the packages are grouped instead: two may share an invocation
//! when every dependency both use has the same features in each, as `cargo tree -p <package>`
//! resolves them alone; then building them together changes no unit of either. CI builds this
//! way and then checks that `cargo build --release -p <package>` finds nothing to redo.

use crate::supervise;
use anyhow::{Context, bail, ensure};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A package's dependency graph as cargo resolves it for that package alone: each package in
/// it (name, version, source) with the feature lists it is built with.
pub type Features = BTreeMap<String, BTreeSet<String>>;

/// The longest `cargo tree` may take (it may first fetch the registry's index).
const TREE_TIMEOUT: Duration = Duration::from_secs(600);

/// Builds every package under `root/crates` in release mode, a group of packages whose shared
/// dependencies have the same features per cargo invocation, with cargo's own progress.
pub fn build_all(cargo: &str, root: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let packages = packages(root)?;
    println!(
        "bench build: reading the {} packages' dependency features (cargo tree)",
        packages.len()
    );
    let features = features_of_all(cargo, root, &packages)?;
    let groups = groups(&features);
    println!(
        "bench build: {} packages in {} cargo invocations: packages whose shared dependencies \
         have the same features share one",
        packages.len(),
        groups.len()
    );
    for (n, group) in groups.iter().enumerate() {
        println!(
            "bench build [{}/{}] {}",
            n + 1,
            groups.len(),
            group.join(" ")
        );
        let mut command = Command::new(cargo);
        command.current_dir(root).args(["build", "--release"]);
        for package in group {
            command.args(["-p", package]);
        }
        let status = command
            .status()
            .with_context(|| format!("cannot run {cargo}"))?;
        ensure!(
            status.success(),
            "cargo build of {} failed ({status})",
            group.join(", ")
        );
    }
    println!(
        "bench build: done in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The workspace's packages: every `crates/<name>/Cargo.toml`, the package named as its folder.
fn packages(root: &Path) -> anyhow::Result<Vec<String>> {
    let crates = root.join("crates");
    let mut packages = Vec::new();
    for entry in
        std::fs::read_dir(&crates).with_context(|| format!("cannot read {}", crates.display()))?
    {
        let path = entry?.path();
        if path.join("Cargo.toml").is_file() {
            let name = path.file_name().context("a folder has a name")?;
            packages.push(name.to_string_lossy().into_owned());
        }
    }
    packages.sort();
    ensure!(
        !packages.is_empty(),
        "no package under {}",
        crates.display()
    );
    Ok(packages)
}

/// Every package's [`Features`], two `cargo tree` at a time.
fn features_of_all(
    cargo: &str,
    root: &Path,
    packages: &[String],
) -> anyhow::Result<Vec<(String, Features)>> {
    let run = |half: &[String]| -> anyhow::Result<Vec<(String, Features)>> {
        (half.iter())
            .map(|p| Ok((p.clone(), features(cargo, root, p)?)))
            .collect()
    };
    let (one, other) = packages.split_at(packages.len() / 2);
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| run(other));
        (run(one), second.join())
    });
    let second = second.map_err(|_| anyhow::anyhow!("a cargo tree thread panicked"))?;
    Ok(first?.into_iter().chain(second?).collect())
}

/// One package's [`Features`], from `cargo tree -p <package>` (normal and build dependencies:
/// what a release build compiles).
fn features(cargo: &str, root: &Path, package: &str) -> anyhow::Result<Features> {
    let mut command = supervise::supervised(cargo)?;
    command.current_dir(root).args([
        "tree",
        "-p",
        package,
        "-e",
        "normal,build",
        "--prefix",
        "none",
        "-f",
        "{p}|{f}",
    ]);
    let finished = supervise::run(&mut command, TREE_TIMEOUT)?;
    if !finished.status.success() {
        bail!(
            "cargo tree -p {package} failed: {}",
            finished.last_error_line()
        );
    }
    parse_tree(&finished.stdout).with_context(|| format!("cargo tree -p {package}"))
}

/// Parses `cargo tree --prefix none -f '{p}|{f}'`: a package and its features a line, a line
/// seen before marked ` (*)`.
fn parse_tree(text: &str) -> anyhow::Result<Features> {
    let mut features = Features::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let line = line.trim_end().trim_end_matches(" (*)");
        let (package, list) = line
            .split_once('|')
            .with_context(|| format!("not a package and its features: {line:?}"))?;
        (features.entry(package.to_string()).or_default()).insert(list.to_string());
    }
    ensure!(!features.is_empty(), "no package in its output");
    Ok(features)
}

/// Groups the packages, in order, each into the first group where it agrees with every member
/// on the features of each dependency both have: building a group together then gives each
/// package the units it would get alone.
pub fn groups(features: &[(String, Features)]) -> Vec<Vec<String>> {
    let agree = |a: &Features, b: &Features| {
        a.iter()
            .all(|(package, lists)| b.get(package).is_none_or(|other| other == lists))
    };
    let mut groups: Vec<Vec<&(String, Features)>> = Vec::new();
    for package in features {
        match groups
            .iter_mut()
            .find(|g| g.iter().all(|(_, other)| agree(&package.1, other)))
        {
            Some(group) => group.push(package),
            None => groups.push(vec![package]),
        }
    }
    (groups.into_iter())
        .map(|g| g.into_iter().map(|(name, _)| name.clone()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, tree: &str) -> (String, Features) {
        (name.to_string(), parse_tree(tree).unwrap())
    }

    #[test]
    fn packages_share_an_invocation_only_where_every_shared_dependency_agrees() {
        let features = [
            package(
                "fib-tokio",
                "fib-tokio v0.1.0|\ntokio v1.48.0|rt,rt-multi-thread\n",
            ),
            package(
                "fib-threads",
                "fib-threads v0.1.0|\nclap v4.6.0|derive,std\n",
            ),
            // tokio with `net` too: built with fib-tokio, it would change fib-tokio's tokio.
            package(
                "download-tokio",
                "download-tokio v0.1.0|\ntokio v1.48.0|net,rt\n",
            ),
            package(
                "sleep-tokio",
                "sleep-tokio v0.1.0|\ntokio v1.48.0|rt,rt-multi-thread\n",
            ),
            // A line seen before, and a package built with two feature lists (host and target).
            package(
                "crawl-tokio",
                "crawl-tokio v0.1.0|\ntokio v1.48.0|net,rt\ntokio v1.48.0|net,rt (*)\n\
                 syn v2.0.0|full\nsyn v2.0.0|default\n",
            ),
        ];
        assert_eq!(
            groups(&features),
            [
                vec!["fib-tokio", "fib-threads", "sleep-tokio"],
                vec!["download-tokio", "crawl-tokio"],
            ]
        );
        let crawl = &features[4].1;
        assert_eq!(crawl["tokio v1.48.0"].len(), 1);
        assert_eq!(crawl["syn v2.0.0"].len(), 2);
        assert!(parse_tree("").is_err());
        assert!(parse_tree("no separator\n").is_err());
    }
}
