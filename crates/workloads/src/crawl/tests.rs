use super::*;
use crate::graph::{self, DEFAULT_ELSEWHERE};

const HOST: &str = "127.0.0.1:8787";

fn url(path: &str) -> Url {
    Url::parse(&format!("http://{HOST}{path}")).unwrap()
}

/// Crawls a graph with no network: each page made by the graph itself, parsed as a program
/// parses it, through the same `Frontier`.
fn crawl_offline(pages: usize) -> (Tally, Vec<u8>) {
    let mut frontier = Frontier::new(url(&graph::path(pages, 0)), FETCHES_PER_PAGE * pages);
    let mut lines = Vec::new();
    while let Some(next) = frontier.next_url() {
        let (_, n) = graph::parse(next.path()).unwrap();
        let page = match graph::page(pages, n, HOST, DEFAULT_ELSEWHERE) {
            Some(html) => Page::parse(next, html.as_bytes()),
            None => Page::not_found(next),
        };
        lines.extend(
            frontier
                .visit(page)
                .expect("a crawl of the graph is within its bound"),
        );
    }
    assert!(frontier.done());
    (frontier.tally(sorted_checksum(&lines)), lines)
}

#[test]
fn the_parser_finds_exactly_the_graphs_links_on_every_page() {
    let pages = graph::DEFAULT_PAGES;
    for n in 0..pages {
        let html = graph::page(pages, n, HOST, DEFAULT_ELSEWHERE).unwrap();
        for source in [
            graph::path(pages, n),
            format!("{}?view=print&lang=en", graph::path(pages, n)),
        ] {
            let found: Vec<String> = links(&url(&source), html.as_bytes())
                .iter()
                .map(|l| on_site(l).to_string())
                .collect();
            assert_eq!(found, graph::targets(pages, n, &source), "page {source}");
        }
    }
}

#[test]
fn what_fools_a_regular_expression_does_not_fool_the_parser() {
    let html = br#"<a href="/a">1</a><!-- <a href="/comment"> --><script>x='<a href="/script">'</script>
        <link href="/style.css"><A HREF='/upper'>2</A><a href=/bare#frag>3</a><a name=x>4</a>
        <a href="/q?a=1&amp;b=2">5</a><a href="http://other.example/">6</a><a href="/a#again">7</a>"#;
    let found: Vec<String> = links(&url("/web/1/0.html"), html)
        .iter()
        .map(|l| on_site(l).to_string())
        .collect();
    assert_eq!(found, ["/a", "/upper", "/bare", "/q?a=1&b=2"]);
}

#[test]
fn an_offline_crawl_matches_the_expected_tally() {
    for pages in [1, 2, 50, graph::DEFAULT_PAGES] {
        let (tally, lines) = crawl_offline(pages);
        assert_eq!(tally, expected(pages), "G = {pages}");
        assert_eq!(
            tally.links,
            lines.iter().filter(|&&b| b == b'\n').count() as u64
        );
    }
    let tally = expected(graph::DEFAULT_PAGES);
    assert!(
        tally.missing > 0 && tally.pages > graph::DEFAULT_PAGES as u64,
        "{tally}"
    );
}

#[test]
fn the_default_graph_is_at_least_six_levels_deep() {
    // Breadth-first levels, from the graph's own links.
    let pages = graph::DEFAULT_PAGES;
    let mut level = vec![graph::path(pages, 0)];
    let mut seen: HashSet<String> = level.iter().cloned().collect();
    let mut depth = 0;
    while !level.is_empty() {
        let mut next = Vec::new();
        for source in &level {
            let (_, n) = graph::parse(source.split('?').next().unwrap()).unwrap();
            if n < pages {
                next.extend(
                    graph::targets(pages, n, source)
                        .into_iter()
                        .filter(|t| seen.insert(t.clone())),
                );
            }
        }
        if !next.is_empty() {
            depth += 1;
        }
        level = next;
    }
    assert!(depth >= 6, "depth {depth}");
    let shape = shape(pages);
    assert_eq!(shape.levels, depth + 1);
    // One page at a time is a round trip a page; with room for every page at once, a round
    // trip a level; in between, never less than either.
    assert_eq!(rounds(pages, 1), shape.fetches);
    assert_eq!(rounds(pages, 100_000), shape.levels);
    for c in [10, 100, 1_000] {
        let r = rounds(pages, c);
        assert!(
            r >= shape.levels && r >= shape.fetches.div_ceil(c as u64),
            "C = {c}: {r}"
        );
    }
    let tally = expected(pages);
    assert_eq!(
        (shape.fetches, shape.parsed),
        (tally.pages + tally.missing, tally.pages)
    );
}

#[test]
fn pages_are_ten_to_twenty_kilobytes_with_about_ten_links() {
    for n in 0..graph::DEFAULT_PAGES {
        let html = graph::page(graph::DEFAULT_PAGES, n, HOST, DEFAULT_ELSEWHERE).unwrap();
        assert!(
            (graph::PAGE_BYTES.0..=graph::PAGE_BYTES.1 + 2048).contains(&html.len()),
            "page {n}: {}",
            html.len()
        );
        let links = graph::links(graph::DEFAULT_PAGES, n, HOST, DEFAULT_ELSEWHERE).len();
        assert!((5..=13).contains(&links), "page {n}: {links} links");
    }
    assert_eq!(graph::page(10, 10, HOST, DEFAULT_ELSEWHERE), None);
}

#[test]
fn graph_paths_parse_and_nothing_else_does() {
    assert_eq!(graph::parse("/web/1000/17.html"), Some((1000, 17)));
    assert_eq!(graph::parse("/web/1000/2000.html"), Some((1000, 2000)));
    for bad in [
        "/web/0/0.html",
        "/web/1000/x.html",
        "/web/1000/1",
        "/web//1.html",
        "/jython",
        "/web/99999999999/1.html",
        "/web/+1/1.html",
    ] {
        assert_eq!(graph::parse(bad), None, "{bad}");
    }
}

#[test]
fn the_checksum_is_the_same_in_any_order_and_differs_for_other_lines() {
    assert_eq!(sorted_checksum(b"b\na\n"), sorted_checksum(b"a\nb\n"));
    assert_ne!(sorted_checksum(b"a\nb\n"), sorted_checksum(b"a\nc\n"));
    assert_ne!(sorted_checksum(b"a\n"), sorted_checksum(b"a\na\n"));
}

#[test]
fn page_lines_round_trip() {
    let found = Page::parse(
        url("/web/10/0.html"),
        graph::page(10, 0, HOST, DEFAULT_ELSEWHERE)
            .unwrap()
            .as_bytes(),
    );
    assert_eq!(found.to_string().parse::<Page>().unwrap(), found);
    let missing = Page::not_found(url("/web/10/13.html"));
    assert_eq!(missing.to_string().parse::<Page>().unwrap(), missing);
    assert!("lost http://x/".parse::<Page>().is_err());
}

#[test]
fn output_appears_only_when_finished() {
    let dir = std::env::temp_dir().join(format!("crawl-output-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("links.tsv");
    let mut out = Output::create(&path).unwrap();
    out.write(b"b\n").unwrap();
    drop(out);
    assert!(
        fs::read_dir(&dir).unwrap().next().is_none(),
        "a dropped output left a file"
    );

    let out = Output::create(&path).unwrap();
    let out = out.write_all([b"b\n".to_vec(), b"a\n".to_vec()]).unwrap();
    assert_eq!(out.finish().unwrap(), sorted_checksum(b"a\nb\n"));
    assert_eq!(fs::read(&path).unwrap(), b"b\na\n");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);

    let error = format!("{:#}", Output::create(&dir).unwrap_err());
    assert!(error.contains("is a directory"), "{error}");
    let error = format!(
        "{:#}",
        Output::create(&dir.join("no/such/dir/links.tsv")).unwrap_err()
    );
    assert!(error.contains("cannot write the links"), "{error}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn flags_are_bounded_and_out_is_required() {
    assert!(Args::try_parse_from(["test"]).is_err());
    let args = Args::try_parse_from(["test", "--out", "x"]).unwrap();
    assert_eq!((args.concurrency, args.pages), (10, graph::DEFAULT_PAGES));
    assert!(args.root().as_str().ends_with("/web/1000/0.html"));
    assert_eq!(args.max_pages(), 2_000);
    let given = Args::try_parse_from(["test", "--out", "x", "--max-pages", "5"]).unwrap();
    assert_eq!(given.max_pages(), 5);
    for bad in [
        ["--concurrency", "0"],
        ["--pages", "0"],
        ["--pages", "1000001"],
        ["--concurrency", "100001"],
        ["--max-pages", "0"],
        ["--max-pages", "2000001"],
    ] {
        assert!(
            Args::try_parse_from(["test", "--out", "x", bad[0], bad[1]]).is_err(),
            "{bad:?}"
        );
    }
}

/// A page of many distinct links costs time linear in them: ten times the links, about ten
/// times the time (a check against a list, as before, made it a hundred: 30,000 links took
/// seconds). The bound is loose, best of three each, so that a busy machine does not fail it.
#[test]
fn a_page_of_many_links_is_parsed_in_time_linear_in_them() {
    let page = url("/web/1000/0.html");
    let html = |n: usize| -> String {
        (0..n)
            .map(|i| format!("<a href=\"/p/{i}\">{i}</a>\n"))
            .collect()
    };
    let best = |n: usize| {
        let body = html(n);
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                assert_eq!(links(&page, body.as_bytes()).len(), n);
                started.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min)
    };
    let (small, large) = (best(3_000), best(30_000));
    assert!(
        large < small * 40.0,
        "3,000 links in {small:.4} s, 30,000 in {large:.4} s: not linear"
    );
}

#[test]
fn no_graph_takes_more_fetches_than_its_bound() {
    // The default --max-pages is FETCHES_PER_PAGE × G: no crawl of a real graph may reach it.
    let sizes = (1..=300).chain([999, 1_000, 1_001, 10_000, 100_000]);
    for pages in sizes {
        let fetches = shape(pages).fetches;
        assert!(
            fetches <= (FETCHES_PER_PAGE * pages) as u64,
            "G = {pages}: {fetches} fetches"
        );
    }
}

#[test]
fn a_missing_root_is_an_error_naming_it() {
    let root = url("/web/10/0.html");
    let mut frontier = Frontier::new(root.clone(), 20);
    let page = frontier.next_url().unwrap();
    let error = frontier.visit(Page::not_found(page)).unwrap_err();
    assert!(error.to_string().contains(root.as_str()), "{error}");
}

#[test]
fn a_crawl_past_its_bound_is_an_error_naming_the_bound() {
    // Every page links to two new ones, for ever: the frontier stops after max_pages.
    let mut frontier = Frontier::new(url("/0"), 7);
    let mut visited = 0;
    let error = loop {
        let next = frontier.next_url().expect("the queue never empties");
        let n: usize = next.path()[1..].parse().unwrap();
        let html = format!(
            "<a href=\"/{}\">a</a><a href=\"/{}\">b</a>",
            2 * n + 1,
            2 * n + 2
        );
        match frontier.visit(Page::parse(next, html.as_bytes())) {
            Ok(_) => visited += 1,
            Err(error) => break error,
        }
    };
    assert_eq!(visited, 7);
    assert!(error.to_string().contains("more than 7 pages"), "{error}");
    assert!(error.to_string().contains("--max-pages"), "{error}");
}
