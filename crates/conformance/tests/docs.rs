//! Every relative link in the README, CONTRIBUTING.md and docs/ leads somewhere: the file
//! exists, and an anchor names a heading of the page it points into.

use std::path::{Path, PathBuf};

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The pages whose links are checked.
fn pages() -> Vec<PathBuf> {
    let root = root();
    let mut pages = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    let docs = std::fs::read_dir(root.join("docs")).expect("a docs/ folder");
    let mut docs: Vec<PathBuf> = docs
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    let text = heading.trim_start_matches('#').trim().to_lowercase();
    text.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == ' ' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown page's headings (outside code blocks).
fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut anchors = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            anchors.push(slug(line));
        }
    }
    anchors
}

/// Every link target of a Markdown page, `[text](target)`, outside code blocks.
fn links(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut targets = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            targets.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    targets
}

#[test]
fn every_relative_link_resolves() {
    let mut broken = Vec::new();
    let pages = pages();
    assert!(pages.len() >= 3, "the README, CONTRIBUTING.md and docs/");
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("a readable page");
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (target.as_str(), None),
            };
            let file = if path.is_empty() {
                page.clone()
            } else {
                page.parent().expect("a folder").join(path)
            };
            if !file.exists() {
                broken.push(format!("{}: {target}: no such file", page.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                if !anchors(&text).iter().any(|a| a == anchor) {
                    broken.push(format!("{}: {target}: no such heading", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn a_broken_link_is_found() {
    let text = "# A page\n\n[here](#a-page) [there](#nowhere)\n```sh\n[not](a link)\n```\n";
    assert_eq!(links(text), ["#a-page", "#nowhere"]);
    assert_eq!(anchors(text), ["a-page"]);
    assert_eq!(
        slug("## Download at 10,000 connections: the floor"),
        "download-at-10000-connections-the-floor"
    );
}

/// The results the repository carries are what its raw data renders to: every experiment's
/// table, the summary, and the README's block. A hand edit to any of them, or raw data that
/// no longer matches, fails here.
#[test]
fn the_committed_results_and_the_readme_block_are_their_raw_data_rendered() {
    let root = root();
    let out = std::env::temp_dir().join(format!("results-render-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let runs = bench::render(&root.join("results/raw"), &out).expect("the raw data renders");
    let mut differ = Vec::new();
    for run in &runs {
        let name = format!("{}.md", run.name());
        let committed = std::fs::read_to_string(root.join("results").join(&name));
        let rendered = std::fs::read_to_string(out.join(&name)).expect("rendered");
        if committed.ok().as_deref() != Some(rendered.as_str()) {
            differ.push(name);
        }
    }
    let summary = std::fs::read_to_string(root.join("results/summary.md")).expect("a summary");
    if summary != std::fs::read_to_string(out.join("summary.md")).expect("rendered") {
        differ.push("summary.md".into());
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(
        differ.is_empty(),
        "results/ differs from its raw data: {differ:?}"
    );
    let block = bench::tables::summary_block(&runs, Path::new("results")).expect("a block");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("the README");
    let (start, end) = ("<!-- summary:start -->\n", "\n<!-- summary:end -->");
    let inside = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(inside, _)| inside)
        .expect("the README's summary block");
    assert_eq!(
        inside,
        block.trim(),
        "the README's block is not its raw data's"
    );
}
