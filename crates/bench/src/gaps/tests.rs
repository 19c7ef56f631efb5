//! Gaps found in the test fixtures' raw data.

use super::*;
use crate::raw::load_all;

fn entries(text: &str) -> Vec<Entry> {
    ledger::parse(text, "test.md").unwrap()
}

#[test]
fn the_families_are_the_async_the_blocking_and_the_python_rows() {
    let runs = load_all(&crate::fixture("raw")).unwrap();
    let fam = |label: &str| family(runs[0].workload.row(label).unwrap());
    assert_eq!(fam("tokio-current"), Family::Async);
    assert_eq!(fam("smol"), Family::Async);
    assert_eq!(fam("rayon"), Family::Blocking);
    assert_eq!(fam("sequential"), Family::Blocking);
}

#[test]
fn a_gap_is_within_a_family_past_the_ratio_and_the_intervals() {
    let runs = load_all(&crate::fixture("raw")).unwrap();
    let download = runs.iter().find(|r| r.name() == "download").unwrap();
    let gaps = find(download, &[]);
    // sequential (2.07 s) against every other blocking row: a gap in wall time.
    assert!(
        gaps.iter()
            .any(|g| g.figure == "wall" && g.high.0 == "sequential" && g.low.0 == "threads")
    );
    // Never across families, never under the ratio.
    for g in &gaps {
        let row = |l: &str| download.workload.row(l).unwrap();
        assert_eq!(family(row(&g.high.0)), family(row(&g.low.0)), "{g:?}");
        assert!(g.ratio >= RATIO, "{g:?}");
        assert!(g.entry.is_none());
    }
    // tokio and smol (55.3 and 56.2 ms) are no gap.
    assert!(!gaps.iter().any(|g| g.figure == "wall"
        && [&g.high.0, &g.low.0] == [&"smol".to_string(), &"tokio".to_string()]));
}

#[test]
fn an_entry_explains_its_gaps_and_one_with_none_is_stale() {
    let runs = load_all(&crate::fixture("raw")).unwrap();
    let ledger = entries(
        "### Sequential waits\n- experiment: download\n- level: all\n- rows: sequential > *\n\
         - figure: wall\n- mechanism: m\n- evidence: e\n- measured_on: o\n\n\
         ### Gone\n- experiment: download\n- level: all\n- rows: tokio > smol\n- figure: wall\n\
         - mechanism: m\n- evidence: e\n- measured_on: o\n",
    );
    let download = runs.iter().find(|r| r.name() == "download").unwrap();
    let gaps = find(download, &ledger);
    let sequential: Vec<&Gap> = gaps
        .iter()
        .filter(|g| g.high.0 == "sequential" && g.figure == "wall")
        .collect();
    assert!(!sequential.is_empty() && sequential.iter().all(|g| g.entry == Some(0)));
    let stale = stale(std::slice::from_ref(download), &ledger, &gaps);
    assert_eq!(
        stale.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(),
        ["Gone"]
    );
}

#[test]
fn the_committed_ledger_parses() {
    ledger().unwrap();
}
