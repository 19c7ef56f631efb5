//! Stage two of a run: every program runs once, and its result line must be the expected one;
//! nothing is timed before all agree.

use super::CHECK_TIMEOUT;
use super::plan::{self, Planned, Programs};
use crate::registry::{self, Check};
use crate::supervise::{self, Finished};
use anyhow::{Context, bail};
use std::fmt::Write as _;

/// Checks every experiment's programs, saying how many result lines that is.
pub(super) fn check_all(
    plans: &mut [Planned],
    programs: &Programs,
    quick: bool,
) -> anyhow::Result<()> {
    let jobs = plan::jobs(plans);
    let points: usize = plans.iter().map(|p| p.points.len()).sum();
    eprintln!(
        "bench: phase 1 of 3: checking {jobs} result lines at {points} points{}",
        if quick { " (QUICK)" } else { "" }
    );
    for plan in plans {
        check(plan, programs, quick)?;
    }
    Ok(())
}

/// Runs every program of an experiment once: each must print exactly the expected line.
fn check(plan: &mut Planned, programs: &Programs, quick: bool) -> anyhow::Result<()> {
    let count = plan.points.len();
    for (index, point) in plan.points.iter_mut().enumerate() {
        let args = registry::arguments(&point.flags);
        let (mut later, mut earlier) = (0, 0);
        for job in &mut point.jobs {
            if job.timed_in.is_some() {
                // Checked, and timed, in the earlier experiment that does the same work.
                earlier += 1;
                continue;
            }
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
        if earlier > 0 {
            write!(
                skipped,
                " ({earlier} checked where an earlier experiment does the same work)"
            )?;
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
            point.jobs.len() - later - earlier,
        );
    }
    Ok(())
}

/// An error naming the program and its own error line, if it failed.
pub(super) fn ensure_success(
    finished: &Finished,
    program: &str,
    args: &[String],
) -> anyhow::Result<()> {
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
