//! How far the bench's timing is, and how long is left.

use crate::registry::Runs;
use std::time::Duration;

/// About how long a row's timed runs take when its minimum is not its maximum: an adaptive
/// row stops once its median has settled, or at its budget or most runs (see `Runs`), which
/// cannot be known before; a guess the estimate corrects as jobs finish.
const HYPERFINE_TARGET: f64 = 3.0;
/// What one hyperfine call costs beyond its runs (its own start, its statistics), in seconds.
const HYPERFINE_CALL: f64 = 0.05;

/// How far the timing is, and how long is left: estimated from each program's checked time and
/// its runs, corrected by how the estimates have fared so far.
pub struct Progress {
    done: usize,
    total: usize,
    /// Jobs with no checked time (their one timed run is their check), not yet done.
    unknown: usize,
    estimated_left: f64,
    estimated_done: f64,
    actual_done: f64,
}

impl Progress {
    /// Estimates every job from `(its checked wall time, its runs, whether it gets a sampled
    /// run besides)`; a job not checked before timing (zero) is counted apart, unestimated.
    pub fn new(jobs: impl IntoIterator<Item = (Duration, Runs, bool)>) -> Progress {
        let (mut total, mut unknown, mut estimate) = (0, 0, 0.0);
        for (checked, runs, sampled) in jobs {
            total += 1;
            match checked.is_zero() {
                true => unknown += 1,
                false => estimate += Progress::estimate(checked, runs, sampled),
            }
        }
        Progress {
            done: 0,
            total,
            unknown,
            estimated_left: estimate,
            estimated_done: 0.0,
            actual_done: 0.0,
        }
    }

    /// hyperfine's runs take about the checked time each: the warm-up left after the check run,
    /// as many runs as fit in [`HYPERFINE_TARGET`] between the minimum and maximum, and one
    /// more for a sampled run; and each call has a fixed cost of its own.
    fn estimate(checked: Duration, runs: Runs, sampled: bool) -> f64 {
        let once = checked.as_secs_f64().max(0.001);
        let timed = ((HYPERFINE_TARGET / once).ceil() as u32).clamp(runs.min, runs.max);
        let warmup = runs.warmup.saturating_sub(1);
        HYPERFINE_CALL + once * f64::from(warmup + timed + u32::from(sampled))
    }

    /// One more job done, in `took`.
    pub fn done(&mut self, checked: Duration, runs: Runs, sampled: bool, took: Duration) {
        self.done += 1;
        if checked.is_zero() {
            self.unknown -= 1;
            return;
        }
        let estimate = Progress::estimate(checked, runs, sampled);
        self.estimated_left -= estimate;
        self.estimated_done += estimate;
        self.actual_done += took.as_secs_f64();
    }

    /// `[ 23/112]`.
    pub fn counter(&self) -> String {
        let width = self.total.to_string().len();
        format!("[{:>width$}/{}]", self.done, self.total)
    }

    /// `~4 min left`, and how many runs that leaves out.
    pub fn left(&self) -> String {
        match self.unknown {
            0 => self.estimated(),
            n => format!(
                "{}, besides {n} long run{} not estimated (no check run to time)",
                self.estimated(),
                if n == 1 { "" } else { "s" }
            ),
        }
    }

    /// `~4 min left`, for the estimated jobs.
    fn estimated(&self) -> String {
        let pace = if self.estimated_done > 0.0 {
            self.actual_done / self.estimated_done
        } else {
            1.0
        };
        let left = (self.estimated_left * pace).max(0.0);
        match left {
            l if self.done == self.total => {
                let _ = l;
                "timing done".into()
            }
            l if l < 90.0 => format!("~{:.0} s left", l.max(1.0)),
            l => format!("~{:.0} min left", l / 60.0),
        }
    }
}
