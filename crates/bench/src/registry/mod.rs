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
mod twins;

pub use experiment::{
    Check, Derived, Experiment, Floor, FloorKind, Ideal, Point, Probe, ProbeKind, Rate, Runs, Skip,
    Sweep, Timers, Value, flag,
};
pub use twins::{TWINS, Twin};

/// Every workload, in the order the bench runs them and the summary lists them.
pub static WORKLOADS: &[Workload] = &[
    download::WORKLOAD,
    fib::WORKLOAD,
    sleep::WORKLOAD,
    queue::WORKLOAD,
    crawl::WORKLOAD,
];

/// A concurrency model: a row of every workload's table. The declaration order is the tables'
/// order: the Rust models, then the Python notes' own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Model {
    /// One thing after another, on the main thread.
    Sequential,
    /// A std thread per unit of work.
    Threads,
    /// A fixed set of std threads taking work from a channel.
    Pool,
    /// Child processes: the program runs itself again as workers, over pipes.
    Processes,
    /// rayon's work-stealing pool.
    Rayon,
    /// tokio's multi-thread runtime.
    Tokio,
    /// tokio's current-thread runtime: every task on one thread.
    TokioCurrent,
    /// async-std's runtime (discontinued upstream: the legacy row).
    AsyncStd,
    /// smol: async-executor on every core, async-io's reactor.
    Smol,
    /// compio: thread-per-core, a runtime per core on io_uring, the work partitioned by the
    /// program (no fib row: compio documents no shape for CPU work but its blocking pool).
    Compio,
    /// The notes' sequential Python program.
    PythonSequential,
    /// The notes' Python threads.
    PythonThreading,
    /// The notes' Python processes (`multiprocessing`).
    PythonMultiprocessing,
    /// The notes' asyncio program.
    PythonAsyncio,
    /// The notes' sequential program, unchanged, on a free-threaded CPython (PEP 703): what the
    /// build costs a single thread.
    PythonSequentialFt,
    /// The notes' threads, unchanged, on a free-threaded CPython: whether threads now compute
    /// in parallel.
    PythonThreadingFt,
    /// Several interpreters in one process, each with its own GIL (PEP 734):
    /// `InterpreterPoolExecutor` on a default CPython 3.13 or newer (fib only: the workloads
    /// that wait have their threads and asyncio rows).
    PythonInterpreters,
}

/// What the registry knows of a model, said once for each in [`Model::about`].
#[derive(Debug, Clone, Copy)]
pub struct ModelAbout {
    /// The name programs carry after their workload (`download-<name>`), and the row's label.
    pub name: &'static str,
    /// The language its programs are written in.
    pub language: Language,
    /// Whether its programs start worker processes, so that their memory must be summed over
    /// the process tree (hyperfine sees only the largest process).
    pub process_tree: bool,
    /// Its colour in every chart (RGB): a Python model is a lighter shade of the Rust model it
    /// compares with.
    pub color: (u8, u8, u8),
    /// The timer its programs sleep on, where the `timers` probe measures it (not the Python
    /// rows': their sleeps are taken at their word).
    pub timer: Option<Timer>,
}

impl Model {
    /// Every model, in table order.
    pub const ALL: [Model; 17] = [
        Model::Sequential,
        Model::Threads,
        Model::Pool,
        Model::Processes,
        Model::Rayon,
        Model::Tokio,
        Model::TokioCurrent,
        Model::AsyncStd,
        Model::Smol,
        Model::Compio,
        Model::PythonSequential,
        Model::PythonThreading,
        Model::PythonMultiprocessing,
        Model::PythonAsyncio,
        Model::PythonSequentialFt,
        Model::PythonThreadingFt,
        Model::PythonInterpreters,
    ];

    /// Everything the registry says of the model.
    pub const fn about(self) -> ModelAbout {
        use Language::{Python, Rust};
        use Timer::{AsyncStd, Compio, Smol, Std, Tokio, TokioCurrent};
        let (name, language, process_tree, color, timer) = match self {
            Model::Sequential => ("sequential", Rust, false, (214, 39, 40), Some(Std)),
            Model::Threads => ("threads", Rust, false, (31, 119, 180), Some(Std)),
            Model::Pool => ("pool", Rust, false, (23, 190, 207), Some(Std)),
            Model::Processes => ("processes", Rust, true, (148, 103, 189), Some(Std)),
            Model::Rayon => ("rayon", Rust, false, (255, 127, 14), Some(Std)),
            Model::Tokio => ("tokio", Rust, false, (44, 160, 44), Some(Tokio)),
            Model::TokioCurrent => (
                "tokio-current",
                Rust,
                false,
                (140, 86, 75),
                Some(TokioCurrent),
            ),
            Model::AsyncStd => ("async-std", Rust, false, (127, 127, 127), Some(AsyncStd)),
            Model::Smol => ("smol", Rust, false, (227, 119, 194), Some(Smol)),
            Model::Compio => ("compio", Rust, false, (188, 189, 34), Some(Compio)),
            Model::PythonSequential => ("python-sequential", Python, false, (255, 152, 150), None),
            Model::PythonThreading => ("python-threading", Python, false, (174, 199, 232), None),
            Model::PythonMultiprocessing => (
                "python-multiprocessing",
                Python,
                true,
                (197, 176, 213),
                None,
            ),
            Model::PythonAsyncio => ("python-asyncio", Python, false, (152, 223, 138), None),
            // The default build's colours, darker: the same program on another interpreter.
            Model::PythonSequentialFt => {
                ("python-sequential-ft", Python, false, (196, 86, 84), None)
            }
            Model::PythonThreadingFt => {
                ("python-threading-ft", Python, false, (107, 139, 180), None)
            }
            Model::PythonInterpreters => {
                ("python-interpreters", Python, false, (219, 219, 141), None)
            }
        };
        ModelAbout {
            name,
            language,
            process_tree,
            color,
            timer,
        }
    }

    /// Its name: `tokio-current`.
    pub const fn name(self) -> &'static str {
        self.about().name
    }

    /// The model whose program this model's rows run: a free-threaded row runs the default
    /// build's script unchanged (the rows differ only in the interpreter); every other model
    /// its own.
    pub const fn script_model(self) -> Model {
        match self {
            Model::PythonSequentialFt => Model::PythonSequential,
            Model::PythonThreadingFt => Model::PythonThreading,
            other => other,
        }
    }

    /// The interpreter its programs run on; `None` for a Rust model.
    pub const fn interpreter(self) -> Option<Interpreter> {
        match (self.about().language, self) {
            (Language::Rust, _) => None,
            (_, Model::PythonSequentialFt | Model::PythonThreadingFt) => {
                Some(Interpreter::FreeThreaded)
            }
            (_, Model::PythonInterpreters) => Some(Interpreter::Interpreters),
            _ => Some(Interpreter::Default),
        }
    }

    /// The row its "vs sequential" and ideals start from: the sequential row of its language,
    /// on its own interpreter (a free-threaded row is held to python-sequential-ft, so that
    /// the build's single-thread cost is not counted against its threads).
    pub const fn sequential(self) -> Model {
        match self.interpreter() {
            None => Model::Sequential,
            // The interpreter-pool row runs on a 3.13 with no sequential row of its own: held
            // to the project's python-sequential, as multiprocessing is.
            Some(Interpreter::Default | Interpreter::Interpreters) => Model::PythonSequential,
            Some(Interpreter::FreeThreaded) => Model::PythonSequentialFt,
        }
    }

    /// The model of this name, as raw data and the command line spell it.
    pub fn named(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == name)
    }
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The CPython a Python model's rows run on (crate::python finds or makes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interpreter {
    /// The project's environment, `.tools/python`, made with the machine's `python3`.
    Default,
    /// A free-threaded CPython 3.13 or newer (`PYTHON_FREE_THREADED`, `.tools/python-ft`, or
    /// `python3.14t`/`python3.13t` on PATH), its environment `.tools/python-ft-venv`; optional:
    /// `make python-free-threaded` builds one.
    FreeThreaded,
    /// A default (GIL) CPython 3.13 or newer (`PYTHON_INTERPRETERS`, `.tools/python-default`,
    /// or `python3.14`/`python3.13` on PATH), its environment `.tools/python-interp-venv` from
    /// `python/requirements-interpreters.txt`; optional, as the free-threaded one.
    Interpreters,
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
    /// compio's timers, one set per core's runtime.
    Compio,
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
            Timer::Compio => "compio",
        }
    }
}

/// Every model's own program, in table order: the rows of a workload with no control row.
pub const MODEL_ROWS: &[Row] = &with_controls::<0, 17>([]);

/// `rows` without `model`'s rows: a workload where a model has no program, said in the
/// model's doc. `N` is what is left (checked when the constant is built).
pub const fn without<const N: usize>(rows: &[Row], model: Model) -> [Row; N] {
    let mut kept = [Row::of(Model::Sequential); N];
    let (mut r, mut n) = (0, 0);
    while r < rows.len() {
        if rows[r].model as usize != model as usize {
            assert!(n < N, "N must be the rows left");
            kept[n] = rows[r];
            n += 1;
        }
        r += 1;
    }
    assert!(n == N, "N must be the rows left");
    kept
}

/// Every model's own program with the given control rows, each after its model's row: the
/// rows of a workload, in table order. `N` is 17 + `K` (checked when the constant is built).
pub const fn with_controls<const K: usize, const N: usize>(controls: [Row; K]) -> [Row; N] {
    assert!(
        N == Model::ALL.len() + K,
        "N must be every model and every control row"
    );
    let mut rows = [Row::of(Model::Sequential); N];
    let (mut m, mut n) = (0, 0);
    while m < Model::ALL.len() {
        rows[n] = Row::of(Model::ALL[m]);
        n += 1;
        let mut c = 0;
        while c < K {
            if controls[c].model as usize == Model::ALL[m] as usize {
                rows[n] = controls[c];
                n += 1;
            }
            c += 1;
        }
        m += 1;
    }
    rows
}

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
    /// Flags a model's programs take but do not read, where two experiments would otherwise
    /// time the same work twice (the sequential crawl fetches one page at a time whatever
    /// `--concurrency` says): jobs that differ only in these are timed once a run.
    pub ignores: &'static [(Model, &'static str)],
    /// A field of the result line that a cold or busy machine can move, where the workload has
    /// one (sleep's `held`: on this project's VM, the first run of a million tasks after a pause
    /// spends about a second more in the kernel getting its memory, and its spawn loop can
    /// outlast the wait). A check whose line
    /// differs in this field alone runs the program once more, saying so; the timed runs' last
    /// line is held to the expected one as every other.
    pub load_sensitive: Option<&'static str>,
}

/// The language a program is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// A workspace binary: `crates/<program>`, built into the release folder.
    Rust,
    /// A script, `python/<workload>_<model>.py`, run by the project's virtual environment.
    Python,
}

/// A program of a workload: a row in its tables.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// Its model.
    pub model: Model,
    /// For a control row: what it changes beside the model (`reqwest`); `None` for the model's
    /// own row.
    pub variant: Option<&'static str>,
    /// For a control row: what it changes, in words, for the note under its tables
    /// (`reqwest, the pooled high-level client, instead of bare hyper`); empty otherwise.
    pub change: &'static str,
}

impl Row {
    /// The model's own program.
    pub const fn of(model: Model) -> Row {
        Row {
            model,
            variant: None,
            change: "",
        }
    }

    /// A control row: the model with one thing changed, e.g. `Row::control(Model::Tokio,
    /// "reqwest", "reqwest instead of bare hyper")`.
    pub const fn control(model: Model, variant: &'static str, change: &'static str) -> Row {
        Row {
            model,
            variant: Some(variant),
            change,
        }
    }

    /// Its language: its model's.
    pub const fn language(&self) -> Language {
        self.model.about().language
    }

    /// Whether it starts worker processes, so that its memory must be summed over its process
    /// tree: its model's.
    pub const fn process_tree(&self) -> bool {
        self.model.about().process_tree
    }

    /// A Python row's script, relative to the Python folder: `download_threading.py` for
    /// `download-python-threading`; `None` for a Rust row.
    /// A free-threaded row runs its default twin's script: `fib_threading.py` for
    /// `fib-python-threading-ft`.
    pub fn script(&self, workload: &Workload) -> Option<String> {
        let model = self.model.script_model().name().strip_prefix("python-")?;
        (self.language() == Language::Python)
            .then(|| format!("{}_{}.py", workload.name, model.replace('-', "_")))
    }

    /// The row's label in tables and charts: the model, then the variant (`tokio-reqwest`).
    pub fn label(&self) -> String {
        match self.variant {
            Some(variant) => format!("{}-{variant}", self.model.name()),
            None => self.model.name().to_string(),
        }
    }

    /// The program's name, as its result line starts: `download-tokio-reqwest`.
    pub fn program(&self, workload: &Workload) -> String {
        format!("{}-{}", workload.name, self.label())
    }

    /// The name its result line starts with: its program's, but for a free-threaded row, which
    /// runs its twin's script unchanged and so prints the twin's name
    /// (`fib-python-threading` for `fib-python-threading-ft`).
    pub fn prints(&self, workload: &Workload) -> String {
        let row = Row {
            model: self.model.script_model(),
            ..*self
        };
        row.program(workload)
    }

    /// Where in the tables this row goes: by model, a model's own row before its variants.
    pub fn rank(&self) -> (Model, bool) {
        (self.model, self.variant.is_some())
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
            .filter(|r| r.language() == language)
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
