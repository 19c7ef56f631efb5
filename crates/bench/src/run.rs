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
use crate::python::{self, Python};
use crate::raw::{self, FloorRecord, Load, PointRecord, Record, Skipped, Timed};
use crate::registry::{self, Check, Experiment, Floor, FloorAt, Language, Row, Workload};
use crate::results::{Lock, Stage, check_writable, keep_other_raw, recover, swap, update_readme};
use crate::site::Site;
use crate::supervise::{self, Finished};
use crate::units::{mebibytes, percent, seconds};
use anyhow::{Context, bail, ensure};
use std::collections::HashMap;
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
    /// Where hyperfine is installed when none is on PATH, and the Python rows' environment.
    pub tools: PathBuf,
    /// The Python programs' folder.
    pub python: PathBuf,
    /// The site's latency.
    pub latency_ms: u64,
    /// A README whose summary block is rewritten with the new summary.
    pub readme: Option<PathBuf>,
}

/// One program to check and time at one point.
struct Job {
    row: &'static Row,
    program: String,
    /// The command line that runs it, flags aside: its binary, or an interpreter and a script.
    argv: Vec<String>,
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
    let fd_limit = rlimit::increase_nofile_limit(u64::MAX)
        .context("cannot read or raise the open-file limit, which decides which levels run")?;
    // Before anything is read or moved: one bench at a time.
    let lock = Lock::acquire(&options.stage)?;
    recover(&options.out)?;
    check_writable(&options.out)?;
    for (workload, _) in &selected {
        for row in workload
            .rows
            .iter()
            .filter(|r| r.language == Language::Rust)
        {
            let path = options.bin.join(row.program(workload));
            ensure!(
                path.exists(),
                "{} is not built: run `make build`",
                path.display()
            );
        }
    }
    let python = python_rows(&selected, options);
    let stage = Stage::create(&options.stage, &lock)?;
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
    let scratch = stage.0.join("scratch");
    std::fs::create_dir_all(&scratch)?;
    let programs = Programs {
        bin: &options.bin,
        site_url: site_url.as_deref(),
        python: python.as_ref().ok(),
        scratch: &scratch,
    };

    let mut plans = plan(
        &selected,
        &programs,
        &python,
        options.quick,
        cores,
        fd_limit,
    )?;
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
        check(plan, &programs, options.quick)?;
    }

    let hyperfine = hyperfine::locate(&options.tools)?;
    let version = hyperfine::version(&hyperfine).unwrap_or_default();
    eprintln!("bench: phase 2 of 3: timing {jobs} programs with {version} (-N)");
    let mut progress = Progress::new(plans.iter().flat_map(|plan| {
        let (experiment, quick) = (plan.experiment, options.quick);
        plan.points.iter().flat_map(move |point| {
            point.jobs.iter().map(move |job| {
                let sampled = experiment.sampled || job.row.process_tree;
                (job.checked, experiment.runs(job.row, quick), sampled)
            })
        })
    }));
    let mut startups = Startups::default();
    for plan in &plans {
        let dir = raw_dir.join(plan.experiment.name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let started = crate::machine::now();
        let before = Sample::take(site.as_ref().map(Site::pid));
        let mut commands = commands_header(plan, options);
        let probe = match &plan.experiment.probe {
            Some(probe) => {
                let flags = &plan.points[0].flags;
                let seconds = (probe.measure)(flags)
                    .with_context(|| format!("{}: {}", plan.experiment.name, probe.about))?;
                eprintln!(
                    "bench: {}: {}: {}",
                    plan.experiment.name,
                    probe.about,
                    crate::units::seconds(seconds)
                );
                Some(seconds)
            }
            None => None,
        };
        let timers = match &plan.experiment.timers {
            Some(timers) => {
                let work_us = registry::flag(&plan.points[0].flags, timers.flag)
                    .with_context(|| format!("no --{} flag for the timers", timers.flag))?;
                eprintln!(
                    "bench: {}: measuring every timer's sleeps",
                    plan.experiment.name
                );
                let measured =
                    crate::timers::measure(&options.bin, timers, work_us, options.quick)?;
                Some(measured)
            }
            None => None,
        };
        let mut records = Vec::new();
        for (index, point) in plan.points.iter().enumerate() {
            // Where no row runs (every one skipped: past the open-file limit, say), neither
            // does the floor's client, which would need as many sockets.
            let floor = match (&plan.experiment.floor, &site) {
                (Some(floor), Some(site)) if !point.jobs.is_empty() => {
                    Some(measure_floor(floor, plan, point, site, cores)?)
                }
                _ => None,
            };
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
                    &mut startups,
                    options.quick,
                )?);
            }
            records.push(PointRecord {
                level: point.level,
                flags: point.flags.clone(),
                timed,
                skipped: point.skipped.clone(),
                floor,
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
            probe,
            timers,
            points: records,
        };
        std::fs::write(
            dir.join(raw::RECORD),
            serde_json::to_string_pretty(&record)? + "\n",
        )?;
        std::fs::write(dir.join("commands.sh"), commands)?;
        if load
            .others
            .is_some_and(|others| others > crate::figures::BUSY)
        {
            eprintln!(
                "bench: ⚠ {}: other work took {} of the CPU while it ran; its figures are flagged",
                plan.experiment.name,
                percent(load.others.unwrap_or_default())
            );
        }
    }
    drop(site);

    eprintln!("bench: phase 3 of 3: rendering tables and charts");
    let runs = crate::render(&raw_dir, &results)?;
    let python = match &python {
        Ok(python) => Some(python.describe()),
        Err(why) => why.as_ref().map(|why| format!("not run: {why:#}")),
    };
    std::fs::write(
        results.join("machine.md"),
        crate::machine::describe(&runs, Some(&version), python.as_deref()),
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

/// The pause before each run at a point whose runs open thousands of connections.
fn settle(experiment: &Experiment, flags: &[(String, u64)]) -> Option<Duration> {
    let connections = registry::flag(flags, experiment.open_files?)?;
    crate::ports::settle(connections)
}

/// Measures an experiment's floor at one point against the running site, and says what it was.
fn measure_floor(
    floor: &Floor,
    plan: &Planned,
    point: &PlannedPoint,
    site: &Site,
    cores: u64,
) -> anyhow::Result<FloorRecord> {
    let at = FloorAt {
        flags: &point.flags,
        settle: settle(plan.experiment, &point.flags),
        site: &site.url,
        site_pid: site.pid(),
        cores,
    };
    let where_ = point
        .level
        .map_or(String::new(), |level| format!(" at {level}"));
    let record = (floor.measure)(&at).with_context(|| {
        format!(
            "{}{where_}: the floor ({})",
            plan.experiment.name, floor.about
        )
    })?;
    eprintln!(
        "bench: {}{where_}: floor {} ({} of CPU over {cores} cores; its client took {})",
        plan.experiment.name,
        seconds(record.seconds),
        seconds(record.cpu),
        seconds(record.wall),
    );
    Ok(record)
}

/// The Python rows' environment, made on first use when a selected workload has Python rows;
/// `Err(None)` when none has, `Err(Some(why))` when there is none to be had, said on one line:
/// the Python rows are skipped and every Rust figure is still produced.
fn python_rows(
    selected: &[(&'static Workload, &'static Experiment)],
    options: &Options,
) -> Result<Python, Option<anyhow::Error>> {
    let wanted = selected
        .iter()
        .any(|(w, _)| w.rows.iter().any(|r| r.language == Language::Python));
    if !wanted {
        return Err(None);
    }
    python::setup(&options.python, &options.tools).map_err(|why| {
        eprintln!("bench: ⚠ the Python rows are skipped: {why:#}");
        Some(why)
    })
}

/// What every program run needs: where the programs are, where the site is, and the Python
/// rows' interpreter.
struct Programs<'a> {
    bin: &'a Path,
    site_url: Option<&'a str>,
    python: Option<&'a Python>,
    /// Where the files programs write go (a workload's `output`): the staging folder's.
    scratch: &'a Path,
}

impl Programs<'_> {
    /// The command line that runs `row`'s program, flags aside; `None` for a Python row when
    /// there is no Python.
    fn argv(&self, workload: &Workload, row: &Row) -> Option<Vec<String>> {
        let mut argv = match row.script(workload) {
            Some(script) => self.python?.argv(&script),
            None => vec![self.bin.join(row.program(workload)).display().to_string()],
        };
        if let Some(flag) = workload.output {
            let file = self.scratch.join(format!("{}.out", row.program(workload)));
            argv.extend([format!("--{flag}"), file.display().to_string()]);
        }
        Some(argv)
    }

    /// The command that runs `argv` with `args` under a supervisor, the site's URL in its
    /// environment.
    fn command(&self, argv: &[String], args: &[String]) -> anyhow::Result<Command> {
        let mut command = supervise::supervised(&argv[0])?;
        command.args(&argv[1..]).args(args);
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
    programs: &Programs,
    python: &Result<Python, Option<anyhow::Error>>,
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
                let argv = programs.argv(workload, row);
                let reason = experiment
                    .skip(row, &flags)
                    .map(str::to_string)
                    .or_else(|| match (&argv, python) {
                        (None, Err(Some(why))) => Some(format!("no Python here: {why:#}")),
                        (None, _) => Some("no Python here".into()),
                        _ => None,
                    })
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
                        argv: argv.expect("a row with no command line is skipped"),
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
fn check(plan: &mut Planned, programs: &Programs, quick: bool) -> anyhow::Result<()> {
    let count = plan.points.len();
    for (index, point) in plan.points.iter_mut().enumerate() {
        let args = registry::arguments(&point.flags);
        let mut later = 0;
        for job in &mut point.jobs {
            if plan.experiment.runs(job.row, quick).check == Check::LastRun {
                // Checked by its one timed run; its checked time stays zero (unknown).
                later += 1;
                continue;
            }
            let finished = supervise::run(&mut programs.command(&job.argv, &args)?, CHECK_TIMEOUT)
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
        let mut skipped = if point.skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} not run here)", point.skipped.len())
        };
        if later > 0 {
            write!(skipped, " ({later} checked by their one timed run)")?;
        }
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
            point.jobs.len() - later,
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
    startups: &mut Startups,
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
    let program_line = command_line(job.argv.iter().chain(&args));
    let runs = at.plan.experiment.runs(job.row, quick);
    // The check run, with the same flags, was the first warm-up run (its binary and pages are
    // loaded); hyperfine does the rest. A row checked by its last run had no run before.
    let warmup = match runs.check {
        Check::First => runs.warmup.saturating_sub(1),
        Check::LastRun => runs.warmup,
    };
    let mut flags: Vec<String> = vec!["-N".into(), "--warmup".into(), warmup.to_string()];
    if let Some(pause) = settle(at.plan.experiment, &at.point.flags) {
        // Not timed: see `crate::ports`.
        flags.extend(["--prepare".into(), format!("sleep {}", pause.as_secs_f64())]);
    }
    if runs.min == runs.max {
        flags.extend(["--runs".into(), runs.min.to_string()]);
    } else {
        flags.extend(["--min-runs".into(), runs.min.to_string()]);
        flags.extend(["--max-runs".into(), runs.max.to_string()]);
    }
    writeln!(
        commands,
        "hyperfine {} --export-json {export} -n {} {}",
        command_line(&flags),
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
    if runs.check == Check::LastRun {
        writeln!(
            commands,
            "# (no check run before the line above: its one timed run's line was the check)"
        )?;
    }
    let started = Instant::now();
    let finished = supervise::run(&mut command, limit)?;
    if !finished.status.success() {
        // hyperfine's own message is generic; the program's own error line says why.
        let again = supervise::run(&mut programs.command(&job.argv, &args)?, CHECK_TIMEOUT)?;
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
        line.extend(job.argv.iter().chain(&args).cloned());
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
    let startup = startups.measure(hyperfine, programs, at.plan.workload, job, dir, commands)?;
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
        startup,
    })
}

/// How long each Python program takes to start: the interpreter and the program's imports
/// (`import aiohttp` alone is a few tenths of a second), which every timed run includes. Each
/// program's is measured once a bench, by importing it as a module (its work runs only as a
/// script), and shown beside its rows so that a reader can tell start-up from work.
#[derive(Default)]
struct Startups(HashMap<String, f64>);

impl Startups {
    /// How many times hyperfine runs each start-up.
    const RUNS: u32 = 10;

    /// The median start-up of `job`'s program, measured on its first call; `None` for a Rust
    /// row (a Rust program's start is a millisecond, inside every figure's noise).
    fn measure(
        &mut self,
        hyperfine: &Path,
        programs: &Programs,
        workload: &Workload,
        job: &Job,
        dir: &Path,
        commands: &mut String,
    ) -> anyhow::Result<Option<f64>> {
        let (Some(script), Some(python)) = (job.row.script(workload), programs.python) else {
            return Ok(None);
        };
        if let Some(known) = self.0.get(&job.program) {
            return Ok(Some(*known));
        }
        let module = script.trim_end_matches(".py");
        let code = format!(
            "import sys; sys.path.insert(0, \"{}\"); import {module}",
            python.programs.display()
        );
        let line = command_line(&[python.interpreter.display().to_string(), "-c".into(), code]);
        let export = format!("{}-startup.json", job.program);
        let name = format!("{} start-up", job.program);
        let runs = Startups::RUNS.to_string();
        writeln!(
            commands,
            "hyperfine -N --warmup 1 --runs {runs} --export-json {export} -n {} {}",
            quote(&name),
            quote(&line)
        )?;
        let mut command = supervise::supervised(hyperfine)?;
        command
            .args(["-N", "--warmup", "1", "--runs", &runs, "--style", "none"])
            .arg("--export-json")
            .arg(dir.join(&export))
            .args(["-n", &name, &line]);
        let finished = supervise::run(&mut command, Duration::from_secs(120))?;
        ensure!(
            finished.status.success(),
            "{}: importing the program failed: {}",
            job.program,
            finished.last_error_line()
        );
        // The export stays beside the others: `commands.sh` names it.
        let median = crate::raw::read_export(&dir.join(&export))?.median;
        self.0.insert(job.program.clone(), median);
        Ok(Some(median))
    }
}

/// A command line for hyperfine and for `commands.sh`, each word quoted where it needs it.
fn command_line<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> String {
    let words: Vec<String> = words.into_iter().map(|w| quote(w.as_ref())).collect();
    words.join(" ")
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
