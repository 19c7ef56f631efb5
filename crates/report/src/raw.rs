//! The raw data a bench leaves per workload: hyperfine's exports and the bench's own notes.
//!
//! `raw/<workload>/` holds `settings.env` (`key=value` lines: what was run, on what), one
//! hyperfine export per program (or per program and level, for a sweep), `<program>.tree-bytes`
//! (`<program>-<level><value>.tree-bytes` in a sweep) where memory was measured over a whole
//! process tree, and `skipped.tsv` (program, level, reason) for the levels a model was not run
//! at. A sweep's settings name the parameter it varies (`level=c`).

use crate::hyperfine::{Export, Measurement};
use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::path::Path;

pub use workloads::MODELS;

/// One workload's raw data, read back.
#[derive(Debug)]
pub struct Workload {
    /// The workload's name: its folder's name, e.g. `download` or `download-scaling`.
    pub name: String,
    /// `settings.env`.
    pub settings: BTreeMap<String, String>,
    /// Every program's figures, in model order (then by level, for a sweep).
    pub measurements: Vec<Measurement>,
    /// Peak memory summed over every process of a program, where it was measured, keyed by
    /// [`Workload::tree_key`].
    pub tree_memory: BTreeMap<String, u64>,
    /// Levels a model was not run at, and why.
    pub skipped: Vec<Skip>,
}

/// A sweep level a program was not run at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The program, e.g. `download-rayon`.
    pub program: String,
    /// The level, e.g. the concurrency.
    pub level: u64,
    /// Why, in a sentence.
    pub reason: String,
}

/// The model a program runs: its name less the workload, e.g. `tokio-current`.
pub fn model_of(program: &str) -> &str {
    // Longest first, so that `download-tokio-current` is not taken for `tokio`.
    let mut models = MODELS;
    models.sort_by_key(|model| std::cmp::Reverse(model.len()));
    models
        .into_iter()
        .find(|model| {
            program
                .strip_suffix(model)
                .is_some_and(|rest| rest.ends_with('-'))
        })
        .unwrap_or(program)
}

/// The position of a program's model in [`MODELS`] (unknown models last).
fn model_rank(program: &str) -> usize {
    let model = model_of(program);
    MODELS
        .iter()
        .position(|m| *m == model)
        .unwrap_or(MODELS.len())
}

impl Workload {
    /// Reads `dir`, a workload's raw folder.
    pub fn load(dir: &Path) -> anyhow::Result<Workload> {
        let name = dir
            .file_name()
            .context("a workload folder")?
            .to_string_lossy()
            .into_owned();
        let read = |file: &str| {
            let path = dir.join(file);
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))
        };
        let settings = parse_settings(&read("settings.env")?)?;
        let mut measurements = Vec::new();
        let mut tree_memory = BTreeMap::new();
        let mut skipped = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file.ends_with(".json") {
                let export: Export = serde_json::from_str(&read(&file)?)
                    .with_context(|| format!("{name}/{file} is not hyperfine's JSON"))?;
                measurements.extend(export.results);
            } else if let Some(key) = file.strip_suffix(".tree-bytes") {
                let bytes = read(&file)?
                    .trim()
                    .parse()
                    .with_context(|| format!("{name}/{file}"))?;
                tree_memory.insert(key.to_string(), bytes);
            } else if file == "skipped.tsv" {
                skipped = parse_skipped(&read(&file)?)?;
            }
        }
        if measurements.is_empty() {
            bail!("{} holds no hyperfine results", dir.display());
        }
        // Within a model, a sweep's levels in increasing order.
        measurements.sort_by_key(|m| {
            let levels: Vec<u64> = m
                .parameters
                .values()
                .filter_map(|v| v.parse().ok())
                .collect();
            (model_rank(&m.command), levels)
        });
        Ok(Workload {
            name,
            settings,
            measurements,
            tree_memory,
            skipped,
        })
    }

    /// A numeric setting.
    pub fn setting(&self, key: &str) -> anyhow::Result<u64> {
        let value = self
            .settings
            .get(key)
            .with_context(|| format!("{}: no {key} setting", self.name))?;
        value
            .parse()
            .with_context(|| format!("{}: {key}={value}", self.name))
    }

    /// The first measurement of `model`.
    pub fn of(&self, model: &str) -> Option<&Measurement> {
        self.measurements
            .iter()
            .find(|m| model_of(&m.command) == model)
    }

    /// The parameter a sweep varies (its `level` setting: `c`, `count`); `None` if no sweep.
    pub fn level_name(&self) -> Option<&str> {
        self.settings.get("level").map(String::as_str)
    }

    /// The sweep level a measurement was taken at.
    pub fn level(&self, measurement: &Measurement) -> Option<u64> {
        measurement.parameter(self.level_name()?)
    }

    /// `model`'s measurement at sweep level `level`.
    pub fn at(&self, model: &str, level: u64) -> Option<&Measurement> {
        self.measurements
            .iter()
            .find(|m| model_of(&m.command) == model && self.level(m) == Some(level))
    }

    /// Peak memory of a program: over its whole process tree where that was measured, else
    /// hyperfine's figure (the largest single process).
    pub fn peak_memory(&self, measurement: &Measurement) -> Option<u64> {
        let measured = self.tree_memory.get(&self.tree_key(measurement));
        measured.copied().or(measurement.peak_memory())
    }

    /// Whether a measurement's memory is summed over its process tree.
    pub fn has_tree_memory(&self, measurement: &Measurement) -> bool {
        self.tree_memory.contains_key(&self.tree_key(measurement))
    }

    /// The name of a measurement's `.tree-bytes` file: the program, then `-<level><value>` in a
    /// sweep (`download-processes-c100`).
    fn tree_key(&self, measurement: &Measurement) -> String {
        match (self.level_name(), self.level(measurement)) {
            (Some(name), Some(level)) => format!("{}-{name}{level}", measurement.command),
            _ => measurement.command.clone(),
        }
    }
}

fn parse_settings(text: &str) -> anyhow::Result<BTreeMap<String, String>> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (key, value) = line
                .split_once('=')
                .with_context(|| format!("not key=value: {line}"))?;
            Ok((key.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

fn parse_skipped(text: &str) -> anyhow::Result<Vec<Skip>> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| match line.splitn(3, '\t').collect::<Vec<_>>()[..] {
            [program, level, reason] => Ok(Skip {
                program: program.to_string(),
                level: level
                    .parse()
                    .with_context(|| format!("level in {line:?}"))?,
                reason: reason.to_string(),
            }),
            _ => bail!("skipped.tsv: expected program, level, reason: {line:?}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_read_off_program_names() {
        assert_eq!(model_of("download-tokio-current"), "tokio-current");
        assert_eq!(model_of("download-tokio"), "tokio");
        assert_eq!(model_of("fib-async-std"), "async-std");
        assert_eq!(model_of("something"), "something");
    }

    #[test]
    fn settings_and_skips_parse() {
        let settings = parse_settings("a=1\n\nb = two words\n").unwrap();
        assert_eq!(settings["b"], "two words");
        assert!(parse_settings("no equals sign").is_err());
        let skips = parse_skipped("download-rayon\t1000\ttoo slow: 50 s\n").unwrap();
        assert_eq!(skips[0].level, 1000);
        assert_eq!(skips[0].reason, "too slow: 50 s");
        assert!(parse_skipped("download-rayon\t1000").is_err());
    }
}
