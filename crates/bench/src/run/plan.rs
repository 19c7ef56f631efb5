//! Stage one of a run: which experiments, which programs, and every point's flags, expected
//! line and jobs (with which rows are skipped, and why).

use super::{Options, SPARE_FDS};
use crate::python::{self, Python};
use crate::raw::Skipped;
use crate::registry::{self, Experiment, Interpreter, Row, Workload};
use crate::supervise;
use anyhow::Context;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// One program to check and time at one point.
pub(super) struct Job {
    pub(super) row: &'static Row,
    pub(super) program: String,
    /// The name its result line starts with: the program's, or for a free-threaded row its
    /// twin's, whose script it runs unchanged.
    pub(super) prints: String,
    /// The command line that runs it, flags aside: its binary, or an interpreter and a script.
    pub(super) argv: Vec<String>,
    /// The fields its result line must show after its name.
    pub(super) expected: String,
    /// Its wall time when checked: the base of the time-left estimate.
    pub(super) checked: Duration,
    /// The work it does: its program, the flags it reads, and whether its run is sampled.
    pub(super) work: String,
    /// The earlier experiment of the run that times the same work, where one does: it is
    /// checked and timed there once, and its figures are copied here.
    pub(super) timed_in: Option<&'static str>,
}

/// One level of an experiment, planned.
pub(super) struct PlannedPoint {
    pub(super) level: Option<u64>,
    pub(super) flags: Vec<(String, u64)>,
    pub(super) jobs: Vec<Job>,
    pub(super) skipped: Vec<Skipped>,
}

/// An experiment, planned.
pub(super) struct Planned {
    pub(super) workload: &'static Workload,
    pub(super) experiment: &'static Experiment,
    pub(super) points: Vec<PlannedPoint>,
}

/// What every program run needs: where the programs are, where the site is, and the Python
/// rows' interpreters.
pub(super) struct Programs<'a> {
    pub(super) bin: &'a Path,
    pub(super) site_url: Option<&'a str>,
    pub(super) python: Option<&'a Python>,
    /// The free-threaded rows' environment, where there is one.
    pub(super) python_ft: Option<&'a Python>,
    /// The interpreter-pool row's environment, where there is one.
    pub(super) python_interp: Option<&'a Python>,
    /// Where the files programs write go (a workload's `output`): the staging folder's.
    pub(super) scratch: &'a Path,
}

impl Programs<'_> {
    /// The command line that runs `row`'s program, flags aside; `None` for a Python row when
    /// there is no Python (of its kind: free-threaded or not).
    pub(super) fn argv(&self, workload: &Workload, row: &Row) -> Option<Vec<String>> {
        let mut argv = match row.script(workload) {
            Some(script) => match row.model.interpreter() {
                Some(Interpreter::FreeThreaded) => self.python_ft?.argv(&script),
                Some(Interpreter::Interpreters) => self.python_interp?.argv(&script),
                _ => self.python?.argv(&script),
            },
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
    pub(super) fn command(&self, argv: &[String], args: &[String]) -> anyhow::Result<Command> {
        let mut command = supervise::supervised(&argv[0])?;
        command.args(&argv[1..]).args(args);
        match self.site_url {
            Some(url) => command.env("SITE_URL", url),
            None => command.env_remove("SITE_URL"),
        };
        Ok(command)
    }
}

/// The Python rows' environment, made on first use when a selected workload has Python rows;
/// `Err(None)` when none has, `Err(Some(why))` when there is none to be had, said on one line:
/// the Python rows are skipped and every Rust figure is still produced.
pub(super) fn python_rows(
    selected: &[(&'static Workload, &'static Experiment)],
    options: &Options,
) -> Result<Python, Option<anyhow::Error>> {
    let wanted = selected
        .iter()
        .any(|(w, _)| (w.rows.iter()).any(|r| r.model.interpreter() == Some(Interpreter::Default)));
    if !wanted {
        return Err(None);
    }
    python::setup(&options.python, &options.tools).map_err(|why| {
        eprintln!("bench: ⚠ the Python rows are skipped: {why:#}");
        Some(why)
    })
}

/// The environment of the rows on an optional interpreter (`kind`: the free-threaded rows',
/// the interpreter-pool row's), as [`python_rows`] makes the others': where there is no such
/// CPython (none is built unasked: `make python-free-threaded`), one line says so and those
/// rows are skipped.
pub(super) fn optional_rows(
    selected: &[(&'static Workload, &'static Experiment)],
    options: &Options,
    kind: Interpreter,
) -> Result<Python, Option<anyhow::Error>> {
    let wanted = (selected.iter())
        .any(|(w, _)| (w.rows.iter()).any(|r| r.model.interpreter() == Some(kind)));
    if !wanted {
        return Err(None);
    }
    let (what, made) = match kind {
        Interpreter::Interpreters => (
            "interpreter-pool",
            python::setup_interpreters(&options.python, &options.tools),
        ),
        _ => (
            "free-threaded",
            python::setup_free_threaded(&options.python, &options.tools),
        ),
    };
    made.map_err(|why| {
        eprintln!("bench: ⚠ the {what} Python rows are skipped: {why:#}");
        Some(why)
    })
}

/// The selected experiments, with their workloads; all of them when none is named. An
/// experiment named twice is run once, where it is first named, and said so: `bench run fib
/// fib` timed every fib row twice, the second run's data over the first's.
pub(super) fn select(
    names: &[String],
) -> anyhow::Result<Vec<(&'static Workload, &'static Experiment)>> {
    if names.is_empty() {
        return Ok(registry::all().collect());
    }
    let mut once: Vec<&String> = Vec::new();
    for name in names {
        if once.contains(&name) {
            eprintln!("bench: {name} is named more than once: it runs once");
        } else {
            once.push(name);
        }
    }
    once.into_iter()
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
pub(super) fn plan(
    selected: &[(&'static Workload, &'static Experiment)],
    programs: &Programs,
    // The project's Python, the free-threaded one, the interpreter pool's.
    [python, python_ft, python_interp]: [&Result<Python, Option<anyhow::Error>>; 3],
    quick: bool,
    cores: u64,
    fd_limit: u64,
) -> anyhow::Result<Vec<Planned>> {
    let mut plans = Vec::new();
    // Whether each Python script can run on its interpreter, asked once a script.
    let mut fit: HashMap<(String, bool), Result<(), String>> = HashMap::new();
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
                    .or_else(|| {
                        let interpreter = row.model.interpreter();
                        let free = interpreter == Some(Interpreter::FreeThreaded);
                        let (kind, env) = match interpreter {
                            Some(Interpreter::FreeThreaded) => ("free-threaded Python", python_ft),
                            Some(Interpreter::Interpreters) => {
                                ("CPython 3.13+ for interpreters", python_interp)
                            }
                            _ => ("Python", python),
                        };
                        let optional = interpreter != Some(Interpreter::Default);
                        match (&argv, env, row.script(workload)) {
                            (None, Err(Some(why)), _) => Some(format!("no {kind} here: {why:#}")),
                            (None, _, _) => Some(format!("no {kind} here")),
                            // A row on an optional interpreter runs only where its imports load
                            // (and, free-threaded, leave the GIL off).
                            (Some(_), Ok(env), Some(script)) if optional => fit
                                .entry((script.clone(), free))
                                .or_insert_with(|| env.fit_for(&script, free))
                                .clone()
                                .err(),
                            _ => None,
                        }
                    })
                    .or_else(|| {
                        let needed = registry::flag(&flags, experiment.open_files?)? + SPARE_FDS;
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
                        prints: row.prints(workload),
                        argv: argv.expect("a row with no command line is skipped"),
                        expected: (workload.expected)(&arguments, row)
                            .with_context(|| format!("{}: the expected result", experiment.name))?,
                        checked: Duration::ZERO,
                        work: work(workload, experiment, row, &flags),
                        timed_in: None,
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
    share(&mut plans);
    Ok(plans)
}

/// What a job does, as [`share`] compares it: the program, the flags it reads (all but those
/// its workload says the row's model ignores), and whether its run is sampled.
fn work(
    workload: &Workload,
    experiment: &Experiment,
    row: &Row,
    flags: &[(String, u64)],
) -> String {
    let ignored = |name: &str| {
        (workload.ignores.iter())
            .any(|(model, flag)| *model == row.model.script_model() && *flag == name)
    };
    let read: Vec<(String, u64)> = (flags.iter())
        .filter(|(name, _)| !ignored(name))
        .cloned()
        .collect();
    let sampled = experiment.samples(row);
    let arguments = registry::arguments(&read).join(" ");
    format!("{} {arguments} (sampled: {sampled})", row.program(workload))
}

/// Marks every job whose work an earlier experiment of the run times: sleep's N = 10,000 is
/// the sleep experiment's run, queue-capacity's K = 100 the queue's, crawl-scaling's C = 10
/// (and its sequential row at C = 1) the crawl's. Each is checked and timed once, where it
/// comes first, and its figures are copied into the later experiment.
fn share(plans: &mut [Planned]) {
    let mut first: HashMap<String, &'static str> = HashMap::new();
    for plan in plans {
        let name = plan.experiment.name;
        for job in plan.points.iter_mut().flat_map(|p| &mut p.jobs) {
            match first.get(&job.work) {
                Some(&earlier) if earlier != name => job.timed_in = Some(earlier),
                _ => {
                    first.entry(job.work.clone()).or_insert(name);
                }
            }
        }
    }
}

/// How many programs the plans check and time (work timed in an earlier experiment counts
/// once, there).
pub(super) fn jobs(plans: &[Planned]) -> usize {
    (plans.iter().flat_map(|p| &p.points).flat_map(|p| &p.jobs))
        .filter(|job| job.timed_in.is_none())
        .count()
}

#[cfg(test)]
mod tests {
    use super::select;

    #[test]
    fn an_experiment_named_twice_runs_once_where_first_named() {
        let names = ["fib", "sleep", "fib"].map(String::from);
        let selected: Vec<&str> = select(&names)
            .expect("known experiments")
            .iter()
            .map(|(_, experiment)| experiment.name)
            .collect();
        assert_eq!(selected, ["fib", "sleep"]);
    }
}
