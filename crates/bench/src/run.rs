//! `bench run`: check every program's result line, time each with hyperfine, render, and swap
//! the new results in whole.
//!
//! The phases, each announced on stderr: (1) every program of every selected experiment runs
//! once and its result line must equal the expected one, computed by `workloads`; nothing is
//! timed before all agree. (2) hyperfine times each program at each level, one call each, so
//! that each peak-memory figure is its own; a line per call says where the bench is and how
//! long is left. (3) the tables and charts are rendered from the raw data, into a staging
//! folder that replaces the results folder only once complete.
//!
//! Whatever ends the run (a wrong line, a failing program, Ctrl-C, `kill`), the site stops, the
//! staging folder goes, and the previous results stay as they were (see [`crate::results`]).

use crate::hyperfine;
use crate::load::Sample;
use crate::progress::Progress;
use crate::raw::{self, Load, PointRecord, Record, Skipped, Timed};
use crate::registry::{self, Experiment, Row, Workload};
use crate::results::{Stage, check_writable, keep_other_raw, recover, swap, update_readme};
use crate::site::Site;
use crate::supervise::{self, Finished};
use crate::units::{mebibytes, percent, seconds};
use anyhow::{Context, bail, ensure};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long one check run of a program may take before it counts as hung.
const CHECK_TIMEOUT: Duration = Duration::from_secs(300);
/// File descriptors a program needs beyond its sockets: stdio, its runtime's own.
const SPARE_FDS: u64 = 64;

/// What to run, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The experiments to run, by name; empty for all.
    pub experiments: Vec<String>,
    /// A QUICK run: smaller work, fewer runs.
    pub quick: bool,
    /// Where the release programs are.
    pub bin: PathBuf,
    /// Where the results go (replaced whole).
    pub out: PathBuf,
    /// Where they are prepared.
    pub stage: PathBuf,
    /// Where hyperfine is installed when none is on PATH.
    pub tools: PathBuf,
    /// The site's latency.
    pub latency_ms: u64,
    /// A README whose summary block is rewritten with the new summary.
    pub readme: Option<PathBuf>,
}

/// One program to check and time at one point.
struct Job {
    row: &'static Row,
    program: String,
    /// The fields its result line must show after its name.
    expected: String,
    /// Its wall time when checked: the base of the time-left estimate.
    checked: Duration,
}

/// One level of an experiment, planned.
struct PlannedPoint {
    level: Option<u64>,
    flags: Vec<(String, u64)>,
    jobs: Vec<Job>,
    skipped: Vec<Skipped>,
}

/// An experiment, planned.
struct Planned {
    workload: &'static Workload,
    experiment: &'static Experiment,
    points: Vec<PlannedPoint>,
}

/// Runs the bench.
pub fn run(options: &Options) -> anyhow::Result<()> {
    supervise::install()?;
    // The code being measured: labelled before anything runs, so that edits made while the
    // bench runs cannot relabel its figures.
    let commit = crate::machine::commit();
    let selected = select(&options.experiments)?;
    let cores = workloads::cores() as u64;
    let fd_limit = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    recover(&options.out)?;
    check_writable(&options.out)?;
    for (workload, _) in &selected {
        for row in workload.rows {
            let path = options.bin.join(row.program(workload));
            ensure!(
                path.exists(),
                "{} is not built: run `make build`",
                path.display()
            );
        }
    }
    let stage = Stage::create(&options.stage)?;
    let results = stage.0.join("results");
    let raw_dir = results.join("raw");
    std::fs::create_dir_all(&raw_dir)?;
    // The other experiments' raw data is kept, so that the summary stays whole; it is read and
    // checked now, before anything is timed, so that a broken file fails the run at once.
    keep_other_raw(&options.out.join("raw"), &raw_dir, &selected)?;
    raw::load_all(&raw_dir)?;

    let site = match selected.iter().any(|(w, _)| w.needs_site) {
        true => {
            let site = Site::start(&options.bin, options.latency_ms, &stage.0.join("site.log"))?;
            eprintln!(
                "bench: site at {}, {} ms latency",
                site.url, options.latency_ms
            );
            Some(site)
        }
        false => None,
    };
    let site_url = site.as_ref().map(|s| s.url.clone());
    let programs = Programs {
        bin: &options.bin,
        site_url: site_url.as_deref(),
    };

    let mut plans = plan(&selected, options.quick, cores, fd_limit)?;
    let jobs: usize = plans
        .iter()
        .flat_map(|p| &p.points)
        .map(|p| p.jobs.len())
        .sum();
    let points: usize = plans.iter().map(|p| p.points.len()).sum();
    eprintln!(
        "bench: phase 1 of 3: checking {jobs} result lines at {points} points{}",
        if options.quick { " (QUICK)" } else { "" }
    );
    for plan in &mut plans {
        check(plan, &programs)?;
    }

    let hyperfine = hyperfine::locate(&options.tools)?;
    let version = hyperfine::version(&hyperfine).unwrap_or_default();
    eprintln!("bench: phase 2 of 3: timing {jobs} programs with {version} (-N)");
    let mut progress = Progress::new(plans.iter().flat_map(|plan| {
        let runs = plan.experiment.runs(options.quick);
        let sampled = plan.experiment.sampled;
        plan.points.iter().flat_map(move |point| {
            let jobs = point.jobs.iter();
            jobs.map(move |job| (job.checked, runs, sampled || job.row.process_tree))
        })
    }));
    for plan in &plans {
        let dir = raw_dir.join(plan.experiment.name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let started = crate::machine::now();
        let before = Sample::take(site.as_ref().map(Site::pid));
        let mut commands = commands_header(plan, options);
        let mut records = Vec::new();
        for (index, point) in plan.points.iter().enumerate() {
            let mut timed = Vec::new();
            for job in &point.jobs {
                let at = Where { plan, point, index };
                timed.push(time_one(
                    &hyperfine,
                    &programs,
                    &at,
                    job,
                    &dir,
                    &mut commands,
                    &mut progress,
                    options.quick,
                )?);
            }
            records.push(PointRecord {
                level: point.level,
                flags: point.flags.clone(),
                timed,
                skipped: point.skipped.clone(),
            });
        }
        let load: Load = before.until(&Sample::take(site.as_ref().map(Site::pid)));
        let record = Record {
            experiment: plan.experiment.name.into(),
            quick: options.quick,
            latency_ms: options.latency_ms,
            cores,
            commit: commit.clone(),
            started,
            finished: crate::machine::now(),
            load,
            points: records,
        };
        std::fs::write(
            dir.join(raw::RECORD),
            serde_json::to_string_pretty(&record)? + "\n",
        )?;
        std::fs::write(dir.join("commands.sh"), commands)?;
        if load.others > crate::figures::BUSY {
            eprintln!(
                "bench: ⚠ {}: other work took {} of the CPU while it ran; its figures are flagged",
                plan.experiment.name,
                percent(load.others)
            );
        }
    }
    drop(site);

    eprintln!("bench: phase 3 of 3: rendering tables and charts");
    let runs = crate::render(&raw_dir, &results)?;
    std::fs::write(
        results.join("machine.md"),
        crate::machine::describe(&runs, Some(&version)),
    )?;
    supervise::check()?;
    swap(&results, &options.out)?;
    if let Some(readme) = &options.readme {
        update_readme(readme, &crate::tables::summary_block(&runs, &options.out)?)?;
    }
    let summary = std::fs::read_to_string(options.out.join("summary.md"))?;
    println!("{summary}");
    eprintln!("bench: results in {}/", options.out.display());
    Ok(())
}

/// What every program run needs: where the programs are and where the site is.
struct Programs<'a> {
    bin: &'a Path,
    site_url: Option<&'a str>,
}

impl Programs<'_> {
    /// The command that runs `program` with `args` under a supervisor, the site's URL in its
    /// environment.
    fn command(&self, program: &str, args: &[String]) -> anyhow::Result<Command> {
        let mut command = supervise::supervised(self.bin.join(program))?;
        command.args(args);
        match self.site_url {
            Some(url) => command.env("SITE_URL", url),
            None => command.env_remove("SITE_URL"),
        };
        Ok(command)
    }
}

/// The selected experiments, with their workloads; all of them when none is named.
fn select(names: &[String]) -> anyhow::Result<Vec<(&'static Workload, &'static Experiment)>> {
    if names.is_empty() {
        return Ok(registry::all().collect());
    }
    names
        .iter()
        .map(|name| {
            Experiment::named(name).with_context(|| {
                let known: Vec<&str> = registry::all().map(|(_, e)| e.name).collect();
                format!(
                    "no experiment named {name:?}; there are: {}",
                    known.join(", ")
                )
            })
        })
        .collect()
}

/// Works out every point's flags, expected line and jobs, and which rows are skipped and why.
fn plan(
    selected: &[(&'static Workload, &'static Experiment)],
    quick: bool,
    cores: u64,
    fd_limit: u64,
) -> anyhow::Result<Vec<Planned>> {
    let mut plans = Vec::new();
    for (workload, experiment) in selected {
        let mut points = Vec::new();
        for level in experiment.levels(quick) {
            let flags = experiment.flags(level, quick, cores);
            let arguments = registry::arguments(&flags);
            let mut jobs = Vec::new();
            let mut skipped = Vec::new();
            for row in workload.rows {
                let reason = experiment
                    .skip(row, &flags)
                    .map(str::to_string)
                    .or_else(|| {
                        let files = experiment.open_files?;
                        let needed = flags.iter().find(|(n, _)| n == files)?.1 + SPARE_FDS;
                        (needed > fd_limit).then(|| {
                            format!("needs {needed} open files; the limit here is {fd_limit}")
                        })
                    });
                match reason {
                    Some(reason) => skipped.push(Skipped {
                        row: row.label(),
                        reason,
                    }),
                    None => jobs.push(Job {
                        row,
                        program: row.program(workload),
                        expected: (workload.expected)(&arguments, row)
                            .with_context(|| format!("{}: the expected result", experiment.name))?,
                        checked: Duration::ZERO,
                    }),
                }
            }
            points.push(PlannedPoint {
                level,
                flags,
                jobs,
                skipped,
            });
        }
        plans.push(Planned {
            workload,
            experiment,
            points,
        });
    }
    Ok(plans)
}

/// Runs every program of an experiment once: each must print exactly the expected line.
fn check(plan: &mut Planned, programs: &Programs) -> anyhow::Result<()> {
    let count = plan.points.len();
    for (index, point) in plan.points.iter_mut().enumerate() {
        let args = registry::arguments(&point.flags);
        for job in &mut point.jobs {
            let finished =
                supervise::run(&mut programs.command(&job.program, &args)?, CHECK_TIMEOUT)
                    .with_context(|| format!("{} {}", job.program, args.join(" ")))?;
            ensure_success(&finished, &job.program, &args)?;
            let want = format!("{} {}", job.program, job.expected);
            let got = finished.stdout.trim_end_matches('\n');
            if got != want {
                bail!(
                    "{} does not agree with the expected result; nothing was timed\n  want: {want}\n  got:  {got}",
                    job.program
                );
            }
            job.checked = finished.elapsed;
        }
        let at = plan.experiment.level_name(point.level);
        let skipped = if point.skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} not run here)", point.skipped.len())
        };
        let first = point.jobs.first().map_or("", |job| job.expected.as_str());
        eprintln!(
            "bench: {}{}{}: {} result lines agree: {first}{skipped}",
            plan.experiment.name,
            if at.is_empty() {
                String::new()
            } else {
                format!(" {at}")
            },
            if count > 1 {
                format!(" ({}/{count})", index + 1)
            } else {
                String::new()
            },
            point.jobs.len(),
        );
    }
    Ok(())
}

/// An error naming the program and its own error line, if it failed.
fn ensure_success(finished: &Finished, program: &str, args: &[String]) -> anyhow::Result<()> {
    if !finished.status.success() {
        bail!(
            "{program} {} failed ({}): {}; nothing was timed",
            args.join(" "),
            finished.status,
            finished.last_error_line()
        );
    }
    Ok(())
}

/// Where a job is: its experiment, its point, the point's index.
struct Where<'a> {
    plan: &'a Planned,
    point: &'a PlannedPoint,
    index: usize,
}

impl Where<'_> {
    /// `download-scaling C = 1000 (4/5)`, or just `download`.
    fn describe(&self) -> String {
        let count = self.plan.points.len();
        match self.point.level {
            Some(_) => format!(
                "{} {} ({}/{count})",
                self.plan.experiment.name,
                self.plan.experiment.level_name(self.point.level),
                self.index + 1
            ),
            None => self.plan.experiment.name.to_string(),
        }
    }

    /// The file names of a program's figures here: `download-tokio`, `download-tokio-c1000`.
    fn file_stem(&self, program: &str) -> String {
        match (&self.plan.experiment.sweep, self.point.level) {
            (Some(sweep), Some(level)) => {
                format!("{program}-{}{level}", sweep.parameter.to_lowercase())
            }
            _ => program.to_string(),
        }
    }
}

/// Times one program at one point with hyperfine, and its process tree's memory where the row
/// starts workers.
#[allow(clippy::too_many_arguments)]
fn time_one(
    hyperfine: &Path,
    programs: &Programs,
    at: &Where,
    job: &Job,
    dir: &Path,
    commands: &mut String,
    progress: &mut Progress,
    quick: bool,
) -> anyhow::Result<Timed> {
    let args = registry::arguments(&at.point.flags);
    let stem = at.file_stem(&job.program);
    let export = format!("{stem}.json");
    let output = dir.join(format!("{stem}.out"));
    let name = match at.point.level {
        Some(_) => format!(
            "{} {}",
            job.program,
            at.plan.experiment.level_name(at.point.level)
        ),
        None => job.program.clone(),
    };
    let program_line = std::iter::once(programs.bin.join(&job.program).display().to_string())
        .chain(args.iter().cloned())
        .map(|word| quote(&word))
        .collect::<Vec<_>>()
        .join(" ");
    let runs = at.plan.experiment.runs(quick);
    // The check run, with the same flags, was the first warm-up run (its binary and pages are
    // loaded); hyperfine does the rest.
    let warmup = runs.warmup.saturating_sub(1);
    let mut flags: Vec<String> = vec!["-N".into(), "--warmup".into(), warmup.to_string()];
    if runs.min == runs.max {
        flags.extend(["--runs".into(), runs.min.to_string()]);
    } else {
        flags.extend(["--min-runs".into(), runs.min.to_string()]);
        flags.extend(["--max-runs".into(), runs.max.to_string()]);
    }
    writeln!(
        commands,
        "hyperfine {} --export-json {export} -n {} {}",
        flags.join(" "),
        quote(&name),
        quote(&program_line)
    )?;
    let mut command = supervise::supervised(hyperfine)?;
    command
        .args(&flags)
        .args(["--style", "none", "--export-json"])
        .arg(dir.join(&export))
        .arg("--output")
        .arg(&output)
        .args(["-n", &name, &program_line]);
    if let Some(url) = programs.site_url {
        command.env("SITE_URL", url);
    }
    let limit = Duration::from_secs(600).max(job.checked * 20 * (runs.max + warmup));
    let started = Instant::now();
    let finished = supervise::run(&mut command, limit)?;
    if !finished.status.success() {
        // hyperfine's own message is generic; the program's own error line says why.
        let again = supervise::run(&mut programs.command(&job.program, &args)?, CHECK_TIMEOUT)?;
        let cause = if again.status.success() {
            "it succeeded when run again".to_string()
        } else {
            again.last_error_line().to_string()
        };
        bail!(
            "{} failed under hyperfine ({}); run again: {cause}",
            job.program,
            finished.last_error_line()
        );
    }
    // Every run printed its result line into the output file; the last one is still there.
    let last = std::fs::read_to_string(&output).unwrap_or_default();
    let want = format!("{} {}\n", job.program, job.expected);
    ensure!(
        last == want,
        "{}'s last timed run printed {last:?}, not {want:?}",
        job.program
    );
    std::fs::remove_file(&output)?;
    let sampled = if job.row.process_tree || at.plan.experiment.sampled {
        let mut line = vec!["env".to_string()];
        line.extend(programs.site_url.map(|url| format!("SITE_URL={url}")));
        line.push(programs.bin.join(&job.program).display().to_string());
        line.extend(args.iter().cloned());
        Some(crate::peak::sample(&line, CHECK_TIMEOUT)?)
    } else {
        None
    };
    // A process tree's memory is the sum of its processes'; for one process, hyperfine's
    // figure over every run is the one to keep.
    let tree_bytes = sampled
        .filter(|_| job.row.process_tree)
        .map(|s| s.tree_bytes);
    let kernel_stack = sampled.map(|s| s.kernel_stack);
    let measurement = crate::raw::read_export(&dir.join(&export))?;
    let memory = tree_bytes
        .or(measurement.peak_memory())
        .map_or("n/a".into(), mebibytes);
    let sampled_run = at.plan.experiment.sampled || job.row.process_tree;
    progress.done(job.checked, runs, sampled_run, started.elapsed());
    eprintln!(
        "bench: {} {} {}: {} ± {}, {memory}{}; {}",
        progress.counter(),
        at.describe(),
        job.program,
        seconds(measurement.median),
        percent(measurement.spread()),
        if tree_bytes.is_some() {
            " (process tree)"
        } else {
            ""
        },
        progress.left(),
    );
    Ok(Timed {
        row: job.row.label(),
        export,
        expected: job.expected.clone(),
        tree_bytes,
        kernel_stack,
    })
}

/// A word quoted for a shell (and for hyperfine's splitting of a command line), when it needs it.
fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The head of an experiment's `commands.sh`: how to rerun its figures by hand.
fn commands_header(plan: &Planned, options: &Options) -> String {
    let site = if plan.workload.needs_site {
        format!(
            "# The site first, as the bench ran it:\n#   {}/site --latency-ms {} &\n#   export SITE_URL=http://127.0.0.1:8787\n",
            options.bin.display(),
            options.latency_ms
        )
    } else {
        String::new()
    };
    format!(
        "#!/bin/sh\n# Every hyperfine command behind {}'s figures, as the bench ran them{}.\n# Run from the repository's root after `make build`; each line writes its JSON export into\n# the current folder. The bench ran each program once in its check phase, which counts as\n# the first warm-up run: add one to --warmup when running a line alone.\n{site}set -e\n",
        plan.experiment.name,
        if options.quick { " (QUICK)" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_they_need_it() {
        assert_eq!(
            quote("target/release/download-tokio"),
            "target/release/download-tokio"
        );
        assert_eq!(quote("--requests"), "--requests");
        assert_eq!(
            quote("download-tokio C = 1000"),
            "'download-tokio C = 1000'"
        );
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
