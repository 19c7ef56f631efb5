//! Rendering real bench output: the fixtures are a QUICK run's raw data (hyperfine 1.20).

use super::*;
use crate::raw::Run;
use crate::registry::Model;

/// A scratch folder, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("bench-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// A copy of the fixtures' raw folder, to damage.
    fn raw_copy(&self) -> std::path::PathBuf {
        let raw = self.0.join("raw");
        for experiment in ["download", "download-scaling", "fib", "sleep-scaling"] {
            let from = fixture("raw").join(experiment);
            std::fs::create_dir_all(raw.join(experiment)).unwrap();
            for file in std::fs::read_dir(from).unwrap() {
                let file = file.unwrap();
                std::fs::copy(file.path(), raw.join(experiment).join(file.file_name())).unwrap();
            }
        }
        raw
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn load(name: &str) -> Run {
    Run::load(&fixture("raw").join(name)).unwrap()
}

#[test]
fn renders_a_table_and_two_charts_per_experiment_and_the_summary() {
    let scratch = Scratch::new("render");
    let runs = render(&fixture("raw"), &scratch.0).unwrap();
    assert_eq!(runs.len(), 4);
    for experiment in ["download", "download-scaling", "fib"] {
        let table = std::fs::read_to_string(scratch.0.join(format!("{experiment}.md"))).unwrap();
        assert!(table.starts_with(&format!("# {experiment}: ")), "{table}");
        for chart in [
            format!("{experiment}.svg"),
            format!("{experiment}-memory.svg"),
        ] {
            let svg = std::fs::read_to_string(scratch.0.join(&chart)).unwrap();
            assert!(svg.starts_with("<svg") && svg.contains("smol"), "{chart}");
        }
    }
    let summary = std::fs::read_to_string(scratch.0.join("summary.md")).unwrap();
    for metric in [
        "Median wall time",
        "Speed-up",
        "Efficiency",
        "Peak memory",
        "CPU time",
    ] {
        assert!(
            summary.contains(&format!("## {metric}")),
            "{metric}: {summary}"
        );
    }
    // Models as rows, workloads as columns; the control row has no fib program.
    assert!(summary.contains("| model | download | fib |"), "{summary}");
    assert!(
        summary.contains("| tokio-reqwest ² |") && summary.contains("| — |"),
        "{summary}"
    );
    assert!(
        !summary.contains("download-scaling |"),
        "sweeps have no column: {summary}"
    );
}

#[test]
fn a_single_run_holds_each_row_against_sequential_and_the_ideal() {
    let run = load("download");
    let points = run.figures();
    let point = &points[0];
    // QUICK: 40 requests, 40 in flight, 50 ms: one round trip.
    assert_eq!(point.ideal, Some(0.05));
    let labels: Vec<String> = point.figures.iter().map(|f| f.row.label()).collect();
    assert_eq!(labels[0], "sequential");
    assert_eq!(
        labels[6], "tokio-reqwest",
        "a control row follows its model: {labels:?}"
    );
    let sequential = point.figures[0].measurement.median;
    for f in &point.figures {
        let m = f.measurement;
        assert_eq!(f.speedup, Some(sequential / m.median));
        assert_eq!(f.efficiency, Some(0.05 / m.median));
        assert_eq!(f.cpu, m.user + m.system);
        assert_eq!(f.rate, Some(40.0 / m.median));
    }
    // The processes row's memory is its tree's, larger than hyperfine's largest process.
    let processes = point
        .figures
        .iter()
        .find(|f| f.row.model == Model::Processes)
        .unwrap();
    assert!(processes.summed && processes.memory > processes.measurement.peak_memory());

    let table = tables::single(&run).unwrap();
    assert!(
        table.contains("| CPU time |") && table.contains("requests/s"),
        "{table}"
    );
    assert!(
        table.contains("MiB ¹ |") && table.contains("QUICK run"),
        "{table}"
    );
    assert!(table.contains("raw/download/commands.sh"), "{table}");
}

#[test]
fn a_sweep_says_why_a_cell_is_empty_and_defines_only_its_columns() {
    let run = load("download-scaling");
    let table = tables::sweep(&run).unwrap();
    assert!(
        table.contains("| model | C = 1 | C = 10 | C = 1000 |"),
        "{table}"
    );
    // The floor the bench measured is the ideal where it is above the round trips: at C = 1000
    // here (a made-up 150 ms in the fixture), and the table says which bound applies where.
    assert!(
        table.contains("| *ideal* | 100.0 ms | 100.0 ms | 150.0 ms |"),
        "{table}"
    );
    assert!(
        table.contains("| *bound* | latency | latency | floor |"),
        "{table}"
    );
    assert!(
        table.contains("| *floor* | < 5.0 ms | 5.0 ms | 150.0 ms |"),
        "{table}"
    );
    assert!(
        table.contains("| *its client* | 102.0 ms | 104.0 ms | 200.0 ms |"),
        "{table}"
    );
    assert!(table.contains("*floor*: the CPU time"), "{table}");
    assert!(
        table.contains("| sequential |") && table.contains("n/a (1)"),
        "{table}"
    );
    assert!(
        table.contains("1. not run: one request at a time"),
        "{table}"
    );
    assert!(
        table.contains("## CPU time") && table.contains("## Peak memory"),
        "{table}"
    );
    // No column of the single-run table is defined here.
    assert!(
        !table.contains("vs sequential") && !table.contains("efficiency"),
        "{table}"
    );
}

#[test]
fn a_sweep_derives_what_its_registry_entry_asks_for() {
    let scratch = Scratch::new("derived");
    render(&fixture("raw"), &scratch.0).unwrap();
    let table = std::fs::read_to_string(scratch.0.join("sleep-scaling.md")).unwrap();
    for section in ["## Overhead", "## Memory per task", "## Kernel stacks"] {
        assert!(table.contains(section), "{section}: {table}");
    }
    for chart in [
        "sleep-scaling-overhead.svg",
        "sleep-scaling-memory-per-task.svg",
    ] {
        let svg = std::fs::read_to_string(scratch.0.join(chart)).unwrap();
        assert!(svg.starts_with("<svg"), "{chart}");
        assert!(
            table.contains(&format!("]({chart})")),
            "{chart} is not linked: {table}"
        );
    }
    // Memory per task is worked out against the row's first level: none there.
    let run = Run::load(&fixture("raw").join("sleep-scaling")).unwrap();
    let points = run.figures();
    assert_eq!(run.memory_per(&points, "tokio", 0, "tasks"), None);
    let last = points.len() - 1;
    let tokio = |i: usize| {
        let f = points[i]
            .figures
            .iter()
            .find(|f| f.row.model == Model::Tokio)
            .unwrap();
        (f.memory.unwrap() as f64, points[i].record.flags[0].1 as f64)
    };
    let ((m0, n0), (m1, n1)) = (tokio(0), tokio(last));
    assert_eq!(
        run.memory_per(&points, "tokio", last, "tasks"),
        Some((m1 - m0) / (n1 - n0))
    );
    // Threads hold kernel stacks; tasks do not.
    let threads = points[last]
        .figures
        .iter()
        .find(|f| f.row.model == Model::Threads)
        .unwrap();
    assert!(
        threads.kernel_stack.unwrap() > 500 * 8 * 1024,
        "{:?}",
        threads.kernel_stack
    );
}

#[test]
fn rows_timed_in_an_earlier_experiment_say_so_under_the_table() {
    let mut run = load("download-scaling");
    assert!(!tables::sweep(&run).unwrap().contains("Timed once"));
    for timed in &mut run.record.points[1].timed {
        timed.timed_in = Some("download".into());
    }
    run.record.points[2].timed[0].timed_in = Some("download".into());
    let row = run.record.points[2].timed[0].row.clone();
    let table = tables::sweep(&run).unwrap();
    assert!(
        table.contains(&format!(
            "Timed once for two experiments: the figures of every row at C = 10; {row} at C = \
             1000 are the download experiment's runs"
        )),
        "{table}"
    );
    // A record must name another experiment of the registry.
    let error = render_edited(
        "timed-in",
        "download/run.json",
        "\"row\": \"sequential\",",
        "\"row\": \"sequential\", \"timed_in\": \"download\",",
    );
    assert!(
        error.contains("timed_in names no other experiment"),
        "{error}"
    );
}

#[test]
fn noisy_figures_and_a_busy_machine_are_flagged() {
    let mut run = load("download");
    // Ten runs spread evenly from 0.6 to 1.3 times the median: its interval is about ±15%.
    let m = &mut run.measurements[0][5];
    m.times = (0..10)
        .map(|i| m.median * (0.6 + 0.08 * f64::from(i)))
        .collect();
    m.median = crate::compare::stats::median(&mut m.times.clone());
    // Two groups of five runs, 1.5 times apart: two modes, not a median between them.
    let m = &mut run.measurements[0][6];
    m.times = [1.0, 1.01, 1.02, 1.03, 1.04, 1.5, 1.52, 1.54, 1.56, 1.58]
        .map(|t| t * m.median)
        .to_vec();
    run.record.load.others = Some(0.4);
    let table = tables::single(&run).unwrap();
    assert!(table.contains("% ⚠ |"), "{table}");
    assert!(table.contains("| bimodal: "), "{table}");
    assert!(table.contains(" (5) ⚠ |"), "{table}");
    assert!(table.contains("Measured on a busy machine"), "{table}");
    // ⚠ is defined in the table that shows it.
    assert!(table.contains(crate::hyperfine::UNSETTLED), "{table}");
}

/// Renders a damaged copy of the fixtures and returns the error.
fn render_damaged(name: &str, damage: impl Fn(&std::path::Path)) -> String {
    let scratch = Scratch::new(name);
    let raw = scratch.raw_copy();
    damage(&raw);
    let error = render(&raw, &scratch.0.join("out")).unwrap_err();
    format!("{error:#}")
}

/// Replaces `from` with `to` in a raw file.
fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Renders a copy of the fixtures whose raw `file` has `from` replaced with `to`, and returns
/// the error.
fn render_edited(name: &str, file: &str, from: &str, to: &str) -> String {
    render_damaged(name, |raw| edit(&raw.join(file), from, to))
}

#[test]
fn damaged_raw_data_fails_with_the_file_and_the_field() {
    let error = render_edited("cores", "download/run.json", "\"cores\": 2", "\"cores\": 0");
    assert!(
        error.contains("download/run.json") && error.contains("cores"),
        "{error}"
    );

    let error = render_edited(
        "flag",
        "download/run.json",
        "\"concurrency\",\n          40",
        "\"concurrency\",\n          0",
    );
    assert!(
        error.contains("flags at") && error.contains("--concurrency"),
        "{error}"
    );

    let error = render_edited(
        "negative",
        "fib/fib-smol.json",
        "\"median\": ",
        "\"median\": -",
    );
    assert!(
        error.contains("fib-smol.json") && error.contains("median"),
        "{error}"
    );

    let error = render_damaged("json", |raw| {
        std::fs::write(raw.join("fib/fib-pool.json"), "{ not json").unwrap()
    });
    assert!(
        error.contains("fib-pool.json") && error.contains("hyperfine"),
        "{error}"
    );

    let error = render_edited(
        "row",
        "fib/run.json",
        "\"row\": \"smol\"",
        "\"row\": \"rocket\"",
    );
    assert!(
        error.contains("rocket") && error.contains("registry"),
        "{error}"
    );

    let error = render_damaged("unknown", |raw| {
        std::fs::create_dir_all(raw.join("teleport")).unwrap()
    });
    assert!(error.contains("teleport"), "{error}");

    let error = render_damaged("huge-time", |raw| {
        let path = raw.join("fib/fib-smol.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("\"user\": ").unwrap() + "\"user\": ".len();
        let end = at + text[at..].find(',').unwrap();
        std::fs::write(&path, format!("{}1e308{}", &text[..at], &text[end..])).unwrap();
    });
    assert!(
        error.contains("fib-smol.json") && error.contains("user") && error.contains("not a time"),
        "{error}"
    );

    let error = render_damaged("moved", |raw| {
        std::fs::copy(raw.join("fib/run.json"), raw.join("download/run.json")).unwrap();
    });
    assert!(
        error.contains("download/run.json") && error.contains("\"fib\""),
        "{error}"
    );

    let error = render_damaged("fifo", |raw| {
        let export = raw.join("fib/fib-smol.json");
        std::fs::remove_file(&export).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&export).status();
        assert!(made.is_ok_and(|s| s.success()));
    });
    assert!(
        error.contains("fib-smol.json") && error.contains("not a regular file"),
        "{error}"
    );

    let error = render_damaged("old", |raw| {
        std::fs::remove_file(raw.join("fib/run.json")).unwrap()
    });
    assert!(error.contains("make bench-fib"), "{error}");
}
