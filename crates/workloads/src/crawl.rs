//! The crawl workload: breadth-first across the site's web graph, C pages in flight.
//!
//! Every model runs the same crawl: fetch a page, find its links ([`links`], an HTML parser:
//! the CPU part), resolve each against the page's URL, keep those on the site, and queue the
//! ones not seen before ([`Frontier`]); write one `source<TAB>link` line per link found to the
//! output file ([`Output`]). What a model chooses is where the fetches wait, where the parse
//! runs and who writes the file. The result line counts pages and links and hashes the output
//! file's sorted lines, so every model's file is proven the same, whatever order it was
//! written in.

use crate::graph;
use crate::site::{DEFAULT_URL, SiteUrl};
use crate::up_to;
use anyhow::{Context, bail};
use clap::Parser;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use signal_hook::consts::{SIGINT, SIGTERM};
use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Mutex, OnceLock, PoisonError};
use url::Position;

/// The URL type every crawl program passes around: WHATWG URLs, from the `url` crate.
pub use url::Url;

use crate::download::{FNV_OFFSET, fnv1a_on};
pub use crate::download::{MAX_BODY, READ_BUFFER, REQUEST_TIMEOUT, WRITE_BUFFER, check_status};

/// The most pages in flight: far past the graph's widest level.
pub const MAX_CONCURRENCY: u64 = 100_000;

/// How many fetches a graph of G pages may take, as a multiple of G: its G pages, a print view
/// of every fifth (`?view=print`) and a link past the end on every seventh (a 404) make about
/// 1.34 G (1,343 for G = 1,000), and never more than 2 G (a test walks the graphs to hold it).
pub const FETCHES_PER_PAGE: usize = 2;

/// The largest `--max-pages`: the bound of the largest graph.
pub const MAX_FETCHES: u64 = (FETCHES_PER_PAGE * graph::MAX_PAGES) as u64;

/// Crawl the site's web graph breadth-first from its root, C pages in flight, and write every
/// link found to a file.
#[derive(Parser, Debug, Clone)]
pub struct Args {
    /// How many pages in flight at once: C workers, each with its own keep-alive connection
    /// (the classic crawler's 10; at most 100,000).
    #[arg(long, default_value_t = 10, value_parser = up_to(MAX_CONCURRENCY))]
    pub concurrency: usize,

    /// The size of the graph to crawl: the site serves one of every size, and the crawl starts
    /// at its root, `/web/<G>/0.html` (at most 1,000,000).
    #[arg(long, default_value_t = graph::DEFAULT_PAGES, value_parser = up_to(graph::MAX_PAGES as u64))]
    pub pages: usize,

    /// The file to write the links to, one `source<TAB>link` line each (written under a
    /// temporary name and renamed when the crawl is complete).
    #[arg(long)]
    pub out: PathBuf,

    /// The site to crawl.
    #[arg(long, env = "SITE_URL", default_value = DEFAULT_URL)]
    pub url: SiteUrl,

    /// The most pages to fetch (404s included) before the crawl stops with an error: a server
    /// whose pages link to new pages for ever would otherwise keep it going. Default: twice
    /// `--pages`, more than the graph of `--pages` ever takes (at most 2,000,000).
    #[arg(long, value_parser = up_to(MAX_FETCHES))]
    pub max_pages: Option<usize>,
}

impl Args {
    /// The URL the crawl starts from: the graph's root page.
    pub fn root(&self) -> Url {
        let root = self.url.url(&graph::path(self.pages, 0));
        Url::parse(&root).expect("a SiteUrl and a graph path make a URL")
    }

    /// The most pages the crawl may fetch: `--max-pages`, or twice `--pages`.
    pub fn max_pages(&self) -> usize {
        self.max_pages.unwrap_or(FETCHES_PER_PAGE * self.pages)
    }
}

/// A page as a worker hands it back: its URL and, when it was found, the links on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The URL it was fetched from.
    pub url: Url,
    /// The same-host links on it, each once, in the order they appear; `None` for a 404.
    pub links: Option<Vec<Url>>,
}

impl Page {
    /// A page that was found: parses `body` for its links.
    pub fn parse(url: Url, body: &[u8]) -> Page {
        let links = Some(links(&url, body));
        Page { url, links }
    }

    /// A page the site answered 404 for.
    pub fn not_found(url: Url) -> Page {
        Page { url, links: None }
    }
}

/// The same-host links of an HTML page fetched from `page`: every `<a href>`, resolved against
/// `page`, its fragment dropped, kept when its origin (scheme, host and port) is the page's,
/// each once, in the order they first appear.
///
/// The parser is html5ever's tokenizer (Servo's, the WHATWG algorithm), switched to raw text
/// inside `<script>` and `<style>` as a browser's tree builder does: it finds links in upper
/// case, single or no quotes, decodes `&amp;` in them, and is not fooled by an `<a href>` in a
/// comment or a script. Chosen by measurement (see the README).
pub fn links(page: &Url, html: &[u8]) -> Vec<Url> {
    let hrefs = Hrefs::default();
    let tokenizer = Tokenizer::new(hrefs, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(String::from_utf8_lossy(html).as_ref().into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut links: Vec<Url> = Vec::new();
    // The links already kept, so that checking one is a lookup, not a scan: a page's work is
    // linear in its links (a page of 30,000 took seconds when each was checked against a list).
    let mut kept: HashSet<Url> = HashSet::new();
    for href in tokenizer.sink.0.take() {
        let Ok(mut link) = page.join(&href) else {
            continue; // not a URL at all: a browser would not follow it either
        };
        link.set_fragment(None);
        if link.origin() == page.origin() && kept.insert(link.clone()) {
            links.push(link);
        }
    }
    links
}

/// What the tokenizer hands over: the `href` of every `<a>`, as written, entities decoded.
#[derive(Default)]
struct Hrefs(RefCell<Vec<String>>);

impl TokenSink for Hrefs {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        match &*tag.name {
            "a" => {
                let href = tag.attrs.iter().find(|a| &*a.name.local == "href");
                if let Some(href) = href {
                    self.0.borrow_mut().push(href.value.to_string());
                }
                TokenSinkResult::Continue
            }
            // What a tree builder would tell the tokenizer: no tags inside these.
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" => TokenSinkResult::RawData(RawKind::Rawtext),
            _ => TokenSinkResult::Continue,
        }
    }
}

/// A response's status, checked before its body is read: `Ok(true)` for 2xx, `Ok(false)` for a
/// page not found (404: counted, not an error), otherwise the error [`check_status`] gives.
pub fn found(status: http::StatusCode, headers: &http::HeaderMap) -> anyhow::Result<bool> {
    if status == http::StatusCode::NOT_FOUND {
        return Ok(false);
    }
    check_status(status, headers)?;
    Ok(true)
}

/// A link as the output file writes it: its path and query (every link kept is on the site).
pub fn on_site(url: &Url) -> &str {
    &url[Position::BeforePath..]
}

/// The crawl's bookkeeping, kept by whoever hands out the work: the URLs seen, the queue of
/// those not yet fetched, how many are out being fetched, and the counts.
#[derive(Debug)]
pub struct Frontier {
    root: Url,
    max_pages: usize,
    seen: HashSet<Url>,
    queue: VecDeque<Url>,
    out: usize,
    tally: Tally,
}

impl Frontier {
    /// A crawl that starts at `root` and fetches at most `max_pages` pages.
    pub fn new(root: Url, max_pages: usize) -> Frontier {
        Frontier {
            root: root.clone(),
            max_pages,
            seen: HashSet::from([root.clone()]),
            queue: VecDeque::from([root]),
            out: 0,
            tally: Tally::default(),
        }
    }

    /// The next URL to fetch, oldest first (breadth-first), counted as out until its page is
    /// [`visit`](Self::visit)ed.
    pub fn next_url(&mut self) -> Option<Url> {
        let url = self.queue.pop_front()?;
        self.out += 1;
        Some(url)
    }

    /// How many pages are out: handed out by [`next_url`](Self::next_url) and not yet
    /// [`visit`](Self::visit)ed. A program that starts its workers as pages go out starts no
    /// more than the crawl ever has in flight.
    pub fn out(&self) -> usize {
        self.out
    }

    /// Whether the crawl is over: nothing queued, nothing out.
    pub fn done(&self) -> bool {
        self.queue.is_empty() && self.out == 0
    }

    /// Takes in a fetched page: counts it, queues each link not seen before (checked and
    /// marked seen in one step, so no URL is fetched twice), and returns the lines to write.
    ///
    /// An error when the page is the root and missing (a crawl of nothing is no crawl: the
    /// graph, or the site's URL, is wrong), or when it is one more than `max_pages` (the site
    /// links to more pages than the graph asked for could hold).
    pub fn visit(&mut self, page: Page) -> anyhow::Result<Vec<u8>> {
        self.out -= 1;
        if page.links.is_none() && page.url == self.root {
            bail!(
                "the crawl's first page, {}, is not on the site (404)",
                page.url
            );
        }
        if self.tally.pages + self.tally.missing >= self.max_pages as u64 {
            bail!(
                "more than {} pages fetched, the bound --max-pages sets (twice --pages unless \
                 given): the site links to more pages than the graph holds",
                self.max_pages
            );
        }
        let Some(links) = page.links else {
            self.tally.missing += 1;
            return Ok(Vec::new());
        };
        self.tally.pages += 1;
        let mut lines = Vec::new();
        for link in links {
            self.tally.links += 1;
            let _ = writeln!(lines, "{}\t{}", on_site(&page.url), on_site(&link));
            if self.seen.insert(link.clone()) {
                self.queue.push_back(link);
            }
        }
        Ok(lines)
    }

    /// The result line, once the output file's checksum is known.
    pub fn tally(&self, checksum: u64) -> Tally {
        Tally {
            checksum,
            ..self.tally
        }
    }
}

/// What a crawl found: the result line's fields.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Pages fetched and parsed.
    pub pages: u64,
    /// Links found on them (lines written).
    pub links: u64,
    /// Pages that answered 404.
    pub missing: u64,
    /// FNV-1a over the output file's lines, sorted.
    pub checksum: u64,
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Tally {
            pages,
            links,
            missing,
            checksum,
        } = self;
        write!(
            f,
            "pages={pages} links={links} missing={missing} checksum={checksum:016x}"
        )
    }
}

/// The output file: lines go to a temporary file beside it, which becomes the file only when
/// [`finish`](Self::finish) is called; dropped unfinished (an error cut the crawl short), the
/// temporary file is removed, so a partial crawl never looks like a complete one.
#[derive(Debug)]
pub struct Output {
    file: BufWriter<File>,
    partial: PathBuf,
    path: PathBuf,
}

/// The temporary file of the crawl in progress, for [`remove_on_stop_signal`]'s thread.
static PARTIAL: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Sets (or clears) the temporary file a stop signal must remove.
fn set_partial(partial: Option<PathBuf>) {
    *PARTIAL.lock().unwrap_or_else(PoisonError::into_inner) = partial;
}

/// Once per process: a thread that, when SIGINT or SIGTERM comes, removes the crawl's temporary
/// file and then ends the program as the signal would have. Without it the signal's default
/// action ends the program before any clean-up, and the `.partial` file stays.
fn remove_on_stop_signal() -> anyhow::Result<()> {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    if INSTALLED.get().is_some() {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
        .context("cannot install the stop-signal handlers")?;
    std::thread::Builder::new()
        .name("stop-signal".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let partial = PARTIAL
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                if let Some(partial) = partial {
                    let _ = fs::remove_file(partial);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        })
        .context("cannot start the stop-signal thread")?;
    let _ = INSTALLED.set(());
    Ok(())
}

/// Where `path` leads through symbolic links, the last of which may point to nothing yet (the
/// file the crawl will make); at most [`MAX_LINKS`] of them, as the kernel allows.
fn follow_links(path: &Path) -> anyhow::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
                path = folder.join(target);
            }
            _ => return Ok(path),
        }
    }
    bail!("more than {MAX_LINKS} symbolic links")
}

/// The most symbolic links [`follow_links`] follows, as Linux's `MAXSYMLINKS`.
const MAX_LINKS: usize = 40;

impl Output {
    /// Opens the temporary file beside `path`: the error a run with an unwritable `--out`
    /// fails with, before any fetch.
    ///
    /// `--out` must name a regular file or a path with nothing there yet: the rename at the end
    /// replaces what is there, which must never be a device, a FIFO or a folder. A symbolic
    /// link is followed: the file it points to is the one written, and the link stays.
    pub fn create(path: &Path) -> anyhow::Result<Output> {
        let cannot = || format!("cannot write the links to {}", path.display());
        let path = follow_links(path).with_context(cannot)?;
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => bail!("{}: it is a directory", cannot()),
            Ok(meta) if !meta.is_file() => bail!("{}: it is not a regular file", cannot()),
            // The rename at the end would replace a read-only file: refuse it now instead.
            Ok(_) => drop(
                fs::OpenOptions::new()
                    .append(true)
                    .open(&path)
                    .with_context(cannot)?,
            ),
            Err(_) => {}
        }
        // A path with no file name (`/`, `..`) has nowhere to put the temporary file beside it.
        path.file_name().with_context(cannot)?;
        // A short name beside it whatever its own length (a name of 250 bytes leaves no room
        // for a suffix), unique to this process.
        let partial = path.with_file_name(format!(".crawl-{}.partial", std::process::id()));
        remove_on_stop_signal()?;
        let file = File::create_new(&partial).with_context(cannot)?;
        set_partial(Some(partial.clone()));
        Ok(Output {
            file: BufWriter::new(file),
            partial,
            path,
        })
    }

    /// Appends lines.
    pub fn write(&mut self, lines: &[u8]) -> anyhow::Result<()> {
        self.file
            .write_all(lines)
            .with_context(|| format!("cannot write to {}", self.partial.display()))
    }

    /// Appends every batch of lines until the sender hangs up, then hands the file back for
    /// [`finish`](Self::finish): the loop of a writer thread or a runtime's blocking task.
    pub fn write_all(mut self, batches: impl IntoIterator<Item = Vec<u8>>) -> anyhow::Result<Self> {
        for lines in batches {
            self.write(&lines)?;
        }
        Ok(self)
    }

    /// After a crawl that ended `crawled`: [`finish`](Self::finish) when it went through, and
    /// when it failed, removes the temporary file and returns the crawl's error. For a program
    /// whose file is written on another thread, which must not exit before this is done.
    pub fn close(self, crawled: anyhow::Result<()>) -> anyhow::Result<u64> {
        crawled?; // an error drops `self`, which removes the temporary file
        self.finish()
    }

    /// Flushes the file, reads it back, and moves it into place; returns the checksum of its
    /// lines, sorted.
    pub fn finish(mut self) -> anyhow::Result<u64> {
        let partial = self.partial.display().to_string();
        self.file
            .flush()
            .with_context(|| format!("cannot write to {partial}"))?;
        let written = fs::read(&self.partial).with_context(|| format!("cannot read {partial}"))?;
        let checksum = sorted_checksum(&written);
        fs::rename(&self.partial, &self.path)
            .with_context(|| format!("cannot rename {partial} to {}", self.path.display()))?;
        self.partial = PathBuf::new(); // moved into place: nothing to remove
        set_partial(None);
        Ok(checksum)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.partial.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.partial);
            set_partial(None);
        }
    }
}

/// FNV-1a over `text`'s lines in byte order, each with its newline: the same for any order the
/// lines were written in.
pub fn sorted_checksum(text: &[u8]) -> u64 {
    let mut lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
    lines.sort_unstable();
    lines
        .iter()
        .fold(FNV_OFFSET, |hash, line| fnv1a_on(hash, line))
}

/// How a worker process sends a page back: `found <url> <link>...` or `missing <url>`, on one
/// line (a URL holds no spaces: the `url` crate percent-encodes them).
impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.links {
            None => write!(f, "missing {}", self.url),
            Some(links) => {
                write!(f, "found {}", self.url)?;
                links.iter().try_for_each(|link| write!(f, " {link}"))
            }
        }
    }
}

impl FromStr for Page {
    type Err = anyhow::Error;

    fn from_str(line: &str) -> anyhow::Result<Page> {
        let mut words = line.split(' ');
        let kind = words.next();
        let url = Url::parse(words.next().context("a page line with no URL")?)?;
        match kind {
            Some("missing") => Ok(Page::not_found(url)),
            Some("found") => {
                let links: Result<Vec<Url>, _> = words.map(Url::parse).collect();
                Ok(Page {
                    url,
                    links: Some(links.context("a link in a page line")?),
                })
            }
            _ => bail!("not a page line: {line:?}"),
        }
    }
}

/// The tally a correct crawl of the graph of `pages` must produce, worked out from the graph's
/// own list of each page's links (no HTML is parsed), breadth-first as the programs crawl.
pub fn expected(pages: usize) -> Tally {
    walk(pages).0
}

/// What the ideal of a crawl is worked out from: how many GETs it makes and how many
/// breadth-first levels they fall into (no page can be fetched before the page linking to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Pages fetched, found or not.
    pub fetches: u64,
    /// Pages found and parsed.
    pub parsed: u64,
    /// Breadth-first levels, the root's included.
    pub levels: u64,
}

/// The shape of a crawl of the graph of `pages`.
pub fn shape(pages: usize) -> Shape {
    let (tally, levels) = walk(pages);
    Shape {
        fetches: tally.pages + tally.missing,
        parsed: tally.pages,
        levels,
    }
}

/// How many round trips the crawl of the graph of `pages` takes with `concurrency` pages in
/// flight and no overhead at all: in each round the C oldest URLs known are fetched, and the
/// links on them become known when the round ends. The crawl's ideal: never less than its
/// levels, nor than its fetches / C, and more than both where the early levels are narrower
/// than C and the last ones wider.
pub fn rounds(pages: usize, concurrency: usize) -> u64 {
    let root = graph::path(pages, 0);
    let mut seen = HashSet::from([root.clone()]);
    let mut queue = VecDeque::from([root]);
    let mut rounds = 0;
    while !queue.is_empty() {
        rounds += 1;
        let round: Vec<String> = (0..concurrency.max(1))
            .map_while(|_| queue.pop_front())
            .collect();
        for source in round {
            let path = source.split('?').next().unwrap_or_default();
            let (_, n) = graph::parse(path).expect("the graph links only to its own paths");
            if n < pages {
                let targets = graph::targets(pages, n, &source);
                queue.extend(targets.into_iter().filter(|t| seen.insert(t.clone())));
            }
        }
    }
    rounds
}

/// A breadth-first crawl of the graph by its own lists of links, level by level: the tally,
/// and the number of levels.
fn walk(pages: usize) -> (Tally, u64) {
    let root = graph::path(pages, 0);
    let mut seen = HashSet::from([root.clone()]);
    let mut level = vec![root];
    let (mut tally, mut lines, mut levels) = (Tally::default(), Vec::new(), 0);
    while !level.is_empty() {
        levels += 1;
        let mut next = Vec::new();
        for source in level {
            let path = source.split('?').next().unwrap_or_default();
            let (_, n) = graph::parse(path).expect("the graph links only to its own paths");
            if n >= pages {
                tally.missing += 1;
                continue;
            }
            tally.pages += 1;
            for target in graph::targets(pages, n, &source) {
                tally.links += 1;
                let _ = writeln!(lines, "{source}\t{target}");
                if seen.insert(target.clone()) {
                    next.push(target);
                }
            }
        }
        level = next;
    }
    tally.checksum = sorted_checksum(&lines);
    (tally, levels)
}

#[cfg(test)]
mod tests;
