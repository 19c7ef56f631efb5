use super::*;
use crate::fixture;

/// A copy of the fixture raw folder (only `experiments`, or all of it), to damage or change.
struct Copy(PathBuf);

impl Copy {
    fn of(test: &str, experiments: &[&str]) -> Copy {
        let dir = std::env::temp_dir().join(format!("bench-compare-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for entry in std::fs::read_dir(fixture("raw")).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if !experiments.is_empty() && !experiments.contains(&name.as_str()) {
                continue;
            }
            std::fs::create_dir_all(dir.join(&name)).unwrap();
            for file in std::fs::read_dir(entry.path()).unwrap() {
                let file = file.unwrap();
                std::fs::copy(file.path(), dir.join(&name).join(file.file_name())).unwrap();
            }
        }
        Copy(dir)
    }

    /// Rewrites one JSON file of the copy.
    fn edit(&self, file: &str, change: impl FnOnce(&mut serde_json::Value)) {
        let path = self.0.join(file);
        let mut json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        change(&mut json);
        std::fs::write(&path, json.to_string()).unwrap();
    }

    fn side(&self) -> anyhow::Result<Side> {
        Side::load("copy", &self.0)
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn options() -> Options {
    Options {
        band: BAND,
        experiments: Vec::new(),
    }
}

/// The rows flagged, as `experiment level row`.
fn flagged(comparison: &Comparison) -> Vec<String> {
    let rows = comparison.experiments.iter().flat_map(|e| {
        e.rows
            .iter()
            .filter(|r| r.flagged())
            .map(move |r| format!("{} {:?} {}", e.experiment.name, r.level, r.row))
    });
    rows.collect()
}

#[test]
fn a_run_compared_with_itself_moved_nowhere() {
    let side = Side::load("fixture", &fixture("raw")).unwrap();
    let comparison = compare(&side, &side, &options()).unwrap();
    assert!(
        comparison.differences.is_empty(),
        "{:?}",
        comparison.differences
    );
    assert!(comparison.one_side.is_empty(), "{:?}", comparison.one_side);
    assert_eq!(comparison.experiments.len(), side.runs.len());
    for row in comparison.experiments.iter().flat_map(|e| &e.rows) {
        assert_eq!(row.wall.value, 1.0, "{row:?}");
        assert_eq!(row.cpu_ratio(), 1.0, "{row:?}");
        assert!(row.memory.is_none_or(|m| m.value == 1.0), "{row:?}");
        assert!(row.within.is_none_or(|(w, _)| w.value == 1.0), "{row:?}");
    }
    assert!(flagged(&comparison).is_empty());
    let report = report::markdown(&side, &side, &comparison, &|_| None);
    assert!(report.contains("**0 of "), "{report}");
}

#[test]
fn one_row_made_half_as_slow_again_is_the_one_row_flagged() {
    let old = Side::load("fixture", &fixture("raw")).unwrap();
    let new = Copy::of("slower", &[]);
    new.edit("download/download-tokio.json", |json| {
        let result = &mut json["results"][0];
        for field in ["mean", "median", "min", "max", "user", "system"] {
            result[field] = (result[field].as_f64().unwrap() * 1.5).into();
        }
        for time in result["times"].as_array_mut().unwrap() {
            *time = (time.as_f64().unwrap() * 1.5).into();
        }
    });
    let comparison = compare(&old, &new.side().unwrap(), &options()).unwrap();
    assert_eq!(flagged(&comparison), ["download None tokio"]);
    let report = report::markdown(&old, &new.side().unwrap(), &comparison, &|_| None);
    assert!(report.contains("**1 of "), "{report}");
    assert!(
        report.contains("| tokio | 55.3 ms | 82.9 ms | 1.50 **more** |"),
        "{report}"
    );
}

#[test]
fn flags_that_differ_are_said_and_not_compared() {
    let old = Copy::of("flags-old", &["download"]);
    let new = Copy::of("flags-new", &["download"]);
    new.edit("download/run.json", |json| {
        json["points"][0]["flags"][0][1] = 80.into();
    });
    let error = compare(&old.side().unwrap(), &new.side().unwrap(), &options()).unwrap_err();
    let error = format!("{error:#}");
    assert!(error.starts_with("nothing to compare"), "{error}");
    assert!(
        error.contains("download/run.json")
            && error.contains("requests=80 there, requests=40 in OLD"),
        "{error}"
    );
    assert_eq!(error.lines().count(), 1, "{error}");
}

#[test]
fn an_experiment_on_one_side_is_listed_or_refused_when_asked_for() {
    let old = Copy::of("one-side-old", &["download", "fib"]);
    let new = Copy::of("one-side-new", &["download"]);
    let (old, new) = (old.side().unwrap(), new.side().unwrap());
    let comparison = compare(&old, &new, &options()).unwrap();
    assert_eq!(comparison.one_side, ["fib: only in OLD"]);
    let asked = Options {
        experiments: vec!["fib".into()],
        ..options()
    };
    let error = format!("{:#}", compare(&old, &new, &asked).unwrap_err());
    assert!(
        error.contains("has no raw data for experiment fib"),
        "{error}"
    );
    let unknown = Options {
        experiments: vec!["fibb".into()],
        ..options()
    };
    let error = format!("{:#}", compare(&old, &new, &unknown).unwrap_err());
    assert!(error.contains("no experiment \"fibb\""), "{error}");
}

#[test]
fn a_damaged_file_is_named_with_its_field() {
    let damaged = Copy::of("damaged", &["download"]);
    damaged.edit("download/download-tokio.json", |json| {
        json["results"][0]["median"] = (-1.0).into();
    });
    let error = format!("{:#}", damaged.side().unwrap_err());
    assert!(
        error.contains("download-tokio.json") && error.contains("median is -1"),
        "{error}"
    );
    let cores = Copy::of("cores", &["download"]);
    cores.edit("download/run.json", |json| json["cores"] = 0.into());
    let error = format!("{:#}", cores.side().unwrap_err());
    assert!(
        error.contains("run.json") && error.contains("cores is 0"),
        "{error}"
    );
    let empty = std::env::temp_dir().join(format!("bench-compare-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let error = format!("{:#}", Side::load("empty", &empty).unwrap_err());
    let _ = std::fs::remove_dir(&empty);
    assert!(error.contains("holds no experiment's raw data"), "{error}");
}

#[test]
fn another_machine_is_said_and_read_by_the_ratios_within_each_run() {
    // Every row of NEW twice as fast on four cores: the raw times all moved, the ratios
    // within the run did not.
    let old = Copy::of("machine-old", &["download"]);
    let new = Copy::of("machine-new", &["download"]);
    new.edit("download/run.json", |json| json["cores"] = 4.into());
    for entry in std::fs::read_dir(new.0.join("download")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && name != RECORD {
            new.edit(&format!("download/{name}"), |json| {
                let result = &mut json["results"][0];
                for field in ["mean", "median", "min", "max"] {
                    result[field] = (result[field].as_f64().unwrap() / 2.0).into();
                }
                for time in result["times"].as_array_mut().unwrap() {
                    *time = (time.as_f64().unwrap() / 2.0).into();
                }
            });
        }
    }
    let comparison = compare(&old.side().unwrap(), &new.side().unwrap(), &options()).unwrap();
    assert!(
        comparison
            .differences
            .iter()
            .any(|d| d.contains("2 cores in OLD, 4 in NEW")),
        "{:?}",
        comparison.differences
    );
    for row in &comparison.experiments[0].rows {
        assert!((row.wall.value - 0.5).abs() < 1e-9, "{row:?}");
        if let Some((within, reference)) = row.within {
            assert_eq!(reference, "tokio");
            assert!((within.value - 1.0).abs() < 1e-9, "{row:?}");
        }
    }
}

#[test]
fn a_levels_band_widens_with_how_far_its_rows_moved() {
    let row = |value: f64| RowRatios {
        level: None,
        row: "r".into(),
        old: 1.0,
        new: value,
        wall: stats::Ratio {
            value,
            low: value,
            high: value,
        },
        cpu: (1.0, value),
        memory: None,
        memory_bytes: None,
        within: None,
        runs: 5,
        bands: Bands {
            wall: 0.0,
            cpu: 0.0,
            memory: 0.0,
            within: 0.0,
        },
    };
    // Rows within 2% of where they were: the floor decides.
    let quiet: Vec<RowRatios> = [1.0, 1.01, 0.99, 1.02, 0.98, 1.5].map(row).into();
    assert_eq!(Bands::of(&quiet, BAND).wall, BAND);
    // Rows that all moved by 30% either way: three robust sigmas of that, far past the floor.
    let noisy: Vec<RowRatios> = [1.3, 0.77, 1.3, 0.77, 1.3, 0.77].map(row).into();
    let band = Bands::of(&noisy, BAND).wall;
    assert!(band > 1.0 && band < 4.0, "{band}");
}

#[test]
fn a_row_of_one_run_is_shown_and_never_marked() {
    let old = Side::load("fixture", &fixture("raw")).unwrap();
    let new = Copy::of("one-run", &["download"]);
    new.edit("download/download-sequential.json", |json| {
        let result = &mut json["results"][0];
        for field in ["mean", "median", "min", "max"] {
            result[field] = (result[field].as_f64().unwrap() * 3.0).into();
        }
        let first = result["times"][0].as_f64().unwrap() * 3.0;
        result["times"] = serde_json::json!([first]);
        result["exit_codes"] = serde_json::json!([0]);
        result["memory_usage_byte"] = serde_json::json!([result["memory_usage_byte"][0]]);
    });
    let comparison = compare(&old, &new.side().unwrap(), &options()).unwrap();
    let sequential = comparison.experiments[0]
        .rows
        .iter()
        .find(|r| r.row == "sequential")
        .unwrap();
    assert!(sequential.wall.value > 2.9 && sequential.runs == 1);
    assert!(
        flagged(&comparison).is_empty(),
        "{:?}",
        flagged(&comparison)
    );
}
