//! The site's web graph: the pages the crawl workload follows, and the links each one holds.
//!
//! A graph of G pages lives under `/web/<G>/`: page `n` is `/web/<G>/<n>.html`, the root is
//! page 0, so one site serves a graph of every size and a crawler picks one by its root. Pages
//! form a tree of three children a page (page `n`'s are `3n + 1` to `3n + 3`), which makes the
//! graph about log₃(2G) levels deep (seven at G = 1,000), plus links that never lead deeper:
//! back to the parent, the root and an earlier page, duplicates, fragments, a query-string
//! variant of the page itself, other hosts, and pages past the end that answer 404.
//!
//! Each link is written in the forms real pages use (relative, `../`, root-relative, absolute,
//! scheme-relative, upper case, single-quoted, unquoted, `&amp;` in a query), and the page
//! around them holds what fools a regular expression and not a parser: an `<a href>` inside a
//! comment and inside a script, a `<link href>`, an `<a>` with no `href`. [`links`] says what
//! each link resolves to, independently of any parser, so the expected crawl is worked out from
//! the graph's definition and a parser is checked against it.

use std::fmt::Write;

/// Where every graph lives on the site.
pub const PREFIX: &str = "/web/";

/// The graph a crawl follows when not told otherwise.
pub const DEFAULT_PAGES: usize = 1_000;

/// The largest graph the site serves: a crawl of it takes minutes even at C = 1,000.
pub const MAX_PAGES: usize = 1_000_000;

/// The fewest and most bytes of a page: pages vary in size between the two.
pub const PAGE_BYTES: (usize, usize) = (10 * 1024, 20 * 1024);

/// The host the graph's links to elsewhere point at when the site is not told another: a
/// crawler must never fetch it.
pub const DEFAULT_ELSEWHERE: &str = "https://example.com";

/// The path of page `n` of the graph of `pages` pages.
pub fn path(pages: usize, n: usize) -> String {
    format!("{PREFIX}{pages}/{n}.html")
}

/// A request path's graph and page, `(G, n)`, when it is a graph page's path (with `n` past
/// the end for a page that is missing); `None` for anything else.
pub fn parse(path: &str) -> Option<(usize, usize)> {
    let (pages, page) = path.strip_prefix(PREFIX)?.split_once('/')?;
    let number = |s: &str| {
        let digits = !s.is_empty() && s.len() < 10 && s.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| s.parse::<usize>().ok()).flatten()
    };
    let pages = number(pages).filter(|g| (1..=MAX_PAGES).contains(g))?;
    Some((pages, number(page.strip_suffix(".html")?)?))
}

/// A link on a page: the `href` as written, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The attribute as the page writes it, quotes and entities included: ` href="3.html"`.
    pub attribute: String,
    /// Where it resolves to.
    pub target: Target,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of the site, as its path and query (no fragment).
    Site(String),
    /// The page's own URL, whatever query it was fetched with (`href="#main"`).
    Itself,
    /// Another host or scheme: never to be fetched.
    Elsewhere,
}

/// The links on page `n` of a graph of `pages`, in the page's order, for a page served as
/// `http://<host>`; `elsewhere` is the other host's base URL. `n` must be a page of the graph.
pub fn links(pages: usize, n: usize, host: &str, elsewhere: &str) -> Vec<Link> {
    let at = |k: usize| Target::Site(path(pages, k));
    let link = |attribute: String, target: Target| Link { attribute, target };
    let mut random = SplitMix(n as u64);
    let mut links = Vec::new();
    let children: Vec<usize> = (3 * n + 1..=3 * n + 3).filter(|&c| c < pages).collect();
    let forms: [fn(&str, usize, usize) -> String; 3] = [
        |_, _, c| format!(" href=\"{c}.html\""),
        |host, g, c| format!(" href=\"http://{host}{PREFIX}{g}/{c}.html\""),
        |_, g, c| format!(" HREF='{PREFIX}{g}/{c}.html'"),
    ];
    for (child, form) in children.iter().zip(forms) {
        links.push(link(form(host, pages, *child), at(*child)));
    }
    if n > 0 {
        let parent = (n - 1) / 3;
        links.push(link(
            format!(" href=\"../{pages}/{parent}.html\""),
            at(parent),
        ));
        let earlier = random.below(n as u64) as usize;
        links.push(link(
            format!(" href=\"//{host}{PREFIX}{pages}/{earlier}.html\""),
            at(earlier),
        ));
    }
    links.push(link(" href=\"./0.html#top\"".into(), at(0)));
    if let Some(first) = children.first() {
        links.push(link(format!(" href={first}.html#comments"), at(*first)));
    }
    links.push(link(" href=\"#main\"".into(), Target::Itself));
    if n.is_multiple_of(5) {
        let query = format!("{}?view=print&lang=en", path(pages, n));
        let attribute = format!(" href=\"{n}.html?view=print&amp;lang=en\"");
        links.push(link(attribute, Target::Site(query)));
    }
    if n % 7 == 3 {
        links.push(link(format!(" href=\"{}.html\"", pages + n), at(pages + n)));
    }
    links.push(link(
        format!(" href=\"{elsewhere}/articles/{n}\""),
        Target::Elsewhere,
    ));
    if n.is_multiple_of(4) {
        links.push(link(
            " href=\"mailto:team@example.com\"".into(),
            Target::Elsewhere,
        ));
    }
    links
}

/// Where the links on page `n` lead, each once, in the order they first appear, for the page
/// fetched as `source` (its path and query): the same-host paths a crawler must find there.
pub fn targets(pages: usize, n: usize, source: &str) -> Vec<String> {
    let mut targets: Vec<String> = Vec::new();
    for link in links(pages, n, "127.0.0.1", DEFAULT_ELSEWHERE) {
        let target = match link.target {
            Target::Site(path) => path,
            Target::Itself => source.to_string(),
            Target::Elsewhere => continue,
        };
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    targets
}

/// Page `n` of the graph of `pages` as the site serves it to `http://<host>`, or `None` past the
/// graph's end.
pub fn page(pages: usize, n: usize, host: &str, elsewhere: &str) -> Option<String> {
    if n >= pages {
        return None;
    }
    let mut random = SplitMix(n as u64 ^ 0x5eed);
    let size = PAGE_BYTES.0 + random.below((PAGE_BYTES.1 - PAGE_BYTES.0) as u64) as usize;
    let mut html = String::with_capacity(size + 512);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Page {n} of {pages}</title>\n\
         <link rel=\"stylesheet\" href=\"/static/site.css\">\n\
         <script>var teaser = '<a href=\"/web/{pages}/teaser.html\">next</a>';</script>\n\
         </head>\n<body>\n<a name=\"top\"></a>\n<h1 id=\"main\">Page {n}</h1>\n\
         <!-- retired: <a href=\"{PREFIX}{pages}/{}.html\">old index</a> -->\n",
        pages * 2
    );
    let links = links(pages, n, host, elsewhere);
    let tail = "</body>\n</html>\n";
    // One paragraph of filler after each link, then filler to the page's size.
    let mut paragraphs = 0;
    for (i, link) in links.iter().enumerate() {
        let _ = writeln!(
            html,
            "<p>{} <a{} class=\"ref\">link {i}</a></p>",
            filler(&mut random, 40),
            link.attribute
        );
        paragraphs += 1;
    }
    while html.len() + tail.len() < size {
        let words = 30 + random.below(60) as usize;
        let _ = writeln!(
            html,
            "<p id=\"p{paragraphs}\">{}</p>",
            filler(&mut random, words)
        );
        paragraphs += 1;
    }
    html.push_str(tail);
    Some(html)
}

/// Words for the pages' text.
const WORDS: [&str; 16] = [
    "python", "thread", "process", "async", "rust", "tokio", "rayon", "smol", "queue", "crawl",
    "latency", "socket", "kernel", "worker", "future", "channel",
];

/// `count` words of filler, with the odd entity and tag a real page has.
fn filler(random: &mut SplitMix, count: usize) -> String {
    let mut text = String::new();
    for i in 0..count {
        if i > 0 {
            text.push(' ');
        }
        match random.below(40) {
            0 => text.push_str("&amp;"),
            1 => text.push_str("<em>async</em>"),
            _ => text.push_str(WORDS[random.below(WORDS.len() as u64) as usize]),
        }
    }
    text
}

/// SplitMix64: a tiny deterministic generator, so a page is the same on every request.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which is above 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}
