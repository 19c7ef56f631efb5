//! What `bench compare` decides with: a bootstrap interval of a ratio of medians.
//!
//! hyperfine keeps every run's wall time and peak memory, so each side of a comparison is a
//! small sample, not one number. The interval is the percentile bootstrap: each side's runs
//! are resampled with replacement, the ratio of the resamples' medians taken, 2,000 times, and
//! the middle 95% of those ratios kept. It needs no assumption about how run times spread (they
//! are skewed: a slow run is likelier than a fast one). It cannot see more noise than the runs
//! show: a side of one run is its one value, which is why a change is flagged only past a band
//! as well (see [`Verdict`]). The random numbers are seeded from the row, so the same two
//! folders always give the same report.

/// Resamples per interval.
pub const RESAMPLES: usize = 2_000;

/// The share of the resampled ratios the interval keeps.
pub const CONFIDENCE: f64 = 0.95;

/// A ratio of NEW to OLD and its bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio {
    /// The ratio of the medians themselves.
    pub value: f64,
    /// The interval's low end.
    pub low: f64,
    /// Its high end.
    pub high: f64,
}

/// How a ratio reads against the noise band: a change is flagged only when its whole interval
/// lies past the band, so that neither a wide interval nor a small shift is called a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the noise: the interval reaches into the band.
    Same,
    /// NEW takes more: the whole interval is above 1 + band.
    More,
    /// NEW takes less: the whole interval is below 1 / (1 + band).
    Less,
}

impl Ratio {
    /// The verdict for a noise band of `band` (0.10 for ±10%).
    pub fn verdict(&self, band: f64) -> Verdict {
        if self.low > 1.0 + band {
            Verdict::More
        } else if self.high < 1.0 / (1.0 + band) {
            Verdict::Less
        } else {
            Verdict::Same
        }
    }
}

/// The median of `xs` (which must not be empty), sorting them.
pub fn median(xs: &mut [f64]) -> f64 {
    xs.sort_unstable_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// NEW's median over OLD's, with its interval.
pub fn of_medians(new: &[f64], old: &[f64], seed: u64) -> Ratio {
    bootstrap(&[new, old], |m| m[0] / m[1], seed)
}

/// The median of one row's runs, with its interval: the same bootstrap as a comparison's, of
/// one sample (`value` is the median itself). The tables show it beside every median.
pub fn of_median(runs: &[f64], seed: u64) -> Ratio {
    // As a ratio over a sample of one 1: the same draws, so the same interval, as the prose's
    // `lo`/`hi` (`crate::prose`) worked out the same way.
    of_medians(runs, &[1.0], seed)
}

/// NEW's median over its reference row's, divided by the same in OLD: how a row moved against
/// another row of its own run, which carries across machines where absolute times do not.
pub fn within(new: &[f64], new_ref: &[f64], old: &[f64], old_ref: &[f64], seed: u64) -> Ratio {
    bootstrap(
        &[new, new_ref, old, old_ref],
        |m| (m[0] / m[1]) / (m[2] / m[3]),
        seed,
    )
}

/// `combine` of the samples' medians, and its percentile bootstrap interval.
fn bootstrap(samples: &[&[f64]], combine: impl Fn(&[f64]) -> f64, seed: u64) -> Ratio {
    assert!(
        samples.iter().all(|s| !s.is_empty()),
        "a sample with no runs"
    );
    let medians: Vec<f64> = samples.iter().map(|s| median(&mut s.to_vec())).collect();
    let value = combine(&medians);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut scratch: Vec<Vec<f64>> = samples.iter().map(|s| vec![0.0; s.len()]).collect();
    let mut ratios: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            let medians: Vec<f64> = samples
                .iter()
                .zip(&mut scratch)
                .map(|(sample, resample)| {
                    for x in resample.iter_mut() {
                        *x = sample[rng.usize(..sample.len())];
                    }
                    median(resample)
                })
                .collect();
            combine(&medians)
        })
        .collect();
    ratios.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - CONFIDENCE) / 2.0;
    let at = |q: f64| ratios[((RESAMPLES - 1) as f64 * q).round() as usize];
    Ratio {
        value,
        low: at(tail).min(value),
        high: at(1.0 - tail).max(value),
    }
}

/// A seed for one row's intervals, from its names: the same row always draws the same numbers.
pub fn seed(parts: &[&str]) -> u64 {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    parts
        .iter()
        .flat_map(|p| p.bytes().chain([0]))
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_runs_are_a_ratio_of_one_with_no_width() {
        let runs = [1.0, 1.1, 0.9, 1.05];
        let ratio = of_medians(&runs, &runs, 7);
        assert_eq!(ratio.value, 1.0);
        assert!(ratio.low <= 1.0 && ratio.high >= 1.0);
        assert_eq!(ratio.verdict(0.05), Verdict::Same);
    }

    #[test]
    fn a_shift_past_the_band_is_flagged_and_a_wide_interval_is_not() {
        let old = [1.0, 1.02, 0.98, 1.01, 0.99];
        let slower: Vec<f64> = old.iter().map(|x| x * 1.5).collect();
        assert_eq!(of_medians(&slower, &old, 1).verdict(0.1), Verdict::More);
        let faster: Vec<f64> = old.iter().map(|x| x / 1.5).collect();
        assert_eq!(of_medians(&faster, &old, 1).verdict(0.1), Verdict::Less);
        // A median 1.5 times higher, but runs spread from 0.5 to 3 s: not a change to call.
        let wild = [0.5, 1.5, 3.0, 0.6, 2.9];
        let ratio = of_medians(&wild, &old, 1);
        assert!(ratio.value > 1.4 && ratio.low < 1.1, "{ratio:?}");
        assert_eq!(ratio.verdict(0.1), Verdict::Same);
    }

    #[test]
    fn a_row_that_moved_with_its_reference_did_not_move_within_its_run() {
        // Every row of NEW twice as slow (another machine): within the run, nothing moved.
        let (old, old_ref) = ([1.0, 1.1, 0.9], [2.0, 2.1, 1.9]);
        let new: Vec<f64> = old.iter().map(|x| x * 2.0).collect();
        let new_ref: Vec<f64> = old_ref.iter().map(|x| x * 2.0).collect();
        let ratio = within(&new, &new_ref, &old, &old_ref, 3);
        assert!((ratio.value - 1.0).abs() < 1e-12, "{ratio:?}");
        assert_eq!(of_medians(&new, &old, 3).verdict(0.1), Verdict::More);
    }

    #[test]
    fn the_same_input_draws_the_same_interval() {
        let (a, b) = ([1.0, 1.3, 0.8, 1.1], [1.0, 0.9, 1.2]);
        let seed = seed(&["download", "tokio"]);
        assert_eq!(of_medians(&a, &b, seed), of_medians(&a, &b, seed));
        assert_ne!(super::seed(&["a", "bc"]), super::seed(&["ab", "c"]));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }
}
