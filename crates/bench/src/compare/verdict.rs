//! A row's ratios, NEW over OLD, and the rule that calls a change: each figure against its
//! level's noise band, never on a row of one run, a CPU time too small to tell or a few hundred
//! KiB of memory.

use super::stats::{self, Ratio, Verdict};

/// The noise band `bench compare` uses unless told, ±25%: on this project's 2-core VM, two
/// runs of the same binaries never moved a row past it (docs/compare.md).
pub const BAND: f64 = 0.25;

/// One row at one level, both sides.
#[derive(Debug, Clone)]
pub struct RowRatios {
    /// The level (None for a single run).
    pub level: Option<u64>,
    /// The row's label.
    pub row: String,
    /// OLD's median wall time, in seconds.
    pub old: f64,
    /// NEW's.
    pub new: f64,
    /// NEW / OLD of the median wall times.
    pub wall: Ratio,
    /// OLD's and NEW's mean user + system time, in seconds (hyperfine keeps no run's own).
    pub cpu: (f64, f64),
    /// NEW / OLD of the median peak memory, where both sides have it.
    pub memory: Option<Ratio>,
    /// OLD's and NEW's median peak memory, in bytes.
    pub memory_bytes: Option<(f64, f64)>,
    /// NEW / OLD of the row's median over its reference row's, and the reference.
    pub within: Option<(Ratio, &'static str)>,
    /// The fewer runs of the two sides.
    pub runs: usize,
    /// The noise bands of the row's level (see [`Bands`]).
    pub bands: Bands,
}

/// The noise bands of one level's rows, past which a ratio is marked: for each figure, the
/// larger of the floor (`--band`) and [`SIGMAS`] robust standard deviations of how far that
/// level's rows moved (1.4826 × their median |ln ratio|, the normal distribution's standard
/// deviation from the median absolute deviation). Most rows of a comparison did not change, so
/// their spread is the noise between the two sessions, which the runs within one session cannot
/// show; a level whose rows all moved (another machine) gets a wide band, and the rows'
/// ratios to their reference row are the ones to read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    /// For the wall time.
    pub wall: f64,
    /// For the CPU time (twice the wall's floor: hyperfine keeps only its mean).
    pub cpu: f64,
    /// For the peak memory.
    pub memory: f64,
    /// For the ratio to the reference row.
    pub within: f64,
}

/// How many robust standard deviations of a level's rows a ratio must lie past.
pub const SIGMAS: f64 = 3.0;

/// The fewest runs a side must have for its row to be marked: one run shows no spread of its own.
pub const MIN_RUNS: usize = 2;

impl Bands {
    /// The bands of one level's rows, `floor` the least.
    pub(super) fn of(rows: &[RowRatios], floor: f64) -> Bands {
        let band = |ratios: Vec<f64>, floor: f64| {
            let mut logs: Vec<f64> = ratios
                .into_iter()
                .filter(|r| r.is_finite() && *r > 0.0)
                .map(|r| r.ln().abs())
                .collect();
            if logs.is_empty() {
                return floor;
            }
            let spread = 1.4826 * stats::median(&mut logs);
            floor.max((SIGMAS * spread).exp() - 1.0)
        };
        Bands {
            wall: band(rows.iter().map(|r| r.wall.value).collect(), floor),
            cpu: band(rows.iter().map(RowRatios::cpu_ratio).collect(), 2.0 * floor),
            memory: band(
                rows.iter().filter_map(|r| Some(r.memory?.value)).collect(),
                floor,
            ),
            within: band(
                rows.iter()
                    .filter_map(|r| Some(r.within?.0.value))
                    .collect(),
                floor,
            ),
        }
    }
}

impl RowRatios {
    /// Whether anything of this row moved past its band.
    pub fn flagged(&self) -> bool {
        self.wall_verdict() != Verdict::Same
            || self.cpu_verdict() != Verdict::Same
            || self.memory_verdict() != Verdict::Same
    }

    /// The wall time's verdict: never a change where a side has fewer than [`MIN_RUNS`].
    pub fn wall_verdict(&self) -> Verdict {
        self.judged(self.wall.verdict(self.bands.wall))
    }

    /// The peak memory's verdict: never a change of less than [`MIN_MEMORY`].
    pub fn memory_verdict(&self) -> Verdict {
        let Some((memory, bytes)) = self.memory.zip(self.memory_bytes) else {
            return Verdict::Same;
        };
        if (bytes.1 - bytes.0).abs() < MIN_MEMORY {
            return Verdict::Same;
        }
        self.judged(memory.verdict(self.bands.memory))
    }

    /// The verdict on the ratio to the reference row.
    pub fn within_verdict(&self) -> Verdict {
        let within = self.within.map(|(w, _)| w.verdict(self.bands.within));
        self.judged(within.unwrap_or(Verdict::Same))
    }

    /// `verdict`, where the row has the runs to tell a change from its own noise.
    fn judged(&self, verdict: Verdict) -> Verdict {
        if self.runs < MIN_RUNS {
            Verdict::Same
        } else {
            verdict
        }
    }

    /// NEW / OLD of the CPU time.
    pub fn cpu_ratio(&self) -> f64 {
        self.cpu.1 / self.cpu.0.max(f64::MIN_POSITIVE)
    }

    /// The verdict on the CPU time, which has no runs to draw an interval from: the band alone
    /// decides, and only where both sides spent [`MIN_CPU`] or more.
    pub fn cpu_verdict(&self) -> Verdict {
        // A row whose runs scatter (its wall interval wider than its band) has a mean CPU time
        // that scatters as much, and no runs to show it.
        let scattered = self.wall.high / self.wall.low > 1.0 + self.bands.wall;
        if self.cpu.0.min(self.cpu.1) < MIN_CPU || scattered {
            return Verdict::Same;
        }
        let cpu = self.cpu_ratio();
        let point = Ratio {
            value: cpu,
            low: cpu,
            high: cpu,
        };
        self.judged(point.verdict(self.bands.cpu))
    }
}

/// The least change of peak memory that is called one, in bytes: a MiB (a few hundred KiB come
/// and go with a run's page cache and allocator).
pub const MIN_MEMORY: f64 = 1024.0 * 1024.0;

/// The least CPU time, in seconds, on which a change of CPU time is called: below it, a few
/// milliseconds of start-up are a large share.
pub const MIN_CPU: f64 = 0.05;
