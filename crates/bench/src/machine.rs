//! What machine and what code produced a run: `machine.md`, and the commit label.

use crate::raw::Run;
use crate::registry::{Check, Language, Model};
use crate::units::percent;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

/// The crates whose versions are worth knowing beside the figures.
const CRATES: [&str; 9] = [
    "tokio",
    "async-std",
    "smol",
    "compio",
    "rayon",
    "hyper",
    "reqwest",
    "ureq",
    "crossbeam-channel",
];

/// The code's commit, short, with `-dirty` when the code has uncommitted changes. Changes to the
/// results and to Markdown files are not code: committing a run's results does not make the
/// next run read `-dirty`.
pub fn commit() -> String {
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let Some(head) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown".into();
    };
    let changes = git(&[
        "status",
        "--porcelain",
        "--",
        ".",
        ":(exclude)results",
        ":(exclude)*.md",
    ]);
    match changes {
        Some(changes) if changes.is_empty() => head,
        _ => format!("{head}-dirty"),
    }
}

/// The UTC time now, as `2026-11-26T12:00:00Z`.
pub fn now() -> String {
    let out = Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
        .output();
    out.map_or_else(
        |_| "unknown".into(),
        |o| String::from_utf8_lossy(&o.stdout).trim().to_string(),
    )
}

/// `machine.md`: the machine, the toolchain, the crates, and each experiment's settings.
/// `pythons`: the Python rows' interpreter, the free-threaded rows' and the interpreter-pool
/// row's, each where its rows
/// were selected (or why they were not run).
pub fn describe(runs: &[Run], hyperfine: Option<&str>, pythons: &[Option<String>; 3]) -> String {
    let mut out = String::from("# The machine behind these results\n\n");
    out.push_str(
        "Written with the results. Each experiment's table says when, at which commit and under \
         what load it was measured.\n\n| | |\n|---|---|\n",
    );
    write_machine(&mut out, hyperfine, pythons);
    out.push_str("\n## Experiments\n\n| experiment | commit | measured | checked | took | runs (warm-up, min, max); Python rows' | load before → after | other work |\n|---|---|---|--:|--:|---|--:|--:|\n");
    let (mut total, mut total_checked) = (Some(0), Some(0.0));
    for run in runs {
        let r = &run.record;
        let runs = |language| {
            let row = run
                .workload
                .rows
                .iter()
                .find(|row| row.language() == language)?;
            let runs = run.experiment.runs(row, r.quick);
            let check = match runs.check {
                Check::First => "",
                Check::LastRun => ", checked by its run",
            };
            Some(format!(
                "{}, {}, {}{check}",
                runs.warmup, runs.min, runs.max
            ))
        };
        let python = runs(Language::Python)
            .filter(|p| Some(p) != runs(Language::Rust).as_ref())
            .map_or(String::new(), |p| format!("; {p}"));
        let took = seconds_between(&r.started, &r.finished);
        total = total.zip(took).map(|(sum, took)| sum + took);
        total_checked = total_checked.zip(r.checked).map(|(sum, c)| sum + c);
        writeln!(
            out,
            "| {}{} | {} | {} to {} | {} | {} | {}{python} | {} → {} | {} |",
            run.name(),
            if r.quick { " (QUICK)" } else { "" },
            r.commit,
            r.started,
            r.finished,
            r.checked
                .map_or("not measured".into(), |c| minutes(c.round() as u64)),
            took.map_or("not measured".into(), minutes),
            runs(Language::Rust).unwrap_or_default(),
            average(r.load.before),
            average(r.load.after),
            r.load.others.map_or("not measured".into(), percent),
        )
        .expect("writing to a String");
    }
    if let Some(total) = total {
        let checked = total_checked.map_or(String::new(), |c| {
            format!(" ({} in all)", minutes(c.round() as u64))
        });
        writeln!(
            out,
            "\n*checked*: how long running each program once took, before anything was timed, to \
             check its result line{checked}; a row checked by its one timed run adds nothing. \
             *took*: from an experiment's first timed run to its last, its floor, probes and \
             sampled runs included; {} in all. Before both, `make build` built the programs.",
            minutes(total)
        )
        .expect("writing to a String");
    }
    out
}

/// The machine's table: CPU, cores, memory, OS, the tools and the crates that matter.
fn write_machine(out: &mut String, hyperfine: Option<&str>, pythons: &[Option<String>; 3]) {
    let cpu = read_field("/proc/cpuinfo", "model name", ':');
    let memory_kib = read_field("/proc/meminfo", "MemTotal", ':')
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok());
    let os =
        read_field("/etc/os-release", "PRETTY_NAME", '=').map(|v| v.trim_matches('"').to_string());
    let row = |out: &mut String, key: &str, value: Option<String>| {
        let value = value.unwrap_or_else(|| "unknown".into());
        writeln!(out, "| {key} | {value} |").expect("writing to a String");
    };
    row(out, "CPU", cpu);
    row(out, "cores", Some(workloads::cores().to_string()));
    row(
        out,
        "memory",
        memory_kib.map(|kib| format!("{} GiB", kib / 1024 / 1024)),
    );
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok();
    row(
        out,
        "OS",
        os.map(|os| format!("{os}, Linux {}", kernel.unwrap_or_default().trim())),
    );
    // The compio rows run on io_uring or not at all (`workloads::compio_cores`): whether this
    // kernel lets them is a fact of the run.
    row(out, "io_uring (the compio rows' driver)", io_uring());
    row(out, "rustc", output("rustc", &["--version"]));
    row(out, "hyperfine", hyperfine.map(str::to_string));
    let [python, python_ft, python_interp] = pythons;
    if let Some(python) = python {
        row(out, "Python rows", Some(python.clone()));
    }
    if let Some(python) = python_ft {
        let models = [Model::PythonSequentialFt, Model::PythonThreadingFt].map(Model::name);
        row(
            out,
            &format!("{} rows", models.join(", ")),
            Some(python.clone()),
        );
    }
    if let Some(python) = python_interp {
        let model = Model::PythonInterpreters.name();
        row(out, &format!("{model} row"), Some(python.clone()));
    }
    for krate in CRATES {
        row(out, krate, lock_version(krate));
    }
}

/// A load average's one-minute figure, or "not measured".
fn average(load: Option<[f64; 3]>) -> String {
    load.map_or("not measured".into(), |load| format!("{:.2}", load[0]))
}

/// A duration in whole seconds as minutes and seconds: `4 min 05 s`.
fn minutes(seconds: u64) -> String {
    format!("{} min {:02} s", seconds / 60, seconds % 60)
}

/// The seconds from one UTC time as [`now`] writes it (`2026-11-26T12:00:00Z`) to another;
/// `None` when either is not such a time, or the second comes first.
pub(crate) fn seconds_between(from: &str, to: &str) -> Option<u64> {
    to_seconds(to)?.checked_sub(to_seconds(from)?)
}

/// Seconds since 1970 of `2026-11-26T12:00:00Z` (the days from Howard Hinnant's
/// `days_from_civil`).
fn to_seconds(time: &str) -> Option<u64> {
    let (date, clock) = time.strip_suffix('Z')?.split_once('T')?;
    let number = |s: &str| s.parse::<i64>().ok();
    let mut date = date.splitn(3, '-').map(number);
    let (y, m, d) = (date.next()??, date.next()??, date.next()??);
    let mut clock = clock.splitn(3, ':').map(number);
    let (hh, mm, ss) = (clock.next()??, clock.next()??, clock.next()??);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + hh * 3_600 + mm * 60 + ss).ok()
}

/// Whether the kernel lets a process set up io_uring, from `kernel.io_uring_disabled` (no such
/// setting before Linux 6.6: then not known from here).
fn io_uring() -> Option<String> {
    let disabled = std::fs::read_to_string("/proc/sys/kernel/io_uring_disabled").ok()?;
    let said = match disabled.trim() {
        "0" => "enabled",
        "1" => "for privileged processes only: the compio rows fail unless run as one",
        "2" => "disabled: the compio rows fail at start",
        _ => "unknown",
    };
    Some(format!(
        "{said} (kernel.io_uring_disabled = {})",
        disabled.trim()
    ))
}

/// The first line of a command's output.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.lines().next()?.trim().to_string())
}

/// The value of the first `key<separator>value` line of a file.
fn read_field(path: &str, key: &str, separator: char) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|line| {
        let (k, v) = line.split_once(separator)?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

/// A crate's version in `Cargo.lock`.
fn lock_version(krate: &str) -> Option<String> {
    let lock = std::fs::read_to_string(Path::new("Cargo.lock")).ok()?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{krate}\"") {
            let version = lines.next()?.strip_prefix("version = ")?;
            return Some(version.trim_matches('"').to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_and_subtracted() {
        assert_eq!(to_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(to_seconds("2000-03-01T00:00:01Z"), Some(951_868_801));
        assert_eq!(
            seconds_between("2026-11-26T23:59:30Z", "2026-11-27T00:01:00Z"),
            Some(90)
        );
        assert_eq!(
            seconds_between("2026-11-27T00:00:00Z", "2026-11-26T00:00:00Z"),
            None
        );
        assert_eq!(to_seconds("unknown"), None);
        assert_eq!(minutes(245), "4 min 05 s");
    }
}
