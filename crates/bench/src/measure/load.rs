//! How busy the machine was while an experiment ran, from /proc.
//!
//! The load average alone cannot tell: the bench itself keeps a core or two busy, and its own
//! runs show up in it. So a [`Sample`] also takes the machine's CPU time (from `/proc/stat`,
//! with the time the hypervisor stole from this VM) and the CPU time of the bench and
//! everything it ran (its own and its waited-for descendants', and the site's). What the
//! machine spent beyond the bench's tree is other work: the figure that says whether a
//! result was measured on a busy machine.

use crate::raw::Load;

/// The machine's counters at one moment; a counter /proc would not give is `None`, and so is
/// every figure made from it.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    loadavg: Option<[f64; 3]>,
    /// Clock ticks the CPUs spent busy (not idle, not waiting on I/O), stolen time included,
    /// and clock ticks in all.
    machine: Option<(u64, u64)>,
    /// Clock ticks of the bench, its waited-for descendants, and the site.
    ours: Option<u64>,
}

impl Sample {
    /// Reads the counters now; `site` is the site's pid, whose time is not yet the bench's.
    pub fn take(site: Option<u32>) -> Sample {
        let site = match site {
            Some(pid) => own_ticks(&pid.to_string(), false),
            None => Some(0),
        };
        Sample {
            loadavg: loadavg(),
            machine: machine_ticks(),
            ours: own_ticks("self", true)
                .zip(site)
                .map(|(bench, site)| bench + site),
        }
    }

    /// The load between `self` and a later sample.
    pub fn until(&self, later: &Sample) -> Load {
        let others = (|| {
            let ((busy, total), (busy_later, total_later)) = (self.machine?, later.machine?);
            let ours = later.ours?.saturating_sub(self.ours?);
            let total = total_later.checked_sub(total).filter(|t| *t > 0)?;
            let others = busy_later.saturating_sub(busy).saturating_sub(ours);
            Some(others as f64 / total as f64)
        })();
        Load {
            before: self.loadavg,
            after: later.loadavg,
            others,
        }
    }
}

/// `/proc/loadavg`'s three averages.
fn loadavg() -> Option<[f64; 3]> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse().ok());
    Some([fields.next()??, fields.next()??, fields.next()??])
}

/// Busy and total clock ticks of every CPU, from the `cpu` line of `/proc/stat`: user, nice,
/// system, idle, iowait, irq, softirq, steal (guest time is already inside user).
fn machine_ticks() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/stat").ok()?;
    let line = text.lines().find(|l| l.starts_with("cpu "))?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .take(8)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    let total: u64 = ticks.iter().sum();
    let idle = ticks.get(3)? + ticks.get(4)?;
    Some((total - idle, total))
}

pub use crate::raw::TICKS_PER_SECOND;

/// A process's user + system ticks so far (`self`, or a pid), its threads' included.
pub fn cpu_ticks(pid: &str) -> anyhow::Result<u64> {
    own_ticks(pid, false).ok_or_else(|| anyhow::anyhow!("cannot read /proc/{pid}/stat"))
}

/// A process's user + system ticks, with its waited-for children's when `children` is set
/// (fields 14 to 17 of `/proc/<pid>/stat`, counted after the parenthesised name).
fn own_ticks(pid: &str, children: bool) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split_whitespace().collect();
    // After the name, field 3 (state) is index 0: utime is field 14, index 11.
    let count = if children { 4 } else { 2 };
    fields[11..11 + count]
        .iter()
        .map(|f| f.parse::<u64>().ok())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counters_are_read_and_other_work_is_a_share() {
        let before = Sample::take(None);
        let (busy, total) = before.machine.expect("/proc/stat on Linux");
        assert!(total > 0 && busy <= total);
        // Burn some CPU in this process: it is ours, not other work.
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while start.elapsed() < std::time::Duration::from_millis(200) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let after = Sample::take(None);
        assert!(after.ours > before.ours, "{before:?} {after:?}");
        let load = before.until(&after);
        let others = load.others.expect("measured");
        assert!((0.0..=1.0).contains(&others), "{load:?}");
        assert!(
            load.before
                .expect("/proc/loadavg")
                .iter()
                .all(|l| *l >= 0.0)
        );
        // A counter that could not be read makes the share "not measured", never 0.
        let blind = Sample {
            machine: None,
            ..after
        };
        assert_eq!(before.until(&blind).others, None);
    }
}
