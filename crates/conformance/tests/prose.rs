//! The prose is its raw data rendered: every figure and claim marker in README.md and docs/
//! renders, from the committed `results/raw`, to the committed page byte for byte; every claim
//! holds on that run; each claim is about its cells (a row's figure made three times larger or
//! smaller breaks it); and no page writes a measured figure by hand outside a History note.

use bench::prose::{self, Data, claims, expr};
use bench::raw::{Run, load_all};
use std::path::{Path, PathBuf};

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// README.md and every page of docs/, as `bench render --readme README.md --docs docs` renders.
fn pages() -> Vec<PathBuf> {
    let root = root();
    let mut pages = vec![root.join("README.md")];
    pages.extend(prose::pages(&root.join("docs")).expect("docs/"));
    pages
}

/// A page's name as errors give it: its path from the root.
fn name(page: &Path) -> String {
    page.strip_prefix(root())
        .unwrap_or(page)
        .display()
        .to_string()
}

fn committed_runs() -> Vec<Run> {
    load_all(&root().join("results/raw")).expect("the committed raw data loads")
}

#[test]
fn every_page_is_its_raw_data_rendered_and_every_claim_holds() {
    let runs = committed_runs();
    let data = Data { runs: &runs };
    let (mut differ, mut failing, mut claims) = (Vec::new(), Vec::new(), 0);
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("a page");
        let rendered =
            prose::render(&text, &data, &name(&page)).unwrap_or_else(|e| panic!("{e:#}"));
        if rendered.text != text {
            differ.push(name(&page));
        }
        for claim in &rendered.claims {
            claims += 1;
            if !claim.holds {
                failing.push(format!("{}:{}: {}", name(&page), claim.line, claim.detail));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "pages that differ from their raw data rendered (run `cargo run --release -p bench -- \
         render --raw results/raw --out results --readme README.md --docs docs`): {differ:?}"
    );
    assert!(
        failing.is_empty(),
        "claims that do not hold on the committed run:\n{}",
        failing.join("\n")
    );
    assert!(claims > 0, "the pages hold no claim at all");
}

/// The fields a row's times or memory move, which a scaled row changes.
fn scales(field: &str) -> bool {
    !matches!(field, "runs" | "startup" | "stacks")
}

/// Multiplies one row's times, CPU and memory at every level of one experiment by `factor`.
fn scale(run: &mut Run, row: &str, factor: f64) {
    for (point, measurements) in run.record.points.iter_mut().zip(&mut run.measurements) {
        for (timed, m) in point.timed.iter_mut().zip(measurements.iter_mut()) {
            if timed.row != row {
                continue;
            }
            for t in m.times.iter_mut() {
                *t *= factor;
            }
            for x in [
                &mut m.mean,
                &mut m.median,
                &mut m.min,
                &mut m.max,
                &mut m.user,
                &mut m.system,
            ] {
                *x *= factor;
            }
            m.stddev = m.stddev.map(|s| s * factor);
            for b in m.memory_usage_byte.iter_mut() {
                *b = (*b as f64 * factor) as u64;
            }
            timed.tree_bytes = timed.tree_bytes.map(|b| (b as f64 * factor) as u64);
        }
    }
}

/// Whether every comparison of `source` holds on `runs`.
fn holds(source: &str, runs: &[Run]) -> bool {
    let data = Data { runs };
    claims::parse(source)
        .expect("a claim")
        .iter()
        .all(|c| claims::evaluate(c, &|r| data.lookup(r)).is_ok_and(|o| o.holds))
}

/// Each claim is about the rows it names: for every row it reads a time or a size of, making
/// that row's figures three times larger, or three times smaller, makes the claim not hold. A
/// claim no such change can break checks nothing.
#[test]
fn every_claim_breaks_when_a_row_it_names_moves_threefold() {
    let mut runs = committed_runs();
    let mut insensitive = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("a page");
        let rendered = prose::render(&text, &Data { runs: &runs }, &name(&page)).expect("renders");
        for claim in &rendered.claims {
            let comparisons = claims::parse(&claim.source).expect("a claim");
            // Each row the claim reads a time or a size of, and whether it must break the claim
            // by itself: a row of a comparison between two rows must; of a comparison over more
            // (a min or a max of a set), one of them at least.
            let mut rows: Vec<(String, String, bool)> = Vec::new();
            for c in &comparisons {
                let mut references = c.left.1.references();
                references.extend(c.right.1.references());
                let mut here: Vec<(String, String)> = Vec::new();
                for r in references {
                    if let Some(row) = &r.row
                        && scales(&r.field)
                        && !here.contains(&(r.experiment.clone(), row.clone()))
                    {
                        here.push((r.experiment.clone(), row.clone()));
                    }
                }
                let pairwise = here.len() <= 2;
                for (experiment, row) in here {
                    match rows
                        .iter_mut()
                        .find(|(e, r, _)| *e == experiment && *r == row)
                    {
                        Some(found) => found.2 |= pairwise,
                        None => rows.push((experiment, row, pairwise)),
                    }
                }
            }
            let mut any = rows.is_empty();
            for (experiment, row, required) in &rows {
                let index = runs
                    .iter()
                    .position(|r| r.name() == experiment)
                    .expect("an experiment");
                let breaks = [3.0, 1.0 / 3.0].into_iter().any(|factor| {
                    scale(&mut runs[index], row, factor);
                    let held = holds(&claim.source, &runs);
                    scale(&mut runs[index], row, 1.0 / factor);
                    !held
                });
                any |= breaks;
                if *required && !breaks {
                    insensitive.push(format!(
                        "{}:{}: {experiment}:{row}",
                        name(&page),
                        claim.line
                    ));
                }
            }
            if !any {
                insensitive.push(format!("{}:{}: any of its rows", name(&page), claim.line));
            }
        }
    }
    assert!(
        insensitive.is_empty(),
        "claims that still hold with a row they name three times larger and three times \
         smaller:\n{}",
        insensitive.join("\n")
    );
}

/// The issue's own test, end to end: a copy of the raw data with one row's times made three
/// times longer (its hyperfine export edited) renders the claims that name that row's time as
/// not holding, marked in the page.
#[test]
fn a_row_three_times_slower_in_a_copy_of_the_raw_data_marks_its_claims() {
    let root = root();
    let copy = std::env::temp_dir().join(format!("prose-raw-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    for entry in std::fs::read_dir(root.join("results/raw")).expect("results/raw") {
        let dir = entry.expect("an entry").path();
        let target = copy.join(dir.file_name().expect("a name"));
        std::fs::create_dir_all(&target).expect("a folder");
        for file in std::fs::read_dir(&dir).expect("a folder") {
            let file = file.expect("a file").path();
            std::fs::copy(&file, target.join(file.file_name().expect("a name"))).expect("copied");
        }
    }
    // The row the README's first claim names first, in its first experiment.
    let readme = std::fs::read_to_string(root.join("README.md")).expect("the README");
    let runs = committed_runs();
    let rendered = prose::render(&readme, &Data { runs: &runs }, "README.md").expect("renders");
    let first = rendered.claims.first().expect("the README holds a claim");
    let comparisons = claims::parse(&first.source).expect("a claim");
    let reference: &expr::Reference = comparisons[0].left.1.references()[0];
    let (experiment, row) = (
        reference.experiment.clone(),
        reference.row.clone().expect("a row"),
    );
    // Slower or faster, whichever breaks the claim (the in-memory test shows one does).
    let factor = if holds_scaled(&first.source, &experiment, &row, 3.0) {
        1.0 / 3.0
    } else {
        3.0
    };
    bench::prose::data::scale_row_exports(&copy.join(&experiment), &row, factor).expect("edited");
    let edited = load_all(&copy).expect("the edited copy loads");
    let _ = std::fs::remove_dir_all(&copy);
    let again = prose::render(&readme, &Data { runs: &edited }, "README.md").expect("renders");
    let names = |c: &prose::ClaimResult| {
        c.source.contains(&format!("{experiment}:{row}@"))
            || c.source.contains(&format!("{experiment}:{row}."))
    };
    let moved: Vec<&prose::ClaimResult> = again.claims.iter().filter(|c| names(c)).collect();
    assert!(!moved.is_empty());
    assert!(
        !moved[0].holds,
        "{}: still holds with {experiment}:{row} × {factor}",
        moved[0].source
    );
    assert!(again.text.contains(prose::NOT_HOLDING), "the page marks it");
}

/// Whether `source` holds with `row` of `experiment` scaled by `factor` (in memory).
fn holds_scaled(source: &str, experiment: &str, row: &str, factor: f64) -> bool {
    let mut runs = committed_runs();
    let index = runs
        .iter()
        .position(|r| r.name() == experiment)
        .expect("an experiment");
    scale(&mut runs[index], row, factor);
    holds(source, &runs)
}

/// Pages are written by hand only where a number is not a measurement: see `bench::prose::lint`.
/// The gaps ledger is exempt: every entry names the run its evidence was measured on.
#[test]
fn no_page_writes_a_measured_figure_by_hand() {
    let mut found = Vec::new();
    for page in pages() {
        if page.ends_with("docs/gaps.md") {
            continue;
        }
        let text = std::fs::read_to_string(&page).expect("a page");
        for u in prose::lint::unrendered(&text) {
            found.push(format!("{}:{}: {}", name(&page), u.line, u.number));
        }
    }
    assert!(
        found.is_empty(),
        "{} figures written by hand (make each a <!--fig-->, put it in a History note, or list \
         a method constant in the page's <!--constants: …-->):\n{}",
        found.len(),
        found.join("\n")
    );
}
