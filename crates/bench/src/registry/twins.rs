//! Twins: every control row and every `-current` row is a copy of another program with one thing
//! changed. Each names its base program and that change here, as the code lines allowed to
//! differ; the tests below diff the two sources (comments and blank lines out) and fail on any
//! other difference, so that a figure between twins is the change's and nothing else's.

use super::{Row, Workload};

/// A program that is its base program with one change.
#[derive(Debug, Clone, Copy)]
pub struct Twin {
    /// The program: `queue-tokio-mpsc`.
    pub program: &'static str,
    /// The program it is a copy of: `queue-tokio`.
    pub base: &'static str,
    /// The change, in words.
    pub change: &'static str,
    /// The code lines allowed to differ, added in the program or removed from the base, each
    /// matched as a substring of the line without its indentation. A pattern `fn NAME` allows
    /// every line of the top-level function `NAME` in either program (a function the change
    /// replaces whole).
    pub lines: &'static [&'static str],
}

/// Every twin, by program.
pub const TWINS: &[Twin] = &[
    Twin {
        program: "download-tokio-reqwest",
        base: "download-tokio",
        change: "reqwest's pooled client instead of a hyper connection per lane: the client is made once and shared, and a GET is its `get(url).send()`",
        lines: &[
            "use ",
            "fn connect",
            "fn fetch",
            "fn timeout",
            "fn client",
            "type Client",
            "let client = client(&args)?;",
            "tokio::spawn(download_lane(",
            "async fn download_lane(",
            "let mut connection = connect(&args).await?;",
            "tally.add(i, &fetch(",
            // reqwest's task is spawned as every lane; a panic in it is said, not passed on.
            "tally = tally.merge(lane.await",
        ],
    },
    Twin {
        program: "download-tokio-current",
        base: "download-tokio",
        change: "tokio's current-thread runtime instead of its multi-thread one",
        lines: &["new_current_thread()", "new_multi_thread()"],
    },
    Twin {
        program: "crawl-tokio-current",
        base: "crawl-tokio",
        change: "tokio's current-thread runtime instead of its multi-thread one",
        lines: &["new_current_thread()", "new_multi_thread()"],
    },
    Twin {
        program: "fib-tokio-current",
        base: "fib-tokio",
        change: "one thread runs everything: tokio's current-thread runtime, every job a plain task on it rather than on the blocking pool (asyncio's model)",
        lines: &[
            "new_current_thread()",
            "new_multi_thread()",
            ".max_blocking_threads(args.workers)",
            ".build()?;",
            "tokio::task::spawn_blocking(move || job(n))",
            "tokio::spawn(async move { job(n) })",
        ],
    },
    Twin {
        program: "sleep-tokio-current",
        base: "sleep-tokio",
        change: "tokio's current-thread runtime instead of its multi-thread one (and the bytes a task its own measurement found)",
        lines: &[
            "new_current_thread()",
            "new_multi_thread()",
            "args.ensure_room(",
        ],
    },
    Twin {
        program: "sleep-tokio-mimalloc",
        base: "sleep-tokio",
        change: "mimalloc as the global allocator (and the bytes a task its own measurement found)",
        lines: &[
            "#[global_allocator]",
            "static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;",
            "args.ensure_room(",
        ],
    },
    Twin {
        program: "sleep-smol-mimalloc",
        base: "sleep-smol",
        change: "mimalloc as the global allocator (and the bytes a task its own measurement found)",
        lines: &[
            "#[global_allocator]",
            "static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;",
            "args.ensure_room(",
        ],
    },
    Twin {
        program: "queue-tokio-current",
        base: "queue-tokio",
        change: "tokio's current-thread runtime instead of its multi-thread one",
        lines: &["new_current_thread()", "new_multi_thread()"],
    },
    Twin {
        program: "queue-tokio-mpsc",
        base: "queue-tokio",
        change: "tokio's mpsc channel, its one receiver shared behind tokio's Mutex, instead of async-channel 2 with a receiver clone per consumer",
        lines: &[
            "use async_channel::",
            "use tokio::sync::",
            "= bounded(args.capacity);",
            "= channel(args.capacity);",
            "let receiver = Arc::new(Mutex::new(receiver));",
            "tokio::spawn(consume(Arc::clone(&args),",
            "drop(receiver);",
            "puts.add(|| sender.",
            "async fn consume(",
            "while let Ok(item) = receiver.recv().await {",
            "loop {",
            "let item = receiver.lock().await.recv().await;",
            "let Some(item) = item else { break };",
        ],
    },
    Twin {
        program: "queue-async-std-channel1",
        base: "queue-async-std",
        change: "async-std's own channel (`async_std::channel`, async-channel 1.9) instead of async-channel 2",
        lines: &["use async_channel::", "use async_std::channel::"],
    },
];

impl Row {
    /// The twin this row is, where it is one: its base program and its one change.
    pub fn twin(&self, workload: &Workload) -> Option<&'static Twin> {
        let program = self.program(workload);
        TWINS.iter().find(|t| t.program == program)
    }
}

#[cfg(test)]
mod tests {
    use super::super::WORKLOADS;
    use super::*;
    use std::path::Path;

    /// A code line: the top-level function it is in, and its text.
    type Line = (Option<String>, String);

    /// A program's code lines: each without its indentation and trailing comment, with the
    /// top-level function it is in (`None` outside one); comment lines (`//`, `//!`, `///`) and
    /// blank lines left out.
    fn code_lines(source: &str) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut function: Option<String> = None;
        for raw in source.lines() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            // A trailing comment, where the `//` is outside a string literal.
            let line = match line.find(" //") {
                Some(at) if line[..at].matches('"').count() % 2 == 0 => line[..at].trim_end(),
                _ => line,
            };
            if !raw.starts_with(char::is_whitespace) {
                let words: Vec<&str> = line.split_whitespace().collect();
                if let Some(at) = words.iter().position(|w| *w == "fn") {
                    let name = words.get(at + 1).map(|w| {
                        w.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .next()
                            .unwrap_or_default()
                            .to_string()
                    });
                    function = name;
                }
            }
            lines.push((function.clone(), line.to_string()));
            if raw.starts_with('}') {
                function = None;
            }
        }
        lines
    }

    /// The lines that differ between two programs' code: removed from `base`, added in `program`,
    /// by a longest common subsequence of the lines (functions and all).
    fn differing<'a>(base: &'a [Line], program: &'a [Line]) -> Vec<(char, &'a Line)> {
        let (n, m) = (base.len(), program.len());
        let mut common = vec![vec![0_u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                common[i][j] = if base[i].1 == program[j].1 {
                    common[i + 1][j + 1] + 1
                } else {
                    common[i + 1][j].max(common[i][j + 1])
                };
            }
        }
        let (mut i, mut j, mut out) = (0, 0, Vec::new());
        while i < n || j < m {
            if i < n && j < m && base[i].1 == program[j].1 {
                (i, j) = (i + 1, j + 1);
            } else if j < m && (i == n || common[i][j + 1] >= common[i + 1][j]) {
                out.push(('+', &program[j]));
                j += 1;
            } else {
                out.push(('-', &base[i]));
                i += 1;
            }
        }
        out
    }

    /// Whether a differing line is within the twin's declared change: which of its patterns allow
    /// it, if any.
    fn allowed_by(twin: &Twin, line: &Line) -> Option<&'static str> {
        twin.lines
            .iter()
            .copied()
            .find(|pattern| match pattern.strip_prefix("fn ") {
                Some(name) => line.0.as_deref() == Some(name),
                None => line.1.contains(pattern),
            })
    }

    /// A program's source, from its crate.
    fn source(program: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(program)
            .join("src/main.rs");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// What differs between a twin and its base outside its declared change, as diff lines; and
    /// the patterns that allowed nothing (a declared change that is no longer there).
    fn strays(twin: &Twin, base: &str, program: &str) -> (Vec<String>, Vec<&'static str>) {
        let (base, program) = (code_lines(base), code_lines(program));
        let diff = differing(&base, &program);
        let mut used = Vec::new();
        let mut strays = Vec::new();
        for (sign, line) in diff {
            match allowed_by(twin, line) {
                Some(pattern) => used.push(pattern),
                None => strays.push(format!("{sign} {}", line.1)),
            }
        }
        let unused = twin
            .lines
            .iter()
            .copied()
            .filter(|p| !used.contains(p))
            .collect();
        (strays, unused)
    }

    #[test]
    fn every_control_row_and_every_current_row_is_a_declared_twin() {
        let mut named = Vec::new();
        for workload in WORKLOADS {
            for row in workload.rows {
                let program = row.program(workload);
                let should = row.variant.is_some() || row.label() == "tokio-current";
                assert_eq!(
                    row.twin(workload).is_some(),
                    should,
                    "{program}: a control row or a -current row names its twin, no other row does"
                );
                named.push(program);
            }
        }
        for twin in TWINS {
            assert!(
                named.contains(&twin.program.to_string()),
                "{}",
                twin.program
            );
            assert!(named.contains(&twin.base.to_string()), "{}", twin.base);
        }
    }

    #[test]
    fn every_twin_differs_from_its_base_only_in_its_declared_change() {
        let mut failures = Vec::new();
        for twin in TWINS {
            let (strays, unused) = strays(twin, &source(twin.base), &source(twin.program));
            if !strays.is_empty() {
                failures.push(format!(
                    "{} against {}: outside its change ({}):\n{}",
                    twin.program,
                    twin.base,
                    twin.change,
                    strays.join("\n")
                ));
            }
            if !unused.is_empty() {
                failures.push(format!(
                    "{}: declared lines that differ nowhere: {unused:?}",
                    twin.program
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    #[test]
    fn the_twin_check_sees_a_stray_line_and_ignores_comments() {
        let twin = &Twin {
            program: "a",
            base: "b",
            change: "the runtime's flavor",
            lines: &["new_current_thread()", "new_multi_thread()"],
        };
        let base = "//! header\nfn main() {\n    let r = Builder::new_multi_thread(); // why\n\n    run();\n}\n";
        let same = "//! another header\n/// docs\nfn main() {\n    let r = Builder::new_current_thread();\n    run(); // a comment of its own\n}\n";
        assert_eq!(strays(twin, base, same), (vec![], vec![]));
        let stray =
            "fn main() {\n    let r = Builder::new_current_thread();\n    tune();\n    run();\n}\n";
        assert_eq!(strays(twin, base, stray).0, vec!["+ tune();".to_string()]);
        // A whole function the change replaces.
        let replaced = Twin {
            lines: &["fn fetch"],
            ..*twin
        };
        let a = "fn fetch() {\n    hyper();\n}\nfn main() {\n    run();\n}\n";
        let b = "fn fetch() {\n    reqwest();\n    more();\n}\nfn main() {\n    run();\n}\n";
        assert_eq!(strays(&replaced, a, b), (vec![], vec![]));
        let c = "fn fetch() {\n    reqwest();\n}\nfn main() {\n    more();\n    run();\n}\n";
        assert_eq!(strays(&replaced, a, c).0, vec!["+ more();".to_string()]);
    }
}
