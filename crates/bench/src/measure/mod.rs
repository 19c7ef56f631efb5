//! The measurements the bench makes itself, beside hyperfine's: the download's floor (its own
//! client, [`floor`]), the crawl's parse probe ([`parse`]), a process tree's peak memory and its
//! threads' kernel stacks ([`peak`]), what each timer's sleep waits ([`timers`]), and how busy
//! the machine was ([`load`]).
//!
//! The registry names which probe and which floor an experiment has ([`ProbeKind`],
//! [`FloorKind`]); this room measures them, so that the registry stays data and the arrows
//! point one way: the runner → here → the registry and the raw records.

pub mod floor;
pub mod load;
pub mod parse;
pub mod peak;
pub mod timers;

use crate::raw::FloorRecord;
use crate::registry::{self, FloorKind, ProbeKind};
use std::time::Duration;

/// Measures a probe, in seconds, at the flags of its experiment's first point.
pub fn probe(kind: ProbeKind, flags: &[(String, u64)]) -> anyhow::Result<f64> {
    match kind {
        ProbeKind::CrawlParse => parse::parse_seconds(flags),
    }
}

/// What a floor is measured against.
#[derive(Debug, Clone, Copy)]
pub struct FloorAt<'a> {
    /// The point's flags.
    pub flags: &'a [(String, u64)],
    /// The pause before each run, as the rows get at this point (`crate::ports`).
    pub settle: Option<Duration>,
    /// The site's URL.
    pub site: &'a str,
    /// The site's process, whose CPU time counts.
    pub site_pid: u32,
    /// The machine's cores.
    pub cores: u64,
}

/// Measures a floor at a point, against the running site.
pub fn floor(kind: FloorKind, at: &FloorAt) -> anyhow::Result<FloorRecord> {
    match kind {
        FloorKind::DownloadClient => {
            let flag = |name: &str| {
                registry::flag(at.flags, name).ok_or_else(|| anyhow::anyhow!("no --{name}"))
            };
            let url = at.site.parse()?;
            let (requests, concurrency) =
                (flag("requests")? as usize, flag("concurrency")? as usize);
            let cores = at.cores as usize;
            let (seconds, cost) =
                floor::measure(&url, at.site_pid, requests, concurrency, cores, at.settle)?;
            Ok(FloorRecord {
                seconds,
                cpu: cost.cpu,
                wall: cost.wall,
            })
        }
    }
}
