//! The crawl's parse probe: what one page's parse costs on this machine, timed in the bench
//! itself (the CPU part of the crawl's ideal).

use anyhow::Context;
use std::time::Instant;
use workloads::{crawl, graph};

/// Parses every page of the graph the flags name, as the programs do, five times over; the
/// fastest pass's time per page.
pub fn parse_seconds(flags: &[(String, u64)]) -> anyhow::Result<f64> {
    let pages =
        crate::registry::flag(flags, "pages").context("the parse probe needs --pages")? as usize;
    // Any loopback host will do: the probe parses the pages, it fetches nothing, and the
    // links' host only has to be the pages' own.
    let host = workloads::site::DEFAULT_URL.trim_start_matches("http://");
    let bodies: Vec<(crawl::Url, String)> = (0..pages)
        .filter_map(|n| {
            let url = crawl::Url::parse(&format!("http://{host}{}", graph::path(pages, n))).ok()?;
            Some((url, graph::page(pages, n, host, graph::DEFAULT_ELSEWHERE)?))
        })
        .collect();
    anyhow::ensure!(!bodies.is_empty(), "no pages to parse");
    let mut best = f64::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        let links: usize = bodies
            .iter()
            .map(|(url, body)| crawl::links(url, body.as_bytes()).len())
            .sum();
        best = best.min(started.elapsed().as_secs_f64());
        std::hint::black_box(links);
    }
    Ok(best / bodies.len() as f64)
}
