//! Stage three of a run: hyperfine times every program at every point, one call each (so
//! that each peak-memory figure is its own), beside what the bench measures itself (probes,
//! timers, floors, process trees); each experiment's raw record is written as it ends.

use super::plan::{self, Job, Planned, PlannedPoint};
use super::shell::{command_line, quote};
use super::startups::Startups;
use super::{CHECK_TIMEOUT, Options, Setup};
use crate::hyperfine::{Export, Measurement, PRECISE};
use crate::measure::load::Sample;
use crate::measure::{self, FloorAt};
use crate::progress::Progress;
use crate::raw::{self, FloorRecord, PointRecord, Record, Stopped, Timed, TimerRecord};
use crate::registry::{self, Check, Experiment, Floor, Runs};
use crate::site::Site;
use crate::supervise;
use crate::units::{mebibytes, percent, seconds};
use anyhow::{Context, bail, ensure};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What timing an experiment writes to as it goes: its raw folder, its `commands.sh`, the
/// run's progress, the Python start-ups measured so far, and each work timed so far (its
/// export and its record, by [`Job::work`]).
struct Timing<'a> {
    dir: &'a Path,
    commands: String,
    progress: &'a mut Progress,
    startups: &'a mut Startups,
    timed: &'a mut HashMap<String, (PathBuf, Timed)>,
}

/// One hyperfine call: a job at a point, and the files it writes.
struct Call<'a> {
    at: &'a Where<'a>,
    job: &'a Job,
    args: Vec<String>,
    /// hyperfine's export, in the raw folder.
    export: String,
    /// Where the program's output goes (its result line, checked after the last run).
    output: PathBuf,
    runs: Runs,
}

/// One hyperfine call of a [`Call`]'s: the first batch of its runs, or a later one.
struct Batch<'a> {
    /// The export it writes, in the raw folder.
    export: &'a str,
    /// Its timed runs.
    runs: u32,
    /// Whether it is the first (which has the warm-up; later ones follow runs of the same
    /// program, warm already).
    first: bool,
}

/// Times every experiment's programs, announcing the phase.
pub(super) fn time_all(
    setup: &Setup,
    plans: &[Planned],
    raw_dir: &Path,
    version: &str,
) -> anyhow::Result<()> {
    let jobs = plan::jobs(plans);
    eprintln!("bench: phase 2 of 3: timing {jobs} programs with {version} (-N)");
    let quick = setup.options.quick;
    let mut progress = Progress::new(plans.iter().flat_map(|plan| {
        let experiment = plan.experiment;
        plan.points.iter().flat_map(move |point| {
            (point.jobs.iter().filter(|job| job.timed_in.is_none())).map(move |job| {
                let sampled = experiment.samples(job.row);
                (job.checked, experiment.runs(job.row, quick), sampled)
            })
        })
    }));
    let mut startups = Startups::default();
    let mut timed = HashMap::new();
    for plan in plans {
        let mut timing = Timing {
            dir: &raw_dir.join(plan.experiment.name),
            commands: commands_header(plan, setup.options),
            progress: &mut progress,
            startups: &mut startups,
            timed: &mut timed,
        };
        time_experiment(setup, plan, &mut timing)?;
    }
    Ok(())
}

/// Times one experiment's programs at every point, and writes its raw record.
fn time_experiment(setup: &Setup, plan: &Planned, timing: &mut Timing) -> anyhow::Result<()> {
    let dir = timing.dir;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let started = crate::machine::now();
    let site_pid = setup.site.map(Site::pid);
    let before = Sample::take(site_pid);
    let probe = measure_probe(plan)?;
    let timers = measure_timers(setup, plan)?;
    let mut points = Vec::new();
    for (index, point) in plan.points.iter().enumerate() {
        // Where no row runs (every one skipped: past the open-file limit, say), neither
        // does the floor's client, which would need as many sockets.
        let floor = match (&plan.experiment.floor, setup.site) {
            (Some(floor), Some(site)) if !point.jobs.is_empty() => {
                Some(measure_floor(floor, plan, point, site, setup.cores)?)
            }
            _ => None,
        };
        let at = Where { plan, point, index };
        let mut timed = Vec::new();
        for job in &point.jobs {
            timed.push(match job.timed_in {
                Some(earlier) => copy_timed(timing, &at, job, earlier)?,
                None => {
                    let row = time_one(setup, timing, &at, job)?;
                    let export = timing.dir.join(&row.export);
                    timing.timed.insert(job.work.clone(), (export, row.clone()));
                    row
                }
            });
        }
        points.push(PointRecord {
            level: point.level,
            flags: point.flags.clone(),
            timed,
            skipped: point.skipped.clone(),
            floor,
        });
    }
    let load = before.until(&Sample::take(site_pid));
    let record = Record {
        experiment: plan.experiment.name.into(),
        quick: setup.options.quick,
        latency_ms: setup.options.latency_ms,
        cores: setup.cores,
        commit: setup.commit.to_string(),
        started,
        finished: crate::machine::now(),
        load,
        checked: Some(checked(plan)),
        probe,
        timers,
        points,
    };
    std::fs::write(
        dir.join(raw::RECORD),
        serde_json::to_string_pretty(&record)? + "\n",
    )?;
    std::fs::write(dir.join("commands.sh"), &timing.commands)?;
    if let Some(others) = load.others.filter(|others| *others > crate::figures::BUSY) {
        eprintln!(
            "bench: ⚠ {}: other work took {} of the CPU while it ran; its figures are flagged",
            plan.experiment.name,
            percent(others)
        );
    }
    Ok(())
}

/// How long checking the experiment's result lines took, in seconds.
fn checked(plan: &Planned) -> f64 {
    let jobs = plan.points.iter().flat_map(|p| &p.jobs);
    jobs.map(|job| job.checked).sum::<Duration>().as_secs_f64()
}

/// The experiment's probe, measured once at its first point's flags, where it has one.
fn measure_probe(plan: &Planned) -> anyhow::Result<Option<f64>> {
    let Some(probe) = &plan.experiment.probe else {
        return Ok(None);
    };
    let seconds = measure::probe(probe.kind, &plan.points[0].flags)
        .with_context(|| format!("{}: {}", plan.experiment.name, probe.about))?;
    eprintln!(
        "bench: {}: {}: {}",
        plan.experiment.name,
        probe.about,
        crate::units::seconds(seconds)
    );
    Ok(Some(seconds))
}

/// What every setup's sleeps wait, where the experiment's work is sleeps.
fn measure_timers(setup: &Setup, plan: &Planned) -> anyhow::Result<Option<Vec<TimerRecord>>> {
    let Some(timers) = &plan.experiment.timers else {
        return Ok(None);
    };
    let work_us = registry::flag(&plan.points[0].flags, timers.flag)
        .with_context(|| format!("no --{} flag for the timers", timers.flag))?;
    eprintln!(
        "bench: {}: measuring every setup's sleeps",
        plan.experiment.name
    );
    let (bin, quick) = (&setup.options.bin, setup.options.quick);
    Ok(Some(measure::timers::measure(bin, timers, work_us, quick)?))
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
    let record = measure::floor(floor.kind, &at).with_context(|| {
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

/// A job whose work an earlier experiment timed: its hyperfine export copied under this
/// point's file name, its record marked with where it was timed.
fn copy_timed(timing: &mut Timing, at: &Where, job: &Job, earlier: &str) -> anyhow::Result<Timed> {
    let (export, timed) = timing.timed.get(&job.work).with_context(|| {
        format!(
            "{}: {} was to be timed in {earlier}, which did not",
            at.describe(),
            job.program
        )
    })?;
    let name = format!("{}.json", at.file_stem(&job.program));
    std::fs::copy(export, timing.dir.join(&name))
        .with_context(|| format!("cannot copy {}", export.display()))?;
    writeln!(
        timing.commands,
        "# {}: the same work as in {earlier}, timed there; its figures are copied into {name}",
        job.program
    )?;
    eprintln!(
        "bench: {} {}: the same work as in {earlier}: timed there, its figures copied",
        at.describe(),
        job.program
    );
    Ok(Timed {
        export: name,
        timed_in: Some(earlier.to_string()),
        ..timed.clone()
    })
}

/// Times one program at one point with hyperfine, and its process tree's memory where the row
/// starts workers.
fn time_one(setup: &Setup, timing: &mut Timing, at: &Where, job: &Job) -> anyhow::Result<Timed> {
    let stem = at.file_stem(&job.program);
    let call = Call {
        at,
        job,
        args: registry::arguments(&at.point.flags),
        export: format!("{stem}.json"),
        output: timing.dir.join(format!("{stem}.out")),
        runs: at.plan.experiment.runs(job.row, setup.options.quick),
    };
    let started = Instant::now();
    let stopped = run_batches(setup, timing, &call)?;
    let sampled = sample(setup, &call)?;
    // A process tree's memory is the sum of its processes'; for one process, hyperfine's
    // figure over every run is the one to keep.
    let tree_bytes = sampled
        .filter(|_| job.row.process_tree())
        .map(|s| s.tree_bytes);
    let kernel_stack = sampled.map(|s| s.kernel_stack);
    let measurement = raw::read_export(&timing.dir.join(&call.export))?;
    let memory = tree_bytes
        .or(measurement.peak_memory())
        .map_or("n/a".into(), mebibytes);
    let workload = at.plan.workload;
    let startup =
        timing
            .startups
            .measure(setup, workload, job, timing.dir, &mut timing.commands)?;
    let sampled_run = at.plan.experiment.samples(job.row);
    let progress = &mut *timing.progress;
    progress.done(job.checked, call.runs, sampled_run, started.elapsed());
    let runs = match measurement.times.len() {
        1 => format!("one run ({})", stopped.mark()),
        n => format!(
            "{} ({n} runs, {})",
            measurement.plus_minus().unwrap_or_default(),
            stopped.mark()
        ),
    };
    eprintln!(
        "bench: {} {} {}: {} {runs}, {memory}{}; {}",
        progress.counter(),
        at.describe(),
        job.program,
        seconds(measurement.median),
        if tree_bytes.is_some() {
            " (process tree)"
        } else {
            ""
        },
        progress.left(),
    );
    Ok(Timed {
        row: job.row.label(),
        export: call.export,
        expected: job.expected.clone(),
        tree_bytes,
        kernel_stack,
        startup,
        timed_in: None,
        stopped: Some(stopped),
    })
}

/// Times a call's runs: a first batch of the registry's minimum; then, while the median's
/// interval is wider than ±[`PRECISE`], another batch (as many runs again, fewer where the
/// budget or the most runs leave fewer), until the most runs or the row's budget of timed
/// runs is reached. The batches' exports are merged into the call's one. Returns why it
/// stopped; a fixed count (minimum = maximum: QUICK, a row of one run) is one batch.
fn run_batches(setup: &Setup, timing: &mut Timing, call: &Call) -> anyhow::Result<Stopped> {
    let runs = call.runs;
    let first = Batch {
        export: &call.export,
        runs: runs.min,
        first: true,
    };
    run_hyperfine(setup, timing, call, &first)?;
    if runs.fixed() {
        return Ok(Stopped::Fixed);
    }
    let path = timing.dir.join(&call.export);
    let more = format!("{}.more.json", call.export.trim_end_matches(".json"));
    let more_path = timing.dir.join(&more);
    let mut batches = vec![raw::read_export(&path)?];
    let stopped = loop {
        let more_runs = match next_batch(&runs, &Measurement::merge(&batches)) {
            Ok(more_runs) => more_runs,
            Err(stopped) => break stopped,
        };
        let next = Batch {
            export: &more,
            runs: more_runs,
            first: false,
        };
        run_hyperfine(setup, timing, call, &next)?;
        batches.push(raw::read_export(&more_path)?);
        std::fs::remove_file(&more_path)?;
    };
    if batches.len() > 1 {
        let export = Export {
            results: vec![Measurement::merge(&batches)],
        };
        std::fs::write(&path, serde_json::to_string_pretty(&export)? + "\n")?;
    }
    Ok(stopped)
}

/// After the runs `so_far` of an adaptive row: how many runs its next batch has, or why it
/// stops. It stops once its median's interval is within ±[`PRECISE`], at the most runs, or
/// once its timed runs have taken its budget; a batch is the minimum's runs again, fewer where
/// the most runs or the budget leave fewer (at the median's pace), never none.
fn next_batch(runs: &Runs, so_far: &Measurement) -> Result<u32, Stopped> {
    let count = so_far.times.len() as u32;
    let left = runs.budget.as_secs_f64() - so_far.times.iter().sum::<f64>();
    if so_far.half_width().is_some_and(|w| w <= PRECISE) {
        Err(Stopped::Precise)
    } else if count >= runs.max {
        Err(Stopped::Most)
    } else if left <= 0.0 {
        Err(Stopped::Budget)
    } else {
        let fit = (left / so_far.median).ceil() as u32;
        Ok(runs.min.min(runs.max - count).min(fit).max(1))
    }
}

/// hyperfine's flags for a batch of a call: its warm-up, the pause before each run where the
/// point needs one, and its runs.
fn hyperfine_flags(call: &Call, batch: &Batch) -> Vec<String> {
    let runs = call.runs;
    // The check run, with the same flags, was the first warm-up run (its binary and pages are
    // loaded); hyperfine does the rest. A row checked by its last run had no run before. A
    // later batch follows the first's runs.
    let warmup = match (batch.first, runs.check) {
        (false, _) => 0,
        (true, Check::First) => runs.warmup.saturating_sub(1),
        (true, Check::LastRun) => runs.warmup,
    };
    let mut flags: Vec<String> = vec!["-N".into(), "--warmup".into(), warmup.to_string()];
    if let Some(pause) = settle(call.at.plan.experiment, &call.at.point.flags) {
        // Not timed: see `crate::ports`.
        flags.extend(["--prepare".into(), format!("sleep {}", pause.as_secs_f64())]);
    }
    flags.extend(["--runs".into(), batch.runs.to_string()]);
    flags
}

/// Runs hyperfine for a batch of a call, writing its line into `commands.sh` (a later batch's
/// as a comment: its runs are merged into the first's export); a failed run is an error with
/// the program's own error line, and the last run's result line must be the expected one.
fn run_hyperfine(
    setup: &Setup,
    timing: &mut Timing,
    call: &Call,
    batch: &Batch,
) -> anyhow::Result<()> {
    let (at, job) = (call.at, call.job);
    let name = match at.point.level {
        Some(_) => format!(
            "{} {}",
            job.program,
            at.plan.experiment.level_name(at.point.level)
        ),
        None => job.program.clone(),
    };
    let program_line = command_line(job.argv.iter().chain(&call.args));
    let flags = hyperfine_flags(call, batch);
    if batch.first {
        writeln!(
            timing.commands,
            "hyperfine {} --export-json {} -n {} {}",
            command_line(&flags),
            batch.export,
            quote(&name),
            quote(&program_line)
        )?;
    } else {
        writeln!(
            timing.commands,
            "# then {} more runs of the line above (--warmup 0 --runs {}), merged into {}: its \
             median's interval was wider than ±{}",
            batch.runs,
            batch.runs,
            call.export,
            percent(PRECISE),
        )?;
    }
    let mut command = supervise::supervised(setup.hyperfine)?;
    command
        .args(&flags)
        .args(["--style", "none", "--export-json"])
        .arg(timing.dir.join(batch.export))
        .arg("--output")
        .arg(&call.output)
        .args(["-n", &name, &program_line]);
    if let Some(url) = setup.programs.site_url {
        command.env("SITE_URL", url);
    }
    let runs = call.runs;
    let limit = Duration::from_secs(600).max(job.checked * 20 * (runs.max + runs.warmup));
    if runs.check == Check::LastRun && batch.first {
        writeln!(
            timing.commands,
            "# (no check run before the line above: its one timed run's line was the check)"
        )?;
    }
    let finished = supervise::run(&mut command, limit)?;
    if !finished.status.success() {
        // hyperfine's own message is generic; the program's own error line says why.
        let programs = setup.programs;
        let again = supervise::run(&mut programs.command(&job.argv, &call.args)?, CHECK_TIMEOUT)?;
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
    let last = std::fs::read_to_string(&call.output).unwrap_or_default();
    let want = format!("{} {}\n", job.prints, job.expected);
    ensure!(
        last == want,
        "{}'s last timed run printed {last:?}, not {want:?}",
        job.program
    );
    std::fs::remove_file(&call.output)?;
    Ok(())
}

/// A run sampled from /proc (the process tree's summed memory, the kernel stacks' growth),
/// where the row starts workers or the experiment samples every row.
fn sample(setup: &Setup, call: &Call) -> anyhow::Result<Option<measure::peak::Sampled>> {
    if !call.at.plan.experiment.samples(call.job.row) {
        return Ok(None);
    }
    let mut line = vec!["env".to_string()];
    line.extend(setup.programs.site_url.map(|url| format!("SITE_URL={url}")));
    line.extend(call.job.argv.iter().chain(&call.args).cloned());
    Ok(Some(measure::peak::sample(&line, CHECK_TIMEOUT)?))
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

    /// A measurement of `times` (in seconds).
    fn runs_of(times: &[f64]) -> Measurement {
        let export = crate::fixture("raw/download/download-tokio.json");
        let text = std::fs::read_to_string(export).unwrap();
        let base = serde_json::from_str::<Export>(&text).unwrap().results[0].clone();
        Measurement::merge(&[Measurement {
            times: times.to_vec(),
            memory_usage_byte: vec![],
            exit_codes: vec![Some(0); times.len()],
            ..base
        }])
    }

    #[test]
    fn a_settled_row_stops_and_a_noisy_one_runs_again_within_its_budget_and_most_runs() {
        let runs = Runs::new(1, 5, 30).within(10);
        // Five runs within 1% of each other: settled.
        let steady = runs_of(&[0.100, 0.101, 0.099, 0.100, 0.1005]);
        assert_eq!(next_batch(&runs, &steady), Err(Stopped::Precise));
        // Spread from 80 to 160 ms: five more.
        let noisy = runs_of(&[0.08, 0.16, 0.10, 0.13, 0.09]);
        assert_eq!(next_batch(&runs, &noisy), Ok(5));
        // The same spread at 30 runs: the most.
        let many: Vec<f64> = noisy.times.iter().cycle().take(30).copied().collect();
        assert_eq!(next_batch(&runs, &runs_of(&many)), Err(Stopped::Most));
        // Runs of 3 s: after four (12 s), the budget of 10 s is spent; after three (9 s), one
        // more fits.
        let long = [2.0, 4.0, 3.0, 2.5];
        assert_eq!(next_batch(&runs, &runs_of(&long)), Err(Stopped::Budget));
        assert_eq!(next_batch(&runs, &runs_of(&long[..3])), Ok(1));
        // One run has no interval: another batch.
        assert_eq!(next_batch(&Runs::new(0, 1, 5), &runs_of(&[1.0])), Ok(1));
    }
}
