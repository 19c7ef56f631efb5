//! Pages rendered from the test fixtures' raw data.

use super::*;
use crate::raw::load_all;

fn runs() -> Vec<crate::raw::Run> {
    load_all(&crate::fixture("raw")).unwrap()
}

#[test]
fn figures_are_rendered_in_place_and_again_to_the_same_bytes() {
    let runs = runs();
    let data = Data { runs: &runs };
    let page = "tokio: <!--fig download:tokio.wall-->old<!--/fig-->, \
        <!--fig download:tokio.wall / download:sequential.wall|%1-->?<!--/fig--> of sequential, \
        at C = 1000 <!--fig download-scaling:threads@1000.peak-->?<!--/fig-->, \
        measured <!--fig download.date-->?<!--/fig--> at <!--fig download.commit-->?<!--/fig-->.\n\
        ```\n<!--fig nothing.here-->kept<!--/fig-->\n```\n";
    let once = render(page, &data, "page.md").unwrap();
    assert!(
        once.text.starts_with(
            "tokio: <!--fig download:tokio.wall-->55.3 ms<!--/fig-->, \
             <!--fig download:tokio.wall / download:sequential.wall|%1-->2.7%<!--/fig--> of sequential"
        ),
        "{}",
        once.text
    );
    assert!(once.text.contains("measured <!--fig download.date-->2026-11-26<!--/fig--> at <!--fig download.commit-->ea0f879-dirty<!--/fig-->"));
    assert!(
        once.text.contains("<!--fig nothing.here-->kept<!--/fig-->"),
        "code is left alone"
    );
    let twice = render(&once.text, &data, "page.md").unwrap();
    assert_eq!(once.text, twice.text);
}

#[test]
fn a_claim_that_fails_is_marked_and_the_mark_replaced_on_each_render() {
    let runs = runs();
    let data = Data { runs: &runs };
    let page = "<!--claim download:tokio.wall within 5% of download:smol.wall-->tokio and smol tie \
        (<!--fig download:tokio.wall-->?<!--/fig-->)<!--/claim-->\n\
        <!--claim download:threads.wall < download:tokio.wall-->threads beat tokio<!--/claim-->\n";
    let once = render(page, &data, "page.md").unwrap();
    assert_eq!(once.claims.len(), 2);
    assert!(once.claims[0].holds && !once.claims[1].holds);
    assert_eq!(once.claims[1].line, 2);
    let second = once.text.lines().nth(1).unwrap();
    assert_eq!(
        second,
        "<!--claim download:threads.wall < download:tokio.wall-->threads beat tokio **[does not \
         hold in this run: download:threads.wall = 60.8 ms, download:tokio.wall = 55.3 ms]**<!--/claim-->"
    );
    assert_eq!(
        render(&once.text, &data, "page.md").unwrap().text,
        once.text
    );
}

#[test]
fn an_unknown_reference_is_an_error_naming_page_and_line() {
    let runs = runs();
    let data = Data { runs: &runs };
    for (source, says) in [
        ("downlaod:tokio.wall", "no experiment \"downlaod\""),
        ("download:tokyo.wall", "no row \"tokyo\""),
        ("download:tokio.wal", "no field \"wal\""),
        ("download-scaling:tokio.wall", "name a level"),
        ("download-scaling:tokio@7.wall", "no level 7"),
        ("download:tokio@10.wall", "a single run"),
        ("download-scaling:sequential@1000.wall", "was not run here"),
        ("download:tokio.wall|furlongs", "no format"),
    ] {
        let page = format!("line one\nsee <!--fig {source}-->?<!--/fig-->\n");
        let error = render(&page, &data, "docs/x.md").unwrap_err().to_string();
        assert!(error.starts_with("docs/x.md:2: "), "{error}");
        assert!(error.contains(says), "{source}: {error}");
    }
    let unclosed = render("a <!--fig download:tokio.wall-->b\n", &data, "p.md");
    assert!(
        unclosed
            .unwrap_err()
            .to_string()
            .contains("without its <!--/fig-->")
    );
}

#[test]
fn sweep_fields_read_their_level() {
    let runs = runs();
    let data = Data { runs: &runs };
    let lookup = |s: &str| expr::parse(s).unwrap().eval(&|r| data.lookup(r)).unwrap();
    let (lo, _) = lookup("download:tokio.lo").number().unwrap();
    let (hi, _) = lookup("download:tokio.hi").number().unwrap();
    let (wall, _) = lookup("download:tokio.wall").number().unwrap();
    assert!(lo <= wall && wall <= hi);
    assert_eq!(
        lookup("download-scaling@1000.concurrency"),
        expr::Value::Num(1000.0, expr::Kind::Number)
    );
    let (per, kind) = lookup("sleep-scaling:tokio@1000.per").number().unwrap();
    assert_eq!(kind, expr::Kind::Bytes);
    assert!(per.is_finite());
}
