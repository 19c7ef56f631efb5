//! The Python rows' start-up, measured once a run beside their timings.

use super::Setup;
use super::plan::Job;
use super::shell::{command_line, quote};
use crate::registry::Workload;
use crate::supervise;
use anyhow::ensure;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// How long each Python program takes to start: the interpreter and the program's imports
/// (`import aiohttp` alone is a few tenths of a second), which every timed run includes. Each
/// program's is measured once a bench, by importing it as a module (its work runs only as a
/// script), and shown beside its rows so that a reader can tell start-up from work.
#[derive(Default)]
pub(super) struct Startups(HashMap<String, f64>);

impl Startups {
    /// How many times hyperfine runs each start-up.
    const RUNS: u32 = 10;

    /// The median start-up of `job`'s program, measured on its first call; `None` for a Rust
    /// row (a Rust program's start is a millisecond, inside every figure's noise).
    pub(super) fn measure(
        &mut self,
        setup: &Setup,
        workload: &Workload,
        job: &Job,
        dir: &Path,
        commands: &mut String,
    ) -> anyhow::Result<Option<f64>> {
        let (Some(script), Some(python)) = (job.row.script(workload), setup.programs.python) else {
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
        // The interpreter the row runs on (its command line's first word): a free-threaded or
        // an interpreter-pool row starts its own CPython, not the project's.
        let line = command_line(&[job.argv[0].clone(), "-c".into(), code]);
        let export = format!("{}-startup.json", job.program);
        let name = format!("{} start-up", job.program);
        let runs = Startups::RUNS.to_string();
        writeln!(
            commands,
            "hyperfine -N --warmup 1 --runs {runs} --export-json {export} -n {} {}",
            quote(&name),
            quote(&line)
        )?;
        let mut command = supervise::supervised(setup.hyperfine)?;
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
