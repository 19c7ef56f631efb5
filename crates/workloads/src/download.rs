//! The I/O-bound workload: N GETs alternating two pages, at most C in flight.
//!
//! Every model splits the requests into the same C lanes (or, for the pool, hands them out one
//! at a time) and folds each body into a [`Tally`]. The tally's fields are the result line, so
//! two models that printed the same line downloaded the same bytes.

use crate::site::{DEFAULT_URL, SiteUrl};
use crate::{pages, up_to};
use anyhow::{Context, bail};
use clap::Parser;
use std::fmt;
use std::iter::StepBy;
use std::ops::Range;
use std::str::FromStr;
use std::time::Duration;

/// The two pages, requested in turn: request `i` fetches `PAGES[i % 2]`.
pub use crate::pages::PAGES;

/// The most requests a run may make: hours of work at the site's latency, and a bound on what
/// any program's bookkeeping may grow to.
pub const MAX_REQUESTS: u64 = 10_000_000;

/// The most requests in flight: ten times the sweep's largest level, more than a machine's
/// open-file limit allows.
pub const MAX_CONCURRENCY: u64 = 100_000;

/// The largest body a response may have: the pages are 11 KB, so anything past this is a
/// server gone wrong (an endless body), and every row stops reading at the same place.
pub const MAX_BODY: usize = 1024 * 1024;

/// The buffers each blocking row's connection reads and writes through (ureq's defaults are
/// 128 KiB each way): a response head and a page of 11 KB fit in 16 KiB, a request head in
/// 4 KiB. At 10,000 connections open at once the defaults alone would hold 2.5 GB.
pub const READ_BUFFER: usize = 16 * 1024;
/// See [`READ_BUFFER`].
pub const WRITE_BUFFER: usize = 4 * 1024;

/// The longest any one request may take, connect to last byte, before the program gives up.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Download pages from the local site: N GETs alternating two pages, at most C in flight.
#[derive(Parser, Debug, Clone)]
pub struct Args {
    /// How many GETs to make in all (the article makes 160: two pages, 80 times each; at most
    /// 10,000,000).
    #[arg(long, default_value_t = 160, value_parser = up_to(MAX_REQUESTS))]
    pub requests: usize,

    /// The most requests in flight at once: C lanes, each reusing one keep-alive connection
    /// (the article's thread pool has 5 workers; its asyncio version has all 160 in flight; at
    /// most 100,000).
    #[arg(long, default_value_t = 5, value_parser = up_to(MAX_CONCURRENCY))]
    pub concurrency: usize,

    /// The site to download from.
    #[arg(long, env = "SITE_URL", default_value = DEFAULT_URL)]
    pub url: SiteUrl,
}

impl Args {
    /// How many lanes there are: C, or fewer when there are fewer requests than C.
    pub fn lanes(&self) -> usize {
        self.concurrency.min(self.requests)
    }

    /// The requests lane `lane` makes, one after another: `lane`, `lane + C`, `lane + 2C`...
    pub fn lane(&self, lane: usize) -> StepBy<Range<usize>> {
        (lane..self.requests).step_by(self.lanes())
    }

    /// The full URL of request `i`.
    pub fn url_of(&self, i: usize) -> String {
        self.url.url(PAGES[i % PAGES.len()])
    }
}

/// What a program downloaded: the result line's fields.
///
/// The checksum adds up a hash of each body, so it does not depend on the order in which the
/// bodies arrived, and tallies from lanes, workers or processes merge by adding.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// How many bodies were received.
    pub requests: u64,
    /// Their total length.
    pub bytes: u64,
    /// The wrapping sum of each body's FNV-1a hash.
    pub checksum: u64,
}

impl Tally {
    /// Counts request `i`'s body. A body whose length is not its page's is an error: a server
    /// that sent fewer bytes than it declared, or more (which a client that drops the
    /// connection's leftover bytes never notices), did not send the page.
    pub fn add(&mut self, i: usize, body: &[u8]) -> anyhow::Result<()> {
        let path = PAGES[i % PAGES.len()];
        let page = pages::size(path).expect("PAGES are pages the site serves");
        if body.len() != page {
            bail!(
                "GET {path}: {} bytes, where the page has {page}: not a whole response",
                body.len()
            );
        }
        self.count(body);
        Ok(())
    }

    /// Counts a body, whatever its length.
    fn count(&mut self, body: &[u8]) {
        self.requests += 1;
        self.bytes += body.len() as u64;
        self.checksum = self.checksum.wrapping_add(fnv1a(body));
    }

    /// Adds another tally (a lane's, a worker's) to this one.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.requests += other.requests;
        self.bytes += other.bytes;
        self.checksum = self.checksum.wrapping_add(other.checksum);
        self
    }
}

/// A response's status, checked before its body is read: 2xx goes on; a redirect is an error
/// that says where it pointed (no row follows redirects, so no request leaves the site it was
/// given); any other status is an error.
pub fn check_status(status: http::StatusCode, headers: &http::HeaderMap) -> anyhow::Result<()> {
    if status.is_success() {
        return Ok(());
    }
    if status.is_redirection() {
        let location = headers.get(http::header::LOCATION);
        let location = location.map_or("nowhere".into(), |l| String::from_utf8_lossy(l.as_bytes()));
        bail!("status {status}, a redirect to {location}: redirects are not followed");
    }
    bail!("status {status}")
}

/// FNV-1a, 64 bits: a small, well-known hash; collisions do not matter here, changes do.
fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_on(FNV_OFFSET, bytes)
}

/// FNV-1a's starting value.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// An FNV-1a hash continued over more bytes: hashing a text piece by piece.
pub(crate) fn fnv1a_on(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Tally {
            requests,
            bytes,
            checksum,
        } = self;
        write!(
            f,
            "requests={requests} bytes={bytes} checksum={checksum:016x}"
        )
    }
}

/// Parses what [`Tally`]'s `Display` wrote: how worker processes send their tallies back.
impl FromStr for Tally {
    type Err = anyhow::Error;

    fn from_str(line: &str) -> anyhow::Result<Self> {
        let mut fields = line.split_whitespace().map(|field| field.split_once('='));
        let mut next = |key: &str| -> anyhow::Result<&str> {
            match fields.next() {
                Some(Some((k, value))) if k == key => Ok(value),
                _ => bail!("expected {key}=... in {line:?}"),
            }
        };
        let tally = Tally {
            requests: next("requests")?.parse().context("requests")?,
            bytes: next("bytes")?.parse().context("bytes")?,
            checksum: u64::from_str_radix(next("checksum")?, 16).context("checksum")?,
        };
        if fields.next().is_some() {
            bail!("unexpected fields after the checksum in {line:?}");
        }
        Ok(tally)
    }
}

/// The tally a correct run of `requests` GETs must produce, computed from the pages themselves:
/// each page hashed once and counted as often as it is requested (the bench checks 20,000
/// GETs, and measures its own client's CPU time, with this).
pub fn expected(requests: usize) -> Tally {
    PAGES
        .iter()
        .enumerate()
        .fold(Tally::default(), |tally, (index, path)| {
            let body = pages::body(path).expect("PAGES are pages the site serves");
            // Request i fetches PAGES[i % PAGES.len()].
            let times = (requests + PAGES.len() - 1 - index) / PAGES.len();
            tally.merge(Tally {
                requests: times as u64,
                bytes: (times * body.len()) as u64,
                checksum: fnv1a(&body).wrapping_mul(times as u64),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(requests: usize, concurrency: usize) -> Args {
        let requests = requests.to_string();
        let concurrency = concurrency.to_string();
        Args::parse_from([
            "test",
            "--requests",
            &requests,
            "--concurrency",
            &concurrency,
        ])
    }

    #[test]
    fn lanes_cover_every_request_once() {
        for (requests, concurrency) in [(160, 1), (160, 5), (160, 160), (7, 3), (2, 10)] {
            let args = args(requests, concurrency);
            let mut seen: Vec<usize> = (0..args.lanes()).flat_map(|l| args.lane(l)).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..requests).collect::<Vec<_>>());
        }
        assert_eq!(args(2, 10).lanes(), 2);
    }

    #[test]
    fn requests_alternate_the_two_pages() {
        let args = args(4, 1);
        assert!(args.url_of(0).ends_with(pages::JYTHON));
        assert!(args.url_of(1).ends_with(pages::DICE));
        assert!(args.url_of(2).ends_with(pages::JYTHON));
    }

    #[test]
    fn tallies_merge_in_any_order_and_round_trip() {
        let (mut a, mut b) = (Tally::default(), Tally::default());
        a.count(b"first");
        b.count(b"second");
        b.count(b"third");
        assert_eq!(a.merge(b), b.merge(a));
        assert_eq!(a.merge(b).requests, 3);
        let line = a.merge(b).to_string();
        assert_eq!(line.parse::<Tally>().unwrap(), a.merge(b));
        assert!("requests=1 bytes=2".parse::<Tally>().is_err());
        assert!("bytes=1 requests=2 checksum=0".parse::<Tally>().is_err());
    }

    #[test]
    fn a_body_that_is_not_the_whole_page_is_an_error() {
        let jython = pages::body(pages::JYTHON).unwrap();
        let mut tally = Tally::default();
        tally.add(0, &jython).unwrap();
        let error = tally.add(2, &jython[..100]).unwrap_err().to_string();
        assert!(
            error.contains("100 bytes") && error.contains("/jython"),
            "{error}"
        );
        assert!(
            tally.add(1, &jython).is_err(),
            "request 1 asks for the small page"
        );
        assert_eq!(tally.requests, 1);
    }

    #[test]
    fn redirects_are_errors_naming_where_they_point() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::LOCATION,
            "http://example.com/".parse().unwrap(),
        );
        let error = check_status(http::StatusCode::FOUND, &headers)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("302") && error.contains("http://example.com/"),
            "{error}"
        );
        assert!(check_status(http::StatusCode::OK, &headers).is_ok());
        let missing = check_status(http::StatusCode::NOT_FOUND, &headers).unwrap_err();
        assert!(missing.to_string().contains("404"), "{missing}");
    }

    #[test]
    fn the_expected_tally_is_every_body_counted() {
        let bodies = PAGES.map(|path| pages::body(path).unwrap());
        for requests in [1, 2, 3, 160, 20_001] {
            let mut tally = Tally::default();
            (0..requests).for_each(|i| tally.count(&bodies[i % 2]));
            assert_eq!(expected(requests), tally, "{requests} requests");
        }
    }

    #[test]
    fn the_expected_tally_counts_both_pages() {
        let tally = expected(160);
        assert_eq!(tally.requests, 160);
        assert_eq!(
            tally.bytes,
            80 * (pages::JYTHON_BYTES + pages::DICE_BYTES) as u64
        );
        assert_ne!(expected(3).checksum, expected(4).checksum);
    }

    #[test]
    fn counts_must_be_positive() {
        assert!(Args::try_parse_from(["test", "--concurrency", "0"]).is_err());
        assert!(Args::try_parse_from(["test", "--requests", "-1"]).is_err());
        assert!(Args::try_parse_from(["test", "--url", "http://example.com"]).is_err());
        assert!(Args::try_parse_from(["test", "--requests", "10000001"]).is_err());
        assert!(Args::try_parse_from(["test", "--concurrency", "100001"]).is_err());
    }
}
