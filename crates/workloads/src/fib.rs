//! The CPU-bound workload: recursive `fib(n)`, `count` times.
//!
//! The 2024 version of the concurrency article times `fib(35)` twenty times in each Python
//! model. The kernel is written exactly as the article writes it, and kept from being computed
//! at compile time: its input passes through [`black_box`], and so does its result.
//! (The 2019 article's kernel, `sum(i * i for i in range(n))`, is not used: LLVM turns that loop
//! into a closed-form formula even for an `n` known only at run time, so it would time nothing.)

use crate::up_to;
use clap::Parser;
use std::fmt;
use std::hint::black_box;

/// Compute recursive fib(n), `count` times.
#[derive(Parser, Debug, Clone)]
pub struct Args {
    /// Which Fibonacci number each job computes, by the naive recursion (the article: 35).
    #[arg(long, default_value_t = 35, value_parser = clap::value_parser!(u32).range(..=MAX_N as i64))]
    pub n: u32,

    /// How many jobs, each computing fib(n) (the article: 20; at most 1,000,000).
    #[arg(long, default_value_t = 20, value_parser = up_to(MAX_COUNT))]
    pub count: usize,

    /// How many worker threads or processes, in the models that have a set number of them
    /// (default: the number of cores; at most 1,024).
    #[arg(long, default_value_t = crate::cores(), value_parser = up_to(MAX_WORKERS))]
    pub workers: usize,
}

/// The most jobs a run may have: their results are collected, so the bound keeps that small.
pub const MAX_COUNT: u64 = 1_000_000;

/// The most workers: far more threads or processes than cores only measures the scheduler.
pub const MAX_WORKERS: u64 = 1_024;

/// The largest `n` accepted: fib(93) no longer fits in a `u64`.
pub const MAX_N: u32 = 92;

/// fib(n), by the article's recursion: `n if n < 2 else fib(n - 2) + fib(n - 1)`.
pub fn fib(n: u32) -> u64 {
    if n < 2 {
        u64::from(n)
    } else {
        fib(n - 2) + fib(n - 1)
    }
}

/// One job: fib(n), with the input and the output hidden from the optimiser, so that every job
/// is computed at run time and none is folded into a constant or skipped as unused.
pub fn job(n: u32) -> u64 {
    black_box(fib(black_box(n)))
}

/// The result line's fields: which job, how many, and the sum of their results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// The `n` of every job.
    pub n: u32,
    /// How many jobs ran.
    pub count: usize,
    /// The sum of every job's result: `count × fib(n)` when every job ran and was right.
    pub sum: u128,
}

impl Answer {
    /// The answer for `args` given the results of its jobs.
    pub fn new(args: &Args, results: impl IntoIterator<Item = u64>) -> Answer {
        Answer {
            n: args.n,
            count: args.count,
            sum: results.into_iter().map(u128::from).sum(),
        }
    }
}

/// The answer a correct run of `args` prints: `count × fib(n)`, with fib computed by iteration,
/// independently of the recursion the programs time.
pub fn expected(args: &Args) -> Answer {
    let fib_n = (0..args.n).fold((0u64, 1u64), |(a, b), _| (b, a + b)).0;
    Answer {
        n: args.n,
        count: args.count,
        sum: u128::from(fib_n) * args.count as u128,
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "n={} count={} sum={}", self.n, self.count, self.sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// fib(n) by [`expected`]'s iteration: independent of the recursion it checks.
    fn iterative(n: u32) -> u64 {
        let args = Args::parse_from(["fib", "--n", &n.to_string(), "--count", "1"]);
        expected(&args).sum as u64
    }

    #[test]
    fn the_recursion_agrees_with_iteration() {
        for n in 0..=30 {
            assert_eq!(fib(n), iterative(n), "fib({n})");
        }
        assert_eq!(iterative(35), 9_227_465);
        assert_eq!(iterative(MAX_N), 7_540_113_804_746_346_429);
    }

    #[test]
    fn the_answer_sums_every_job() {
        let args = Args::parse_from(["fib", "--n", "20", "--count", "3"]);
        let answer = Answer::new(&args, (0..args.count).map(|_| job(args.n)));
        assert_eq!(answer.sum, 3 * u128::from(iterative(20)));
        assert_eq!(
            answer.to_string(),
            format!("n=20 count=3 sum={}", 3 * iterative(20))
        );
        assert_eq!(expected(&args), answer);
        // A missing job shows in the sum.
        assert_ne!(Answer::new(&args, [job(20), job(20)]), answer);
    }

    #[test]
    fn flags_are_checked() {
        assert_eq!(Args::parse_from(["fib"]).n, 35);
        assert_eq!(Args::parse_from(["fib"]).count, 20);
        assert_eq!(Args::parse_from(["fib"]).workers, crate::cores());
        assert!(Args::try_parse_from(["fib", "--n", "93"]).is_err());
        assert!(Args::try_parse_from(["fib", "--count", "0"]).is_err());
        assert!(Args::try_parse_from(["fib", "--workers", "0"]).is_err());
        assert!(Args::try_parse_from(["fib", "--count", "1000001"]).is_err());
        assert!(Args::try_parse_from(["fib", "--workers", "1025"]).is_err());
    }
}
