//! Spacing the runs that open thousands of connections, so that no run pays for the last one's.
//!
//! The side of a TCP connection that closes first keeps it in TIME_WAIT for a minute, and a
//! client program closes first: it exits. A run of 10,000 connections leaves 10,000 of the
//! machine's 28,232 ephemeral ports (Linux's default range) in TIME_WAIT towards the site,
//! and the next run's `connect` calls must search past them: Linux reuses a port in TIME_WAIT
//! for a new connection to the same place only once it is a second old (`tcp_tw_reuse` on
//! loopback, `tcp_tw_reuse_delay`). Back to back, as hyperfine runs them, the second run of
//! `download-tokio` at C = 10,000 spent 0.4 s more system time than the first (0.92 s against
//! 0.52), and the bench's own client three times the CPU time. That is the bench's cost, not the
//! model's: a program run once never pays it. So such runs start after a pause past the reuse
//! delay, every row's and the floor's alike (hyperfine's `--prepare`, not timed).

use std::time::Duration;

/// Connections a run opens at or above which the next run waits: a sixth of the port range.
pub const SETTLE_FROM: u64 = 5_000;

/// What the pause adds to the kernel's reuse delay: the last connections close as the program
/// exits, not before.
const MARGIN: Duration = Duration::from_millis(500);

/// The pause before a run that opens `connections`, if it needs one.
pub fn settle(connections: u64) -> Option<Duration> {
    (connections >= SETTLE_FROM).then(|| reuse_delay() + MARGIN)
}

/// How old a port in TIME_WAIT must be before Linux reuses it: `tcp_tw_reuse_delay` (in
/// milliseconds, since Linux 6.13), one second before that.
fn reuse_delay() -> Duration {
    let read = std::fs::read_to_string("/proc/sys/net/ipv4/tcp_tw_reuse_delay");
    let millis = read.ok().and_then(|text| text.trim().parse().ok());
    Duration::from_millis(millis.unwrap_or(1_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_runs_of_thousands_of_connections_wait() {
        assert_eq!(settle(1_000), None);
        let pause = settle(10_000).expect("10,000 connections wait");
        assert!(pause > MARGIN, "{pause:?}");
    }
}
