//! Stage two of a run: every program runs once, and its result line must be the expected one;
//! nothing is timed before all agree.

use super::CHECK_TIMEOUT;
use super::plan::{self, Job, Planned, Programs};
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
            let want = format!("{} {}", job.prints, job.expected);
            let mut finished = check_run(programs, job, &args)?;
            let sensitive = plan.workload.load_sensitive;
            if let Some(field) = sensitive.filter(|f| only_differs_in(line(&finished), &want, f)) {
                eprintln!(
                    "bench: ⚠ {} {}: {field} is {} on its first run, not {} (a cold or busy \
                     machine); running it once more",
                    job.program,
                    args.join(" "),
                    value_of(line(&finished), field).unwrap_or("missing"),
                    value_of(&want, field).unwrap_or("missing"),
                );
                finished = check_run(programs, job, &args)?;
            }
            let got = line(&finished);
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
        if let Some(there) = point.jobs.iter().find_map(|job| job.timed_in) {
            write!(skipped, " ({earlier} checked in {there}: the same work)")?;
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

/// Runs a job once, as the check does: it must succeed.
fn check_run(programs: &Programs, job: &Job, args: &[String]) -> anyhow::Result<Finished> {
    let finished = supervise::run(&mut programs.command(&job.argv, args)?, CHECK_TIMEOUT)
        .with_context(|| format!("{} {}", job.program, args.join(" ")))?;
    ensure_success(&finished, &job.program, args)?;
    Ok(finished)
}

/// A run's result line.
fn line(finished: &Finished) -> &str {
    finished.stdout.trim_end_matches('\n')
}

/// The value of `field=value` in a result line.
fn value_of<'a>(line: &'a str, field: &str) -> Option<&'a str> {
    (line.split(' ')).find_map(|word| word.strip_prefix(field)?.strip_prefix('='))
}

/// Whether two result lines differ, and only in `field`'s value.
fn only_differs_in(got: &str, want: &str, field: &str) -> bool {
    let other = |w: &&str| w.strip_prefix(field).is_none_or(|r| !r.starts_with('='));
    let (got_rest, want_rest) = (got.split(' ').filter(other), want.split(' ').filter(other));
    got != want && value_of(got, field).is_some() && got_rest.eq(want_rest)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_differs_in_the_sensitive_field_alone_is_told_apart() {
        let want = "sleep-tokio tasks=10 checksum=ab held=10";
        assert!(only_differs_in(
            "sleep-tokio tasks=10 checksum=ab held=9",
            want,
            "held"
        ));
        assert!(!only_differs_in(want, want, "held"));
        assert!(!only_differs_in(
            "sleep-tokio tasks=10 checksum=ac held=9",
            want,
            "held"
        ));
        assert!(!only_differs_in(
            "sleep-tokio tasks=10 checksum=ab",
            want,
            "held"
        ));
        assert!(!only_differs_in(
            "sleep-tokio tasks=10 checksum=ab held=9",
            want,
            "tasks"
        ));
        assert_eq!(value_of(want, "held"), Some("10"));
        assert_eq!(value_of(want, "hel"), None);
    }
}
