//! Figures and claims in prose, rendered from the raw data in place.
//!
//! A page (the README, `docs/*.md`) holds markers that `bench render` rewrites, invisible on
//! GitHub:
//!
//! - a figure, `<!--fig EXPR|FORMAT-->84.8 ms<!--/fig-->`: the text between the markers is
//!   replaced by EXPR's value, written as FORMAT says ([`format::FORMATS`]);
//! - a claim, `<!--claim A < B-->the sentence<!--/claim-->`: the sentence's figures are
//!   rendered, and where the comparison does not hold in this run a marked suffix follows it,
//!   inside the markers so that the next render replaces it: rendering is idempotent.
//!
//! Markers inside fenced code blocks, or right after a backtick, are text, not markers. An
//! unknown experiment, row, level, field or format is an error naming the page and line.

pub mod claims;
pub mod data;
pub mod expr;
pub mod format;
pub mod lint;

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

pub use data::Data;

const FIG: &str = "<!--fig ";
const FIG_END: &str = "<!--/fig-->";
const CLAIM: &str = "<!--claim ";
const CLAIM_END: &str = "<!--/claim-->";
const CLOSE: &str = "-->";

/// What a claim that does not hold is followed by, up to its details and `]**`.
pub const NOT_HOLDING: &str = " **[does not hold in this run: ";

/// A claim of a page and whether it held.
#[derive(Debug, Clone)]
pub struct ClaimResult {
    /// Its line, from 1.
    pub line: usize,
    /// Its comparisons, as written.
    pub source: String,
    /// Whether every comparison held.
    pub holds: bool,
    /// Each comparison that did not hold: its sides as they read.
    pub detail: String,
}

/// A page rendered: its new text and its claims.
#[derive(Debug)]
pub struct Rendered {
    /// The page, rendered.
    pub text: String,
    /// Its claims, in order.
    pub claims: Vec<ClaimResult>,
}

/// The byte ranges of a page's fenced code blocks.
fn fences(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut open: Option<usize> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            match open.take() {
                Some(start) => ranges.push((start, at + line.len())),
                None => open = Some(at),
            }
        }
        at += line.len();
    }
    if let Some(start) = open {
        ranges.push((start, text.len()));
    }
    ranges
}

/// The line (from 1) of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The next marker opening `open` at or after `from`, outside code: its byte offset.
fn next_marker(text: &str, from: usize, open: &str, code: &[(usize, usize)]) -> Option<usize> {
    let mut from = from;
    loop {
        let at = from + text[from..].find(open)?;
        let in_code = code.iter().any(|(s, e)| (*s..*e).contains(&at));
        if !in_code && !text[..at].ends_with('`') {
            return Some(at);
        }
        from = at + open.len();
    }
}

/// A marker's parts: its source (between its opening and `-->`), its body, and where it ends.
fn marker<'t>(
    text: &'t str,
    at: usize,
    open: &str,
    end: &str,
) -> anyhow::Result<(&'t str, &'t str, usize)> {
    let start = at + open.len();
    let close = text[start..]
        .find(CLOSE)
        .with_context(|| format!("{} without its {CLOSE}", open.trim()))?;
    let source = &text[start..start + close];
    let body_start = start + close + CLOSE.len();
    let body_len = text[body_start..]
        .find(end)
        .with_context(|| format!("{}…{CLOSE} without its {end}", open.trim()))?;
    let body = &text[body_start..body_start + body_len];
    Ok((source, body, body_start + body_len + end.len()))
}

/// Renders one page's markers; `page` names it in errors, which are gathered, one a line.
pub fn render(text: &str, data: &Data, page: &str) -> anyhow::Result<Rendered> {
    let code = fences(text);
    let mut out = String::with_capacity(text.len());
    let mut claims = Vec::new();
    let mut errors = Vec::new();
    let mut at = 0;
    loop {
        let fig = next_marker(text, at, FIG, &code);
        let claim = next_marker(text, at, CLAIM, &code);
        let next = match (fig, claim) {
            (None, None) => break,
            (Some(f), Some(c)) => f.min(c),
            (f, c) => f.or(c).expect("one of them"),
        };
        out.push_str(&text[at..next]);
        let line = line_of(text, next);
        let is_claim = Some(next) == claim;
        let (open, end) = if is_claim {
            (CLAIM, CLAIM_END)
        } else {
            (FIG, FIG_END)
        };
        let (source, body, after) = match marker(text, next, open, end) {
            Ok(parts) => parts,
            Err(error) => {
                errors.push(format!("{page}:{line}: {error:#}"));
                out.push_str(&text[next..]);
                at = text.len();
                break;
            }
        };
        let rendered = if is_claim {
            render_claim(source, body, data).map(|(body, result)| {
                claims.push(ClaimResult { line, ..result });
                body
            })
        } else {
            render_figure(source, data)
        };
        match rendered {
            Ok(body) => out.push_str(&format!("{open}{source}{CLOSE}{body}{end}")),
            Err(error) => {
                errors.push(format!("{page}:{line}: {error:#}"));
                out.push_str(&text[next..after]);
            }
        }
        at = after;
    }
    out.push_str(&text[at..]);
    if !errors.is_empty() {
        bail!("{}", errors.join("\n"));
    }
    Ok(Rendered { text: out, claims })
}

/// A figure's value, written: `EXPR|FORMAT` or `EXPR`.
fn render_figure(source: &str, data: &Data) -> anyhow::Result<String> {
    let (expression, format) = match source.rsplit_once('|') {
        Some((e, f)) => (e, Some(f.trim())),
        None => (source, None),
    };
    let value = expr::parse(expression.trim())?.eval(&|r| data.lookup(r))?;
    format::format(&value, format)
}

/// A claim's body, its figures rendered and its suffix replaced, and whether it held.
fn render_claim(source: &str, body: &str, data: &Data) -> anyhow::Result<(String, ClaimResult)> {
    let comparisons = claims::parse(source.trim())?;
    // The suffix a previous render left is replaced, never stacked.
    let body = match body.rfind(NOT_HOLDING) {
        Some(at) if body.ends_with("]**") => &body[..at],
        _ => body,
    };
    if body.contains(CLAIM) {
        bail!("a claim inside a claim");
    }
    let code: Vec<(usize, usize)> = Vec::new();
    let mut out = String::new();
    let mut at = 0;
    while let Some(next) = next_marker(body, at, FIG, &code) {
        out.push_str(&body[at..next]);
        let (figure, _, after) = marker(body, next, FIG, FIG_END)?;
        out.push_str(&format!(
            "{FIG}{figure}{CLOSE}{}{FIG_END}",
            render_figure(figure, data)?
        ));
        at = after;
    }
    out.push_str(&body[at..]);
    let mut failed = Vec::new();
    for comparison in &comparisons {
        let outcome = claims::evaluate(comparison, &|r| data.lookup(r))?;
        if !outcome.holds {
            failed.push(outcome.detail);
        }
    }
    let detail = failed.join("; ");
    if !failed.is_empty() {
        out.push_str(&format!("{NOT_HOLDING}{detail}]**"));
    }
    Ok((
        out,
        ClaimResult {
            line: 0,
            source: source.trim().to_string(),
            holds: failed.is_empty(),
            detail,
        },
    ))
}

/// The Markdown pages `path` names: a folder's `*.md`, sorted, or the file itself.
pub fn pages(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries =
        std::fs::read_dir(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut pages = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    Ok(pages)
}

/// Renders every page in place (written only where it changed), and returns each page's
/// claims. Every page is rendered before any is written: an error in one leaves all as they
/// were.
pub fn render_pages(
    pages: &[PathBuf],
    data: &Data,
) -> anyhow::Result<Vec<(PathBuf, Vec<ClaimResult>)>> {
    let mut rendered = Vec::new();
    let mut errors = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(page)
            .with_context(|| format!("cannot read {}", page.display()))?;
        match render(&text, data, &page.display().to_string()) {
            Ok(r) => rendered.push((page.clone(), text, r)),
            Err(error) => errors.push(format!("{error:#}")),
        }
    }
    if !errors.is_empty() {
        bail!("{}", errors.join("\n"));
    }
    let mut results = Vec::new();
    for (page, before, r) in rendered {
        if r.text != before {
            let temporary = page.with_extension("md.new");
            std::fs::write(&temporary, &r.text)?;
            std::fs::rename(&temporary, &page)?;
        }
        results.push((page, r.claims));
    }
    Ok(results)
}

/// Renders the prose of the README (where given: its summary block is the tables' business)
/// and of every page under `docs`, in place, from `runs`; says on stderr which claims do not
/// hold in this run (they are marked in their pages, and the docs test fails on them).
pub fn refresh(
    runs: &[crate::raw::Run],
    readme: Option<&Path>,
    docs: &[PathBuf],
) -> anyhow::Result<Vec<(PathBuf, Vec<ClaimResult>)>> {
    let mut all = Vec::new();
    all.extend(readme.map(Path::to_path_buf));
    for path in docs {
        all.extend(pages(path)?);
    }
    let results = render_pages(&all, &Data { runs })?;
    for (page, claims) in &results {
        for claim in claims.iter().filter(|c| !c.holds) {
            eprintln!(
                "bench: {}:{}: does not hold in this run: {}",
                page.display(),
                claim.line,
                claim.detail
            );
        }
    }
    Ok(results)
}

#[cfg(test)]
mod tests;
