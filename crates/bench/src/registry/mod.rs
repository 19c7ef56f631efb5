//! The registry: every workload, its programs and its experiments, declared once as data.
//!
//! The bench, the tables, the charts and the tests all read this; nothing else lists models,
//! programs, levels or formulas. A new workload is a new entry in [`WORKLOADS`] (and a module
//! beside this one), not a new branch anywhere else.

mod crawl;
mod download;
mod experiment;
mod fib;
mod queue;
mod sleep;

pub use experiment::{
    Check, Derived, Experiment, Floor, FloorKind, Ideal, Point, Probe, ProbeKind, Rate, Runs, Skip,
    Sweep, Timers, Value, flag,
};

/// Every workload, in the order the bench runs them and the summary lists them.
pub static WORKLOADS: &[Workload] = &[
    download::WORKLOAD,
    fib::WORKLOAD,
    sleep::WORKLOAD,
    queue::WORKLOAD,
    crawl::WORKLOAD,
];

/// A concurrency model: a row of every workload's table.
#[derive(Debug)]
pub struct Model {
    /// The name programs carry after their workload: `download-<name>`.
    pub name: &'static str,
    /// Its colour in every chart (RGB).
    pub color: (u8, u8, u8),
    /// The timer its programs sleep on, where the `timers` probe measures it (not the Python
    /// rows': their sleeps are taken at their word).
    pub timer: Option<Timer>,
}

/// A timer the programs sleep on, as the `timers` program names it in its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// std's `thread::sleep`: every blocking model.
    Std,
    /// tokio's timer wheel, on the multi-thread runtime.
    Tokio,
    /// tokio's timer wheel, on the current-thread runtime.
    TokioCurrent,
    /// async-io's timers, driven by async-std's executor.
    AsyncStd,
    /// async-io's timers, driven by smol's.
    Smol,
}

impl Timer {
    /// Its name in the `timers` program's output and in the tables.
    pub fn name(self) -> &'static str {
        match self {
            Timer::Std => "std",
            Timer::Tokio => "tokio",
            Timer::TokioCurrent => "tokio-current",
            Timer::AsyncStd => "async-std",
            Timer::Smol => "smol",
        }
    }
}

/// Every model, in the order tables list them: the Rust models, then the Python notes' own, each
/// in a lighter shade of the Rust model it compares with.
pub static MODELS: &[Model] = &[
    model("sequential", (214, 39, 40), Some(Timer::Std)),
    model("threads", (31, 119, 180), Some(Timer::Std)),
    model("pool", (23, 190, 207), Some(Timer::Std)),
    model("processes", (148, 103, 189), Some(Timer::Std)),
    model("rayon", (255, 127, 14), Some(Timer::Std)),
    model("tokio", (44, 160, 44), Some(Timer::Tokio)),
    model("tokio-current", (140, 86, 75), Some(Timer::TokioCurrent)),
    model("async-std", (127, 127, 127), Some(Timer::AsyncStd)),
    model("smol", (227, 119, 194), Some(Timer::Smol)),
    model("python-sequential", (255, 152, 150), None),
    model("python-threading", (174, 199, 232), None),
    model("python-multiprocessing", (197, 176, 213), None),
    model("python-asyncio", (152, 223, 138), None),
];

const fn model(name: &'static str, color: (u8, u8, u8), timer: Option<Timer>) -> Model {
    Model { name, color, timer }
}

/// Every model's own program, in table order; the processes models' memory is their trees'. The
/// rows of a workload with no control row.
pub const MODEL_ROWS: &[Row] = &[
    Row::rust("sequential"),
    Row::rust("threads"),
    Row::rust("pool"),
    Row::rust_processes("processes"),
    Row::rust("rayon"),
    Row::rust("tokio"),
    Row::rust("tokio-current"),
    Row::rust("async-std"),
    Row::rust("smol"),
    Row::python("python-sequential"),
    Row::python("python-threading"),
    Row::python_processes("python-multiprocessing"),
    Row::python("python-asyncio"),
];

/// One workload: its programs (the rows), how to check them, and its experiments.
#[derive(Debug)]
pub struct Workload {
    /// The name its programs start with: `download` for `download-tokio`.
    pub name: &'static str,
    /// One line on what the work is.
    pub about: &'static str,
    /// Whether its programs need the site running (their URL comes from `SITE_URL`).
    pub needs_site: bool,
    /// Its programs, in table order.
    pub rows: &'static [Row],
    /// The flags its programs take: the workload's own clap `Args` (in `workloads`), against
    /// which every flag the registry names is checked (a registry test).
    pub args: fn() -> clap::Command,
    /// The result line a correct run of `row` prints after the program's name, for these flags
    /// (`--requests 160 ...`): parsed by the workload's own flags, computed by `workloads`.
    /// The same for every row, but for figures a model determines (how many tasks it holds
    /// waiting at once).
    pub expected: fn(&[String], &Row) -> anyhow::Result<String>,
    /// Its experiments: a single run for the summary, and sweeps.
    pub experiments: &'static [Experiment],
    /// The flag naming a file each program writes (`out`), where it writes one: the bench
    /// gives every program a file of its own in its staging folder, removed with it.
    pub output: Option<&'static str>,
}

/// The language a program is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// A workspace binary: `crates/<program>`, built into the release folder.
    Rust,
    /// A script, `python/<workload>_<model>.py`, run by the project's virtual environment.
    Python,
}

impl Language {
    /// The model its rows are compared with: "vs sequential" and the ideals that start from
    /// the sequential time use the sequential row of the row's own language.
    pub fn sequential(self) -> &'static str {
        match self {
            Language::Rust => "sequential",
            Language::Python => "python-sequential",
        }
    }
}

/// A program of a workload: a row in its tables.
#[derive(Debug)]
pub struct Row {
    /// Its model.
    pub model: &'static str,
    /// For a control row: what it changes beside the model (`reqwest`); `None` for the model's
    /// own row.
    pub variant: Option<&'static str>,
    /// For a control row: what it changes, in words, for the note under its tables
    /// (`reqwest, the pooled high-level client, instead of bare hyper`); empty otherwise.
    pub change: &'static str,
    /// Its language.
    pub language: Language,
    /// Whether it starts worker processes, so that its memory must be summed over its process
    /// tree (hyperfine sees only the largest process).
    pub process_tree: bool,
}

impl Row {
    /// A Rust program of the model's own.
    pub const fn rust(model: &'static str) -> Row {
        Row {
            model,
            variant: None,
            change: "",
            language: Language::Rust,
            process_tree: false,
        }
    }

    /// A control row: the model with one thing changed, e.g. `rust_variant("tokio", "reqwest",
    /// "reqwest instead of bare hyper")`.
    pub const fn rust_variant(
        model: &'static str,
        variant: &'static str,
        change: &'static str,
    ) -> Row {
        Row {
            variant: Some(variant),
            change,
            ..Row::rust(model)
        }
    }

    /// A Rust program that starts worker processes.
    pub const fn rust_processes(model: &'static str) -> Row {
        Row {
            process_tree: true,
            ..Row::rust(model)
        }
    }

    /// A Python program of a Python model (`python-threading`).
    pub const fn python(model: &'static str) -> Row {
        Row {
            language: Language::Python,
            ..Row::rust(model)
        }
    }

    /// A Python program that starts worker processes.
    pub const fn python_processes(model: &'static str) -> Row {
        Row {
            process_tree: true,
            ..Row::python(model)
        }
    }

    /// A Python row's script, relative to the Python folder: `download_threading.py` for
    /// `download-python-threading`; `None` for a Rust row.
    pub fn script(&self, workload: &Workload) -> Option<String> {
        let model = self.model.strip_prefix("python-")?;
        (self.language == Language::Python)
            .then(|| format!("{}_{}.py", workload.name, model.replace('-', "_")))
    }

    /// The row's label in tables and charts: the model, then the variant (`tokio-reqwest`).
    pub fn label(&self) -> String {
        match self.variant {
            Some(variant) => format!("{}-{variant}", self.model),
            None => self.model.to_string(),
        }
    }

    /// The program's name, as its result line starts: `download-tokio-reqwest`.
    pub fn program(&self, workload: &Workload) -> String {
        format!("{}-{}", workload.name, self.label())
    }

    /// The model, from [`MODELS`].
    pub fn model(&self) -> &'static Model {
        MODELS
            .iter()
            .find(|m| m.name == self.model)
            .expect("every row names a model in MODELS (a registry test checks)")
    }

    /// Where in the tables this row goes: by model, a model's own row before its variants.
    pub fn rank(&self) -> (usize, bool) {
        let model = MODELS.iter().position(|m| m.name == self.model);
        let model = model.expect("every row names a model in MODELS (a registry test checks)");
        (model, self.variant.is_some())
    }
}

impl Workload {
    /// The workload of the given name.
    pub fn named(name: &str) -> Option<&'static Workload> {
        WORKLOADS.iter().find(|w| w.name == name)
    }

    /// The row with this label.
    pub fn row(&self, label: &str) -> Option<&'static Row> {
        self.rows.iter().find(|r| r.label() == label)
    }

    /// The programs in `language`, by name: for Rust, the crates `crates/<name>` there must be.
    pub fn programs(&self, language: Language) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| r.language == language)
            .map(|r| r.program(self))
            .collect()
    }

    /// The Rust programs, by name.
    pub fn rust_programs(&self) -> Vec<String> {
        self.programs(Language::Rust)
    }
}

/// Every experiment of every workload, in bench order.
pub fn all() -> impl Iterator<Item = (&'static Workload, &'static Experiment)> {
    WORKLOADS
        .iter()
        .flat_map(|w| w.experiments.iter().map(move |e| (w, e)))
}

/// Fills a caption's `{name}` placeholders from `values`; a placeholder with no value is an
/// error, so that a caption never shows a stray brace.
pub fn fill(template: &str, values: &[(String, u64)]) -> anyhow::Result<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| anyhow::anyhow!("unclosed {{ in {template:?}"))?;
        let name = &rest[open + 1..open + close];
        let value = values
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| anyhow::anyhow!("no value for {{{name}}} in {template:?}"))?;
        out.push_str(&value.1.to_string());
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Turns flags into a command line's arguments: `--requests 160 --concurrency 5`.
pub fn arguments(flags: &[(String, u64)]) -> Vec<String> {
    flags
        .iter()
        .flat_map(|(name, value)| [format!("--{name}"), value.to_string()])
        .collect()
}

/// Parses a workload's clap flags from bench arguments, for an `expected` function.
pub fn parse_flags<T: clap::Parser>(flags: &[String]) -> anyhow::Result<T> {
    Ok(T::try_parse_from(
        std::iter::once("expected").chain(flags.iter().map(String::as_str)),
    )?)
}

#[cfg(test)]
mod tests;
